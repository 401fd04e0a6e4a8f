using SanSim.Hosts.Windows;

namespace SanSim.Tests.Hosts.Windows;

/// <summary>Boot: disks found through REPORT LUNS, INQUIRY and READ CAPACITY, and the SAN policy.</summary>
public class WindowsDiscoveryTests
{
    [Test]
    public void Start_MakesADiskPerVisibleLun_NumberedInDiscoveryOrder()
    {
        var san = new WindowsSan().Started();
        Assert.That(san.Host.Disks.Select(d => (d.Number, d.PortLun)), Is.EqualTo(new[] { (1, 0UL), (2, 1UL), (3, 2UL), (4, 3UL) }));
        Assert.That(san.Host.Disks.Select(d => d.BlockCount), Is.All.EqualTo(WindowsSan.Blocks));
    }

    [Test]
    public void SanPolicy_OnlyTheOnlineLunsGetAVolume_TheRestStayOfflineDisks()
    {
        var san = new WindowsSan().Started();
        Assert.That(san.Host.Disks.Where(d => d.Online).Select(d => d.PortLun), Is.EqualTo(new[] { 1UL }));
        Assert.That(san.Host.Volumes.Select(v => v.Disk.PortLun), Is.EqualTo(new[] { 1UL }));
        Assert.That(san.Host.Disks.Count(d => !d.Online), Is.EqualTo(3));
    }

    [Test]
    public void PowerOnUnitAttention_IsRetried_SoEveryDiskIsFound()
    {
        var san = new WindowsSan().Started();
        // CTL reports 29/01 to the first command that is not INQUIRY/REPORT LUNS: READ CAPACITY, once per LUN.
        Assert.That(san.DesktopPath.To(2, 0x25), Has.Count.EqualTo(2));
        Assert.That(san.Host.Disks, Has.Count.EqualTo(4));
    }

    [Test]
    public void LunMapWithOneLun_HidesEveryOtherLun()
    {
        var san = new WindowsSan();
        Assert.That(san.Target.SetLunMap(3, 1, 1).Ok, Is.True);
        san.Started();
        Assert.That(san.Host.Disks.Select(d => d.PortLun), Is.EqualTo(new[] { 1UL }));
    }

    [Test]
    public void StoppedLunAtBoot_GetsStartUnitFromDevSafeStartUnit_AndBecomesADisk()
    {
        var san = new WindowsSan();
        san.Target.StopLun(san.Lun(2));
        san.Started();
        Assert.That(san.Lun(2).Stopped, Is.False);
        Assert.That(san.Host.Disk(3)!.StartUnitsOnNotReady, Is.EqualTo(1));
        Assert.That(san.Host.Disks, Has.Count.EqualTo(4));
    }

    [Test]
    public void ParseReportLuns_ReadsPeripheralAndFlatAddressing()
    {
        byte[] data = [0, 0, 0, 16, 0, 0, 0, 0, 0x00, 0x05, 0, 0, 0, 0, 0, 0, 0x41, 0x02, 0, 0, 0, 0, 0, 0];
        Assert.That(WindowsHost.ParseReportLuns(data), Is.EqualTo(new[] { 5UL, 0x102UL }));
    }
}
