using SanSim.Engine;
using SanSim.Hosts.Transport;

namespace SanSim.Hosts.Windows;

/// <summary>Where a Windows host is in its system power cycle.</summary>
public enum WindowsPowerState
{
    /// <summary>Not started, or shut down.</summary>
    Off,
    /// <summary>Discovering disks (boot).</summary>
    Starting,
    /// <summary>S0: volumes do I/O.</summary>
    Working,
    /// <summary>Disks are being powered down.</summary>
    PoweringDown,
    /// <summary>S3.</summary>
    Sleeping,
    /// <summary>S4.</summary>
    Hibernated,
    /// <summary>Disks are being powered up.</summary>
    PoweringUp,
}

/// <summary>
/// A Windows 10 host as its storage stack behaves toward SAN LUNs: disk.sys/classpnp discovery, the SAN policy
/// (online disks get an NTFS volume, the rest stay Offline), classpnp's power handling (SYNCHRONIZE CACHE then
/// STOP UNIT on the way down, START UNIT on the way up, to every disk, online or not), classpnp's retries with
/// START UNIT on NOT READY 04/02, and a System event log.
/// Sources: microsoft/Windows-driver-samples storage/class/classpnp/src/power.c, class.c, retry.c, classp.h,
/// storage/class/disk/src/pnp.c, disk.h.
/// </summary>
public sealed partial class WindowsHost : Host
{
    /// <summary>MAXIMUM_RETRIES (classpnp.h).</summary>
    internal const int MaximumRetries = 4;

    private readonly List<WindowsDisk> _disks = new();
    private readonly List<NtfsVolume> _volumes = new();

    public WindowsHost(Simulation simulation, string name, WindowsHostSettings? settings = null) : base(simulation, name)
    {
        Settings = settings ?? new WindowsHostSettings();
        SystemLog = new SystemEventLog(simulation, Log);
    }

    public override HostOs Os => HostOs.Windows;

    public WindowsHostSettings Settings { get; }

    /// <summary>The System event log (its lines are also in <see cref="Host.Log"/>).</summary>
    public SystemEventLog SystemLog { get; }

    public WindowsPowerState PowerState { get; private set; } = WindowsPowerState.Off;

    /// <summary>Every disk, in number order.</summary>
    public IReadOnlyList<WindowsDisk> Disks => _disks;

    /// <summary>The NTFS volumes of the online disks.</summary>
    public IReadOnlyList<NtfsVolume> Volumes => _volumes;

    /// <summary>The disk with number <paramref name="number"/>, or null.</summary>
    public WindowsDisk? Disk(int number) => _disks.Find(d => d.Number == number);

    private long Record(TraceKind kind, string what, long causeId) => Simulation.Trace.Record(kind, Source, what, causeId);

    /// <summary>
    /// Sends one request through the class driver: attempts, timeouts (ABORT TASK, then SRB_STATUS_TIMEOUT), the
    /// ClassInterpretSenseInfo decision, START UNIT when the disk has DEV_SAFE_START_UNIT, System log entries,
    /// and the retries.
    /// </summary>
    internal void Send(ClassRequest request)
    {
        var disk = request.Disk;
        disk.InFlight++;
        Attempt(request);
    }

    private void Attempt(ClassRequest request)
    {
        var disk = request.Disk;
        var scsi = new ScsiRequest(request.Cdb, disk.PortLun, request.DataOut, request.DataInLength, request.CauseId);
        bool finished = false;
        ScheduledEvent? timer = null;
        ulong tag = disk.Path.Submit(scsi, response =>
        {
            if (finished) return;
            finished = true;
            timer?.Cancel();
            Completed(request, response, timedOut: false);
        });
        timer = Simulation.Scheduler.After(request.Timeout, () =>
        {
            if (finished) return;
            finished = true;
            long id = Record(TraceKind.TaskManagement,
                $"Disk {disk.Number}: {Scsi.OpcodeNames.CommandName(request.Cdb)} timed out after {request.Timeout}; ABORT TASK tag {tag}",
                request.CauseId);
            disk.Path.TaskManagement(TaskManagementFunction.AbortTask, disk.PortLun, _ => { }, tag, id);
            Completed(request, new ScsiResponse { Outcome = TransportOutcome.Aborted, TraceId = id }, timedOut: true);
        }, "class request timeout");
    }

    private void Completed(ClassRequest request, ScsiResponse response, bool timedOut)
    {
        var disk = request.Disk;
        if (response.IsGood)
        {
            Finish(request, new ClassResult(true, "STATUS_SUCCESS", response, response.TraceId));
            return;
        }
        var decision = ClassSense.Interpret(response, timedOut, request.IsWrite);
        long failure = response.TraceId != 0 ? response.TraceId : request.CauseId;
        if (decision.Succeeded)
        {
            LogDiskEvent(request, decision, failure);
            Finish(request, new ClassResult(true, decision.Status, response, failure));
            return;
        }

        // ClassSendStartUnit; while the queue is power-locked it would wait behind the lock until the
        // power-up, whose own START UNIT supersedes it, so it is not sent then.
        if (decision.StartUnit && disk.SafeStartUnit && request.Kind != RequestKind.StartUnit && !disk.QueueLocked)
            SendStartUnit(disk, response, request, failure);

        LogDiskEvent(request, decision, failure);
        if (request.Kind == RequestKind.Io && request.IsReadWrite && decision.Retry && decision.LogRetryable && request.RetriesDone == 0)
        {
            SystemLog.Write("disk", ClassSense.EventIoOperationRetried, EventLevel.Warning,
                $"The IO operation at logical block address 0x{request.Lba:x} for Disk {disk.Number} (PDO name: {disk.DeviceName}) was retried.",
                approximate: true, failure);
        }

        if (decision.Retry && request.RetriesDone < request.MaxRetries)
        {
            request.RetriesDone++;
            // A power IRP's commands all carry the power action as their cause; other retries follow the failure.
            if (request.Kind != RequestKind.Power) request.CauseId = failure;
            Simulation.Scheduler.After(RetryDelay(request, response, decision), () => Attempt(request), "class retry");
            return;
        }
        Finish(request, new ClassResult(false, decision.Status, response, failure));
    }

    private static SimTime RetryDelay(ClassRequest request, ScsiResponse response, SenseDecision decision)
    {
        long seconds = decision.RetryIntervalSeconds;
        switch (request.Kind)
        {
            case RequestKind.Power:
                return seconds == 0 ? SimTime.FromMilliseconds(200) : SimTime.FromSeconds(seconds);
            case RequestKind.Probe:
                bool lunNotReady = response.Status == Scsi.ScsiStatus.CheckCondition
                    && response.Sense.Key == Scsi.SenseKey.NotReady && response.Sense.Code.Asc == 0x04;
                if (lunNotReady || response.Outcome == TransportOutcome.NoConnection) seconds = Math.Max(seconds, 2);
                return SimTime.FromSeconds(seconds);
            default:
                return SimTime.FromSeconds(seconds);
        }
    }

    private void LogDiskEvent(ClassRequest request, SenseDecision decision, long causeId)
    {
        if (decision.LogEventId is not { } id) return;
        var disk = request.Disk;
        (EventLevel level, string text) = id switch
        {
            ClassSense.EventBadBlock => (EventLevel.Error, $"The device, {disk.DeviceName}, has a bad block."),
            ClassSense.EventNotReady => (EventLevel.Error, $"The device, {disk.DeviceName}, is not ready for access yet."),
            ClassSense.EventIoHardwareError => (EventLevel.Error,
                $"The IO operation at logical block address 0x{request.Lba:x} for Disk {disk.Number} (PDO name: {disk.DeviceName}) failed due to a hardware error."),
            _ => (EventLevel.Error, $"The driver detected a controller error on {disk.DeviceName}."),
        };
        SystemLog.Write("disk", id, level, text, approximate: true, causeId);
    }

    private static void Finish(ClassRequest request, ClassResult result)
    {
        var disk = request.Disk;
        disk.InFlight--;
        request.Done(result);
        if (disk.InFlight == 0 && disk.QuiesceWaiters.Count > 0)
        {
            var waiters = disk.QuiesceWaiters.ToList();
            disk.QuiesceWaiters.Clear();
            foreach (var w in waiters) w();
        }
    }

    /// <summary>ClassSendStartUnit: START UNIT (START=1, IMMED=0), sent asynchronously and never retried.</summary>
    private void SendStartUnit(WindowsDisk disk, ScsiResponse failed, ClassRequest cause, long failure)
    {
        disk.StartUnitsOnNotReady++;
        long id = Record(TraceKind.Command,
            $"Disk {disk.Number}: START UNIT after {Scsi.OpcodeNames.CommandName(cause.Cdb)} failed with {failed.Sense} (DEV_SAFE_START_UNIT)",
            failure);
        Send(new ClassRequest
        {
            Disk = disk,
            Cdb = Scsi.CdbBuilder.StartStopUnit(start: true),
            Kind = RequestKind.StartUnit,
            MaxRetries = 0,
            Timeout = StartUnitTimeout,
            CauseId = id,
            Done = _ => { },
        });
    }

    /// <summary>START_UNIT_TIMEOUT (classpnp.h): 4 minutes.</summary>
    internal static readonly SimTime StartUnitTimeout = SimTime.FromSeconds(240);

    /// <summary>DEFAULT_IO_TIMEOUT_VALUE (power.c): the STOP UNIT timeout when the power IRP has no watchdog.</summary>
    internal static readonly SimTime StopUnitTimeout = SimTime.FromSeconds(10);
}
