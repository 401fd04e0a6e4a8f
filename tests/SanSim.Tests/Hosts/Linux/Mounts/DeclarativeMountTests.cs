using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Ext4;

namespace SanSim.Tests.Hosts.Linux.Mounts;

/// <summary>LinuxHostOptions.Mounts: mounted at start, after the probe, in the order listed.</summary>
public class DeclarativeMountTests
{
    [Test]
    public void MountsFromOptions_AreMountedAfterTheProbe_InListOrder_ReadWrite()
    {
        var san = new MountSan(KernelVersion.V4_19, new Ext4MountSpec("sdc"), new Ext4MountSpec("sdb"));

        Assert.That(san.Host.MountState("sdb"), Is.EqualTo(Ext4MountState.ReadWrite));
        Assert.That(san.Host.MountState("sdc"), Is.EqualTo(Ext4MountState.ReadWrite));
        var texts = san.Texts();
        int sdc = texts.IndexOf("EXT4-fs (sdc): mounted filesystem with ordered data mode. Opts: (null)");
        int sdb = texts.IndexOf("EXT4-fs (sdb): mounted filesystem with ordered data mode. Opts: (null)");
        Assert.That(sdc, Is.GreaterThan(texts.FindLastIndex(t => t.StartsWith("sd 6:0:0:1: [sdc] Attached", StringComparison.Ordinal))));
        Assert.That(sdb, Is.GreaterThan(sdc));
        Assert.That(san.Host.Mounts.Select(m => m.Device.Name), Is.EqualTo(new[] { "sdc", "sdb" }));
    }

    [Test]
    public void MountOptions_FromTheSpec_AreUsed_AndPrintedInTheMountLine()
    {
        Assert.That(Ext4MountOptions.TryParse("errors=remount-ro,commit=3", out var options, out _), Is.True);
        var san = new MountSan(KernelVersion.V4_19, new Ext4MountSpec("sdb") { Options = options });

        var fs = san.Host.Ext4("sdb")!;
        Assert.That(fs.Options.CommitInterval.TotalSeconds, Is.EqualTo(3));
        Assert.That(san.Texts(), Does.Contain("EXT4-fs (sdb): mounted filesystem with ordered data mode. Opts: errors=remount-ro,commit=3"));
    }

    [Test]
    public void MountSpec_ForADeviceThatNeverAppears_HoldsTheNextUntilTheDeviceTimeout_ThenIsSkipped()
    {
        var san = new MountSan(KernelVersion.V4_19, new Ext4MountSpec("sdz"), new Ext4MountSpec("sdb"));
        Assert.That(san.Host.MountState("sdb"), Is.EqualTo(Ext4MountState.Unmounted));

        san.Run(LinuxHost.DeviceWaitTimeout.TotalSeconds);

        Assert.That(san.Host.MountState("sdb"), Is.EqualTo(Ext4MountState.ReadWrite));
        Assert.That(san.Host.Ext4("sdz"), Is.Null);
        Assert.That(san.Sim.Trace.Events.Select(e => e.Message), Does.Contain("mount: timed out waiting for device /dev/sdz"));
    }

    [Test]
    public void MountExt4_OnAMissingDevice_IsRefusedWithEnoent()
    {
        var san = new MountSan(KernelVersion.V4_19);
        Assert.That(san.Host.MountExt4("sdq", new Ext4MountOptions()), Is.EqualTo(-Errno.ENOENT));
    }

    [Test]
    public void MountExt4_Twice_IsRefusedWithEbusy()
    {
        var san = new MountSan(KernelVersion.V4_19, new Ext4MountSpec("sdb"));
        Assert.That(san.Host.MountExt4("sdb", new Ext4MountOptions()), Is.EqualTo(-Errno.EBUSY));
    }
}
