using SanSim.Scsi;
using SanSim.Target;

namespace SanSim.Tests.Target;

/// <summary>REPORT SUPPORTED OPERATION CODES generated from CdbLayouts, in ctl_report_supported_opcodes' format.</summary>
public class ReportSupportedOpcodesTests
{
    [Test]
    public void OneCommand_CdbUsageData_IsTheLayoutsUsageData_ForEverySupportedCommand()
    {
        var san = new TestSan().Ready();
        foreach (var (entry, hasSa, action) in CommandTable.Supported())
        {
            var cdb = hasSa ? Cdbs.ReportOpcodes(2, entry.Opcode, action) : Cdbs.ReportOpcodes(1, entry.Opcode);
            Expect.Good(san.Run(san.Linux, 0, cdb));
            Assert.That(CdbLayouts.TryGet(entry.Opcode, action, out var layout), Is.True, entry.Name);
            Assert.That(san.LastData[1], Is.EqualTo(3), entry.Name);
            Assert.That(san.LastData[2] << 8 | san.LastData[3], Is.EqualTo(layout.Length), entry.Name);
            Assert.That(san.LastData[4..(4 + layout.Length)], Is.EqualTo(layout.UsageData()), entry.Name);
        }
    }

    [Test]
    public void OneCommand_IsAlways36Bytes_AsCtlAllocatesIt()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.ReportOpcodes(1, 0x00)));
        Assert.That(san.LastData, Has.Length.EqualTo(36));
    }

    [Test]
    public void Rctd_IsAcceptedButNoTimeoutsDescriptorIsReturned()
    {
        var san = new TestSan().Ready();
        var cdb = Cdbs.ReportOpcodes(1, 0x28);
        cdb[2] |= 0x80;
        Expect.Good(san.Run(san.Linux, 0, cdb));
        Assert.That(san.LastData, Has.Length.EqualTo(36));
        Assert.That(san.LastData[1], Is.EqualTo(3), "no CTDP bit");
        Assert.That(san.LastData[14..], Is.All.EqualTo(0));

        cdb = Cdbs.ReportOpcodes(0);
        cdb[2] |= 0x80;
        Expect.Good(san.Run(san.Linux, 0, cdb));
        Assert.That(san.LastData.Length - 4, Is.EqualTo(8 * CommandTable.Supported().Count()));
        Assert.That(san.LastData[4 + 5] & 0x02, Is.Zero, "no CTDP bit in the descriptors");
    }

    [Test]
    public void AnyActionOption_ForAnOpcodeWithoutServiceActions_AndANonZeroAction_SaysNotSupported()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.ReportOpcodes(3, 0x28, 1)));
        Assert.That(san.LastData[..4], Is.EqualTo(new byte[] { 0, 1, 0, 0 }));
        Expect.Good(san.Run(san.Linux, 0, Cdbs.ReportOpcodes(3, 0x28, 0)));
        Assert.That(san.LastData[..6], Is.EqualTo(new byte[] { 0, 3, 0, 10, 0x28, 0x1A }));
    }

    [Test]
    public void UnmodelledServiceActionOpcode_FailsWithInvalidFieldAtTheServiceAction_AsCtlValidateCommand()
    {
        var san = new TestSan().Ready();
        var c = san.Run(san.Linux, 0, [0x83, 0x1E, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        Expect.Check(c, 5, 0x24, 0x00);
        Assert.That(c.Sense.Field, Is.EqualTo(new FieldPointer(true, 1, 4)));
    }
}
