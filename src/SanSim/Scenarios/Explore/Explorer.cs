using System.Globalization;
using System.Text;
using System.Threading.Channels;
using SanSim.Engine;
using SanSim.Policy;
using SanSim.Scenarios.Model;
using SanSim.Scenarios.Policy;

namespace SanSim.Scenarios.Explore;

/// <summary>What `sansim explore` was asked for.</summary>
public sealed record ExploreSettings
{
    /// <summary>The topology: a loaded scenario (its timeline, if any, is kept in every run and never shrunk).</summary>
    public required Scenario Topology { get; init; }
    public LunPolicyKind Policy { get; init; } = LunPolicyKind.Explicit;
    public int Runs { get; init; } = 1000;
    /// <summary>Run 0 uses this seed; run i the i-th draw of its "explore/runs" stream.</summary>
    public ulong Seed { get; init; } = 1;
    public int Parallel { get; init; } = 1;
    /// <summary>How long each run lasts in virtual time.</summary>
    public SimTime Duration { get; init; } = SimTime.FromHours(1);
}

/// <summary>One explored run: its index, its seed, the scenario it ran and what it found.</summary>
public sealed record ExploredRun(int Index, ulong Seed, Scenario Scenario, ExploreRunResult Result);

/// <summary>A finding shrunk and turned into a scenario that `sansim run` fails on.</summary>
public sealed record Reproducer(Finding Finding, Scenario Scenario, int ShrinkRuns, bool FailsWithRunner);

/// <summary>
/// Explores a topology: generates a timeline per run (<see cref="TimelineGenerator"/>), runs it
/// (<see cref="ExploreRunner"/>), and hands each run back in run order, whatever the parallelism, so the output
/// is the same as a serial run's. Findings are shrunk (<see cref="Shrinker"/>) into scenarios that state the
/// broken rule as an expectation.
/// </summary>
public sealed class Explorer
{
    public Explorer(ExploreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        var topology = ScenarioPolicies.Apply(settings.Topology, settings.Policy);
        Prepared = topology with { Name = settings.Topology.Name + "-explore", Variant = "base", Duration = RunLength(topology, settings.Duration) };
        Ownership = ScenarioTopology.Build(Prepared);
    }

    public ExploreSettings Settings { get; }

    /// <summary>
    /// How long each run lasts: <paramref name="hours"/>, or the file's own duration when the file has a timeline
    /// or timed expectations and runs longer (a run must include them, as the loader requires of a file).
    /// </summary>
    private static SimTime RunLength(Scenario topology, SimTime hours)
    {
        bool timed = topology.Timeline.Count > 0 || topology.Expect.Any(e => e.At is not null);
        return timed && topology.Duration > hours ? topology.Duration : hours;
    }

    /// <summary>The topology with the policy applied and the run's duration: every run's scenario is this with a seed and a timeline.</summary>
    public Scenario Prepared { get; }

    /// <summary>Who owns which LUN, as the policy issue defines it.</summary>
    public PolicyTopology Ownership { get; }

    /// <summary>The seeds of runs 0 … count-1 of <paramref name="seed"/>: the seed itself, then draws of its "explore/runs" stream.</summary>
    public static IEnumerable<ulong> RunSeeds(ulong seed, int count)
    {
        var stream = new SimRandom(seed).Stream("explore/runs");
        for (int i = 0; i < count; i++)
            yield return i == 0 ? seed : stream.NextUInt64();
    }

    /// <summary>The scenario of the run with seed <paramref name="runSeed"/>: the prepared topology, the file's timeline and a generated one.</summary>
    public Scenario ScenarioFor(ulong runSeed)
    {
        var generated = TimelineGenerator.Generate(Prepared, Settings.Duration, new SimRandom(runSeed).Stream("explore/timeline"));
        var timeline = Prepared.Timeline.Concat(generated).Select((e, i) => (e, i)).OrderBy(x => x.e.At).ThenBy(x => x.i).Select(x => x.e).ToList();
        return Prepared with { Seed = runSeed, Timeline = timeline };
    }

    /// <summary>Runs one scenario with this explorer's ownership.</summary>
    public ExploreRunResult RunOne(Scenario scenario, CancellationToken token = default) =>
        ExploreRunner.Run(scenario, Ownership, token: token);

    /// <summary>
    /// Runs every run on <see cref="ExploreSettings.Parallel"/> workers and calls <paramref name="onRun"/> for each
    /// in run order, on the caller's thread of continuation. Cancellation stops handing out runs and throws.
    /// </summary>
    public async Task RunAsync(Action<ExploredRun> onRun, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(onRun);
        int workers = Math.Max(1, Settings.Parallel);
        var work = Channel.CreateBounded<(int Index, ulong Seed)>(new BoundedChannelOptions(workers * 4) { SingleWriter = true });
        var done = Channel.CreateBounded<ExploredRun>(new BoundedChannelOptions(workers * 64) { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);

        var producer = Task.Run(async () =>
        {
            try
            {
                int index = 0;
                foreach (ulong seed in RunSeeds(Settings.Seed, Settings.Runs))
                    await work.Writer.WriteAsync((index++, seed), stop.Token).ConfigureAwait(false);
            }
            finally
            {
                work.Writer.TryComplete();
            }
        }, stop.Token);
        var consumers = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            await foreach (var (index, seed) in work.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                var scenario = ScenarioFor(seed);
                var result = RunOne(scenario, token: stop.Token);
                await done.Writer.WriteAsync(new ExploredRun(index, seed, scenario, result), stop.Token).ConfigureAwait(false);
            }
        }, stop.Token)).ToArray();
        var closer = Task.WhenAll(consumers).ContinueWith(t => done.Writer.TryComplete(t.Exception), TaskScheduler.Default);

        var pending = new Dictionary<int, ExploredRun>();
        int next = 0;
        try
        {
            await foreach (var run in done.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                pending[run.Index] = run;
                while (pending.Remove(next, out var ready))
                {
                    onRun(ready);
                    next++;
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll([producer, closer, .. consumers]).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
        token.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// Shrinks <paramref name="run"/>'s timeline keeping <paramref name="finding"/>, adds the expectation that states
    /// the broken rule, names the scenario after the finding, and checks that the scenario runner fails on the result.
    /// </summary>
    public Reproducer Reproduce(ExploredRun run, Finding finding, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(finding);
        var fixedEvents = new HashSet<TimelineEvent>(Prepared.Timeline, ReferenceEqualityComparer.Instance);
        var fileEvents = run.Scenario.Timeline.Where(fixedEvents.Contains).ToList();
        bool Keeps(Scenario s) => RunOne(s, token).Findings.Any(f => f.Signature == finding.Signature);
        var start = run.Scenario with { Expect = finding.Kind == FindingKind.Expectation ? run.Scenario.Expect : [] };
        var shrunk = Shrinker.Shrink(start, fileEvents, Keeps);
        var scenario = shrunk.Scenario;
        var found = RunOne(scenario, token).Findings;
        var match = found.FirstOrDefault(f => f.Signature == finding.Signature) ?? finding;
        var expect = new List<Expectation>(finding.Kind == FindingKind.Expectation ? scenario.Expect : []);
        if (Statement(scenario, match, found) is { } statement) expect.Add(statement);
        scenario = scenario with
        {
            Name = Slug(string.Join('-', new[]
            {
                Settings.Topology.Name, finding.Kind.ToString().ToLowerInvariant(), finding.Actor, finding.Action, finding.Host,
                finding.Lun is { } l ? "lun" + l.ToString(CultureInfo.InvariantCulture) : null,
            }.OfType<string>())),
            Description = Describe(run, match, shrunk, expect.Count > 0),
            Expect = expect,
        };
        bool fails = (expect.Count > 0 || finding.Kind == FindingKind.Crash) && !Passes(scenario, token);
        return new Reproducer(match, scenario, shrunk.Runs, fails);
    }

    /// <summary>Whether the scenario runner passes the scenario; a run that throws fails, as `sansim run` reports it.</summary>
    private static bool Passes(Scenario scenario, CancellationToken token)
    {
        try
        {
            return ScenarioRunner.Run(scenario, token).Passed;
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or OperationCanceledException))
        {
            return false;
        }
    }

    /// <summary>
    /// The expectation that says the rule: the acting host reaches only the hosts it may reach (those it reached
    /// through LUNs it owns) at error (or, for a stuck host, stall) level; no "differs from what Disk" line for a
    /// Windows read-back mismatch. Null where no expectation can say it (ext4 data, a host stuck by the scenario's own action).
    /// </summary>
    private static Expectation? Statement(Scenario scenario, Finding finding, IReadOnlyList<Finding> found)
    {
        if (finding.Kind == FindingKind.Data)
            return scenario.Hosts.FirstOrDefault(h => h.Name == finding.Host)?.Os == SanSim.Hosts.HostOs.Windows
                ? new Expectation { Host = finding.Host, LogLacks = "differs from what Disk" }
                : null;
        if (finding.Actor is not { } actor || actor == finding.Host || finding.Kind is not (FindingKind.Spread or FindingKind.Stuck)) return null;
        var level = finding.Kind == FindingKind.Spread ? SpreadLevel.Error : SpreadLevel.Stall;
        RunResult result;
        try
        {
            result = ScenarioRunner.Run(scenario with { Expect = [] });
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or OperationCanceledException))
        {
            return null;
        }
        var victims = found.Where(f => f.Kind == finding.Kind && f.Actor == actor).Select(f => f.Host).ToHashSet(StringComparer.Ordinal);
        var allowed = result.Spread.Where(e => e.From == actor && e.Level <= level && !victims.Contains(e.To))
            .Select(e => e.To).Distinct().Order(StringComparer.Ordinal).ToList();
        return new Expectation { Spread = new SpreadSpec { From = actor, Reaches = allowed, Level = level } };
    }

    private string Describe(ExploredRun run, Finding finding, Shrinker.Result shrunk, bool stated)
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"Found by sansim explore (run {run.Index} of seed {Settings.Seed}; replay: sansim explore {Settings.Topology.File} {ReplayArguments(run.Seed)}): {finding}. ");
        b.Append(CultureInfo.InvariantCulture, $"Shrunk from {run.Scenario.Timeline.Count} timeline events to {shrunk.Scenario.Timeline.Count} in {shrunk.Runs} runs. ");
        b.Append(finding.Kind == FindingKind.Crash
            ? "The simulation throws on this file, so sansim run fails on it."
            : stated
            ? "The expectation states the rule that broke, so sansim run fails on this file."
            : "No expectation of the scenario format can state this rule yet; sansim explore on this file's topology finds it.");
        return b.ToString();
    }

    /// <summary>The explore options that replay the run with seed <paramref name="runSeed"/> on its own.</summary>
    public string ReplayArguments(ulong runSeed) =>
        $"--policy {LunPolicies.Name(Settings.Policy)} --hours {Hours(Settings.Duration)} --seed {runSeed.ToString(CultureInfo.InvariantCulture)} --runs 1";

    /// <summary>Hours as the command line takes them: "1", "0.5".</summary>
    public static string Hours(SimTime duration) =>
        (duration.Nanoseconds / (decimal)SimTime.FromHours(1).Nanoseconds).ToString("0.#########", CultureInfo.InvariantCulture);

    /// <summary>Lower-case letters, digits and single dashes.</summary>
    public static string Slug(string text)
    {
        var b = new StringBuilder();
        foreach (char c in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) b.Append(c);
            else if (b.Length > 0 && b[^1] != '-') b.Append('-');
        }
        return b.ToString().Trim('-');
    }
}
