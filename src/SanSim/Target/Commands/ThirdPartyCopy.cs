using System.Buffers.Binary;
using SanSim.Scsi;

namespace SanSim.Target.Commands;

/// <summary>One EXTENDED COPY parameter list as the LUN keeps it (struct tpc_list): who sent it, its id and how far it got.</summary>
internal sealed class CopyList
{
    public required Nexus Owner { get; init; }
    public required byte ListId { get; init; }
    /// <summary>The parameter list's flags byte (LIST ID USAGE in bits 3-4).</summary>
    public required byte Flags { get; init; }
    public int SegmentsProcessed { get; set; }
    public long BytesCopied { get; set; }
    public bool Completed { get; set; }
    public bool Failed { get; set; }
    /// <summary>The sense the EXTENDED COPY command ended with (RECEIVE COPY FAILURE DETAILS returns it).</summary>
    public SenseInfo Sense { get; set; }

    /// <summary>LIST ID USAGE 11b: the list id is not held, so the list is forgotten when the copy ends.</summary>
    public bool Held => (Flags & ThirdPartyCopyCommands.ListIdUsageMask) != ThirdPartyCopyCommands.ListIdUsageNone;
}

/// <summary>
/// Third-party copy as ctl_tpc.c runs it inside the target: EXTENDED COPY (LID1) with identification
/// descriptor CSCDs (E4h) and block→block segments (02h), RECEIVE COPY STATUS (LID1), RECEIVE COPY
/// OPERATING PARAMETERS and RECEIVE COPY FAILURE DETAILS. A copy runs to its end inside the command, so
/// RECEIVE COPY STATUS only ever sees finished lists. The COMMAND-SPECIFIC INFORMATION (segment number) and
/// forwarded sense descriptors CTL adds to COPY ABORTED sense are not carried, and a CSCD block length other than
/// the LUN's ends the copy with 0A/0D/01.
/// </summary>
internal static class ThirdPartyCopyCommands
{
    /// <summary>TPC_MAX_CSCDS, TPC_MAX_SEGS, TPC_MAX_SEG, TPC_MAX_LIST, TPC_MAX_INLINE, TPC_MAX_LISTS, TPC_MAX_IO_SIZE.</summary>
    public const int MaxCscds = 64, MaxSegments = 64, MaxSegmentLength = 0, MaxList = 8192, MaxInline = 0, MaxLists = 255,
        MaxIoSize = 1024 * 1024;
    /// <summary>Sizes of the LID1 parameter list header, a CSCD descriptor and a segment descriptor header.</summary>
    private const int HeaderLength = 16, CscdLength = 32, SegmentHeaderLength = 4;
    /// <summary>Descriptor type codes: block→block segment, verify CSCD segment, register key segment, identification CSCD.</summary>
    public const byte SegmentBlockToBlock = 0x02, SegmentVerify = 0x07, SegmentRegisterKey = 0x14, CscdIdentification = 0xE4;
    /// <summary>EC_LIST_ID_USAGE_MASK and EC_LIST_ID_USAGE_NONE.</summary>
    public const byte ListIdUsageMask = 0x18, ListIdUsageNone = 0x18;
    /// <summary>EC_LUIDT_MASK, EC_LUIDT_LUN and EC_NUL of a CSCD descriptor's byte 1.</summary>
    private const byte LuIdTypeMask = 0xC0, LuIdTypeLun = 0x00, Nul = 0x20;
    /// <summary>EC_SEG_DC: the segment's block count is in destination blocks.</summary>
    private const byte DestinationCount = 0x02;
    /// <summary>COPY STATUS values (RCS_CCS_*) and the byte unit of the transfer count.</summary>
    private const byte StatusInProgress = 0x00, StatusCompleted = 0x01, StatusError = 0x02, UnitBytes = 0x00, UnitMebibytes = 0xF1;

    /// <summary>26/06 TOO MANY TARGET DESCRIPTORS, 26/07 UNSUPPORTED TARGET DESCRIPTOR TYPE CODE, 26/08 TOO MANY SEGMENT DESCRIPTORS, 26/09 UNSUPPORTED SEGMENT DESCRIPTOR TYPE CODE.</summary>
    private static readonly AscAscq TooManyTargetDescriptors = new(0x26, 0x06), UnsupportedTargetDescriptor = new(0x26, 0x07),
        TooManySegmentDescriptors = new(0x26, 0x08), UnsupportedSegmentDescriptor = new(0x26, 0x09);
    /// <summary>08/04 UNREACHABLE COPY TARGET, 26/0A UNEXPECTED INEXACT SEGMENT, 0D/01 THIRD PARTY DEVICE FAILURE (key COPY ABORTED).</summary>
    private static readonly AscAscq UnreachableCopyTarget = new(0x08, 0x04), UnexpectedInexactSegment = new(0x26, 0x0A),
        ThirdPartyDeviceFailure = new(0x0D, 0x01);

    /// <summary>EXTENDED COPY (LID1), ctl_extended_copy_lid1 then tpc_process.</summary>
    public static ScsiCompletion ExtendedCopyLid1(CtlTarget target, ref CommandContext ctx)
    {
        var lun = ctx.Lun!;
        long len = ctx.Cdb.AllocationLength;
        if (len == 0) return ScsiCompletion.Good();
        if (len < HeaderLength || len > HeaderLength + MaxList + MaxInline)
            return ScsiCompletion.Check(SenseInfo.InvalidFieldInCdb(9));
        if (!ctx.TryGetDataOut(len, out var p, out var shortData)) return shortData;

        int lenCscd = BinaryPrimitives.ReadUInt16BigEndian(p[2..]);
        long lenSeg = BinaryPrimitives.ReadUInt32BigEndian(p[8..]);
        long lenInline = BinaryPrimitives.ReadUInt32BigEndian(p[12..]);
        if (lenCscd > MaxCscds * CscdLength) return ScsiCompletion.Check(SenseInfo.IllegalRequest(TooManyTargetDescriptors));
        if (lenSeg > MaxSegments * SegmentHeaderLength) return ScsiCompletion.Check(SenseInfo.IllegalRequest(TooManySegmentDescriptors));
        if (lenCscd + lenSeg > MaxList || lenInline > MaxInline || len < HeaderLength + lenCscd + lenSeg + lenInline)
            return ScsiCompletion.Check(SenseInfo.IllegalRequest(AscAscq.ParameterListLengthError));

        var cscds = p.Slice(HeaderLength, lenCscd);
        for (int off = 0; off < cscds.Length; off += CscdLength)
            if (cscds[off] != CscdIdentification) return ScsiCompletion.Check(SenseInfo.IllegalRequest(UnsupportedTargetDescriptor));

        var segList = p.Slice(HeaderLength + lenCscd, (int)lenSeg);
        var segments = new List<int>();
        for (int off = 0; off < segList.Length;)
        {
            if (segments.Count >= MaxSegments) return ScsiCompletion.Check(SenseInfo.IllegalRequest(TooManySegmentDescriptors));
            byte type = segList[off];
            if (type is not (SegmentBlockToBlock or SegmentVerify or SegmentRegisterKey))
                return ScsiCompletion.Check(SenseInfo.IllegalRequest(UnsupportedSegmentDescriptor));
            segments.Add(off);
            int descrLength = off + 4 <= segList.Length ? BinaryPrimitives.ReadUInt16BigEndian(segList.Slice(off + 2, 2)) : 0;
            off += SegmentHeaderLength + descrLength;
        }

        var list = new CopyList { Owner = ctx.Nexus, ListId = p[0], Flags = p[1] };
        if (list.Held)
        {
            var old = Find(lun, list.ListId, ctx.Nexus);
            if (old is { Completed: false }) return ScsiCompletion.Check(SenseInfo.InvalidFieldInParameterList(0));
            if (old is not null) lun.CopyLists.Remove(old);
        }
        lun.CopyLists.Add(list);

        var result = Run(target, lun, ctx.Port, cscds, segList, segments, list);
        list.Completed = true;
        list.Failed = result.Status != ScsiStatus.Good;
        list.Sense = result.Sense;
        if (!list.Held) lun.CopyLists.Remove(list);
        return result;
    }

    /// <summary>tpc_process: the segments in order; the first that fails ends the copy.</summary>
    private static ScsiCompletion Run(CtlTarget target, CtlLun lun, CtlPort? port, ReadOnlySpan<byte> cscds, ReadOnlySpan<byte> segList,
        List<int> segments, CopyList list)
    {
        for (; list.SegmentsProcessed < segments.Count; list.SegmentsProcessed++)
        {
            var seg = segList[segments[list.SegmentsProcessed]..];
            var done = seg[0] switch
            {
                SegmentBlockToBlock => BlockToBlock(target, lun, port, cscds, seg, list),
                SegmentVerify => Verify(target, lun, port, cscds, seg),
                _ => ScsiCompletion.Good(),
            };
            if (done.Status != ScsiStatus.Good) return done;
        }
        return ScsiCompletion.Good();
    }

    /// <summary>tpc_process_b2b: resolve both CSCDs, then read and write in chunks of at most 1 MiB.</summary>
    private static ScsiCompletion BlockToBlock(CtlTarget target, CtlLun lun, CtlPort? port, ReadOnlySpan<byte> cscds, ReadOnlySpan<byte> seg, CopyList list)
    {
        if (seg.Length < 28) return Aborted(UnreachableCopyTarget);
        ushort srcIndex = BinaryPrimitives.ReadUInt16BigEndian(seg[4..]);
        ushort dstIndex = BinaryPrimitives.ReadUInt16BigEndian(seg[6..]);
        var src = Resolve(target, lun, port, cscds, srcIndex, out int srcBlock);
        var dst = Resolve(target, lun, port, cscds, dstIndex, out int dstBlock);
        if (src is null || dst is null) return Aborted(UnreachableCopyTarget);
        int blocks = BinaryPrimitives.ReadUInt16BigEndian(seg[10..]);
        long bytes = (long)blocks * ((seg[1] & DestinationCount) != 0 ? dstBlock : srcBlock);
        ulong srcLba = BinaryPrimitives.ReadUInt64BigEndian(seg[12..]);
        ulong dstLba = BinaryPrimitives.ReadUInt64BigEndian(seg[20..]);
        if (bytes == 0) return ScsiCompletion.Good();
        if (srcBlock <= 0 || dstBlock <= 0 || bytes % srcBlock != 0 || bytes % dstBlock != 0) return Aborted(UnexpectedInexactSegment);
        // CTL would send the LUN reads and writes counted in the CSCD's block length but sized in bytes; the model
        // does not carry such a mismatch and ends the copy as a failed third-party I/O.
        if (srcBlock != src.BlockSize || dstBlock != dst.BlockSize) return Aborted(ThirdPartyDeviceFailure);

        for (long done = 0; done < bytes;)
        {
            long round = Math.Min(bytes - done, MaxIoSize);
            if (round < bytes - done) round -= round % dstBlock;
            if (round <= 0) round = Math.Min(bytes - done, dstBlock);
            ulong srcCount = (ulong)(round / srcBlock), dstCount = (ulong)(round / dstBlock);
            if (!BlockCommands.InRange(src, srcLba, srcCount, out _) || !BlockCommands.InRange(dst, dstLba, dstCount, out _))
                return Aborted(ThirdPartyDeviceFailure);
            var buffer = new byte[round];
            src.Store.Read(srcLba, buffer);
            for (ulong i = 0; i < dstCount; i++) dst.Store.Write(dstLba + i, buffer.AsSpan((int)(i * (ulong)dst.BlockSize), dst.BlockSize));
            done += round;
            srcLba += srcCount;
            dstLba += dstCount;
        }
        list.BytesCopied += bytes;
        return ScsiCompletion.Good();
    }

    /// <summary>tpc_process_verify: the CSCD must resolve to a LUN (the TUR CTL sends to it succeeds in the model).</summary>
    private static ScsiCompletion Verify(CtlTarget target, CtlLun lun, CtlPort? port, ReadOnlySpan<byte> cscds, ReadOnlySpan<byte> seg)
    {
        if (seg.Length < 6) return Aborted(UnreachableCopyTarget);
        ushort index = BinaryPrimitives.ReadUInt16BigEndian(seg[4..]);
        return Resolve(target, lun, port, cscds, index, out _) is null ? Aborted(UnreachableCopyTarget) : ScsiCompletion.Good();
    }

    /// <summary>
    /// tpc_resolve and tpcl_resolve: index FFFFh is the LUN the command went to; any other index names an
    /// identification CSCD whose designator must match one of a LUN's own designators (scsi_devid_match), among the
    /// LUNs mapped to the port the command came through. A CSCD's non-zero block length overrides the LUN's.
    /// </summary>
    private static CtlLun? Resolve(CtlTarget target, CtlLun lun, CtlPort? port, ReadOnlySpan<byte> cscds, ushort index, out int blockSize)
    {
        blockSize = 0;
        CtlLun? found = null;
        if (index == 0xFFFF)
        {
            found = lun;
        }
        else
        {
            if (index >= cscds.Length / CscdLength) return null;
            var cscd = cscds.Slice(index * CscdLength, CscdLength);
            if (cscd[0] != CscdIdentification || (cscd[1] & LuIdTypeMask) != LuIdTypeLun || (cscd[1] & Nul) != 0) return null;
            int idLength = cscd[7];
            if (4 + idLength > CscdLength - 4) return null;
            var wanted = cscd.Slice(4, 4 + idLength);
            foreach (var candidate in target.Luns.Values)
            {
                if (port is not null && (candidate.Id < 0 || port.LunMap.ToPortLun((uint)candidate.Id) is null)) continue;
                if (InquiryCommands.MatchesDesignator(candidate, wanted))
                {
                    found = candidate;
                    break;
                }
            }
            if (found is null) return null;
        }
        blockSize = found.BlockSize;
        if (index != 0xFFFF)
        {
            var dtsp = cscds.Slice(index * CscdLength + 29, 3);
            int override_ = (dtsp[0] << 16) | (dtsp[1] << 8) | dtsp[2];
            if (override_ != 0) blockSize = override_;
        }
        return found;
    }

    private static ScsiCompletion Aborted(AscAscq code) => ScsiCompletion.Check(new SenseInfo(SenseKey.CopyAborted, code));

    private static CopyList? Find(CtlLun lun, byte listId, Nexus owner)
    {
        foreach (var l in lun.CopyLists)
            if (l.Held && l.ListId == listId && l.Owner == owner) return l;
        return null;
    }

    /// <summary>RECEIVE COPY STATUS (LID1), ctl_receive_copy_status_lid1: a finished list is forgotten once reported.</summary>
    public static ScsiCompletion CopyStatusLid1(CtlTarget target, ref CommandContext ctx)
    {
        var lun = ctx.Lun!;
        var list = Find(lun, ctx.Raw[2], ctx.Nexus);
        if (list is null) return ScsiCompletion.Check(SenseInfo.InvalidFieldInCdb(2));
        if (list.Completed) lun.CopyLists.Remove(list);
        Span<byte> d = stackalloc byte[12];
        d.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(d, 8);
        d[4] = list.Completed ? list.Failed ? StatusError : StatusCompleted : StatusInProgress;
        BinaryPrimitives.WriteUInt16BigEndian(d[5..], (ushort)list.SegmentsProcessed);
        if (list.BytesCopied <= uint.MaxValue)
        {
            d[7] = UnitBytes;
            BinaryPrimitives.WriteUInt32BigEndian(d[8..], (uint)list.BytesCopied);
        }
        else
        {
            d[7] = UnitMebibytes;
            BinaryPrimitives.WriteUInt32BigEndian(d[8..], (uint)(list.BytesCopied >> 20));
        }
        return ScsiCompletion.Good(ctx.ReturnData(d, ctx.Cdb.AllocationLength));
    }

    /// <summary>RECEIVE COPY FAILURE DETAILS (LID1), ctl_receive_copy_failure_details: only for a finished list, which is then forgotten.</summary>
    public static ScsiCompletion CopyFailureDetails(CtlTarget target, ref CommandContext ctx)
    {
        var lun = ctx.Lun!;
        var list = Find(lun, ctx.Raw[2], ctx.Nexus);
        if (list is not { Completed: true }) return ScsiCompletion.Check(SenseInfo.InvalidFieldInCdb(2));
        lun.CopyLists.Remove(list);
        Span<byte> sense = stackalloc byte[252];
        int senseLength = list.Failed ? CtlTarget.WriteSense(lun, list.Sense, sense) : 0;
        var d = new byte[60 + senseLength];
        if (list.Failed)
        {
            BinaryPrimitives.WriteUInt32BigEndian(d, (uint)(d.Length - 4));
            d[56] = StatusError;
        }
        BinaryPrimitives.WriteUInt16BigEndian(d.AsSpan(58), (ushort)senseLength);
        sense[..senseLength].CopyTo(d.AsSpan(60));
        return ScsiCompletion.Good(ctx.ReturnData(d, ctx.Cdb.AllocationLength));
    }

    /// <summary>RECEIVE COPY OPERATING PARAMETERS, ctl_receive_copy_operating_parameters: CTL's limits and its four descriptor codes.</summary>
    public static ScsiCompletion OperatingParameters(CtlTarget target, ref CommandContext ctx)
    {
        Span<byte> d = stackalloc byte[48];
        d.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(d, 44);
        d[4] = 0x01;
        BinaryPrimitives.WriteUInt16BigEndian(d[8..], MaxCscds);
        BinaryPrimitives.WriteUInt16BigEndian(d[10..], MaxSegments);
        BinaryPrimitives.WriteUInt32BigEndian(d[12..], MaxList);
        BinaryPrimitives.WriteUInt32BigEndian(d[16..], MaxSegmentLength);
        BinaryPrimitives.WriteUInt32BigEndian(d[20..], MaxInline);
        BinaryPrimitives.WriteUInt16BigEndian(d[34..], MaxLists);
        d[36] = MaxLists;
        d[43] = 4;
        d[44] = SegmentBlockToBlock;
        d[45] = SegmentVerify;
        d[46] = SegmentRegisterKey;
        d[47] = CscdIdentification;
        return ScsiCompletion.Good(ctx.ReturnData(d, ctx.Cdb.AllocationLength));
    }
}
