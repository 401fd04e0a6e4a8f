using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Ext4;

namespace SanSim.Tests.Hosts.Linux.Ext4;

/// <summary>mke2fs's choices (mke2fs.conf usage types, journal placement) and where the superblock is written.</summary>
public class Ext4GeometryTests
{
    private const ulong MiB = Ext4Rig.MiB;

    [TestCase(1024UL, 4096, "default")]
    [TestCase(512UL, 4096, "default")]
    [TestCase(511UL, 1024, "small")]
    [TestCase(256UL, 1024, "small")]
    [TestCase(2UL, 1024, "floppy")]
    public void Mkfs_PicksBlockSize_AsMke2fsConfUsageTypes(ulong mib, int blockSize, string type)
    {
        var g = Ext4Geometry.ForDevice(mib * MiB / 512);
        Assert.That(g, Is.Not.Null);
        Assert.That(g!.BlockSize, Is.EqualTo(blockSize));
        Assert.That(g.UsageType, Is.EqualTo(type));
        Assert.That(g.JournalStartBlock + g.JournalBlocks, Is.LessThanOrEqualTo(g.BlockCount));
        Assert.That(g.DataStartBlock + g.DataBlocks, Is.LessThanOrEqualTo(g.BlockCount));
    }

    [Test]
    public void Mkfs_InodeRatio_FollowsUsageType()
    {
        Assert.That(Ext4Geometry.ForDevice(2 * MiB / 512)!.InodeRatio, Is.EqualTo(8192));
        Assert.That(Ext4Geometry.ForDevice(256 * MiB / 512)!.InodeRatio, Is.EqualTo(4096));
        Assert.That(Ext4Geometry.ForDevice(1024 * MiB / 512)!.InodeRatio, Is.EqualTo(16384));
    }

    [Test]
    public void Mkfs_256MiB_PutsJournalAndFileWhereTheReferenceLogSawThem()
    {
        var g = Ext4Geometry.ForDevice(524288)!;
        Assert.That(g.JournalStartBlock, Is.EqualTo(114689UL), "journal superblock: logical block 114689, sector 229378");
        Assert.That(g.BlockToSector(g.JournalStartBlock), Is.EqualTo(229378UL));
        Assert.That(g.DataStartBlock, Is.EqualTo(16422UL), "inode 12 starting block 16422, sector 32844");
        Assert.That(g.BlockToSector(g.DataStartBlock), Is.EqualTo(32844UL));
    }

    [Test]
    public void Mkfs_TooSmallForAJournal_IsRefused()
    {
        Assert.That(Ext4Geometry.ForDevice(1 * MiB / 512), Is.Null);
        var rig = new Ext4Rig(KernelVersion.V4_19);
        var tiny = new Ext4Filesystem(rig.Sim, rig.Log, new FakeBlockDevice(rig.Sim, rig.Log, "sdc", MiB), KernelVersion.V4_19, rig.Sim.Random);
        Assert.That(tiny.Mkfs(), Is.EqualTo(-Errno.EINVAL));
        Assert.That(tiny.Mount(), Is.EqualTo(-Errno.EINVAL));
    }

    [TestCase(1024UL, 0UL, 8)]
    [TestCase(256UL, 2UL, 2)]
    public void SuperblockWrite_IsTheWholeBlockHoldingByte1024_WithFua(ulong mib, ulong sector, int sectors)
    {
        var rig = new Ext4Rig(KernelVersion.V4_19, bytes: mib * MiB);
        rig.Fs.Umount();
        rig.RunUntil(1);
        var sb = rig.Device.Submitted.Last(b => b.Op == BioOp.Write && (b.Flags & BioFlags.Fua) != 0 && (b.Flags & BioFlags.Preflush) == 0);
        Assert.That(sb.Sector, Is.EqualTo(sector));
        Assert.That(sb.SectorCount, Is.EqualTo(sectors));
        Assert.That(sb.Flags, Is.EqualTo(BioFlags.Sync | BioFlags.Fua | BioFlags.Meta));
    }

    [Test]
    public void JournalDevice_IsNamedDeviceDashJournalInode()
    {
        var rig = new Ext4Rig(KernelVersion.V4_19);
        Assert.That(rig.Fs.JournalDeviceName, Is.EqualTo("sdb-8"));
    }

    [Test]
    public void SmallFilesystem_On4KSectorDevice_UsesTheSectorSizeAsBlockSize()
    {
        var g = Ext4Geometry.ForDevice(256 * MiB / 512, logicalBlockSize: 4096)!;
        Assert.That(g.BlockSize, Is.EqualTo(4096));
        Assert.That(g.UsageType, Is.EqualTo("small"));
        Assert.That(g.BlockToSector(g.JournalStartBlock) % 8, Is.Zero);
    }
}
