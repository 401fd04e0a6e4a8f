namespace SanSim.Scsi;

/// <summary>Checks a target makes on a decoded CDB, with the sense CTL returns when they fail.</summary>
public static class CdbChecks
{
    /// <summary>
    /// The LBA range check of CTL's media commands (<c>ctl_read_write</c>, <c>ctl_verify</c>, <c>ctl_write_same</c>,
    /// <c>ctl_cnw</c>, <c>ctl_sync_cache</c>, UNMAP descriptors): fails when LBA + TRANSFER LENGTH exceeds the
    /// capacity or wraps past 2^64. The sense is 05/21/00 LOGICAL BLOCK ADDRESS OUT OF RANGE with INFORMATION
    /// = max(LBA, capacity), omitted when that is 0 (<c>ctl_set_lba_out_of_range(ctsio, MAX(lba, maxlba + 1))</c>).
    /// A single-LBA command such as GET LBA STATUS is checked with one block (fails when LBA &gt; last LBA).
    /// The wrap test is always applied; the ctl_sync_cache read for this model tests only the upper bound,
    /// which differs only for ranges that wrap past 2^64.
    /// </summary>
    public static bool CheckLbaRange(ulong lba, ulong blocks, ulong blockCount, out SenseInfo sense)
    {
        ulong end = unchecked(lba + blocks);
        if (end > blockCount || end < lba)
        {
            ulong info = Math.Max(lba, blockCount);
            sense = new SenseInfo(SenseKey.IllegalRequest, AscAscq.LbaOutOfRange, Information: info != 0 ? info : null);
            return false;
        }
        sense = default;
        return true;
    }

    /// <summary>
    /// <see cref="CheckLbaRange(ulong, ulong, ulong, out SenseInfo)"/> for the CDB's LBA and TRANSFER LENGTH
    /// (NUMBER OF LOGICAL BLOCKS for COMPARE AND WRITE, SYNCHRONIZE CACHE and WRITE SAME).
    /// </summary>
    public static bool CheckLbaRange(in Cdb cdb, ulong blockCount, out SenseInfo sense) =>
        CheckLbaRange(cdb.Lba, cdb.TransferLength, blockCount, out sense);

    /// <summary>
    /// CTL's <c>ctl_cmd_applicable</c>: a command that CTL does not run on this LUN type (or at all) fails with
    /// 05/20/00 INVALID COMMAND OPERATION CODE.
    /// </summary>
    public static bool CheckApplicable(in Cdb cdb, CdbDeviceTypes lunType, out SenseInfo sense)
    {
        if (cdb.Layout is { } layout && layout.AppliesTo(lunType))
        {
            sense = default;
            return true;
        }
        sense = SenseInfo.IllegalRequest(AscAscq.InvalidCommandOperationCode);
        return false;
    }
}
