using System.Globalization;
using SanSim.Engine;
using SanSim.Hosts.Transport;
using SanSim.Scsi;

namespace SanSim.Hosts.Linux;

public sealed partial class ScsiDisk
{
    /// <summary>The answer of one attempt (scsi_done → scsi_decide_disposition → scsi_softirq_done / scsi_complete).</summary>
    private void OnResponse(ScsiCmnd cmd, int gen, ScsiResponse resp)
    {
        if (cmd.Generation != gen || _host.Panicked) return;
        cmd.Timer?.Cancel();
        cmd.Generation++;
        cmd.Last = resp;
        if (resp.TraceId != 0) cmd.CauseId = resp.TraceId;
        var sense = Normalize(resp);
        if (cmd.InternalDone is { } internalDone)
        {
            if (sense is { } s) ReportSense(s, cmd.CauseId);
            internalDone(resp);
            return;
        }

        cmd.HostByte = HostByte.DidOk;
        Disposition d;
        if (resp.Outcome == TransportOutcome.NoConnection)
        {
            cmd.HostByte = resp.NoConnectionReason switch
            {
                NoConnectionReason.Gone => HostByte.DidNoConnect,
                NoConnectionReason.FastFail => HostByte.DidTransportFailfast,
                _ => _host.Options.NoConnectionHostByte,
            };
            d = Disposition.Success;
        }
        else if (resp.Outcome == TransportOutcome.Aborted)
        {
            cmd.HostByte = HostByte.DidAbort;
            d = Disposition.Success;
        }
        else
        {
            switch (resp.Status)
            {
                case ScsiStatus.Good:
                case ScsiStatus.ConditionMet:
                    Finish(cmd, resp);
                    return;
                case ScsiStatus.CheckCondition:
                    d = sense is { } s ? CheckSense(s, cmd.CauseId) : Disposition.Failed;
                    break;
                case ScsiStatus.Busy:
                case ScsiStatus.TaskSetFull:
                    d = Disposition.AddToMlqueue;
                    break;
                case ScsiStatus.ReservationConflict:
                    // DID_NEXUS_FAILURE (4.19, 5.10) or SCSIML_STAT_RESV_CONFLICT (6.1) picks BLK_STS_NEXUS; the
                    // older kernels reset the host byte to DID_OK when they translate it (__scsi_error_from_host_byte,
                    // scsi_result_to_blk_status), so every version prints hostbyte=DID_OK.
                    cmd.CauseId = SdevPrint("reservation conflict", cmd.CauseId);
                    d = Disposition.Success;
                    break;
                default:
                    d = Disposition.Failed;
                    break;
            }
        }

        if (d == Disposition.NeedsRetry && ++cmd.Retries > cmd.Allowed)
            d = Disposition.Success;
        if (d is Disposition.NeedsRetry or Disposition.AddToMlqueue && RuntimeExceeded(cmd, fromCompletion: true))
            d = Disposition.Success;

        switch (d)
        {
            case Disposition.NeedsRetry:
                Dispatch(cmd);
                break;
            case Disposition.AddToMlqueue:
                Sim.Scheduler.After(_host.Options.DelayedRetryInterval, () => Dispatch(cmd), "requeue");
                break;
            case Disposition.Failed:
                StartErrorHandler(cmd);
                break;
            default:
                IoCompletion(cmd);
                break;
        }
    }

    /// <summary>
    /// scsi_check_sense for a CHECK CONDITION: reports the unit attentions, then NOT READY and UNIT ATTENTION
    /// pass upwards (04/01 and an expected reset attention are retried, 04/02 with allow_restart wakes the error
    /// handler); ABORTED COMMAND (but a protection error) and MEDIUM ERROR other than 11/13/14 are retried; the rest,
    /// HARDWARE ERROR included (retry_hwerror is off for sd), is final.
    /// </summary>
    private Disposition CheckSense(SenseHdr s, long cause)
    {
        ReportSense(s, cause);
        if (s.Deferred) return Disposition.NeedsRetry;
        switch ((SenseKey)s.Key)
        {
            case SenseKey.NoSense:
            case SenseKey.RecoveredError:
                return Disposition.Success;
            case SenseKey.AbortedCommand:
                return s.Asc == 0x10 ? Disposition.Success : Disposition.NeedsRetry;
            case SenseKey.MediumError:
                return s.Asc is 0x11 or 0x13 or 0x14 ? Disposition.Success : Disposition.NeedsRetry;
            case SenseKey.NotReady:
            case SenseKey.UnitAttention:
                if (ExpectingCcUa && !(s.Asc == 0x28 && s.Ascq == 0x00))
                {
                    ExpectingCcUa = false;
                    return Disposition.NeedsRetry;
                }
                if (s.Asc == 0x04 && s.Ascq == 0x01) return Disposition.NeedsRetry;
                if (_host.Options.AllowRestart && s.Asc == 0x04 && s.Ascq == 0x02) return Disposition.Failed;
                return Disposition.Success;
            default:
                return Disposition.Success;
        }
    }

    /// <summary>
    /// The command's runtime bound, (allowed + 1) × timeout from its allocation. When exceeded, prints "timing out
    /// command, waited %lus" where and how the version does (<see cref="KernelTraits.RuntimeExceededUsesScmdPrintk"/>,
    /// <see cref="KernelTraits.RuntimeExceededPrintedByIoCompletion"/>).
    /// </summary>
    private bool RuntimeExceeded(ScsiCmnd cmd, bool fromCompletion)
    {
        var waitFor = new SimTime(cmd.Timeout.Nanoseconds * (cmd.Allowed + 1));
        if (!(cmd.AllocTime + waitFor < Sim.Now)) return false;
        if (!fromCompletion && !Traits.RuntimeExceededPrintedByIoCompletion) return true;
        string text = string.Create(CultureInfo.InvariantCulture, $"timing out command, waited {waitFor.Nanoseconds / SimTime.NanosPerSecond}s");
        cmd.CauseId = Traits.RuntimeExceededUsesScmdPrintk ? ScmdPrint(cmd, text, cmd.CauseId) : SdevPrint(text, cmd.CauseId);
        return true;
    }

    private enum Action
    {
        Fail,
        Retry,
        DelayedRetry,
        DelayedReprep,
    }

    /// <summary>scsi_io_completion for a failed command: scsi_io_completion_action's choice, then fail, retry or requeue.</summary>
    private void IoCompletion(ScsiCmnd cmd)
    {
        var resp = cmd.Last;
        var sense = resp is null ? null : Normalize(resp);
        Action action = Action.Fail;
        if (cmd.HostByte == HostByte.DidReset)
            action = Action.Retry;
        else if (sense is { Deferred: false } s)
        {
            switch ((SenseKey)s.Key)
            {
                case SenseKey.UnitAttention:
                    action = Removable ? Action.Fail : Action.Retry;
                    break;
                case SenseKey.NotReady when s.Asc == 0x04:
                    if (Traits.NotReadyDelayedRetryAscqs.Contains(s.Ascq)) action = Action.DelayedRetry;
                    else if (s.Ascq == 0x0A && Traits.AluaTransitionReprep) action = Action.DelayedReprep;
                    break;
                case SenseKey.RecoveredError:
                    Finish(cmd, resp!);
                    return;
            }
        }
        if (action != Action.Fail && RuntimeExceeded(cmd, fromCompletion: false))
            action = Action.Fail;

        switch (action)
        {
            case Action.Retry:
                Dispatch(cmd);
                return;
            case Action.DelayedRetry:
                Sim.Scheduler.After(_host.Options.DelayedRetryInterval, () => Dispatch(cmd), "delayed retry");
                return;
            case Action.DelayedReprep:
                Sim.Scheduler.After(SimTime.FromSeconds(1), () => Dispatch(cmd), "delayed reprep");
                return;
        }

        long cause = cmd.CauseId;
        if (Klog.Ratelimited(_host.FailedRatelimit, "scsi_io_completion_action", cause))
        {
            long age = (Sim.Now - cmd.AllocTime).Nanoseconds / SimTime.NanosPerSecond;
            cause = ScmdPrint(cmd, KernelFormats.FailedResult(Traits, cmd.HostByte, sense is not null, age), cause);
            if (sense is { } sh)
            {
                cause = ScmdPrint(cmd, KernelFormats.SenseKeyLine(sh.Key, sh.Deferred, sh.Descriptor), cause);
                cause = ScmdPrint(cmd, ScsiConstants.FormatAdditionalSense(sh.Asc, sh.Ascq), cause);
            }
            cause = ScmdPrint(cmd, ScsiConstants.FormatCdb(cmd.Cdb), cause);
        }
        if (cmd.Request is { } rq)
        {
            rq.Status = BlkStatusOf(cmd.HostByte, resp);
            EndRequest(rq, cause);
        }
    }

    /// <summary>
    /// Ends a request with BLK_STS_IOERR: the block layer's error line (printk_ratelimited), then the bio's
    /// completion with -EIO, once. A failed cache flush is the flush machinery's own request (REQ_OP_FLUSH with
    /// only REQ_PREFLUSH, blk-flush.c) and prints its line first; an empty flush bio then prints its own WRITE line
    /// as blk_flush_complete_seq ends it, and a data write after a failed preflush prints its line from its caller.
    /// </summary>
    private void EndRequest(BlockRequest rq, long cause)
    {
        if (rq.Completed) return;
        var bio = rq.Bio;
        if (rq.FailedOp == BioOp.Flush)
        {
            cause = BlockErrorLine(0, BioOp.Flush, BioFlags.Preflush, 0, cause);
            if (!rq.PreflushOfWrite)
                cause = BlockErrorLine(bio.Sector, BioOp.Write, bio.Flags & ~BioFlags.Preflush, 0, cause);
        }
        else
        {
            int segs = bio.PhysicalSegments > 0 ? bio.PhysicalSegments : (bio.Data.Length + 4095) / 4096;
            cause = BlockErrorLine(bio.Sector, rq.FailedOp, bio.Flags & ~BioFlags.Preflush, segs, cause);
        }
        rq.Complete(-Errno.EIO, cause);
    }

    private long BlockErrorLine(ulong sector, BioOp op, BioFlags flags, int segments, long cause) =>
        Klog.Ratelimited(_host.BlockRatelimit, Traits.BlockErrorRatelimitName, cause)
            ? Klog.Print(KernelFormats.BlockIoError(Traits, Name, sector, op, flags, segments), cause)
            : cause;

    /// <summary>A good completion: copy read data and complete the bio with 0.</summary>
    private void Finish(ScsiCmnd cmd, ScsiResponse resp)
    {
        if (cmd.Request is not { } rq) return;
        if (rq.Bio.Op == BioOp.Read)
            resp.DataIn.AsSpan(0, Math.Min(resp.DataIn.Length, rq.Bio.Data.Length)).CopyTo(rq.Bio.Data);
        rq.Complete(0, resp.TraceId != 0 ? resp.TraceId : cmd.CauseId);
    }
}
