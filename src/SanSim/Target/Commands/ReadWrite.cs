using System.Buffers.Binary;
using SanSim.Scsi;

namespace SanSim.Target.Commands;

/// <summary>
/// The data path over the LUN's sparse store (ctl_read_write, ctl_verify, ctl_cnw, ctl_write_same, ctl_unmap,
/// ctl_sync_cache, ctl_format, and the block backend behind them).
/// </summary>
internal static class BlockCommands
{
    /// <summary>
    /// READ and WRITE (6/10/12/16), WRITE AND VERIFY (10/16). LBA range first (05/21/00, INFORMATION = the
    /// first LBA past the end or the LBA), then a zero transfer length completes with GOOD and moves nothing.
    /// DPO and FUA are accepted; the store has no cache to bypass.
    /// </summary>
    public static ScsiCompletion ReadWrite(CtlTarget target, ref CommandContext ctx)
    {
        var lun = ctx.Lun!;
        ref readonly var cdb = ref ctx.Cdb;
        if (!InRange(lun, cdb.Lba, cdb.TransferLength, out var range)) return range;
        if (cdb.TransferLength == 0) return ScsiCompletion.Good();
        long bytes = (long)cdb.TransferLength * lun.BlockSize;
        if (cdb.IsRead)
        {
            // Only what fits the initiator's buffer is moved.
            int bs = lun.BlockSize;
            long full = Math.Min(cdb.TransferLength, ctx.DataIn.Length / bs);
            int moved = (int)(full * bs);
            lun.Store.Read(cdb.Lba, ctx.DataIn[..moved]);
            if (full < cdb.TransferLength && ctx.DataIn.Length > moved)
            {
                Span<byte> tail = stackalloc byte[bs];
                lun.Store.Read(cdb.Lba + (ulong)full, tail);
                int rest = ctx.DataIn.Length - moved;
                tail[..rest].CopyTo(ctx.DataIn[moved..]);
                moved += rest;
            }
            return ScsiCompletion.Good(moved);
        }
        if (!ctx.TryGetDataOut(bytes, out var data, out var shortData)) return shortData;
        lun.Store.Write(cdb.Lba, data);
        return ScsiCompletion.Good();
    }

    /// <summary>VERIFY (10/12/16): with BYTCHK (byte 1 bit 1) compares the data-out with the medium, 0E/1D/00 on a miscompare.</summary>
    public static ScsiCompletion Verify(CtlTarget target, ref CommandContext ctx)
    {
        var lun = ctx.Lun!;
        ref readonly var cdb = ref ctx.Cdb;
        if (!InRange(lun, cdb.Lba, cdb.TransferLength, out var range)) return range;
        if (cdb.TransferLength == 0) return ScsiCompletion.Good();
        bool byteCheck = (ctx.Raw[1] & 0x02) != 0;
        if (!byteCheck) return ScsiCompletion.Good();
        long bytes = (long)cdb.TransferLength * lun.BlockSize;
        if (!ctx.TryGetDataOut(bytes, out var data, out var shortData)) return shortData;
        return Compare(lun, cdb.Lba, data);
    }

    /// <summary>COMPARE AND WRITE: compares the first half of the data-out with the medium, then writes the second half.</summary>
    public static ScsiCompletion CompareAndWrite(CtlTarget target, ref CommandContext ctx)
    {
        var lun = ctx.Lun!;
        ref readonly var cdb = ref ctx.Cdb;
        uint blocks = cdb.CompareBlocks;
        if (!InRange(lun, cdb.Lba, blocks, out var range)) return range;
        if (blocks == 0) return ScsiCompletion.Good();
        long half = (long)blocks * lun.BlockSize;
        if (!ctx.TryGetDataOut(2 * half, out var data, out var shortData)) return shortData;
        var compared = Compare(lun, cdb.Lba, data[..(int)half]);
        if (!compared.IsGood) return compared;
        lun.Store.Write(cdb.Lba, data.Slice((int)half, (int)half));
        return ScsiCompletion.Good();
    }

    /// <summary>
    /// WRITE SAME (10/16): one block of data-out (zeros with NDOB) written to every block of the range; a
    /// length of 0 means up to the last LBA. With UNMAP (or ANCHOR) the range is deallocated and reads as zeros.
    /// LBDATA puts each block's LBA in its first four bytes; PBDATA is not supported (05/24/00).
    /// </summary>
    public static ScsiCompletion WriteSame(CtlTarget target, ref CommandContext ctx)
    {
        var lun = ctx.Lun!;
        ref readonly var cdb = ref ctx.Cdb;
        byte byte1 = ctx.Raw[1];
        if (!cdb.Unmap && cdb.Anchor) return ScsiCompletion.Check(SenseInfo.InvalidFieldInCdb(1, 0));
        if (!InRange(lun, cdb.Lba, cdb.TransferLength, out var range)) return range;
        ulong count = cdb.TransferLength == 0 ? lun.BlockCount - cdb.Lba : cdb.TransferLength;

        Span<byte> block = stackalloc byte[lun.BlockSize];
        block.Clear();
        if (!cdb.NoDataOutBuffer)
        {
            if (!ctx.TryGetDataOut(lun.BlockSize, out var data, out var shortData)) return shortData;
            data.CopyTo(block);
        }
        if ((byte1 & 0x04) != 0) return ScsiCompletion.Check(SenseInfo.InvalidFieldInCdb(1));
        if (cdb.Unmap || cdb.Anchor)
        {
            if (!lun.UnmapSupported) return ScsiCompletion.Check(SenseInfo.InvalidFieldInCdb(1));
            lun.Store.Unmap(cdb.Lba, count);
            return ScsiCompletion.Good();
        }
        bool lbdata = (byte1 & 0x02) != 0;
        if (!lbdata && block.IndexOfAnyExcept((byte)0) < 0)
        {
            lun.Store.Unmap(cdb.Lba, count);
            return ScsiCompletion.Good();
        }
        for (ulong i = 0; i < count; i++)
        {
            if (lbdata) BinaryPrimitives.WriteUInt32BigEndian(block[..4], (uint)(cdb.Lba + i));
            lun.Store.Write(cdb.Lba + i, block);
        }
        return ScsiCompletion.Good();
    }

    /// <summary>
    /// UNMAP with its parameter list (8-byte header, 16-byte block descriptors). A malformed list is 05/26/00
    /// without a field pointer, as CTL reports it; any descriptor out of range fails the whole command.
    /// </summary>
    public static ScsiCompletion Unmap(CtlTarget target, ref CommandContext ctx)
    {
        var lun = ctx.Lun!;
        if (!lun.UnmapSupported) return ScsiCompletion.Check(CtlSense.InvalidOpcode);
        int len = (int)ctx.Cdb.AllocationLength;
        if (!ctx.TryGetDataOut(len, out var p, out var shortData)) return shortData;
        var badList = ScsiCompletion.Check(SenseInfo.IllegalRequest(AscAscq.InvalidFieldInParameterList));
        if (len < 8) return badList;
        int dataLen = BinaryPrimitives.ReadUInt16BigEndian(p[..2]);
        int descLen = BinaryPrimitives.ReadUInt16BigEndian(p.Slice(2, 2));
        if (len < dataLen + 2 || len < descLen + 8 || descLen % 16 != 0) return badList;
        var descs = p.Slice(8, descLen);
        for (int o = 0; o < descs.Length; o += 16)
        {
            ulong lba = BinaryPrimitives.ReadUInt64BigEndian(descs.Slice(o, 8));
            uint n = BinaryPrimitives.ReadUInt32BigEndian(descs.Slice(o + 8, 4));
            if (!InRange(lun, lba, n, out var range)) return range;
        }
        for (int o = 0; o < descs.Length; o += 16)
        {
            ulong lba = BinaryPrimitives.ReadUInt64BigEndian(descs.Slice(o, 8));
            uint n = BinaryPrimitives.ReadUInt32BigEndian(descs.Slice(o + 8, 4));
            if (n != 0) lun.Store.Unmap(lba, n);
        }
        return ScsiCompletion.Good();
    }

    /// <summary>SYNCHRONIZE CACHE (10/16): checks the range, then flushes (the store has nothing to flush).</summary>
    public static ScsiCompletion SynchronizeCache(CtlTarget target, ref CommandContext ctx)
    {
        var lun = ctx.Lun!;
        ulong lba = ctx.Cdb.Lba, n = ctx.Cdb.TransferLength;
        if (lba + n < lba || lba + n > lun.BlockCount)
            return ScsiCompletion.Check(CtlSense.LbaOutOfRange(Math.Max(lba, lun.BlockCount)));
        return ScsiCompletion.Good();
    }

    /// <summary>FORMAT UNIT: GOOD; with FMTDATA the parameter header is read and a non-zero defect list length is 05/26/00.</summary>
    public static ScsiCompletion FormatUnit(CtlTarget target, ref CommandContext ctx)
    {
        byte b1 = ctx.Raw[1];
        if ((b1 & 0x10) == 0) return ScsiCompletion.Good();
        bool longList = (b1 & 0x20) != 0;
        int len = longList ? 8 : 4;
        if (!ctx.TryGetDataOut(len, out var h, out var shortData)) return shortData;
        long defects = longList ? BinaryPrimitives.ReadUInt32BigEndian(h.Slice(4, 4)) : BinaryPrimitives.ReadUInt16BigEndian(h.Slice(2, 2));
        return defects != 0 ? ScsiCompletion.Check(SenseInfo.InvalidFieldInParameterList(2)) : ScsiCompletion.Good();
    }

    /// <summary>
    /// GET LBA STATUS: one descriptor from the LBA to the end of its run of mapped (0) or deallocated (1)
    /// blocks, as the block backend answers from the file's holes. An LBA past the end is 05/21/00.
    /// </summary>
    public static ScsiCompletion GetLbaStatus(CtlTarget target, ref CommandContext ctx)
    {
        var lun = ctx.Lun!;
        ulong lba = ctx.Cdb.Lba;
        if (lun.BlockCount == 0 || lba > lun.BlockCount - 1)
            return ScsiCompletion.Check(CtlSense.LbaOutOfRange(lba));
        bool mapped = lun.Store.IsWritten(lba);
        ulong end = lun.Store.RunEnd(lba, lun.BlockCount);
        var d = new byte[24];
        BinaryPrimitives.WriteUInt32BigEndian(d.AsSpan(0, 4), 20);
        BinaryPrimitives.WriteUInt64BigEndian(d.AsSpan(8, 8), lba);
        BinaryPrimitives.WriteUInt32BigEndian(d.AsSpan(16, 4), (uint)Math.Min(uint.MaxValue, end - lba));
        d[20] = (byte)(mapped ? 0 : 1);
        return ScsiCompletion.Good(ctx.ReturnData(d, ctx.Cdb.AllocationLength));
    }

    /// <summary>CTL's range check: the range must end at or before the last LBA + 1 and must not wrap.</summary>
    internal static bool InRange(CtlLun lun, ulong lba, ulong blocks, out ScsiCompletion error)
    {
        ulong end = lba + blocks;
        if (end < lba || end > lun.BlockCount)
        {
            error = ScsiCompletion.Check(CtlSense.LbaOutOfRange(Math.Max(lba, lun.BlockCount)));
            return false;
        }
        error = default;
        return true;
    }

    /// <summary>Compares <paramref name="expected"/> with the medium from <paramref name="lba"/>: 0E/1D/00 with the offset of the first differing byte in INFORMATION.</summary>
    private static ScsiCompletion Compare(CtlLun lun, ulong lba, ReadOnlySpan<byte> expected)
    {
        var actual = new byte[lun.BlockSize];
        int blocks = expected.Length / lun.BlockSize;
        for (int i = 0; i < blocks; i++)
        {
            lun.Store.Read(lba + (ulong)i, actual);
            var want = expected.Slice(i * lun.BlockSize, lun.BlockSize);
            int at = want.CommonPrefixLength(actual);
            if (at < lun.BlockSize)
            {
                ulong offset = (ulong)i * (ulong)lun.BlockSize + (ulong)at;
                return ScsiCompletion.Check(new SenseInfo(SenseKey.Miscompare, AscAscq.MiscompareDuringVerifyOperation, Information: offset));
            }
        }
        return ScsiCompletion.Good();
    }
}
