using System.Buffers.Binary;
using SanSim.Scsi;

namespace SanSim.Target.Commands;

/// <summary>READ CAPACITY(10) and READ CAPACITY(16) (ctl_read_capacity, ctl_read_capacity_16).</summary>
internal static class CapacityCommands
{
    public static ScsiCompletion ReadCapacity10(CtlTarget target, ref CommandContext ctx)
    {
        var lun = ctx.Lun!;
        bool pmi = (ctx.Raw[8] & 0x01) != 0;
        if (!pmi && ctx.Cdb.Lba != 0) return ScsiCompletion.Check(SenseInfo.InvalidFieldInCdb(2));
        Span<byte> d = stackalloc byte[8];
        ulong maxLba = MaxLba(lun);
        BinaryPrimitives.WriteUInt32BigEndian(d[..4], maxLba > 0xFFFFFFFE ? 0xFFFFFFFF : (uint)maxLba);
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(4, 4), (uint)lun.BlockSize);
        return ScsiCompletion.Good(ctx.ReturnData(d, 8));
    }

    public static ScsiCompletion ReadCapacity16(CtlTarget target, ref CommandContext ctx)
    {
        var lun = ctx.Lun!;
        Span<byte> d = stackalloc byte[32];
        d.Clear();
        BinaryPrimitives.WriteUInt64BigEndian(d[..8], MaxLba(lun));
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(8, 4), (uint)lun.BlockSize);
        if (lun.UnmapSupported) d[14] = 0x80 | 0x40;
        return ScsiCompletion.Good(ctx.ReturnData(d, ctx.Cdb.AllocationLength));
    }

    /// <summary>The last LBA (maxlba); 0 for an empty LUN.</summary>
    internal static ulong MaxLba(CtlLun lun) => lun.BlockCount == 0 ? 0 : lun.BlockCount - 1;
}
