namespace SanSim.Hosts.Linux;

/// <summary>The operation of a block I/O request (REQ_OP_*).</summary>
public enum BioOp
{
    Read,
    Write,
    /// <summary>A cache flush with no data (REQ_OP_FLUSH / REQ_PREFLUSH alone): SYNCHRONIZE CACHE.</summary>
    Flush,
}

/// <summary>Request flags that change how the block layer and sd issue a bio (REQ_*).</summary>
[Flags]
public enum BioFlags
{
    None = 0,
    /// <summary>REQ_FUA: write through to stable media (FUA bit in the CDB).</summary>
    Fua = 1 << 0,
    /// <summary>REQ_PREFLUSH: flush the cache before this write.</summary>
    Preflush = 1 << 1,
    /// <summary>REQ_META: filesystem metadata.</summary>
    Meta = 1 << 2,
    /// <summary>REQ_SYNC: someone waits for it.</summary>
    Sync = 1 << 3,
    /// <summary>REQ_PRIO: boosted priority metadata (ext4 superblock writes).</summary>
    Prio = 1 << 4,
    /// <summary>REQ_IDLE: no more I/O follows soon (jbd2 commit writes).</summary>
    Idle = 1 << 5,
}

/// <summary>
/// A block I/O request from a filesystem to a block device, in 512-byte sectors as the block layer counts
/// them. <see cref="Complete"/> is called once, later in virtual time, with 0 or a negative errno (-EIO).
/// </summary>
public sealed class Bio
{
    public const int SectorSize = 512;

    public Bio(BioOp op, ulong sector, byte[] data, BioFlags flags, Action<Bio, int, long> complete, long causeId = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(complete);
        if (data.Length % SectorSize != 0)
            throw new ArgumentException("bio data must be whole 512-byte sectors", nameof(data));
        Op = op;
        Sector = sector;
        Data = data;
        Flags = flags;
        Complete = complete;
        CauseId = causeId;
    }

    public BioOp Op { get; }

    /// <summary>First 512-byte sector.</summary>
    public ulong Sector { get; }

    /// <summary>Data to write, or the buffer a read fills.</summary>
    public byte[] Data { get; }

    public BioFlags Flags { get; }

    public int SectorCount => Data.Length / SectorSize;

    /// <summary>Physical segments of the request (the block log's "phys_seg"); 0 means one per started 4 KiB page.</summary>
    public int PhysicalSegments { get; init; }

    /// <summary>Trace id of the event that made the filesystem issue this bio.</summary>
    public long CauseId { get; }

    /// <summary>
    /// Called once on completion: the bio, 0 or a negative errno (<see cref="Errno.EIO"/>), and the trace id
    /// of the event that decided the outcome (the failed command's log line, for an error).
    /// </summary>
    public Action<Bio, int, long> Complete { get; }

    /// <summary>
    /// The blk_status_t the device ended the bio with (bi_status): <see cref="BlkStatus.Ok"/> on success. A stacking
    /// driver such as dm-multipath reads it in its completion to tell path errors from target errors.
    /// </summary>
    public BlkStatus Status { get; set; }
}

/// <summary>The errno values the block and filesystem models return (negated, as the kernel does).</summary>
public static class Errno
{
    public const int ENOENT = 2;
    public const int EIO = 5;
    public const int EROFS = 30;
    public const int ENOSPC = 28;
    public const int EBUSY = 16;
    public const int EINVAL = 22;
}
