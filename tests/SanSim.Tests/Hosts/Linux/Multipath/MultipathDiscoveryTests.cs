using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Multipath;

namespace SanSim.Tests.Hosts.Linux.Multipath;

/// <summary>multipathd groups the sd disks of one LUN by their VPD 83h identifier into one dm device.</summary>
public class MultipathDiscoveryTests
{
    [Test]
    public void TwoPathsToOneLun_MakeOneDmDevice_NamedDm0AndMpatha()
    {
        var san = new MultipathSan(NoPathRetry.Queue);
        Assert.That(san.Host.MultipathDevices, Has.Count.EqualTo(1));
        var dm = san.Dm;
        Assert.That(dm.Name, Is.EqualTo("dm-0"));
        Assert.That(dm.Alias, Is.EqualTo("mpatha"));
        Assert.That(dm.DevT, Is.EqualTo("253:0"));
        Assert.That(dm.Paths.Select(p => p.Disk.Name), Is.EqualTo(new[] { "sdb", "sdc" }));
        Assert.That(dm.Paths.Select(p => p.DevT), Is.EqualTo(new[] { "8:16", "8:32" }));
        Assert.That(dm.SectorCount, Is.EqualTo(2048UL));
        Assert.That(san.Host.BlockDevice("dm-0"), Is.SameAs(dm));
    }

    [Test]
    public void Wwid_IsTheT10VendorIdDesignator_WithBlanksAsUnderscores()
    {
        var san = new MultipathSan(NoPathRetry.Queue);
        Assert.That(san.Dm.Wwid, Does.StartWith("1FREEBSD_"));
        Assert.That(san.Dm.Wwid, Does.Contain(san.Lun.DeviceId));
    }

    [Test]
    public void Wwid_PrefersNaa_OverT10VendorId()
    {
        byte[] page =
        [
            0x00, 0x83, 0x00, 0x1C,
            0x02, 0x01, 0x00, 0x0C, (byte)'F', (byte)'R', (byte)'E', (byte)'E', (byte)'B', (byte)'S', (byte)'D', (byte)' ', (byte)'I', (byte)'D', (byte)'0', (byte)'1',
            0x01, 0x03, 0x00, 0x08, 0x60, 0x05, 0x08, 0xb1, 0x00, 0x11, 0x22, 0x33,
        ];
        Assert.That(Multipathd.Wwid(page), Is.EqualTo("3600508b100112233"));
    }

    [Test]
    public void MultipathOff_NoDaemonAndNoDmDevice()
    {
        var san = new SanSim.Tests.Hosts.Linux.LinuxSan(KernelVersion.V6_1);
        Assert.That(san.Host.Multipathd, Is.Null);
        Assert.That(san.Host.MultipathDevices, Is.Empty);
        Assert.That(san.Host.MultipathDeviceFor(0), Is.Null);
    }
}
