using SanSim.Engine;
using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Ext4;

namespace SanSim.Tests.Hosts.Linux.Ext4;

/// <summary>Mounting: the kernel's mount line per version, options, and the periodic writer and commits.</summary>
public class Ext4MountTests
{
    [TestCase(KernelVersion.V4_19, "EXT4-fs (sdb): mounted filesystem with ordered data mode. Opts: (null)")]
    [TestCase(KernelVersion.V5_10, "EXT4-fs (sdb): mounted filesystem with ordered data mode. Opts: (null). Quota mode: none.")]
    [TestCase(KernelVersion.V6_1, "EXT4-fs (sdb): mounted filesystem with ordered data mode. Quota mode: none.")]
    public void Mount_PrintsTheVersionsMountLine(KernelVersion version, string line)
    {
        var rig = new Ext4Rig(version);
        Assert.That(rig.Texts(), Is.EqualTo(new[] { line }));
        Assert.That(rig.Fs.State, Is.EqualTo(Ext4MountState.ReadWrite));
    }

    [Test]
    public void Mount_WithOptions_PrintsThemAfterOpts_On4_19()
    {
        Assert.That(Ext4MountOptions.TryParse("errors=remount-ro", out var o, out _), Is.True);
        var rig = new Ext4Rig(KernelVersion.V4_19, options: o);
        Assert.That(rig.Texts()[0], Is.EqualTo("EXT4-fs (sdb): mounted filesystem with ordered data mode. Opts: errors=remount-ro"));
    }

    [Test]
    public void MountOptions_Parse_ErrorsAndCommit()
    {
        Assert.That(Ext4MountOptions.TryParse("errors=panic,commit=30", out var o, out var err), Is.True, err);
        Assert.That(o.Errors, Is.EqualTo(Ext4ErrorsBehavior.Panic));
        Assert.That(o.CommitInterval, Is.EqualTo(SimTime.FromSeconds(30)));
        Assert.That(Ext4MountOptions.TryParse(null, out var d, out _), Is.True);
        Assert.That(d.Errors, Is.EqualTo(Ext4ErrorsBehavior.RemountRo));
        Assert.That(d.CommitInterval, Is.EqualTo(SimTime.FromSeconds(5)));
    }

    [TestCase("errors=sometimes")]
    [TestCase("commit=soon")]
    [TestCase("nosuchoption")]
    public void MountOptions_Bad_GiveAMessage_NotAnException(string text)
    {
        Assert.That(Ext4MountOptions.TryParse(text, out _, out var err), Is.False);
        Assert.That(err, Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public void Mount_WhenTheSuperblockWriteFails_StillMounts_AndSaysSo()
    {
        var rig = new Ext4Rig(KernelVersion.V4_19);
        Assert.That(rig.Fs.Umount(), Is.Zero);
        rig.FailWritesFrom(rig.Sim.Now.TotalSeconds);
        Assert.That(rig.AwaitInt(d => rig.Fs.Mount(null, 0, d)), Is.Zero);
        Assert.That(rig.FsTexts().TakeLast(3), Is.EqualTo(new[]
        {
            "Buffer I/O error on dev sdb, logical block 0, lost sync page write",
            "EXT4-fs (sdb): I/O error while writing superblock",
            "EXT4-fs (sdb): mounted filesystem with ordered data mode. Opts: (null)",
        }));
    }

    [Test]
    public void Mount_Twice_IsBusy()
    {
        var rig = new Ext4Rig(KernelVersion.V4_19);
        Assert.That(rig.Fs.Mount(), Is.EqualTo(-Errno.EBUSY));
        Assert.That(rig.Fs.Mkfs(), Is.EqualTo(-Errno.EBUSY));
    }

    [Test]
    public void Commit_WritesDataThenLogThenCommitBlockWithPreflushFua()
    {
        var rig = new Ext4Rig(KernelVersion.V4_19);
        rig.RunUntil(11);
        var g = rig.Fs.Geometry!;
        var writes = rig.Device.Submitted.Where(b => b.Op == BioOp.Write).ToList();
        Assert.That(writes, Has.Count.EqualTo(4));
        Assert.That(writes[0].Sector, Is.EqualTo(g.SuperblockSector), "the mount writes the superblock");
        writes.RemoveAt(0);
        Assert.That(writes[0].Sector, Is.EqualTo(g.BlockToSector(g.DataStartBlock)));
        Assert.That(writes[0].Flags, Is.EqualTo(BioFlags.None));
        Assert.That(writes[1].Sector, Is.EqualTo(g.BlockToSector(g.JournalStartBlock + 1)));
        Assert.That(writes[1].Flags, Is.EqualTo(BioFlags.Sync | BioFlags.Meta));
        Assert.That(writes[2].Flags, Is.EqualTo(BioFlags.Preflush | BioFlags.Fua | BioFlags.Sync | BioFlags.Meta));
        Assert.That(writes[2].Sector, Is.EqualTo(writes[1].Sector + (ulong)writes[1].SectorCount));
    }

    [Test]
    public void CommitInterval_SetsWhenDataReachesTheDisk()
    {
        var rig = new Ext4Rig(KernelVersion.V4_19, options: new Ext4MountOptions { CommitInterval = SimTime.FromSeconds(30) });
        rig.RunUntil(30);
        Assert.That(rig.Device.Submitted.Count(b => b.Op == BioOp.Write), Is.EqualTo(1), "only the mount's superblock write");
        rig.RunUntil(36);
        Assert.That(rig.Device.Submitted.Count(b => b.Op == BioOp.Write), Is.GreaterThan(1));
    }
}
