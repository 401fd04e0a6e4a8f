namespace SanSim.Engine;

/// <summary>
/// Runs actions at virtual times in (time, sequence) order: two events at the same time run in the order
/// they were scheduled, so a run is the same every time.
/// </summary>
public sealed class Scheduler
{
    private readonly PriorityQueue<ScheduledEvent, (long Time, long Seq)> _queue = new();
    /// <summary>Sequence number given to the next scheduled event; breaks ties between equal times.</summary>
    private long _nextSeq;

    public Scheduler(VirtualClock clock) => Clock = clock;

    public VirtualClock Clock { get; }

    public SimTime Now => Clock.Now;

    /// <summary>Events waiting to run.</summary>
    public int Pending => _queue.Count;

    /// <summary>Schedules <paramref name="action"/> to run at <paramref name="at"/> (not earlier than now).</summary>
    public ScheduledEvent At(SimTime at, Action action, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (at < Clock.Now)
            throw new ArgumentOutOfRangeException(nameof(at), $"cannot schedule at {at}, before now ({Clock.Now})");
        var ev = new ScheduledEvent(at, _nextSeq++, action, label);
        _queue.Enqueue(ev, (at.Nanoseconds, ev.Sequence));
        return ev;
    }

    /// <summary>Schedules <paramref name="action"/> to run <paramref name="delay"/> after now.</summary>
    public ScheduledEvent After(SimTime delay, Action action, string? label = null) => At(Clock.Now + delay, action, label);

    /// <summary>Runs the next event that is not cancelled. Returns false when none is left.</summary>
    public bool Step()
    {
        while (_queue.TryDequeue(out var ev, out _))
        {
            if (ev.Cancelled) continue;
            Clock.AdvanceTo(ev.Time);
            ev.Action();
            return true;
        }
        return false;
    }

    /// <summary>Runs every event due at or before <paramref name="until"/>, then leaves the clock at <paramref name="until"/>.</summary>
    public int RunUntil(SimTime until)
    {
        int ran = 0;
        while (_queue.TryPeek(out var ev, out var key) && key.Time <= until.Nanoseconds)
        {
            _queue.Dequeue();
            if (ev.Cancelled) continue;
            Clock.AdvanceTo(ev.Time);
            ev.Action();
            ran++;
        }
        if (Clock.Now < until) Clock.AdvanceTo(until);
        return ran;
    }
}

/// <summary>One scheduled action; <see cref="Cancel"/> keeps it from running.</summary>
public sealed class ScheduledEvent
{
    internal ScheduledEvent(SimTime time, long sequence, Action action, string? label)
    {
        Time = time;
        Sequence = sequence;
        Action = action;
        Label = label;
    }

    public SimTime Time { get; }
    public long Sequence { get; }
    public string? Label { get; }
    internal Action Action { get; }
    public bool Cancelled { get; private set; }
    public void Cancel() => Cancelled = true;
}
