using System.Globalization;
using SanSim.Engine;
using SanSim.Hosts.Linux;
using SanSim.Scenarios;
using SanSim.Scenarios.Model;

namespace SanSim.Cli.Reports;

/// <summary>A swimlane: one per host, one per LUN, and one for the target's ports, the fabric and the administrator.</summary>
internal sealed record HtmlLane(string Key, string Title, string Subtitle, int Index)
{
    /// <summary>The key of the lane for what no host or LUN lane takes.</summary>
    public const string TargetKey = "target";
}

/// <summary>One trace event shown by a mark, with its kind and words, and the command it answered (for a completion).</summary>
internal sealed record HtmlMarkEvent(TraceEvent Event, HtmlMarkKind Kind, string Label, TraceEvent? Command);

/// <summary>
/// A mark: the events of one lane that fall within a few pixels of each other. Its id is "m" and the id of its
/// first trace event, so it is the same on every run of the same scenario and seed.
/// </summary>
internal sealed class HtmlMark
{
    public required string Id { get; init; }
    public required HtmlLane Lane { get; init; }
    public required double X { get; init; }
    public required SimTime Time { get; init; }
    public List<HtmlMarkEvent> Events { get; } = new();
    /// <summary>The event that names the mark: the first of the highest-priority kind.</summary>
    public HtmlMarkEvent Head => Events.OrderBy(e => e.Kind).ThenBy(e => e.Event.Id).First();
    public HtmlMarkKind Kind => Head.Kind;

    /// <summary>
    /// The head event's words; commands of the same name to several LUNs say so once ("STOP UNIT → LUN 1, 12"),
    /// as a sleeping desktop's STOP UNIT to every disk it sees.
    /// </summary>
    public string Label
    {
        get
        {
            var head = Head;
            const string toLun = " → LUN ";
            int at = head.Label.IndexOf(toLun, StringComparison.Ordinal);
            if (head.Kind != HtmlMarkKind.Command || at < 0) return head.Label;
            string name = head.Label[..at];
            var luns = Events.Where(e => e.Kind == HtmlMarkKind.Command && e.Label.StartsWith(name + toLun, StringComparison.Ordinal))
                .Select(e => e.Label[(name.Length + toLun.Length)..]).Distinct().ToList();
            return name + toLun + string.Join(", ", luns);
        }
    }
}

/// <summary>A cause chain drawn as one arrow: through the marks from the root action to a symptom.</summary>
internal sealed record HtmlArrow(string Id, IReadOnlyList<HtmlMark> Through, bool Spread, long RootEventId, long SymptomEventId);

/// <summary>One line of a host's log, with the mark that shows it on the timeline.</summary>
internal sealed record HtmlLogRow(string Text, long TraceId, string? MarkId, bool Error);

/// <summary>A host's log as the run left it.</summary>
internal sealed record HtmlHostLog(string Host, IReadOnlyList<HtmlLogRow> Rows);

/// <summary>
/// What the HTML report shows, built only from what the run recorded: lanes, marks, the folded axis, cause-chain
/// arrows, and each host's log linked to its marks. Everything is ordered by trace id or by the scenario, so the
/// same scenario and seed give the same model.
/// </summary>
internal sealed class HtmlReportModel
{
    /// <summary>Width in pixels of the plot area (right of the lane titles).</summary>
    public const double PlotWidth = 1040;

    /// <summary>Marks of one lane closer than this many pixels are drawn as one.</summary>
    public const double MergePixels = 9;

    /// <summary>At most this many arrows; the spread chains first, then by the symptom's time.</summary>
    public const int MaxArrows = 40;

    /// <summary>An action repeated more often than this (a path checker's poll) is background, shown only inside a cause chain.</summary>
    private const int PeriodicActionLimit = 20;

    public required RunResult Run { get; init; }
    public required IReadOnlyList<HtmlLane> Lanes { get; init; }
    public required IReadOnlyList<HtmlMark> Marks { get; init; }
    public required IReadOnlyList<HtmlArrow> Arrows { get; init; }
    public required HtmlTimeAxis Axis { get; init; }
    public required IReadOnlyList<HtmlHostLog> Logs { get; init; }
    /// <summary>The mark that shows each marked trace event.</summary>
    public required IReadOnlyDictionary<long, HtmlMark> MarkOf { get; init; }

    public static HtmlReportModel Build(RunResult run)
    {
        var scenario = run.Scenario;
        var trace = run.Trace;
        var lanes = MakeLanes(scenario);
        var laneByKey = lanes.ToDictionary(l => l.Key, StringComparer.Ordinal);

        // 1. The events worth a mark, and every event on their cause chains.
        var periodic = trace.Events
            .Where(e => e.Kind == TraceKind.Action && e.CauseId != 0)
            .GroupBy(e => (e.Source, e.Message))
            .Where(g => g.Count() > PeriodicActionLimit)
            .Select(g => g.Key)
            .ToHashSet();
        var chosen = new SortedSet<long>();
        foreach (var ev in trace.Events)
        {
            if (HtmlMarkText.KindOf(ev) is null) continue;
            if (ev.Kind == TraceKind.Log && !ev.Source.StartsWith("host:", StringComparison.Ordinal)) continue;
            if (ev.Kind == TraceKind.Action && periodic.Contains((ev.Source, ev.Message))) continue;
            chosen.Add(ev.Id);
        }
        foreach (long id in chosen.ToArray())
        {
            for (var ev = trace.Find(trace.Find(id)?.CauseId ?? 0); ev is not null && chosen.Add(ev.Id); ev = trace.Find(ev.CauseId))
            {
            }
        }

        // 2. Their kinds, words and lanes.
        var effects = new Dictionary<long, string>();
        foreach (long id in chosen)
        {
            var ev = trace.Find(id)!;
            if (ev.Kind == TraceKind.StateChange && ev.CauseId != 0 && !effects.ContainsKey(ev.CauseId))
                effects[ev.CauseId] = ev.Message;
        }
        var commandBefore = CommandsOfCompletions(trace, chosen);
        var events = new List<(HtmlMarkEvent Ev, HtmlLane Lane)>();
        foreach (long id in chosen)
        {
            var ev = trace.Find(id)!;
            var kind = HtmlMarkText.KindOf(ev) ?? HtmlMarkKind.Command;
            commandBefore.TryGetValue(id, out var command);
            effects.TryGetValue(id, out var effect);
            string label = HtmlMarkText.Label(ev, kind, command, effect);
            events.Add((new HtmlMarkEvent(ev, kind, label, command), LaneOf(ev, trace, scenario, laneByKey)));
        }

        // 3. The axis over their times; a stretch holding a symptom or a failure gets full width.
        var busy = events
            .Where(e => e.Ev.Kind is HtmlMarkKind.FsError or HtmlMarkKind.Failed or HtmlMarkKind.ErrorLog
                        || e.Ev.Kind == HtmlMarkKind.Action && e.Ev.Event.CauseId == 0 && e.Ev.Event.Time > SimTime.Zero)
            .Select(e => e.Ev.Event.Time).ToHashSet();
        var axis = new HtmlTimeAxis(events.Select(e => e.Ev.Event.Time), scenario.Duration, PlotWidth, busy);

        // 4. Marks: per lane, events within a few pixels of the mark's first event join it. The target lane is
        // drawn only when something happens on it.
        var usedLanes = lanes.Where(l => l.Key != HtmlLane.TargetKey || events.Any(e => e.Lane == l))
            .Select((l, i) => l with { Index = i }).ToList();
        var marks = new List<HtmlMark>();
        var markOf = new Dictionary<long, HtmlMark>();
        foreach (var lane in usedLanes)
        {
            HtmlMark? current = null;
            foreach (var (ev, _) in events.Where(e => e.Lane.Key == lane.Key).OrderBy(e => e.Ev.Event.Time).ThenBy(e => e.Ev.Event.Id))
            {
                double x = axis.X(ev.Event.Time);
                if (current is null || x - current.X > MergePixels)
                {
                    current = new HtmlMark { Id = "m" + ev.Event.Id.ToString(CultureInfo.InvariantCulture), Lane = lane, X = x, Time = ev.Event.Time };
                    marks.Add(current);
                }
                current.Events.Add(ev);
                markOf[ev.Event.Id] = current;
            }
        }

        var arrows = MakeArrows(run, events.Select(e => e.Ev).ToList(), markOf, scenario);
        var logs = MakeLogs(run, markOf);
        return new HtmlReportModel
        {
            Run = run,
            Lanes = usedLanes,
            Marks = marks,
            Arrows = arrows,
            Axis = axis,
            Logs = logs,
            MarkOf = markOf,
        };
    }

    private static List<HtmlLane> MakeLanes(Scenario scenario)
    {
        var lanes = new List<HtmlLane>();
        foreach (var h in scenario.Hosts)
        {
            string os = h.Os.ToString().ToLowerInvariant();
            string sub = os == "linux" ? "linux " + h.Kernel.ToVersionString() : os;
            lanes.Add(new HtmlLane("host:" + h.Name, h.Name, sub, lanes.Count));
        }
        foreach (var l in scenario.Target.Luns)
            lanes.Add(new HtmlLane("lun:" + l.Lun.ToString(CultureInfo.InvariantCulture), "LUN " + l.Lun.ToString(CultureInfo.InvariantCulture), l.Name ?? "", lanes.Count));
        lanes.Add(new HtmlLane(HtmlLane.TargetKey, "target · fabric", scenario.Target.Name + " (" + scenario.Target.Profile.ToString().ToLowerInvariant() + ")", lanes.Count));
        return lanes;
    }

    /// <summary>The host a trace source belongs to: "host:NAME", a daemon of it "host:NAME:multipathd", or one of its paths "path:NAME:PORT".</summary>
    public static string? HostOf(string source, Scenario scenario)
    {
        foreach (var h in scenario.Hosts)
        {
            if (source == "host:" + h.Name) return h.Name;
            string daemon = "host:" + h.Name + ":";
            if (source.StartsWith(daemon, StringComparison.Ordinal) && source.IndexOf(':', daemon.Length) < 0) return h.Name;
            string prefix = "path:" + h.Name + ":";
            if (source.StartsWith(prefix, StringComparison.Ordinal) && source.IndexOf(':', prefix.Length) < 0) return h.Name;
        }
        return null;
    }

    /// <summary>
    /// A command sits on the lane of the host whose action sent it (the first host on its cause chain), as the
    /// desktop's STOP UNIT sits on the desktop's lane; everything else on the lane of its source.
    /// </summary>
    private static HtmlLane LaneOf(TraceEvent ev, Trace trace, Scenario scenario, Dictionary<string, HtmlLane> lanes)
    {
        if (ev.Kind == TraceKind.Command)
        {
            foreach (var up in trace.CauseChain(ev.Id))
                if (HostOf(up.Source, scenario) is { } sender)
                    return lanes["host:" + sender];
        }
        if (HostOf(ev.Source, scenario) is { } host) return lanes["host:" + host];
        if (lanes.TryGetValue(ev.Source, out var lane)) return lane;
        if (ev.Source == "fault" && HtmlMarkText.FaultLun(ev.Message) is { } lun && lanes.TryGetValue("lun:" + lun, out var faultLane))
            return faultLane;
        return lanes[HtmlLane.TargetKey];
    }

    /// <summary>For each chosen non-GOOD completion, the command it answered: the last command event of the same source just before it.</summary>
    private static Dictionary<long, TraceEvent> CommandsOfCompletions(Trace trace, SortedSet<long> chosen)
    {
        var result = new Dictionary<long, TraceEvent>();
        var events = trace.Events;
        var index = new Dictionary<long, int>();
        foreach (long id in chosen)
        {
            var ev = trace.Find(id);
            if (ev is null || ev.Kind != TraceKind.Completion || ev.Source == "fault") continue;
            int at = IndexOf(events, id);
            for (int i = at - 1; i >= 0 && i >= at - 16; i--)
            {
                var before = events[i];
                if (before.Kind == TraceKind.Command && before.Source == ev.Source)
                {
                    result[id] = before;
                    break;
                }
            }
        }
        return result;
    }

    private static int IndexOf(IReadOnlyList<TraceEvent> events, long id)
    {
        int lo = 0, hi = events.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            long v = events[mid].Id;
            if (v == id) return mid;
            if (v < id) lo = mid + 1; else hi = mid - 1;
        }
        return -1;
    }

    /// <summary>
    /// One arrow per symptom (a host's error line or lost write, a spread edge's first symptom, the start of a
    /// failed expectation's cause chain) whose chain crosses more than one mark, root first;
    /// chains that are a prefix of another are dropped, so a fan of errors shows as a few arrows.
    /// </summary>
    private static List<HtmlArrow> MakeArrows(RunResult run, List<HtmlMarkEvent> events, Dictionary<long, HtmlMark> markOf, Scenario scenario)
    {
        var spreadSymptoms = run.Spread.Select(e => e.SymptomEventId).ToHashSet();
        var symptoms = events
            .Where(e => e.Kind is HtmlMarkKind.FsError or HtmlMarkKind.ErrorLog && HostOf(e.Event.Source, scenario) is not null
                        || spreadSymptoms.Contains(e.Event.Id))
            .Select(e => e.Event.Id)
            .Concat(run.Expectations.Where(x => !x.Held && x.CauseChain.Count > 0).Select(x => x.CauseChain[0].Id))
            .Where(markOf.ContainsKey)
            .Distinct()
            .Order()
            .ToList();
        var candidates = new List<(List<HtmlMark> Path, bool Spread, long Root, long Symptom, SimTime At)>();
        foreach (long symptomId in symptoms)
        {
            var ev = markOf[symptomId].Events.First(e => e.Event.Id == symptomId);
            var chain = run.Trace.CauseChain(ev.Event.Id);
            if (chain.Count == 0) continue;
            var path = new List<HtmlMark>();
            for (int i = chain.Count - 1; i >= 0; i--)
            {
                if (!markOf.TryGetValue(chain[i].Id, out var mark)) continue;
                if (path.Count == 0 || path[^1] != mark) path.Add(mark);
            }
            if (path.Count < 2) continue;
            var root = chain[^1];
            string? from = HostOf(root.Source, scenario);
            string? to = HostOf(ev.Event.Source, scenario);
            bool spread = from is not null && to is not null && from != to || spreadSymptoms.Contains(ev.Event.Id);
            candidates.Add((path, spread, root.Id, ev.Event.Id, ev.Event.Time));
        }

        var kept = new List<(List<HtmlMark> Path, bool Spread, long Root, long Symptom, SimTime At)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in candidates)
        {
            string key = string.Join(' ', c.Path.Select(m => m.Id));
            if (!seen.Add(key)) continue;
            bool prefix = candidates.Any(o => o.Path.Count > c.Path.Count && o.Path.Take(c.Path.Count).SequenceEqual(c.Path));
            if (!prefix) kept.Add(c);
        }
        return kept
            .OrderByDescending(c => c.Spread).ThenBy(c => c.At).ThenBy(c => c.Symptom)
            .Take(MaxArrows)
            .OrderBy(c => c.Symptom)
            .Select(c => new HtmlArrow("a" + c.Symptom.ToString(CultureInfo.InvariantCulture), c.Path, c.Spread, c.Root, c.Symptom))
            .ToList();
    }

    /// <summary>Each host's log; its lines and the host's log events in the trace are the same list in the same order.</summary>
    private static List<HtmlHostLog> MakeLogs(RunResult run, Dictionary<long, HtmlMark> markOf)
    {
        var logs = new List<HtmlHostLog>();
        foreach (var log in run.Logs)
        {
            var traced = run.Trace.Events.Where(e => e.Kind == TraceKind.Log && e.Source == "host:" + log.Host).ToList();
            bool aligned = traced.Count == log.Lines.Count
                           && traced.Zip(log.Lines).All(p => p.Second.EndsWith(p.First.Message, StringComparison.Ordinal));
            var rows = new List<HtmlLogRow>(log.Lines.Count);
            for (int i = 0; i < log.Lines.Count; i++)
            {
                string line = log.Lines[i];
                long id = aligned ? traced[i].Id : 0;
                string? mark = aligned && markOf.TryGetValue(id, out var m) ? m.Id : null;
                rows.Add(new HtmlLogRow(line, id, mark, HtmlMarkText.IsErrorLine(aligned ? traced[i].Message : line)));
            }
            logs.Add(new HtmlHostLog(log.Host, rows));
        }
        return logs;
    }
}
