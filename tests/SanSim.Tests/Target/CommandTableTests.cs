using SanSim.Target;

namespace SanSim.Tests.Target;

/// <summary>The command table's flags against the lists in behaviour.md §2 (from ctl_cmd_table.c).</summary>
public class CommandTableTests
{
    [TestCase(0x03, 0, TestName = "OkWhileStopped_RequestSense")]
    [TestCase(0x12, 0, TestName = "OkWhileStopped_Inquiry")]
    [TestCase(0xA0, 0, TestName = "OkWhileStopped_ReportLuns")]
    [TestCase(0x15, 0, TestName = "OkWhileStopped_ModeSelect6")]
    [TestCase(0x1A, 0, TestName = "OkWhileStopped_ModeSense6")]
    [TestCase(0x55, 0, TestName = "OkWhileStopped_ModeSelect10")]
    [TestCase(0x5A, 0, TestName = "OkWhileStopped_ModeSense10")]
    [TestCase(0x16, 0, TestName = "OkWhileStopped_Reserve6")]
    [TestCase(0x17, 0, TestName = "OkWhileStopped_Release6")]
    [TestCase(0x56, 0, TestName = "OkWhileStopped_Reserve10")]
    [TestCase(0x57, 0, TestName = "OkWhileStopped_Release10")]
    [TestCase(0x1B, 0, TestName = "OkWhileStopped_StartStopUnit")]
    [TestCase(0x1E, 0, TestName = "OkWhileStopped_PreventAllow")]
    [TestCase(0x3B, 0x02, TestName = "OkWhileStopped_WriteBuffer")]
    [TestCase(0x3C, 0x02, TestName = "OkWhileStopped_ReadBuffer")]
    [TestCase(0x5E, 0x00, TestName = "OkWhileStopped_PersistentReserveIn")]
    [TestCase(0x5F, 0x01, TestName = "OkWhileStopped_PersistentReserveOut")]
    [TestCase(0xA3, 0x0A, TestName = "OkWhileStopped_ReportTargetPortGroups")]
    [TestCase(0xA3, 0x0C, TestName = "OkWhileStopped_ReportSupportedOpcodes")]
    [TestCase(0xA3, 0x0D, TestName = "OkWhileStopped_ReportSupportedTmfs")]
    public void AllowedWhileStopped(int opcode, int serviceAction)
    {
        var entry = CommandTable.Find((byte)opcode, (byte)serviceAction);
        Assert.That(entry.Supported, Is.True);
        Assert.That(entry.Flags.HasFlag(CommandFlags.OkWhileStopped), Is.True, entry.Name);
    }

    [TestCase(0x00, 0, TestName = "RefusedWhileStopped_TestUnitReady")]
    [TestCase(0x25, 0, TestName = "RefusedWhileStopped_ReadCapacity10")]
    [TestCase(0x9E, 0x10, TestName = "RefusedWhileStopped_ReadCapacity16")]
    [TestCase(0x08, 0, TestName = "RefusedWhileStopped_Read6")]
    [TestCase(0x2A, 0, TestName = "RefusedWhileStopped_Write10")]
    [TestCase(0x88, 0, TestName = "RefusedWhileStopped_Read16")]
    [TestCase(0x8F, 0, TestName = "RefusedWhileStopped_Verify16")]
    [TestCase(0x41, 0, TestName = "RefusedWhileStopped_WriteSame10")]
    [TestCase(0x42, 0, TestName = "RefusedWhileStopped_Unmap")]
    [TestCase(0x35, 0, TestName = "RefusedWhileStopped_SynchronizeCache10")]
    [TestCase(0x91, 0, TestName = "RefusedWhileStopped_SynchronizeCache16")]
    [TestCase(0x89, 0, TestName = "RefusedWhileStopped_CompareAndWrite")]
    [TestCase(0x9E, 0x12, TestName = "RefusedWhileStopped_GetLbaStatus")]
    public void RefusedWhileStopped(int opcode, int serviceAction)
    {
        var entry = CommandTable.Find((byte)opcode, (byte)serviceAction);
        Assert.That(entry.Supported, Is.True);
        Assert.That(entry.Flags.HasFlag(CommandFlags.OkWhileStopped), Is.False, entry.Name);
    }

    [Test]
    public void OnlyInquiryReportLunsAndRequestSense_SkipUnitAttentions()
    {
        var skipping = CommandTable.Supported()
            .Where(r => r.Entry.Flags.HasFlag(CommandFlags.NoUnitAttention))
            .Select(r => r.Entry.Opcode)
            .ToArray();
        Assert.That(skipping, Is.EquivalentTo(new byte[] { 0x03, 0x12, 0xA0 }));
    }

    [Test]
    public void OnlyInquiryReportLunsAndRequestSense_RunWithoutALun()
    {
        var withoutLun = CommandTable.Supported()
            .Where(r => r.Entry.Flags.HasFlag(CommandFlags.OkWithoutLun))
            .Select(r => r.Entry.Opcode)
            .ToArray();
        Assert.That(withoutLun, Is.EquivalentTo(new byte[] { 0x03, 0x12, 0xA0 }));
    }

    [Test]
    public void EverySupportedRow_HasADirectAccessLayoutWhoseMaskEndsInTheControlByte()
    {
        foreach (var (entry, _, _) in CommandTable.Supported())
        {
            Assert.That(entry.Length, Is.AnyOf(6, 10, 12, 16), entry.Name);
            Assert.That(entry.Usage[^1], Is.EqualTo(0x07), entry.Name);
            Assert.That(entry.Layout, Is.Not.Null, entry.Name);
            Assert.That(entry.Layout!.AppliesTo(SanSim.Scsi.CdbDeviceTypes.Direct), Is.True, $"{entry.Name}: CTL runs it on a disk LUN");
        }
    }

    [Test]
    public void UnsupportedOpcode_IsARowWithoutHandler()
    {
        Assert.That(CommandTable.Find(0x1D, 0).Supported, Is.False);
        Assert.That(CommandTable.Find(0x1D, 0).Name, Is.EqualTo("SEND DIAGNOSTIC"));
    }
}

