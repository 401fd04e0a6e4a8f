using SanSim.Engine;
using SanSim.Scsi;

namespace SanSim.Hosts.Windows;

/// <summary>The system power action behind a power-down (the power IRP's ShutdownType).</summary>
public enum PowerAction
{
    Sleep,
    Hibernate,
    Shutdown,
}

public sealed partial class WindowsHost
{
    /// <summary>
    /// Goes to sleep (S3): every disk, Online or Offline, gets a D3 power IRP and classpnp's power-down
    /// (ClasspPowerDownCompletion): lock the queue, quiesce, SYNCHRONIZE CACHE(10) unless NO_SYNC_CACHE, STOP UNIT
    /// (START=0, IMMED=1); a failed STOP is ignored (only 02/04/04 FORMAT IN PROGRESS fails the power IRP). I/O stops.
    /// Every command carries the returned action id as its cause. Returns the trace id of the action.
    /// </summary>
    public long Sleep(long causeId = 0) => PowerDown(PowerAction.Sleep, causeId);

    /// <summary>Hibernates (S4): as <see cref="Sleep"/>, but the disk on the hibernation path is flushed and not stopped.</summary>
    public long Hibernate(long causeId = 0) => PowerDown(PowerAction.Hibernate, causeId);

    /// <summary>Shuts down (S5): every disk is flushed and stopped as on sleep.</summary>
    public long Shutdown(long causeId = 0) => PowerDown(PowerAction.Shutdown, causeId);

    /// <summary>
    /// Wakes from sleep or hibernation: the paths log in again, then every disk gets a D0 power IRP and classpnp's
    /// power-up (ClasspPowerUpCompletion): START UNIT (START=1, IMMED=0), retried once (DEFAULT_POWER_IRP_TIMEOUT_VALUE
    /// / START_UNIT_TIMEOUT - 1), then the queue unlocks and I/O resumes. Returns the trace id of the action.
    /// </summary>
    public long Wake(long causeId = 0)
    {
        long id = RecordAction("wake", causeId);
        if (PowerState is not (WindowsPowerState.Sleeping or WindowsPowerState.Hibernated))
        {
            Record(TraceKind.Action, $"wake ignored: the host is {PowerState}", id);
            return id;
        }
        SystemLog.Write("Kernel-Power", null, EventLevel.Information, "The system has resumed from sleep.", approximate: true, id);
        PowerUp(id);
        return id;
    }

    /// <summary>
    /// Boots after <see cref="Shutdown"/> (or for the first time, as <see cref="Start"/>). At a cold boot classpnp
    /// takes a disk to be in D0 already, so no power-up START UNIT is sent; each disk's first command (READ
    /// CAPACITY, as disk.sys starts the device) meets the stopped LUN's 04/02 and DEV_SAFE_START_UNIT sends START
    /// UNIT (START=1, IMMED=0) before the retry. Returns the trace id of the action.
    /// </summary>
    public long Boot(long causeId = 0)
    {
        if (_disks.Count == 0 && PowerState == WindowsPowerState.Off)
            return StartCore(causeId);
        long id = RecordAction("boot", causeId);
        if (PowerState != WindowsPowerState.Off)
        {
            Record(TraceKind.Action, $"boot ignored: the host is {PowerState}", id);
            return id;
        }
        PowerState = WindowsPowerState.Starting;
        SystemLog.Write("Kernel-General", null, EventLevel.Information, "The operating system started.", approximate: true, id);
        foreach (var path in Paths) path.Login(id);
        RunSequence(_disks.Select(d => (Action<Action>)(next =>
        {
            d.PowerState = DevicePowerState.D0;
            d.QueueLocked = false;
            ReadCapacity(d, id, (_, _) => next());
        })).ToList(), () => Resume(id));
        return id;
    }

    private long PowerDown(PowerAction action, long causeId)
    {
        long id = RecordAction(action.ToString().ToLowerInvariant(), causeId);
        if (PowerState != WindowsPowerState.Working)
        {
            Record(TraceKind.Action, $"{action} ignored: the host is {PowerState}", id);
            return id;
        }
        PowerState = WindowsPowerState.PoweringDown;
        SystemLog.Write("Kernel-Power", null, EventLevel.Information, action switch
        {
            PowerAction.Sleep => "The system is entering sleep.",
            PowerAction.Hibernate => "The system is entering hibernation.",
            _ => "The system is shutting down.",
        }, approximate: true, id);
        foreach (var v in _volumes) v.Pause();

        int pending = _disks.Count;
        void DiskDone()
        {
            if (--pending > 0) return;
            if (Settings.PathsDownWhileAsleep)
                foreach (var path in Paths) path.Logout(id);
            PowerState = action switch
            {
                PowerAction.Sleep => WindowsPowerState.Sleeping,
                PowerAction.Hibernate => WindowsPowerState.Hibernated,
                _ => WindowsPowerState.Off,
            };
            Record(TraceKind.StateChange, $"{PowerState}", id);
        }
        if (pending == 0)
        {
            pending = 1;
            DiskDone();
            return id;
        }
        foreach (var disk in _disks)
            PowerDownDisk(disk, action, id, DiskDone);
        return id;
    }

    /// <summary>ClasspPowerDownCompletion for one disk: lock, quiesce, flush, stop, D3.</summary>
    private void PowerDownDisk(WindowsDisk disk, PowerAction action, long causeId, Action done)
    {
        disk.QueueLocked = true;
        if (disk.InFlight > 0)
        {
            disk.QuiesceWaiters.Add(() => PowerDownDisk(disk, action, causeId, done));
            return;
        }
        void Off()
        {
            disk.PowerState = DevicePowerState.D3;
            done();
        }
        // CLASS_SPECIAL_DISABLE_SPIN_DOWN: the power IRP passes down without any command.
        if (!Settings.StopOnSleep)
        {
            Off();
            return;
        }
        void Stop()
        {
            bool hibernationPath = action == PowerAction.Hibernate && Settings.HibernationLun == disk.PortLun;
            if (hibernationPath)
            {
                Off();
                return;
            }
            Send(new ClassRequest
            {
                Disk = disk,
                Cdb = CdbBuilder.StartStopUnit(start: false, immed: true),
                Kind = RequestKind.Power,
                MaxRetries = MaximumRetries,
                Timeout = StopUnitTimeout,
                CauseId = causeId,
                Done = r =>
                {
                    bool formatInProgress = !r.Success && r.Last.Status == ScsiStatus.CheckCondition
                        && r.Last.Sense.Key == SenseKey.NotReady && r.Last.Sense.Code == new AscAscq(0x04, 0x04);
                    if (formatInProgress)
                    {
                        // STATUS_DEVICE_BUSY: the power IRP fails and the device stays in D0.
                        done();
                        return;
                    }
                    Off();
                },
            });
        }
        if (Settings.NoSyncCache)
        {
            Stop();
            return;
        }
        Send(new ClassRequest
        {
            Disk = disk,
            Cdb = CdbBuilder.SynchronizeCache10(),
            Kind = RequestKind.Power,
            MaxRetries = MaximumRetries,
            Timeout = Settings.CommandTimeout,
            CauseId = causeId,
            Done = _ => Stop(),
        });
    }

    private void PowerUp(long causeId)
    {
        PowerState = WindowsPowerState.PoweringUp;
        if (Settings.PathsDownWhileAsleep)
            foreach (var path in Paths) path.Login(causeId);
        int pending = _disks.Count;
        if (pending == 0)
        {
            Resume(causeId);
            return;
        }
        foreach (var disk in _disks)
        {
            PowerUpDisk(disk, causeId, () =>
            {
                if (--pending == 0) Resume(causeId);
            });
        }
    }

    /// <summary>ClasspPowerUpCompletion for one disk: START UNIT unless already in D0, then unlock the queue.</summary>
    private void PowerUpDisk(WindowsDisk disk, long causeId, Action done)
    {
        if (disk.PowerState == DevicePowerState.D0)
        {
            disk.QueueLocked = false;
            done();
            return;
        }
        Send(new ClassRequest
        {
            Disk = disk,
            Cdb = CdbBuilder.StartStopUnit(start: true),
            Kind = RequestKind.Power,
            MaxRetries = PowerUpStartUnitRetries,
            Timeout = StartUnitTimeout,
            CauseId = causeId,
            Done = _ =>
            {
                disk.PowerState = DevicePowerState.D0;
                disk.QueueLocked = false;
                done();
            },
        });
    }

    /// <summary>MaxPowerOperationRetryCount without a watchdog: DEFAULT_POWER_IRP_TIMEOUT_VALUE (600 s) / START_UNIT_TIMEOUT (240 s) - 1.</summary>
    internal const int PowerUpStartUnitRetries = 600 / 240 - 1;

    private void Resume(long causeId)
    {
        PowerState = WindowsPowerState.Working;
        Record(TraceKind.StateChange, "Working", causeId);
        foreach (var v in _volumes) v.Resume();
    }
}
