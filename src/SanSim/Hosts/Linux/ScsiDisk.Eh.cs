using SanSim.Engine;
using SanSim.Hosts.Transport;
using SanSim.Scsi;

namespace SanSim.Hosts.Linux;

public sealed partial class ScsiDisk
{
    /// <summary>
    /// A command's timer fired (scsi_timeout → scsi_abort_command). The first time, ABORT TASK is sent and the
    /// command retried when it succeeds (scmd_eh_abort_handler); a second timeout of the same command, or a failed
    /// abort, hands it to the error handler. An internal command's timeout is aborted and reported as no answer.
    /// The LLD's eh_timed_out hook is modelled for a path that is recovering its nexus: libiscsi's
    /// iscsi_eh_cmd_timed_out answers BLK_EH_RESET_TIMER while the session is not logged in (and the FC
    /// transport's fc_eh_timed_out while the rport is blocked), so the timer is re-armed and no abort or error
    /// handling starts; the command waits for the transport to come back or to fail it (replacement_timeout,
    /// fast_io_fail_tmo). Only I/O commands; the error handler's own commands time out as before. The NOP-Out
    /// extension of a logged-in session is not modelled.
    /// </summary>
    private void OnTimeout(ScsiCmnd cmd, int gen)
    {
        if (cmd.Generation != gen || _host.Panicked) return;
        if (cmd.InternalDone is null && Path.State == PathState.Recovering)
        {
            cmd.Timer = Sim.Scheduler.After(cmd.Timeout, () => OnTimeout(cmd, gen), "sd command timeout re-armed");
            return;
        }
        cmd.Generation++;
        cmd.Last = null;
        cmd.HostByte = HostByte.DidTimeOut;
        long cause = Sim.Trace.Record(TraceKind.StateChange, _host.Source, $"{Address} tag#{cmd.Tag}: command timed out", cmd.CauseId);
        cmd.CauseId = cause;
        if (cmd.InternalDone is { } internalDone)
        {
            Path.TaskManagement(TaskManagementFunction.AbortTask, PortLun, _ => internalDone(null), cmd.PathTag, cause);
            return;
        }
        if (cmd.AbortScheduled)
        {
            StartErrorHandler(cmd);
            return;
        }
        cmd.AbortScheduled = true;
        Path.TaskManagement(TaskManagementFunction.AbortTask, PortLun, result =>
        {
            if (result is TaskManagementResult.FunctionComplete or TaskManagementResult.FunctionSucceeded)
            {
                if (++cmd.Retries <= cmd.Allowed) Dispatch(cmd);
                else IoCompletion(cmd);
            }
            else StartErrorHandler(cmd);
        }, cmd.PathTag, cause);
    }

    /// <summary>
    /// scsi_unjam_host → scsi_eh_ready_devs for one failed command: START UNIT when allow_restart and the sense
    /// is 04/02 (scsi_eh_stu), then LUN RESET (scsi_eh_bus_device_reset), TARGET RESET, host reset, each followed
    /// by TEST UNIT READY; when nothing brings the device back, "Device offlined - not ready after error
    /// recovery". The intermediate steps log only at raised scsi_logging_level, so they print nothing here.
    /// A host reset of an iSCSI host drops and re-logs the session (iscsi_eh_session_reset); modelled for every
    /// transport as logging the path out and in again. The kernel holds every command of the SCSI host while its
    /// error handler runs; here only the failed command waits, the disk's other commands go on.
    /// </summary>
    private void StartErrorHandler(ScsiCmnd cmd)
    {
        cmd.Generation++;
        cmd.Timer?.Cancel();
        var sense = cmd.Last is { } r ? Normalize(r) : null;
        bool stu = _host.Options.AllowRestart && sense is { Key: (byte)SenseKey.NotReady, Asc: 0x04, Ascq: 0x02 };
        if (stu) TryStartUnit(cmd, 0);
        else LunReset(cmd);
    }

    private void TryStartUnit(ScsiCmnd cmd, int attempt)
    {
        byte[] stu = [(byte)ScsiOpcode.StartStopUnit, 0, 0, 0, 1, 0];
        Execute(stu, 0, _host.Options.CommandTimeout, cmd.CauseId, resp =>
        {
            if (resp is not null && resp.TraceId != 0) cmd.CauseId = resp.TraceId;
            if (resp is { IsGood: true })
                TestUnitReady(cmd, 1, ok => { if (ok) EhFinish(cmd); else LunReset(cmd); });
            else if (resp is not null && attempt < 1 && EhNeedsRetry(resp))
                TryStartUnit(cmd, attempt + 1);
            else
                LunReset(cmd);
        });
    }

    /// <summary>scsi_eh_completed_normally's NEEDS_RETRY for the error handler's own commands (an expected attention, 04/01).</summary>
    private bool EhNeedsRetry(ScsiResponse resp)
    {
        if (Normalize(resp) is not { } s) return resp.Status is ScsiStatus.Busy or ScsiStatus.TaskSetFull;
        if (s.Key is (byte)SenseKey.UnitAttention or (byte)SenseKey.NotReady)
        {
            if (ExpectingCcUa && !(s.Asc == 0x28 && s.Ascq == 0))
            {
                ExpectingCcUa = false;
                return true;
            }
            return s.Asc == 0x04 && s.Ascq == 0x01;
        }
        return s.Key == (byte)SenseKey.AbortedCommand;
    }

    /// <summary>scsi_eh_tur: TEST UNIT READY with the eh timeout, retried once on NEEDS_RETRY.</summary>
    private void TestUnitReady(ScsiCmnd cmd, int retries, Action<bool> done)
    {
        Execute(CdbBuilder.TestUnitReady(), 0, _host.Options.EhTimeout, cmd.CauseId, resp =>
        {
            if (resp is not null && resp.TraceId != 0) cmd.CauseId = resp.TraceId;
            if (resp is { IsGood: true }) done(true);
            else if (resp is not null && retries > 0 && EhNeedsRetry(resp)) TestUnitReady(cmd, retries - 1, done);
            else done(false);
        });
    }

    private void LunReset(ScsiCmnd cmd) =>
        Reset(cmd, TaskManagementFunction.LunReset, () => Reset(cmd, TaskManagementFunction.TargetReset, () => HostReset(cmd)));

    private void Reset(ScsiCmnd cmd, TaskManagementFunction function, System.Action next)
    {
        Path.TaskManagement(function, PortLun, result =>
        {
            if (result is TaskManagementResult.FunctionComplete or TaskManagementResult.FunctionSucceeded)
            {
                ExpectingCcUa = true;
                TestUnitReady(cmd, 1, ok => { if (ok) EhFinish(cmd); else next(); });
            }
            else next();
        }, 0, cmd.CauseId);
    }

    private void HostReset(ScsiCmnd cmd)
    {
        long id = Path.Logout(cmd.CauseId);
        id = Path.Login(id);
        cmd.CauseId = id;
        ExpectingCcUa = true;
        Sim.Scheduler.After(SimTime.Zero, () => TestUnitReady(cmd, 1, ok => { if (ok) EhFinish(cmd); else Offline(cmd); }));
    }

    /// <summary>scsi_eh_offline_sdevs: the device goes offline and the command completes with its last result.</summary>
    private void Offline(ScsiCmnd cmd)
    {
        cmd.CauseId = SdevPrint("Device offlined - not ready after error recovery", cmd.CauseId);
        SetOffline();
        if (cmd.Last is null) cmd.HostByte = HostByte.DidTimeOut;
        IoCompletion(cmd);
    }

    /// <summary>scsi_eh_flush_done_q: a recovered command is retried while it has retries left.</summary>
    private void EhFinish(ScsiCmnd cmd)
    {
        if (++cmd.Retries <= cmd.Allowed) Dispatch(cmd);
        else IoCompletion(cmd);
    }
}
