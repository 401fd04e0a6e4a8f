using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Ext4;

namespace SanSim.Tests.Integration;

/// <summary>
/// The morning after: the LUN works again, but node 1's ext4 refuses remount,rw with EROFS; umount, then the
/// mount helper's fsck and mount, bring it back read-write with every acknowledged write intact.
/// </summary>
public class FieldReportRecoveryTests
{
    private static FieldReportSan AfterTheWake()
    {
        var san = new FieldReportSan().Scheduled();
        san.RunUntil(FieldReportSan.SleepAt.TotalSeconds + 3600 + 60);
        Assert.That(san.ClaimLun.Stopped, Is.False);
        Assert.That(san.Node.MountState("sdb"), Is.EqualTo(Ext4MountState.ReadOnly));
        return san;
    }

    [Test]
    public void RemountRw_AfterTheWake_IsRefusedWithErofs_AndTheMountStaysReadOnly()
    {
        var san = AfterTheWake();

        Assert.That(san.Node.RemountRw("sdb"), Is.EqualTo(-Errno.EROFS));
        san.Run(60);
        Assert.That(san.Node.MountState("sdb"), Is.EqualTo(Ext4MountState.ReadOnly));
    }

    [Test]
    public void UmountFsckMount_AfterTheWake_IsReadWriteAgain_WithTheDataIntact()
    {
        var san = AfterTheWake();
        var fs = san.Node.Ext4("sdb")!.Filesystem;
        int acknowledged = fs.AcknowledgedSectorCount;
        int accepted = fs.WritesAccepted;

        Assert.That(san.Node.Umount("sdb"), Is.Zero);
        int? mounted = null;
        san.Node.Mount("sdb", 0, r => mounted = r);
        san.Run(1);
        Assert.That(mounted, Is.Zero);
        san.RunUntil(11 * 3600);

        Assert.That(san.Node.MountState("sdb"), Is.EqualTo(Ext4MountState.ReadWrite));
        Assert.That(fs.JournalAborted, Is.False);
        Assert.That(fs.WritesAccepted, Is.GreaterThan(accepted));
        LinuxReadBackResult? result = null;
        san.Node.VerifyReadBack(r => result = r);
        san.Run(10);
        Assert.That(result, Is.Not.Null);
        Assert.That(result!.Intact, Is.True);
        Assert.That(result.SectorsChecked, Is.GreaterThan(acknowledged));
    }
}
