using System.Globalization;
using SanSim.Engine;
using SanSim.Hosts;
using SanSim.Hosts.Linux;
using SanSim.Scenarios.Model;
using SanSim.Scenarios.Policy;
using SanSim.Scenarios.Running;

namespace SanSim.Scenarios;

/// <summary>
/// Runs a <see cref="Scenario"/>: builds its world (target, fabric, sessions, hosts), brings every host up at
/// time zero in file order, replays the timeline, checks each expectation at its time, and works out from the
/// trace's cause chains which host's actions reached which other hosts.
/// </summary>
public static class ScenarioRunner
{
    /// <summary>The run advances this much virtual time between checks for cancellation and the event budget.</summary>
    private static readonly SimTime Slice = SimTime.FromMinutes(1);

    /// <summary>More trace events than this in one run is an event storm: the run stops and says so.</summary>
    public const int EventBudget = 2_000_000;

    /// <summary>
    /// Runs <paramref name="scenario"/> to its <see cref="Scenario.Duration"/> (or to its latest expectation, if
    /// later). Never throws for a bad scenario: what cannot be done shows up as a failed expectation or in
    /// <see cref="RunResult.Error"/>. Cancellation throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public static RunResult Run(Scenario scenario, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        scenario = ScenarioPolicies.Apply(scenario);
        if (Build(scenario, out string? buildError) is not { } world)
            return Unbuildable(scenario, buildError!);

        var results = new ExpectationResult?[scenario.Expect.Count];
        var end = EndOf(scenario);
        for (int i = 0; i < scenario.Expect.Count; i++)
        {
            var e = scenario.Expect[i];
            if (e.Spread is not null || e.At is not { } at) continue;
            if (at > end) end = at;
            int index = i;
            world.Sim.Scheduler.At(at, () => results[index] = ExpectationChecker.Check(world, e), "expect " + (index + 1).ToString(CultureInfo.InvariantCulture));
        }
        foreach (var e in scenario.Expect)
            if (e.At is { } at && at > end) end = at;

        string? error = RunTo(world, end, token);

        for (int i = 0; i < scenario.Expect.Count; i++)
            if (results[i] is null && scenario.Expect[i].Spread is null)
                results[i] = ExpectationChecker.Check(world, scenario.Expect[i]);

        CollectSymptoms(world);
        var edges = SpreadAnalysis.Edges(world.Sim.Trace, world.Hosts, world.Symptoms.All, world.Sim.Now);
        for (int i = 0; i < scenario.Expect.Count; i++)
        {
            if (scenario.Expect[i].Spread is not { } spec) continue;
            var until = scenario.Expect[i].At ?? world.Sim.Now;
            var upTo = until >= world.Sim.Now ? edges : SpreadAnalysis.Edges(world.Sim.Trace, world.Hosts, world.Symptoms.All, until);
            results[i] = ExpectationChecker.CheckSpread(world, scenario.Expect[i], spec, upTo);
        }

        return new RunResult
        {
            Scenario = scenario,
            Expectations = results.Select(r => r!).ToList(),
            Logs = world.Hosts.Select(h => new HostLogResult(h.Name, FormatLog(h))).ToList(),
            Trace = world.Sim.Trace,
            Spread = edges,
            Error = error,
        };
    }

    /// <summary>
    /// Runs <paramref name="scenario"/> to virtual time <paramref name="at"/>, then "ctladm <paramref name="ctladmArgs"/>"
    /// against the target as it stands. Returns ctladm's exit status.
    /// </summary>
    public static int CtladmAt(Scenario scenario, SimTime at, IReadOnlyList<string> ctladmArgs, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        scenario = ScenarioPolicies.Apply(scenario);
        ArgumentNullException.ThrowIfNull(ctladmArgs);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (Build(scenario, out string? buildError) is not { } world)
        {
            stderr.Write($"sansim: {buildError}\n");
            return 2;
        }
        if (RunTo(world, at, CancellationToken.None) is { } error)
        {
            stderr.Write($"sansim: {error}\n");
            return 1;
        }
        return SanSim.Target.Ctladm.Ctladm.Run(world.Target, ctladmArgs, stdout, stderr);
    }

    /// <summary>The duration as given; a scenario without one runs to its last timeline event + 10 minutes.</summary>
    private static SimTime EndOf(Scenario scenario) =>
        scenario.Duration > SimTime.Zero ? scenario.Duration
        : (scenario.Timeline.Count > 0 ? scenario.Timeline.Max(t => t.At) : SimTime.Zero) + SimTime.FromMinutes(10);

    /// <summary>
    /// Builds the world, brings the hosts up and schedules the timeline; null with a message when the scenario
    /// names something the simulation cannot build (a LUN or port twice, a WWPN on two host ports) — which the
    /// loader should have caught.
    /// </summary>
    private static ScenarioWorld? Build(Scenario scenario, out string? error)
    {
        error = null;
        try
        {
            var world = new ScenarioWorld(scenario);
            world.Start();
            world.ScheduleTimeline();
            return world;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            error = $"{scenario.Id}: cannot build the simulated SAN: {ex.Message}";
            return null;
        }
    }

    /// <summary>The result of a scenario whose world could not be built: every expectation fails with the reason.</summary>
    private static RunResult Unbuildable(Scenario scenario, string error) => new()
    {
        Scenario = scenario,
        Expectations = scenario.Expect.Select(e => new ExpectationResult(e, false, "a simulated SAN to check against", error, [])).ToList(),
        Logs = [],
        Trace = Trace.Standalone(),
        Spread = [],
        Error = error,
    };

    /// <summary>A host's log as its OS prints it: dmesg with "[seconds.micros]" for Linux (since the host's boot), an
    /// ISO 8601 time of day on a virtual day 1970-01-01 for Windows' System log and ESXi's vmkernel.log.</summary>
    public static IReadOnlyList<string> FormatLog(Host host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (host is LinuxHost linux) return linux.Kernel.Formatted().ToList();
        string sep = host.Os == HostOs.Esxi ? "T" : " ";
        string zone = host.Os == HostOs.Esxi ? "Z" : "";
        return host.Log.Lines.Select(l => WallClock(l.Time, sep, zone) + " " + l.Text).ToList();
    }

    private static string WallClock(SimTime t, string sep, string zone)
    {
        var time = DateTime.UnixEpoch.AddTicks(Math.Max(0, t.Nanoseconds) / 100);
        return time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + sep + time.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) + zone;
    }

    /// <summary>Advances the world to <paramref name="until"/> a slice at a time; an error message when the event budget is spent.</summary>
    private static string? RunTo(ScenarioWorld world, SimTime until, CancellationToken token)
    {
        var scheduler = world.Sim.Scheduler;
        while (scheduler.Now < until)
        {
            token.ThrowIfCancellationRequested();
            var next = scheduler.Now + Slice < until ? scheduler.Now + Slice : until;
            scheduler.RunUntil(next);
            if (world.Sim.Trace.Events.Count > EventBudget)
                return $"event storm: more than {EventBudget.ToString(CultureInfo.InvariantCulture)} trace events by {scheduler.Now}";
        }
        scheduler.RunUntil(until);
        return null;
    }

    /// <summary>Error symptoms from the trace, and commands still held past the stall threshold at the end.</summary>
    private static void CollectSymptoms(ScenarioWorld world)
    {
        world.Symptoms.AddErrorsFromTrace(world.Sim.Trace, world.Hosts);
        foreach (var host in world.Hosts)
            foreach (var (_, path) in world.PathsOf(host.Name))
                foreach (var request in path.HeldAt(world.Sim.Now))
                    if (request.CauseId != 0) world.Symptoms.Add(host.Name, SymptomKind.Stall, request.CauseId);
    }
}
