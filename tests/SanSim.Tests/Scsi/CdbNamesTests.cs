using SanSim.Scsi;

namespace SanSim.Tests.Scsi;

/// <summary>T10 display names of opcodes and commands, as traces print them.</summary>
public class CdbNamesTests
{
    [TestCase(ScsiOpcode.Write10, "WRITE(10)")]
    [TestCase(ScsiOpcode.StartStopUnit, "START STOP UNIT")]
    [TestCase(ScsiOpcode.SynchronizeCache10, "SYNCHRONIZE CACHE(10)")]
    [TestCase(ScsiOpcode.ServiceActionIn16, "SERVICE ACTION IN(16)")]
    [TestCase(ScsiOpcode.PreventAllowMediumRemoval, "PREVENT ALLOW MEDIUM REMOVAL")]
    public void T10Name_IsTheStandardsName(ScsiOpcode opcode, string name)
    {
        Assert.That(opcode.T10Name(), Is.EqualTo(name));
    }

    [Test]
    public void T10Name_OfAnUnnamedByte_ShowsItInHex()
    {
        Assert.That(((ScsiOpcode)0x5D).T10Name(), Is.EqualTo("OPCODE 5Dh"));
    }

    [Test]
    public void EveryEnumValue_HasAName()
    {
        foreach (var op in Enum.GetValues<ScsiOpcode>())
            Assert.That(op.T10Name(), Does.Not.StartWith("OPCODE "), op.ToString());
    }

    [Test]
    public void CommandName_ResolvesTheServiceAction()
    {
        Assert.That(OpcodeNames.CommandName(CdbBuilder.ReadCapacity16()), Is.EqualTo("READ CAPACITY(16)"));
        Assert.That(OpcodeNames.CommandName(0xA3, ServiceAction.ReportSupportedOperationCodes), Is.EqualTo("REPORT SUPPORTED OPERATION CODES"));
        Assert.That(OpcodeNames.CommandName(0x9E, 0x1F), Is.EqualTo("SERVICE ACTION IN(16)"));
        Assert.That(OpcodeNames.CommandName(ReadOnlySpan<byte>.Empty), Is.EqualTo("(empty CDB)"));
    }

    [Test]
    public void CdbToString_NamesTheCommandAndItsRange()
    {
        Assert.That(CdbDecoder.TryDecode(CdbBuilder.Write10(2048, 8), out var write, out _), Is.True);
        Assert.That(write.ToString(), Is.EqualTo("WRITE(10) lba=2048 blocks=8"));
        Assert.That(CdbDecoder.TryDecode(CdbBuilder.StartStopUnit(false, immed: true), out var stop, out _), Is.True);
        Assert.That(stop.ToString(), Is.EqualTo("START STOP UNIT start=0 immed=1 loej=0 pc=0"));
        Assert.That(CdbDecoder.TryDecode(CdbBuilder.Inquiry(alloc: 96), out var inquiry, out _), Is.True);
        Assert.That(inquiry.ToString(), Is.EqualTo("INQUIRY len=96"));
        Assert.That(CdbDecoder.TryDecode(CdbBuilder.TestUnitReady(), out var tur, out _), Is.True);
        Assert.That(tur.ToString(), Is.EqualTo("TEST UNIT READY"));
    }
}
