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
public class ScsiPath : IScsiPath
{
    /// <summary>Commands sent and not yet answered, by tag (those a fault left without answer stay here until aborted).</summary>
    private readonly SortedDictionary<ulong, Outstanding> _outstanding = new();
    /// <summary>Tag for the next command; tags are unique per path.</summary>
    private ulong _nextTag = 1;

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

    /// <summary>The nexus while logged in; null otherwise.</summary>
    public Nexus? Nexus { get; protected set; }

    /// <summary>CTL initiator id to ask for at login; null lets the target pick the lowest free one.</summary>
    public int? PreferredInitiatorId { get; set; }

    public PathState State { get; private set; } = PathState.Down;

    /// <summary>One-way delay of a command or its answer.</summary>
    public SimTime Latency { get; set; } = SimTime.FromMicroseconds(50);

    /// <summary>Optional fault injector consulted for every command as it reaches the target side.</summary>
    public IFaultInjector? Faults { get; set; }

    /// <summary>Raised after <see cref="State"/> changes, with the trace id of the change.</summary>
    public event Action<IScsiPath, long>? StateChanged;

    /// <summary>Commands sent and not yet answered.</summary>
    public int OutstandingCount => _outstanding.Count;

    /// <summary>Registers the initiator at the target port and brings the path up.</summary>
    public virtual long Login(long causeId = 0)
    {
        if (State == PathState.Up) return causeId;
        var nexus = Target.AddInitiator(TargetPort, InitiatorName, PreferredInitiatorId, causeId);
        Nexus = nexus;
        return SetState(PathState.Up, $"logged in as initiator {nexus.InitiatorId}", causeId);
    }

    /// <summary>
    /// Removes the initiator at the target (CTL sets POWER ON for it on every LUN) and takes the path down;
    /// commands still outstanding fail with <see cref="TransportOutcome.NoConnection"/>.
    /// </summary>
    public virtual long Logout(long causeId = 0)
    {
        if (Nexus is { } n)
        {
            long removed = Target.RemoveInitiator(n.Port, n.InitiatorId, causeId);
            if (removed != 0) causeId = removed;
            Nexus = null;
        }
        long id = SetState(PathState.Down, "logged out", causeId);
        FailOutstanding(TransportOutcome.NoConnection, id);
        return id;
    }

    /// <summary>Changes <see cref="State"/>, records it in the trace and raises <see cref="StateChanged"/>.</summary>
    protected long SetState(PathState state, string what, long causeId)
    {
        State = state;
        long id = Simulation.Trace.Record(TraceKind.StateChange, Source, $"{Name}: {what} ({state})", causeId);
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
            Simulation.Scheduler.After(Latency, () => Arrive(entry), "command arrives");
        else
        {
            entry.Waiting = true;
            OnSubmitWhileNotUp(entry);
        }
        return request.Tag;
    }

    /// <summary>
    /// What happens to a command sent while the path is not up. Default: it fails with
    /// <see cref="TransportOutcome.NoConnection"/> after one latency.
    /// </summary>
    protected virtual void OnSubmitWhileNotUp(Outstanding entry)
    {
        Simulation.Scheduler.After(Latency, () => Finish(entry, new ScsiResponse { Outcome = TransportOutcome.NoConnection, TraceId = entry.Request.CauseId }));
    }

    /// <summary>Sends commands that waited for the path (see <see cref="Outstanding.Waiting"/>) now that it is up.</summary>
    protected void ResendWaiting()
    {
        foreach (var entry in _outstanding.Values.Where(e => e.Waiting).ToList())
        {
            entry.Waiting = false;
            Simulation.Scheduler.After(Latency, () => Arrive(entry), "command arrives");
        }
    }

    /// <summary>Ends every outstanding command with <paramref name="outcome"/>.</summary>
    protected void FailOutstanding(TransportOutcome outcome, long traceId, Func<Outstanding, bool>? which = null)
    {
        foreach (var entry in _outstanding.Values.Where(e => which is null || which(e)).ToList())
            Finish(entry, new ScsiResponse { Outcome = outcome, TraceId = traceId });
    }

    private void Arrive(Outstanding entry)
    {
        if (!_outstanding.ContainsKey(entry.Request.Tag)) return;
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
                response = new ScsiResponse { Outcome = TransportOutcome.Completed, Status = fault.Status, Sense = fault.Sense, SenseBytes = sense, TraceId = fault.TraceId };
                break;
            }
            default:
                response = Execute(nexus, request);
                break;
        }
        Simulation.Scheduler.After(Latency, () => Finish(entry, response), "command completes");
    }

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
    }
}
