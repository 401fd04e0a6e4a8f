using SanSim.Target;

namespace SanSim.Tests.Target;

/// <summary>REPORT LUNS through port maps, and REPORT SUPPORTED OPERATION CODES generated from the command table.</summary>
public class ReportLunsAndOpcodesTests
{
    [Test]
    public void ReportLuns_WithoutMap_ListsEveryLun()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Windows, 0, Cdbs.ReportLuns()));
        Assert.That(san.LastData, Is.EqualTo(new byte[] { 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0 }));
    }

    [Test]
    public void ReportLuns_WithMap_ListsOnlyMappedPortLuns()
    {
        var san = new TestSan().Ready();
        san.Target.Ports[3].LunMap.Set(1, 0);
        Expect.Good(san.Run(san.Windows, 1, Cdbs.ReportLuns()));
        Assert.That(san.LastData, Is.EqualTo(new byte[] { 0, 0, 0, 8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0 }));
    }

    [Test]
    public void ReportLuns_EmptyMap_ListsNothing()
    {
        var san = new TestSan().Ready();
        san.Target.Ports[3].LunMap.Enable();
        Expect.Good(san.Run(san.Windows, 0, Cdbs.ReportLuns()));
        Assert.That(san.LastData, Is.EqualTo(new byte[8]));
    }

    [Test]
    public void ReportLuns_LunAbove255_UsesFlatAddressing()
    {
        var san = new TestSan().Ready();
        san.Target.Ports[3].LunMap.Set(300, 1);
        san.Run(san.Windows, 300, Cdbs.ReportLuns());
        Assert.That(san.LastData[8..10], Is.EqualTo(new byte[] { 0x41, 0x2C }));
    }

    [Test]
    public void ReportLuns_WellKnownOnly_ListsNothing()
    {
        var san = new TestSan().Ready();
        san.Run(san.Linux, 0, Cdbs.ReportLuns(select: 1));
        Assert.That(san.LastData, Is.EqualTo(new byte[8]));
    }

    [Test]
    public void ReportLuns_BadSelectReport_Fails_0524()
    {
        var san = new TestSan().Ready();
        Expect.Check(san.Run(san.Linux, 0, Cdbs.ReportLuns(select: 7)), 5, 0x24, 0x00);
    }

    [Test]
    public void ReportLuns_AllocationBelow16_Fails_0524()
    {
        var san = new TestSan().Ready();
        Expect.Check(san.Run(san.Linux, 0, Cdbs.ReportLuns(alloc: 8)), 5, 0x24, 0x00);
    }

    [Test]
    public void ReportOpcodes_All_ListsRead10WithItsLength()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.ReportOpcodes(0)));
        var d = san.LastData;
        int count = (d.Length - 4) / 8;
        Assert.That(count, Is.EqualTo(CommandTable.Supported().Count()));
        var read10 = Enumerable.Range(0, count).Select(i => d.AsSpan(4 + 8 * i, 8).ToArray()).Single(x => x[0] == 0x28);
        Assert.That(read10, Is.EqualTo(new byte[] { 0x28, 0, 0, 0, 0, 0, 0, 10 }));
    }

    [Test]
    public void ReportOpcodes_All_MarksServiceActionRows()
    {
        var san = new TestSan().Ready();
        san.Run(san.Linux, 0, Cdbs.ReportOpcodes(0));
        var d = san.LastData;
        int count = (d.Length - 4) / 8;
        var rc16 = Enumerable.Range(0, count).Select(i => d.AsSpan(4 + 8 * i, 8).ToArray()).Single(x => x[0] == 0x9E && x[3] == 0x10);
        Assert.That(rc16, Is.EqualTo(new byte[] { 0x9E, 0, 0, 0x10, 0, 0x01, 0, 16 }));
    }

    [Test]
    public void ReportOpcodes_OneCommand_ReturnsUsageData()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.ReportOpcodes(1, 0x28)));
        Assert.That(san.LastData[..14], Is.EqualTo(new byte[] { 0, 3, 0, 10, 0x28, 0x1A, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0xFF, 0xFF, 0x07 }));
    }

    [Test]
    public void ReportOpcodes_OneUnsupportedCommand_SaysNotSupported()
    {
        var san = new TestSan().Ready();
        san.Run(san.Linux, 0, Cdbs.ReportOpcodes(1, 0x1D));
        Assert.That(san.LastData[..4], Is.EqualTo(new byte[] { 0, 1, 0, 0 }));
    }

    [Test]
    public void ReportOpcodes_OpcodeWithServiceActionsWithoutOne_Fails_0524()
    {
        var san = new TestSan().Ready();
        Expect.Check(san.Run(san.Linux, 0, Cdbs.ReportOpcodes(1, 0x9E)), 5, 0x24, 0x00);
    }

    [Test]
    public void ReportOpcodes_OpcodeAndServiceAction_ReturnsThatRow()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.ReportOpcodes(2, 0x9E, 0x10)));
        Assert.That(san.LastData[..6], Is.EqualTo(new byte[] { 0, 3, 0, 16, 0x9E, 0x10 }));
    }

    [Test]
    public void ReportTargetPortGroups_ListsOneOptimizedGroupWithThePortsThatSeeTheLun()
    {
        var san = new TestSan().Ready();
        byte[] cdb = [0xA3, 0x0A, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0];
        Expect.Good(san.Run(san.Linux, 0, cdb));
        Assert.That(san.LastData, Is.EqualTo(new byte[] { 0, 0, 0, 16, 0x00, 0x8F, 0, 1, 0, 0x02, 0, 2, 0, 0, 0, 0, 0, 0, 0, 3 }));
        san.Target.Ports[3].LunMap.Set(0, 1);
        san.Run(san.Linux, 0, cdb);
        Assert.That(san.LastData[11], Is.EqualTo(1));
    }

    [Test]
    public void ReportSupportedTaskManagementFunctions_ListsWhatCtlDoes()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, [0xA3, 0x0D, 0, 0, 0, 0, 0, 0, 0, 16, 0, 0]));
        Assert.That(san.LastData, Is.EqualTo(new byte[] { 0xDE, 0x07, 0, 0 }));
        san.Run(san.Linux, 0, [0xA3, 0x0D, 0x80, 0, 0, 0, 0, 0, 0, 16, 0, 0]);
        Assert.That(san.LastData, Has.Length.EqualTo(16));
        Assert.That(san.LastData[3], Is.EqualTo(12));
    }
}
