using SanSim.Hosts.Linux;
using SanSim.Tests.Hosts.Linux.Ext4;

namespace SanSim.Tests.Hosts.Linux.Mounts;

/// <summary>
/// The REQ_* flags of ext4's and jbd2's writes, per version: 6.1 marks journal writes REQ_IDLE and the superblock
/// REQ_PRIO, as the real 6.1 log prints them (0x9800, 0x29800, 0x23800).
/// </summary>
public class RequestFlagsTests
{
    private static Ext4Rig Failed(KernelVersion version)
    {
        var rig = new Ext4Rig(version);
        rig.FailWritesFrom(22);
        rig.RunUntil(60);
        return rig;
    }

    private static BioFlags FlagsAt(Ext4Rig rig, ulong sector) => rig.Device.Submitted.Last(b => b.Op == BioOp.Write && b.Sector == sector).Flags;

    [Test]
    public void V61_JournalWrites_CarryReqIdle_AndTheSuperblockReqPrio()
    {
        var rig = Failed(KernelVersion.V6_1);
        var g = rig.Fs.Geometry!;

        Assert.That(KernelTraits.RequestFlags(FlagsAt(rig, g.BlockToSector(g.JournalStartBlock))), Is.EqualTo(0x29800));
        Assert.That(KernelTraits.RequestFlags(FlagsAt(rig, g.SuperblockSector)), Is.EqualTo(0x23800));
        var logBlock = rig.Device.Submitted.First(b => b.Op == BioOp.Write && b.Sector > g.BlockToSector(g.JournalStartBlock));
        Assert.That(KernelTraits.RequestFlags(logBlock.Flags), Is.EqualTo(0x9800));
    }

    [Test]
    public void V419_JournalAndSuperblockWrites_AreSyncMeta_WithoutIdleOrPrio()
    {
        var rig = Failed(KernelVersion.V4_19);
        var g = rig.Fs.Geometry!;

        Assert.That(FlagsAt(rig, g.SuperblockSector) & (BioFlags.Idle | BioFlags.Prio), Is.EqualTo(BioFlags.None));
        Assert.That(FlagsAt(rig, g.BlockToSector(g.JournalStartBlock)) & (BioFlags.Idle | BioFlags.Prio), Is.EqualTo(BioFlags.None));
    }
}
