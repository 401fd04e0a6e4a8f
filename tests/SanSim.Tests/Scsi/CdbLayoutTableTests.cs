using SanSim.Scsi;

namespace SanSim.Tests.Scsi;

/// <summary>The layout table carries CTL's ctl_cmd_table facts and answers lookups.</summary>
public class CdbLayoutTableTests
{
    private static CdbLayout Row(byte opcode, ushort sa = 0)
    {
        Assert.That(CdbLayouts.TryGet(opcode, sa, out var row), Is.True, $"{opcode:X2}/{sa:X2}");
        return row;
    }

    [TestCase((byte)0x28, new byte[] { 0x28, 0x1a, 0xff, 0xff, 0xff, 0xff, 0, 0xff, 0xff, 0x07 })]
    [TestCase((byte)0x1B, new byte[] { 0x1B, 0x01, 0, 0x0f, 0xf7, 0x07 })]
    [TestCase((byte)0x12, new byte[] { 0x12, 0xe1, 0xff, 0xff, 0xff, 0x07 })]
    [TestCase((byte)0x1A, new byte[] { 0x1A, 0x08, 0xff, 0xff, 0xff, 0x07 })]
    [TestCase((byte)0x5A, new byte[] { 0x5A, 0x18, 0xff, 0xff, 0, 0, 0, 0xff, 0xff, 0x07 })]
    [TestCase((byte)0x89, new byte[] { 0x89, 0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0xff, 0, 0x07 })]
    [TestCase((byte)0x93, new byte[] { 0x93, 0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0x07 })]
    [TestCase((byte)0xA0, new byte[] { 0xA0, 0, 0xff, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0x07 })]
    public void UsageData_IsOpcodeThenCtlMask(byte opcode, byte[] expected)
    {
        Assert.That(Row(opcode).UsageData(), Is.EqualTo(expected));
    }

    [Test]
    public void ServiceActionRows_CarryTheServiceActionInByte1OfTheirUsageData()
    {
        Assert.That(Row(0x9E, 0x10).UsageData(), Is.EqualTo(new byte[] { 0x9E, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0x07 }));
        Assert.That(Row(0xA3, 0x0C).UsageData(), Is.EqualTo(new byte[] { 0xA3, 0x0c, 0x87, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0x07 }));
        foreach (var row in CdbLayouts.All.Where(r => r.HasServiceAction))
            Assert.That(row.UsageMask[0] & CdbLayouts.ServiceActionMask, Is.EqualTo(row.ServiceAction), row.ToString());
    }

    [Test]
    public void EveryRowLength_MatchesItsOpcodeGroup()
    {
        foreach (var row in CdbLayouts.All)
            Assert.That(row.Length, Is.EqualTo(CdbDecoder.GroupLength(row.Opcode)), row.ToString());
    }

    [Test]
    public void EveryControlByteMask_AllowsNacaFlagLinkOnly()
    {
        foreach (var row in CdbLayouts.All)
            Assert.That(row.UsageMask[^1], Is.EqualTo(0x07), row.ToString());
    }

    [Test]
    public void EveryScsiOpcodeEnumValue_HasAtLeastOneRow()
    {
        foreach (var op in Enum.GetValues<ScsiOpcode>())
            Assert.That(CdbLayouts.IsKnownOpcode((byte)op), Is.True, op.ToString());
    }

    [Test]
    public void All_IsSortedByOpcodeThenServiceAction_AndHasNoDuplicates()
    {
        var keys = CdbLayouts.All.Select(r => (r.Opcode << 8) | r.ServiceAction).ToList();
        Assert.That(keys, Is.Ordered.And.Unique);
    }

    [Test]
    public void RegisterAndMove_HasNoRow_AsCtlDoesNotImplementIt()
    {
        Assert.That(CdbLayouts.TryGet(0x5F, ServiceAction.PrOutRegisterAndMove, out _), Is.False);
        Assert.That(CdbLayouts.HasServiceActions(0x5F), Is.True);
    }

    [Test]
    public void TryGetWithoutServiceAction_FailsForServiceActionOpcodes()
    {
        Assert.That(CdbLayouts.TryGet(0x28, out var read10), Is.True);
        Assert.That(read10.Name, Is.EqualTo("READ(10)"));
        Assert.That(CdbLayouts.TryGet(0x5E, out _), Is.False);
        Assert.That(CdbLayouts.TryGet(0x02, out _), Is.False);
    }

    [Test]
    public void SupportedByDirectLun_ListsCtlDiskCommands_NotCdRomOnlyOrUnimplemented()
    {
        var names = CdbLayouts.SupportedBy(CdbDeviceTypes.Direct).Select(r => r.Name).ToList();
        Assert.That(names, Does.Contain("READ(10)").And.Contain("START STOP UNIT").And.Contain("READ CAPACITY(16)")
            .And.Contain("REPORT SUPPORTED OPERATION CODES"));
        Assert.That(names, Does.Not.Contain("READ TOC/PMA/ATIP").And.Not.Contain("LOG SELECT").And.Not.Contain("PRE-FETCH(10)"));
    }

    [Test]
    public void SupportedByCdRomLun_ExcludesWrites()
    {
        var ops = CdbLayouts.SupportedBy(CdbDeviceTypes.CdRom).Select(r => r.Operation).ToList();
        Assert.That(ops, Does.Contain(ScsiOpcode.Read10).And.Contain(ScsiOpcode.ReadTocPmaAtip));
        Assert.That(ops, Does.Not.Contain(ScsiOpcode.Write10).And.Not.Contain(ScsiOpcode.Read16));
    }

    [Test]
    public void DataDirection_FollowsCtlFlags()
    {
        Assert.That(Row(0x28).DataDirection, Is.EqualTo(CdbDataDirection.In));
        Assert.That(Row(0x2A).DataDirection, Is.EqualTo(CdbDataDirection.Out));
        Assert.That(Row(0x2F).DataDirection, Is.EqualTo(CdbDataDirection.Out));
        Assert.That(Row(0x00).DataDirection, Is.EqualTo(CdbDataDirection.None));
        Assert.That(Row(0x1B).DataDirection, Is.EqualTo(CdbDataDirection.None));
    }

    [Test]
    public void WriteUsageData_TruncatesToTheDestination()
    {
        Span<byte> small = stackalloc byte[3];
        Assert.That(Row(0x28).WriteUsageData(small), Is.EqualTo(3));
        Assert.That(small.ToArray(), Is.EqualTo(new byte[] { 0x28, 0x1a, 0xff }));
        Assert.That(Row(0x28).WriteUsageData([]), Is.Zero);
    }
}
