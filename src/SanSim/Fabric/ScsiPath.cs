using SanSim.Engine;
using SanSim.Hosts.Transport;
using SanSim.Scsi;
using SanSim.Target;

namespace SanSim.Fabric;

/// <summary>
/// One initiator port's I_T nexus to one target port: how a host's SCSI layer reaches the target.
/// Commands travel in virtual time (<see cref="Latency"/> each way); the target executes them on arrival.
/// Subclasses say how the nexus is made and lost (an FC login, an iSCSI session).
/// </summary>
/// <remarks>
/// While the path is <see cref="PathState.Recovering"/> (the transport is trying to get the nexus back),
/// commands wait at the initiator and are sent when it comes back; if recovery gives up they fail with
/// <see cref="TransportOutcome.NoConnection"/>. While it is <see cref="PathState.Down"/>, new commands fail
/// with NoConnection at once (Linux: DID_NO_CONNECT or DID_TRANSPORT_FAILFAST from queuecommand).
/// </remarks>
public class ScsiPath : IScsiPath
{
    /// <summary>Commands sent and not yet answered, by tag (those a fault left without answer stay here until aborted).</summary>
    private readonly SortedDictionary<ulong, Outstanding> _outstanding = new();
    /// <summary>Tag for the next command; tags are unique per path.</summary>
    private ulong _nextTag = 1;
    /// <summary>Fires when recovery gives up; null when no recovery is running.</summary>
    private ScheduledEvent? _recoveryTimer;

    public ScsiPath(Simulation simulation, CtlTarget target, int targetPort, string hostName, string initiatorName)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrEmpty(hostName);
        ArgumentException.ThrowIfNullOrEmpty(initiatorName);
        Simulation = simulation;
        Target = target;
        TargetPort = targetPort;
        HostName = hostName;
        InitiatorName = initiatorName;
    }

    public Simulation Simulation { get; }
    public CtlTarget Target { get; }
    public int TargetPort { get; }

    /// <summary>The host that owns this path.</summary>
    public string HostName { get; }

    /// <summary>The initiator's name as the target registers it ("naa.2100001b32a1b2c3", "iqn…,i,0x…").</summary>
    public string InitiatorName { get; }

    /// <summary>A readable id: "k8s-node-1→port 5".</summary>
    public virtual string Name => $"{HostName}→port {TargetPort}";

    /// <summary>Trace source for events of this path.</summary>
    public string Source => "path:" + HostName + ":" + TargetPort;

    /// <summary>The nexus while the target has this initiator registered; null otherwise.</summary>
    public Nexus? Nexus { get; protected set; }

    /// <summary>
    /// CTL initiator id to ask for at login; null lets the target pick the lowest free one. After a login it
    /// holds the id the target gave, so a later login asks for the same one again (ctl_add_initiator finds a
    /// returning initiator by its WWPN or name and gives it its old id).
    /// </summary>
    public int? PreferredInitiatorId { get; set; }

    public PathState State { get; private set; } = PathState.Down;

    /// <summary>Why the path is down: given to the commands that fail with NoConnection while it is.</summary>
    public NoConnectionReason DownReason { get; protected set; } = NoConnectionReason.Gone;

    /// <summary>Trace id of the last change of <see cref="State"/> (the cause given to commands failed while down).</summary>
    public long StateTraceId { get; private set; }

    /// <summary>One-way delay of a command or its answer.</summary>
    public SimTime Latency { get; set; } = SimTime.FromMicroseconds(50);

    /// <summary>Optional fault injector consulted for every command as it reaches the target side.</summary>
    public IFaultInjector? Faults { get; set; }

    /// <summary>Raised after <see cref="State"/> changes, with the trace id of the change.</summary>
    public event Action<IScsiPath, long>? StateChanged;

    /// <summary>Commands sent and not yet answered.</summary>
    public int OutstandingCount => _outstanding.Count;

    /// <summary>Commands held at the initiator until the path is back up.</summary>
    public int WaitingCount => _outstanding.Values.Count(e => e.Waiting);

    /// <summary>Registers the initiator at the target port and brings the path up; waiting commands are then sent.</summary>
    public virtual long Login(long causeId = 0)
    {
        if (State == PathState.Up) return causeId;
        if (!Register(causeId, out long failed)) return failed;
        return CompleteLogin($"logged in as initiator {Nexus!.Value.InitiatorId}", causeId);
    }

    /// <summary>
    /// Removes the initiator at the target (CTL sets POWER ON for it on every LUN) and takes the path down;
    /// commands still outstanding fail with <see cref="TransportOutcome.NoConnection"/>.
    /// </summary>
    public virtual long Logout(long causeId = 0)
    {
        causeId = Unregister(nexusResetFirst: false, causeId);
        return GoDown("logged out", causeId, NoConnectionReason.Gone);
    }

    /// <summary>
    /// Registers <see cref="InitiatorName"/> at the target port as the target's front end does at login
    /// (ctl_add_initiator). Fails, with a trace event and no exception, when the port does not exist or is
    /// off line. <paramref name="failedId"/> is the trace id of the failure.
    /// </summary>
    protected bool Register(long causeId, out long failedId)
    {
        failedId = 0;
        if (Nexus is not null) return true;
        if (LoginRefusal() is { } refusal)
        {
            failedId = Simulation.Trace.Record(TraceKind.StateChange, Source, $"{Name}: login failed: {refusal}", causeId);
            return false;
        }
        var port = Target.Ports[TargetPort];
        int? iid = PreferredInitiatorId is { } want && want >= 0 && !port.Initiators.ContainsKey(want) ? want : null;
        var nexus = Target.AddInitiator(TargetPort, InitiatorName, iid, causeId);
        Nexus = nexus;
        PreferredInitiatorId = nexus.InitiatorId;
        return true;
    }

    /// <summary>Why the target would refuse a login now, or null when it would accept one.</summary>
    protected virtual string? LoginRefusal()
    {
        if (!Target.Ports.TryGetValue(TargetPort, out var port)) return $"target has no port {TargetPort}";
        return port.Online ? null : $"port {TargetPort} is off line";
    }

    /// <summary>
    /// The target forgets the initiator: optionally an I_T NEXUS RESET first (what cfiscsi does as a session
    /// ends), then ctl_remove_initiator (POWER ON for it on every LUN). Returns the trace id of the last step,
    /// or <paramref name="causeId"/> when the target had nothing to remove.
    /// </summary>
    protected long Unregister(bool nexusResetFirst, long causeId)
    {
        if (Nexus is not { } n) return causeId;
        if (nexusResetFirst)
        {
            Target.ITNexusReset(n, causeId);
            if (LastTraceId() is var reset and not 0) causeId = reset;
        }
        long removed = Target.RemoveInitiator(n.Port, n.InitiatorId, causeId);
        Nexus = null;
        return removed != 0 ? removed : causeId;
    }

    /// <summary>Brings the path up after a successful <see cref="Register"/> and sends the commands that waited.</summary>
    protected long CompleteLogin(string what, long causeId)
    {
        CancelRecoveryTimer();
        long id = SetState(PathState.Up, what, causeId);
        ResendWaiting(id);
        return id;
    }

    /// <summary>
    /// Takes the path down and fails every outstanding command with NoConnection for <paramref name="reason"/>
    /// (so are commands sent while it stays down).
    /// </summary>
    protected long GoDown(string what, long causeId, NoConnectionReason reason)
    {
        CancelRecoveryTimer();
        DownReason = reason;
        long id = SetState(PathState.Down, what, causeId);
        FailOutstanding(TransportOutcome.NoConnection, id);
        return id;
    }

    /// <summary>
    /// The nexus is lost but the initiator keeps trying: the path goes <see cref="PathState.Recovering"/>,
    /// commands in flight are taken back to wait with new ones (their answers, if any, are lost), and after
    /// <paramref name="timeout"/> without a new login <see cref="OnRecoveryTimeout"/> runs.
    /// </summary>
    protected long BeginRecovery(string what, SimTime timeout, long causeId)
    {
        long id = SetState(PathState.Recovering, what, causeId);
        foreach (var entry in _outstanding.Values)
        {
            entry.Waiting = true;
            entry.Unanswered = false;
            entry.Attempt++;
        }
        CancelRecoveryTimer();
        _recoveryTimer = Simulation.Scheduler.After(timeout, () =>
        {
            _recoveryTimer = null;
            if (State == PathState.Recovering) OnRecoveryTimeout(id);
        }, "path recovery timeout");
        return id;
    }

    /// <summary>
    /// Recovery gave up: the path goes down and every waiting command fails with NoConnection — a fast fail, as
    /// the transport still keeps the port (DID_TRANSPORT_FAILFAST).
    /// </summary>
    protected virtual void OnRecoveryTimeout(long recoveryStartId) => GoDown("recovery timed out", recoveryStartId, NoConnectionReason.FastFail);

    private void CancelRecoveryTimer()
    {
        _recoveryTimer?.Cancel();
        _recoveryTimer = null;
    }

    /// <summary>Trace id of the event the target recorded last (its task management calls hand back no id).</summary>
    protected long LastTraceId() => Target.Trace is { Enabled: true, Events.Count: > 0 } t ? t.Events[^1].Id : 0;

    /// <summary>Changes <see cref="State"/>, records it in the trace and raises <see cref="StateChanged"/>.</summary>
    protected long SetState(PathState state, string what, long causeId)
    {
        State = state;
        long id = Simulation.Trace.Record(TraceKind.StateChange, Source, $"{Name}: {what} ({state})", causeId);
        StateTraceId = id;
        StateChanged?.Invoke(this, id);
        return id;
    }

    /// <summary>
    /// Sends a command. <paramref name="done"/> is called later in virtual time, exactly once — unless a fault
    /// leaves the command without answer, in which case only an abort or a logout ends it.
    /// Returns the command's tag.
    /// </summary>
    public ulong Submit(ScsiRequest request, Action<ScsiResponse> done)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(done);
        request.Tag = _nextTag++;
        var entry = new Outstanding(request, done);
        _outstanding.Add(request.Tag, entry);
        if (State == PathState.Up)
            Send(entry);
        else
        {
            entry.Waiting = true;
            OnSubmitWhileNotUp(entry);
        }
        return request.Tag;
    }

    /// <summary>
    /// What happens to a command that finds the path not up. Recovering: it waits for the login. Down: it
    /// fails with <see cref="TransportOutcome.NoConnection"/> at once (no wire is crossed), caused by the
    /// state change that took the path down.
    /// </summary>
    protected virtual void OnSubmitWhileNotUp(Outstanding entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (State == PathState.Recovering) return;
        long cause = StateTraceId != 0 ? StateTraceId : entry.Request.CauseId;
        Simulation.Scheduler.After(SimTime.Zero, () => Finish(entry, new ScsiResponse { Outcome = TransportOutcome.NoConnection, TraceId = cause, NoConnectionReason = DownReason }), "command fails: no connection");
    }

    private void Send(Outstanding entry)
    {
        entry.Waiting = false;
        entry.Unanswered = false;
        int attempt = ++entry.Attempt;
        Simulation.Scheduler.After(Latency, () => Arrive(entry, attempt), "command arrives");
    }

    /// <summary>Sends commands that waited for the path now that it is up.</summary>
    private void ResendWaiting(long causeId)
    {
        var waiting = _outstanding.Values.Where(e => e.Waiting).ToList();
        if (waiting.Count == 0) return;
        Simulation.Trace.Record(TraceKind.Action, Source, $"{Name}: sending {waiting.Count} command(s) that waited", causeId);
        foreach (var entry in waiting) Send(entry);
    }

    /// <summary>Ends every outstanding command (or those <paramref name="which"/> selects) with <paramref name="outcome"/>.</summary>
    protected void FailOutstanding(TransportOutcome outcome, long traceId, Func<Outstanding, bool>? which = null)
    {
        foreach (var entry in _outstanding.Values.Where(e => which is null || which(e)).ToList())
            Finish(entry, new ScsiResponse
            {
                Outcome = outcome,
                TraceId = traceId,
                NoConnectionReason = outcome == TransportOutcome.NoConnection ? DownReason : NoConnectionReason.Unspecified,
            });
    }

    private void Arrive(Outstanding entry, int attempt)
    {
        if (!IsCurrent(entry, attempt)) return;
        if (State != PathState.Up || Nexus is not { } nexus)
        {
            entry.Waiting = true;
            OnSubmitWhileNotUp(entry);
            return;
        }
        var request = entry.Request;
        var fault = Faults?.Intercept(this, request) ?? FaultDecision.Pass;
        ScsiResponse response;
        switch (fault.Kind)
        {
            case FaultKind.NoAnswer:
                entry.Unanswered = true;
                return;
            case FaultKind.Complete:
            {
                byte[] sense = Array.Empty<byte>();
                if (fault.Status == ScsiStatus.CheckCondition)
                {
                    var buf = new byte[SenseData.MaxLength];
                    int n = CtlTarget.WriteSense(Target.ResolveLun(TargetPort, request.PortLun), fault.Sense, buf);
                    sense = buf[..n];
                }
                response = new ScsiResponse
                {
                    Outcome = TransportOutcome.Completed,
                    Status = fault.Status,
                    Sense = fault.Status == ScsiStatus.CheckCondition ? fault.Sense : SenseInfo.None,
                    SenseBytes = sense,
                    TraceId = fault.TraceId,
                };
                break;
            }
            default:
                response = Execute(nexus, request);
                break;
        }
        Simulation.Scheduler.After(Latency, () =>
        {
            if (IsCurrent(entry, attempt)) Finish(entry, response);
        }, "command completes");
    }

    /// <summary>Whether a scheduled arrival or answer still belongs to the command's current sending.</summary>
    private bool IsCurrent(Outstanding entry, int attempt) =>
        !entry.Waiting && entry.Attempt == attempt && _outstanding.TryGetValue(entry.Request.Tag, out var e) && ReferenceEquals(e, entry);

    private ScsiResponse Execute(Nexus nexus, ScsiRequest request)
    {
        var dataIn = request.DataInLength == 0 ? Array.Empty<byte>() : new byte[request.DataInLength];
        var c = Target.Execute(nexus, request.PortLun, request.Cdb, request.DataOut, dataIn, request.CauseId);
        byte[] sense = Array.Empty<byte>();
        if (c.Status == ScsiStatus.CheckCondition)
        {
            var buf = new byte[SenseData.MaxLength];
            int n = CtlTarget.WriteSense(Target.ResolveLun(TargetPort, request.PortLun), c.Sense, buf);
            sense = buf[..n];
        }
        return new ScsiResponse
        {
            Outcome = TransportOutcome.Completed,
            Status = c.Status,
            Sense = c.Sense,
            SenseBytes = sense,
            DataIn = c.DataInLength == dataIn.Length ? dataIn : dataIn[..Math.Min(c.DataInLength, dataIn.Length)],
            TraceId = c.TraceId,
        };
    }

    private void Finish(Outstanding entry, ScsiResponse response)
    {
        if (!_outstanding.Remove(entry.Request.Tag)) return;
        entry.Done(response);
    }

    /// <summary>
    /// Sends a task management function; <paramref name="done"/> gets the target's response after a round trip.
    /// ABORT TASK (with <paramref name="tag"/>), ABORT TASK SET, CLEAR TASK SET and LUN RESET also end the
    /// matching commands still outstanding on this path with <see cref="TransportOutcome.Aborted"/>.
    /// Not delivered (and nothing aborted) while the path is not up.
    /// </summary>
    public void TaskManagement(TaskManagementFunction function, ulong portLun, Action<TaskManagementResult> done, ulong tag = 0, long causeId = 0)
    {
        ArgumentNullException.ThrowIfNull(done);
        if (State != PathState.Up || Nexus is not { } nexus)
        {
            Simulation.Scheduler.After(Latency, () => done(TaskManagementResult.NotDelivered));
            return;
        }
        Simulation.Scheduler.After(Latency, () =>
        {
            if (State != PathState.Up || Nexus != nexus)
            {
                Simulation.Scheduler.After(Latency, () => done(TaskManagementResult.NotDelivered));
                return;
            }
            var response = function switch
            {
                TaskManagementFunction.AbortTask => Target.AbortTask(nexus, portLun, tag, causeId),
                TaskManagementFunction.AbortTaskSet => Target.AbortTaskSet(nexus, portLun, causeId),
                TaskManagementFunction.ClearTaskSet => Target.ClearTaskSet(nexus, portLun, causeId),
                TaskManagementFunction.LunReset => Target.LunReset(nexus, portLun, causeId),
                TaskManagementFunction.TargetReset => Target.TargetReset(nexus, causeId),
                TaskManagementFunction.ITNexusReset => Target.ITNexusReset(nexus, causeId),
                _ => TaskManagementResponse.FunctionNotSupported,
            };
            long id = Simulation.Trace.Record(TraceKind.TaskManagement, Source, $"{function} lun {portLun}: {response}", causeId);
            Func<Outstanding, bool>? aborted = function switch
            {
                TaskManagementFunction.AbortTask => e => e.Request.Tag == tag,
                TaskManagementFunction.AbortTaskSet or TaskManagementFunction.ClearTaskSet or TaskManagementFunction.LunReset => e => e.Request.PortLun == portLun,
                TaskManagementFunction.TargetReset or TaskManagementFunction.ITNexusReset => _ => true,
                _ => null,
            };
            if (aborted is not null)
                FailOutstanding(TransportOutcome.Aborted, id, e => aborted(e));
            var result = response switch
            {
                TaskManagementResponse.FunctionComplete => TaskManagementResult.FunctionComplete,
                TaskManagementResponse.FunctionSucceeded => TaskManagementResult.FunctionSucceeded,
                TaskManagementResponse.LunDoesNotExist => TaskManagementResult.IncorrectLun,
                _ => TaskManagementResult.FunctionRejected,
            };
            Simulation.Scheduler.After(Latency, () => done(result));
        }, "task management arrives");
    }

    /// <summary>A command in flight on this path.</summary>
    protected sealed class Outstanding
    {
        public Outstanding(ScsiRequest request, Action<ScsiResponse> done)
        {
            Request = request;
            Done = done;
        }

        public ScsiRequest Request { get; }
        public Action<ScsiResponse> Done { get; }

        /// <summary>Held back because the path was not up when it should have been sent.</summary>
        public bool Waiting { get; set; }

        /// <summary>Reached the target side but a fault left it without answer.</summary>
        public bool Unanswered { get; set; }

        /// <summary>How many times it has been sent; an arrival or answer of an earlier sending is ignored.</summary>
        public int Attempt { get; set; }
    }
}
