using SanSim.Engine;
using SanSim.Hosts.Transport;
using SanSim.Scsi;

namespace SanSim.Scenarios.Running;

/// <summary>
/// A host's path as the runner hands it to the host: every call goes to the fabric's path unchanged, and each
/// completion is noted on the way back — CHECK CONDITION answers (the sense level of spread) and answers that
/// took longer than <see cref="StallThreshold"/> (the stall level) — with the trace id that decided it.
/// </summary>
internal sealed class ObservedPath : IScsiPath
{
    /// <summary>I/O held back longer than this is a stall (issue 4: 30 s).</summary>
    public static readonly SimTime StallThreshold = SimTime.FromSeconds(30);

    private readonly Simulation _sim;
    private readonly SymptomLog _symptoms;
    private readonly Dictionary<ulong, (SimTime Sent, ScsiRequest Request)> _pending = new();

    public ObservedPath(Simulation sim, IScsiPath inner, SymptomLog symptoms)
    {
        _sim = sim;
        Inner = inner;
        _symptoms = symptoms;
        inner.StateChanged += (_, id) => StateChanged?.Invoke(this, id);
    }

    /// <summary>The fabric's path (an FcPath or IscsiSession).</summary>
    public IScsiPath Inner { get; }

    public string Name => Inner.Name;
    public string HostName => Inner.HostName;
    public int TargetPort => Inner.TargetPort;
    public PathState State => Inner.State;

    public event Action<IScsiPath, long>? StateChanged;

    public ulong Submit(ScsiRequest request, Action<ScsiResponse> done)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(done);
        var sent = _sim.Now;
        ulong tag = 0;
        bool answered = false;
        tag = Inner.Submit(request, response =>
        {
            answered = true;
            _pending.Remove(tag);
            Note(request, response, sent);
            done(response);
        });
        if (!answered) _pending[tag] = (sent, request);
        return tag;
    }

    private void Note(ScsiRequest request, ScsiResponse response, SimTime sent)
    {
        long decided = response.TraceId != 0 ? response.TraceId : request.CauseId;
        if (response.Outcome == TransportOutcome.Completed && response.Status == ScsiStatus.CheckCondition && decided != 0)
            _symptoms.Add(HostName, SymptomKind.Sense, decided);
        if (_sim.Now - sent > StallThreshold && decided != 0)
            _symptoms.Add(HostName, SymptomKind.Stall, decided);
    }

    /// <summary>Commands still unanswered at the end of the run and older than the stall threshold.</summary>
    public IEnumerable<ScsiRequest> HeldAt(SimTime now) =>
        _pending.Values.Where(p => now - p.Sent > StallThreshold).Select(p => p.Request);

    public void TaskManagement(TaskManagementFunction function, ulong portLun, Action<TaskManagementResult> done, ulong tag = 0, long causeId = 0) =>
        Inner.TaskManagement(function, portLun, done, tag, causeId);

    public long Login(long causeId = 0) => Inner.Login(causeId);

    public long Logout(long causeId = 0) => Inner.Logout(causeId);

    public override string ToString() => Inner.ToString() ?? Name;
}
