namespace SanSim.Engine;

/// <summary>What a trace event records.</summary>
public enum TraceKind
{
    /// <summary>A SCSI command arrived at the target or was sent by a host.</summary>
    Command,
    /// <summary>A SCSI command completed: status, and sense when CHECK CONDITION.</summary>
    Completion,
    /// <summary>A task management function (ABORT TASK, LUN RESET, I_T NEXUS RESET, …).</summary>
    TaskManagement,
    /// <summary>A state change of a LUN, port, initiator, path, session or filesystem.</summary>
    StateChange,
    /// <summary>A unit attention was established or cleared.</summary>
    UnitAttention,
    /// <summary>A line a host or the target wrote to its log.</summary>
    Log,
    /// <summary>An administrator's or the scenario's action (ctladm, sleep, fault injection).</summary>
    Action,
}

/// <summary>
/// One thing that happened, at a virtual time, with the id of the event that caused it (0 for a root
/// cause such as a scenario action). Following <see cref="CauseId"/> walks a symptom back to its root.
/// </summary>
public sealed record TraceEvent(long Id, SimTime Time, TraceKind Kind, string Source, string Message, long CauseId)
{
    public override string ToString() =>
        $"#{Id} {Time.ToKernelTimestamp()} {Kind} {Source}: {Message}" + (CauseId != 0 ? $" (cause #{CauseId})" : "");
}

/// <summary>
/// The run's record of events. Ids start at 1 and increase in the order events are recorded, which is
/// deterministic because the scheduler is.
/// </summary>
public sealed class Trace
{
    private readonly List<TraceEvent> _events = new();
    private readonly VirtualClock _clock;

    public Trace(VirtualClock clock) => _clock = clock;

    /// <summary>A trace that keeps its own clock at zero; for code run outside a scheduled simulation.</summary>
    public static Trace Standalone() => new(new VirtualClock());

    public IReadOnlyList<TraceEvent> Events => _events;

    /// <summary>False turns recording off: <see cref="Record"/> still hands out ids, but keeps nothing.</summary>
    public bool Enabled { get; set; } = true;

    private long _lastId;

    /// <summary>Records an event at the current virtual time and returns its id.</summary>
    public long Record(TraceKind kind, string source, string message, long causeId = 0)
    {
        long id = ++_lastId;
        if (Enabled)
            _events.Add(new TraceEvent(id, _clock.Now, kind, source, message, causeId));
        return id;
    }

    /// <summary>The event with <paramref name="id"/>, or null when unknown or not kept.</summary>
    public TraceEvent? Find(long id)
    {
        if (id <= 0 || !Enabled) return null;
        int lo = 0, hi = _events.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            long v = _events[mid].Id;
            if (v == id) return _events[mid];
            if (v < id) lo = mid + 1; else hi = mid - 1;
        }
        return null;
    }

    /// <summary>The chain from <paramref name="id"/> back to its root cause: the event itself first, the root last.</summary>
    public IReadOnlyList<TraceEvent> CauseChain(long id)
    {
        var chain = new List<TraceEvent>();
        var seen = new HashSet<long>();
        for (var ev = Find(id); ev is not null && seen.Add(ev.Id); ev = Find(ev.CauseId))
            chain.Add(ev);
        return chain;
    }
}
