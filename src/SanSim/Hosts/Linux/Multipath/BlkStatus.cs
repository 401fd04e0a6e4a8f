namespace SanSim.Hosts.Linux;

/// <summary>
/// blk_status_t: how the block layer ended a request, with the values of include/linux/blk_types.h. Value 6 is
/// BLK_STS_NEXUS in 4.19 to 6.4 and BLK_STS_RESV_CONFLICT afterwards; both mean a reservation conflict here.
/// </summary>
public enum BlkStatus : byte
{
    Ok = 0,
    NotSupp = 1,
    Timeout = 2,
    NoSpc = 3,
    Transport = 4,
    Target = 5,
    Nexus = 6,
    Medium = 7,
    Protection = 8,
    Resource = 9,
    IoErr = 10,
}

/// <summary>Classifications of <see cref="BlkStatus"/> that stacking drivers use.</summary>
public static class BlkStatuses
{
    /// <summary>
    /// blk_path_error: whether retrying on another path may help. NOTSUPP, NOSPC, TARGET, NEXUS (RESV_CONFLICT),
    /// MEDIUM and PROTECTION are not path errors; everything else, BLK_STS_IOERR included, is. (4.19's dm-mpath
    /// calls the same list noretry_error, without PROTECTION, which sd never returns here.)
    /// </summary>
    public static bool IsPathError(this BlkStatus status) => status switch
    {
        BlkStatus.NotSupp or BlkStatus.NoSpc or BlkStatus.Target or BlkStatus.Nexus or BlkStatus.Medium or BlkStatus.Protection => false,
        _ => true,
    };
}
