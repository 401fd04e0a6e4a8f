using SanSim.Engine;
using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Ext4;

namespace SanSim.Tests.Hosts.Linux.Mounts;

/// <summary>A stopped LUN under a mounted ext4: read-only, remount refused, then umount, fsck and mount bring it back.</summary>
public class MountRecoveryTests
{
    private static MountSan StoppedAndReadOnly(KernelVersion kernel)
    {
        var san = new MountSan(kernel, new Ext4MountSpec("sdb") { Options = new Ext4MountOptions { WriteEvery = SimTime.FromSeconds(1) } });
        san.Run(20);
        san.Target.StopLun(san.Target.Luns[0]);
        san.Run(20);
        Assert.That(san.Host.MountState("sdb"), Is.EqualTo(Ext4MountState.ReadOnly));
        Assert.That(san.Host.Ext4("sdb")!.JournalAborted, Is.True);
        return san;
    }

    [TestCase(KernelVersion.V4_19)]
    [TestCase(KernelVersion.V6_1)]
    public void StoppedLun_UnderTheMount_LeavesItReadOnly_AndRemountRwIsRefusedWithErofs_EvenOnceStarted(KernelVersion kernel)
    {
        var san = StoppedAndReadOnly(kernel);
        san.Target.StartLun(san.Target.Luns[0]);
        san.Run(10);

        Assert.That(san.Host.RemountRw("sdb"), Is.EqualTo(-Errno.EROFS));
        Assert.That(san.Host.MountState("sdb"), Is.EqualTo(Ext4MountState.ReadOnly));
        Assert.That(san.Host.Mounts.Single().ReadOnly, Is.True);
    }

    [Test]
    public void UmountThenMount_RunsFsck_AndComesBackReadWrite_WithTheDataIntact()
    {
        var san = StoppedAndReadOnly(KernelVersion.V4_19);
        san.Target.StartLun(san.Target.Luns[0]);
        int acknowledged = san.Host.Ext4("sdb")!.Filesystem.AcknowledgedSectorCount;

        Assert.That(san.Host.Umount("sdb"), Is.Zero);
        Assert.That(san.Host.MountState("sdb"), Is.EqualTo(Ext4MountState.Unmounted));
        Assert.That(san.Host.Mounts, Is.Empty);
        Assert.That(san.AwaitMount("sdb"), Is.Zero);
        san.Run(20);

        Assert.That(san.Sim.Trace.Events.Select(e => e.Message), Has.Some.StartsWith("fsck.ext4 -p /dev/sdb: exit 1"));
        Assert.That(san.Host.MountState("sdb"), Is.EqualTo(Ext4MountState.ReadWrite));
        Assert.That(san.Host.Ext4("sdb")!.JournalAborted, Is.False);
        var check = san.ReadBack();
        Assert.That(check.Intact, Is.True);
        Assert.That(check.SectorsChecked, Is.GreaterThan(acknowledged));
    }

    [Test]
    public void Mount_WhileTheLunIsStillStopped_Fails_AndStaysUnmounted()
    {
        var san = StoppedAndReadOnly(KernelVersion.V4_19);
        Assert.That(san.Host.Umount("sdb"), Is.Zero);

        Assert.That(san.AwaitMount("sdb"), Is.EqualTo(-Errno.EINVAL));
        Assert.That(san.Host.MountState("sdb"), Is.EqualTo(Ext4MountState.Unmounted));
    }

    [Test]
    public void Umount_OfAnUnmountedDevice_IsEinval()
    {
        var san = new MountSan(KernelVersion.V4_19, new Ext4MountSpec("sdb"));
        Assert.That(san.Host.Umount("sdb"), Is.Zero);
        Assert.That(san.Host.Umount("sdb"), Is.EqualTo(-Errno.EINVAL));
        Assert.That(san.Host.Umount("sdc"), Is.EqualTo(-Errno.EINVAL));
    }

    [Test]
    public void ReadBack_FindsASectorChangedOnTheLunBehindTheFilesystem()
    {
        var san = new MountSan(KernelVersion.V4_19, new Ext4MountSpec("sdb"));
        san.Run(30);
        var fs = san.Host.Ext4("sdb")!.Filesystem;
        ulong victim = fs.AcknowledgedSectors().Keys.Max();
        san.Target.Luns[0].Store.Write(victim, new byte[512]);

        var check = san.ReadBack();

        Assert.That(check.Intact, Is.False);
        Assert.That(check.Devices["sdb"].MismatchedSectors, Is.EqualTo(new[] { victim }));
    }
}
