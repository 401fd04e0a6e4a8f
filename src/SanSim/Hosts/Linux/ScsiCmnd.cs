using SanSim.Engine;
using SanSim.Hosts.Transport;

namespace SanSim.Hosts.Linux;

/// <summary>The midlayer's decision for a completed command (scsi_decide_disposition's return values).</summary>
internal enum Disposition
{
    Success,
    NeedsRetry,
    AddToMlqueue,
    Failed,
}

/// <summary>
/// One SCSI command of an sd device (struct scsi_cmnd): its CDB, the request it serves (or the internal caller),
/// retry count against <see cref="Allowed"/>, its allocation time for the runtime bound and its timer.
/// </summary>
internal sealed class ScsiCmnd
{
    public ScsiCmnd(byte[] cdb, int allowed, SimTime timeout, SimTime allocated, long causeId)
    {
        Cdb = cdb;
        Allowed = allowed;
        Timeout = timeout;
        AllocTime = allocated;
        CauseId = causeId;
    }

    public byte[] Cdb { get; }
    public byte[]? DataOut { get; init; }
    public int DataInLength { get; init; }

    /// <summary>The block request it carries; null for sd's and the error handler's own commands.</summary>
    public BlockRequest? Request { get; init; }

    /// <summary>For an internal command: called once with the response (null when it timed out or was refused).</summary>
    public Action<ScsiResponse?>? InternalDone { get; init; }

    public int Allowed { get; }
    public int Retries { get; set; }
    public SimTime Timeout { get; }
    public SimTime AllocTime { get; }

    /// <summary>Trace id of the event the command serves (the bio's cause, then the latest response).</summary>
    public long CauseId { get; set; }

    /// <summary>The block layer tag of the current attempt ("tag#97").</summary>
    public int Tag { get; set; }

    /// <summary>The transport's task tag of the current attempt (for ABORT TASK).</summary>
    public ulong PathTag { get; set; }

    /// <summary>Bumped per attempt and when the error handler takes the command: late answers of an older attempt are ignored.</summary>
    public int Generation { get; set; }

    public ScheduledEvent? Timer { get; set; }

    /// <summary>SCSI_EH_ABORT_SCHEDULED: the command timed out once and was aborted; a second timeout escalates.</summary>
    public bool AbortScheduled { get; set; }

    /// <summary>The last response, or null when it timed out.</summary>
    public ScsiResponse? Last { get; set; }

    /// <summary>The host byte of the result (DID_*).</summary>
    public HostByte HostByte { get; set; }
}

/// <summary>A bio on its way through sd: it is completed exactly once.</summary>
internal sealed class BlockRequest
{
    private bool _completed;

    public BlockRequest(Bio bio) => Bio = bio;

    public Bio Bio { get; }

    /// <summary>The op the failing request carried (FLUSH for a preflush that failed).</summary>
    public BioOp FailedOp { get; set; }

    /// <summary>The flush sent ahead of a REQ_PREFLUSH write: its failure prints only the flush request's line.</summary>
    public bool PreflushOfWrite { get; init; }

    public bool Completed => _completed;

    /// <summary>The blk_status_t a failure ends it with; BLK_STS_IOERR unless the midlayer says otherwise.</summary>
    public BlkStatus Status { get; set; } = BlkStatus.IoErr;

    public void Complete(int error, long causeId)
    {
        if (_completed) return;
        _completed = true;
        Bio.Status = error == 0 ? BlkStatus.Ok : Status;
        Bio.Complete(Bio, error, causeId);
    }
}
