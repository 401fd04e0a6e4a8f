using SanSim.Engine;
using SanSim.Scenarios.Model;

namespace SanSim.Scenarios.Explore;

/// <summary>
/// Shrinks the timeline of a run that broke a rule to a small one that still breaks it (same
/// <see cref="Finding.Signature"/>): delta debugging drops events (halves, then quarters, … down to single events),
/// then each event in turn is moved as early as it will go — to the time of the event before it, else to a whole
/// ten minutes, a whole minute, a whole second. When the finding still shows in a run cut to its last event plus
/// <see cref="TimelineGenerator.QuietTail"/>, every candidate is run cut that way, and so is the result. Events the topology file gave are kept as they are.
/// </summary>
public static class Shrinker
{
    /// <summary>The outcome: the smaller scenario, and how many runs it took.</summary>
    public sealed record Result(Scenario Scenario, int Runs);

    /// <summary>
    /// Shrinks <paramref name="scenario"/>, whose timeline is <paramref name="fixedEvents"/> (kept) plus the rest
    /// (shrunk), for as long as <paramref name="reproduces"/> says a candidate still breaks the rule.
    /// </summary>
    public static Result Shrink(Scenario scenario, IReadOnlyCollection<TimelineEvent> fixedEvents, Func<Scenario, bool> reproduces, int maxRuns = 400)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(fixedEvents);
        ArgumentNullException.ThrowIfNull(reproduces);
        var keep = new HashSet<TimelineEvent>(fixedEvents, ReferenceEqualityComparer.Instance);
        var fixedList = scenario.Timeline.Where(keep.Contains).ToList();
        var events = scenario.Timeline.Where(e => !keep.Contains(e)).ToList();
        int runs = 0;
        bool cut = false;

        Scenario With(List<TimelineEvent> list)
        {
            var timeline = fixedList.Concat(list).Select((e, i) => (e, i)).OrderBy(x => x.e.At).ThenBy(x => x.i).Select(x => x.e).ToList();
            var s = scenario with { Timeline = timeline };
            return cut ? s with { Duration = Cut(s) } : s;
        }
        bool Test(List<TimelineEvent> list)
        {
            if (runs >= maxRuns) return false;
            runs++;
            return reproduces(With(list));
        }

        // A run cut to its last event plus the quiet tail is cheaper; when the finding survives the cut, every later candidate is cut too.
        if (Cut(scenario) < scenario.Duration)
        {
            cut = true;
            if (!Test(events)) cut = false;
        }
        events = DeltaDebug(events, Test);
        events = MoveEarlier(events, Test);
        var shrunk = With(events);
        return new Result(shrunk, runs);
    }

    /// <summary>
    /// The last timeline event plus <see cref="TimelineGenerator.QuietTail"/>, and no earlier than the latest
    /// expectation's time; never longer than the scenario's own duration.
    /// </summary>
    private static SimTime Cut(Scenario s)
    {
        var end = (s.Timeline.Count > 0 ? s.Timeline.Max(e => e.At) : SimTime.Zero) + TimelineGenerator.QuietTail;
        foreach (var e in s.Expect)
            if (e.At is { } at && at > end) end = at;
        return end < s.Duration ? end : s.Duration;
    }

    /// <summary>Zeller's ddmin over the event list, trying complements: the smallest list found that still tests true.</summary>
    private static List<TimelineEvent> DeltaDebug(List<TimelineEvent> events, Func<List<TimelineEvent>, bool> test)
    {
        if (events.Count > 0 && test([])) return [];
        int n = 2;
        while (events.Count >= 2)
        {
            int chunk = (events.Count + n - 1) / n;
            bool reduced = false;
            for (int start = 0; start < events.Count; start += chunk)
            {
                var complement = events.Take(start).Concat(events.Skip(start + chunk)).ToList();
                if (!test(complement)) continue;
                events = complement;
                n = Math.Max(n - 1, 2);
                reduced = true;
                break;
            }
            if (reduced) continue;
            if (chunk == 1) break;
            n = Math.Min(events.Count, n * 2);
        }
        return events;
    }

    private static readonly SimTime[] Grains = [SimTime.FromMinutes(10), SimTime.FromMinutes(1), SimTime.FromSeconds(1)];

    /// <summary>Each event, in time order, moved to the earliest candidate time (not before the event before it) that still tests true.</summary>
    private static List<TimelineEvent> MoveEarlier(List<TimelineEvent> events, Func<List<TimelineEvent>, bool> test)
    {
        events = events.OrderBy(e => e.At).ToList();
        for (int i = 0; i < events.Count; i++)
        {
            var floor = i == 0 ? TimelineGenerator.Settle : events[i - 1].At;
            var at = events[i].At;
            var candidates = new List<SimTime> { floor };
            foreach (var grain in Grains)
            {
                var rounded = new SimTime(at.Nanoseconds / grain.Nanoseconds * grain.Nanoseconds);
                if (rounded < floor) rounded = new SimTime((floor.Nanoseconds + grain.Nanoseconds - 1) / grain.Nanoseconds * grain.Nanoseconds);
                candidates.Add(rounded);
            }
            foreach (var t in candidates.Distinct().Where(t => t >= floor && t < at).OrderBy(t => t))
            {
                var moved = new List<TimelineEvent>(events) { [i] = events[i] with { At = t } };
                if (!test(moved)) continue;
                events = moved;
                break;
            }
        }
        return events;
    }
}
