using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Ext4;

namespace SanSim.Tests.Hosts.Linux.Ext4;

/// <summary>After the journal aborts: remount refused, then umount, e2fsck and mount bring the data back read-write.</summary>
public class Ext4RecoveryTests
{
    private static Ext4Rig Aborted(KernelVersion version)
    {
        var rig = new Ext4Rig(version);
        rig.FailWritesFrom(22);
        rig.RunUntil(60);
        Assert.That(rig.Fs.State, Is.EqualTo(Ext4MountState.ReadOnly));
        return rig;
    }

    [TestCase(KernelVersion.V4_19)]
    [TestCase(KernelVersion.V5_10)]
    [TestCase(KernelVersion.V6_1)]
    public void RemountRw_AfterAbort_IsRefusedWithErofs(KernelVersion version)
    {
        var rig = Aborted(version);
        rig.Device.Heal();
        Assert.That(rig.Fs.Remount(readWrite: true), Is.EqualTo(-Errno.EROFS));
        Assert.That(rig.Fs.State, Is.EqualTo(Ext4MountState.ReadOnly));
    }

    [Test]
    public void RemountRw_OfAHealthyReadOnlyMount_Succeeds()
    {
        var rig = new Ext4Rig(KernelVersion.V4_19);
        Assert.That(rig.Fs.Remount(readWrite: false), Is.Zero);
        Assert.That(rig.Fs.State, Is.EqualTo(Ext4MountState.ReadOnly));
        Assert.That(rig.Fs.Remount(readWrite: true), Is.Zero);
        Assert.That(rig.Fs.State, Is.EqualTo(Ext4MountState.ReadWrite));
    }

    [Test]
    public void ReadOnlyFilesystem_RefusesWrites_WithErofs_Quietly()
    {
        var rig = Aborted(KernelVersion.V4_19);
        int lines = rig.Log.Lines.Count;
        Assert.That(rig.AwaitInt(d => rig.Fs.Write(0, d)), Is.EqualTo(-Errno.EROFS));
        Assert.That(rig.Log.Lines, Has.Count.EqualTo(lines));
    }

    [TestCase(KernelVersion.V4_19)]
    [TestCase(KernelVersion.V6_1)]
    public void UmountFsckMount_OnceTheDeviceWorks_IsReadWriteWithDataIntact(KernelVersion version)
    {
        var rig = Aborted(version);
        var before = rig.Fs.AcknowledgedSectors();
        Assert.That(before, Is.Not.Empty);

        rig.Device.Heal();
        Assert.That(rig.Fs.Umount(), Is.Zero);
        var fsck = rig.Await<Ext4FsckResult>(d => rig.Fs.Fsck(d));
        Assert.That(fsck.ExitCode, Is.EqualTo(1));
        Assert.That(fsck.JournalRecovered, Is.True);
        Assert.That(rig.AwaitInt(d => rig.Fs.Mount(null, 0, d)), Is.Zero);
        Assert.That(rig.Fs.State, Is.EqualTo(Ext4MountState.ReadWrite));
        Assert.That(rig.Fs.JournalAborted, Is.False);

        rig.RunUntil(rig.Sim.Now.TotalSeconds + 30);
        Assert.That(rig.Fs.State, Is.EqualTo(Ext4MountState.ReadWrite));
        var check = rig.Await<Ext4ReadBackResult>(d => rig.Fs.VerifyReadBack(d));
        Assert.That(check.Intact, Is.True);
        Assert.That(check.SectorsChecked, Is.GreaterThan(before.Count));
    }

    [Test]
    public void Fsck_OnAMountedFilesystem_Refuses()
    {
        var rig = new Ext4Rig(KernelVersion.V4_19);
        var fsck = rig.Await<Ext4FsckResult>(d => rig.Fs.Fsck(d));
        Assert.That(fsck.ExitCode, Is.EqualTo(8));
    }

    [Test]
    public void Fsck_WhileTheDeviceStillFails_ReportsAnOperationalError_AndKeepsTheErrors()
    {
        var rig = Aborted(KernelVersion.V4_19);
        rig.Device.FailReads = true;
        Assert.That(rig.Fs.Umount(), Is.Zero);
        var fsck = rig.Await<Ext4FsckResult>(d => rig.Fs.Fsck(d));
        Assert.That(fsck.ExitCode, Is.EqualTo(8));
        Assert.That(rig.Fs.FsAborted, Is.True);
    }

    [Test]
    public void Mount_WhileTheDeviceFailsReads_FailsWithEinval()
    {
        var rig = Aborted(KernelVersion.V4_19);
        rig.Device.FailReads = true;
        Assert.That(rig.Fs.Umount(), Is.Zero);
        Assert.That(rig.AwaitInt(d => rig.Fs.Mount(null, 0, d)), Is.EqualTo(-Errno.EINVAL));
        Assert.That(rig.Fs.State, Is.EqualTo(Ext4MountState.Unmounted));
        Assert.That(rig.Texts()[^1], Is.EqualTo("EXT4-fs (sdb): unable to read superblock"));
    }

    [Test]
    public void AcknowledgedWrites_ReadBackIdentical_ThroughTheFailure()
    {
        var rig = Aborted(KernelVersion.V6_1);
        rig.Device.Heal();
        // 6.1's writer keeps meeting the aborted journal and, once healed, its superblock writes succeed: count
        // the sectors acknowledged when the check starts.
        int acknowledged = rig.Fs.AcknowledgedSectorCount;
        var check = rig.Await<Ext4ReadBackResult>(d => rig.Fs.VerifyReadBack(d));
        Assert.That(check.Intact, Is.True);
        Assert.That(check.SectorsChecked, Is.EqualTo(acknowledged));
    }

    [Test]
    public void ReadBack_DetectsASectorChangedBehindTheFilesystem()
    {
        var rig = new Ext4Rig(KernelVersion.V4_19);
        rig.RunUntil(30);
        ulong victim = rig.Fs.AcknowledgedSectors().Keys.Max();
        rig.Device.Corrupt(victim);
        var check = rig.Await<Ext4ReadBackResult>(d => rig.Fs.VerifyReadBack(d));
        Assert.That(check.MismatchedSectors, Is.EqualTo(new[] { victim }));
    }

    [Test]
    public void Umount_OfACleanFilesystem_WritesPendingDataAndTheSuperblock()
    {
        var rig = new Ext4Rig(KernelVersion.V4_19, options: new Ext4MountOptions { WriteEvery = null });
        rig.Fs.Write();
        Assert.That(rig.Fs.Umount(), Is.Zero);
        rig.RunUntil(1);
        var g = rig.Fs.Geometry!;
        Assert.That(rig.Device.Submitted.Select(b => b.Sector), Does.Contain(g.BlockToSector(g.DataStartBlock)));
        Assert.That(rig.Device.Submitted[^1].Sector, Is.EqualTo(g.SuperblockSector));
        Assert.That(rig.Fs.Umount(), Is.EqualTo(-Errno.EINVAL));
    }
}
