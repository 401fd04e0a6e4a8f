using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using SanSim.Cli.Reports;
using SanSim.Engine;
using SanSim.Policy;
using SanSim.Scenarios.Explore;

namespace SanSim.Cli;

/// <summary>
/// `sansim explore &lt;topology.yaml&gt; [--policy P] [--runs N] [--seed S] [--parallel N] [--hours H] [--out DIR]`:
/// random plausible timelines over a topology, each run checked against the file's expectations and the built-in
/// invariants; every distinct finding shrunk and written as a scenario that `sansim run` fails on.
/// </summary>
internal static class ExploreCommand
{
    /// <summary>What the options asked for.</summary>
    internal sealed record Settings(
        string Topology,
        string Policy = "explicit",
        int Runs = 1000,
        ulong Seed = 1,
        int? Parallel = null,
        double Hours = 1,
        string Out = "explore-findings");

    public static Command Create()
    {
        var topology = new Argument<string>("topology") { Description = "A scenario file: its target and hosts (a timeline in it runs in every run too)." };
        var policy = new Option<string>("--policy")
        {
            Description = "LUN maps before each run: all-luns (no maps), owner-only (each port shows its hosts' LUNs), explicit (as written).",
            DefaultValueFactory = _ => "explicit",
        };
        policy.AcceptOnlyFromAmong("all-luns", "owner-only", "explicit");
        var runs = new Option<int>("--runs") { Description = "How many runs.", DefaultValueFactory = _ => 1000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of run 0; later runs draw theirs from it.", DefaultValueFactory = _ => 1UL };
        var parallel = new Option<int?>("--parallel") { Description = "Runs at a time (default: one per processor). The output does not depend on it." };
        var hours = new Option<double>("--hours") { Description = "Virtual hours per run.", DefaultValueFactory = _ => 1.0 };
        var output = new Option<string>("--out", "-o") { Description = "Folder for the shrunk scenarios.", DefaultValueFactory = _ => "explore-findings" };
        var cmd = new Command("explore", "Generate random plausible timelines over a topology, run them, and shrink every finding (a host's action erring another host through a LUN it does not own, data acknowledged GOOD read back different, a host stuck, an expectation of the file) to a scenario `sansim run` fails on. Exit 0 no findings, 1 findings, 2 invalid input.")
        {
            topology, policy, runs, seed, parallel, hours, output,
        };
        cmd.SetAction(r => Run(
            new Settings(r.GetValue(topology)!, r.GetValue(policy)!, r.GetValue(runs), r.GetValue(seed), r.GetValue(parallel), r.GetValue(hours), r.GetValue(output)!),
            r.InvocationConfiguration.Output,
            r.InvocationConfiguration.Error));
        return cmd;
    }

    internal static int Run(Settings settings, TextWriter stdout, TextWriter stderr)
    {
        if (Invalid(settings) is { } problem)
        {
            stderr.WriteLine("sansim: " + problem);
            return ExitCodes.InvalidInput;
        }
        var topology = ScenarioInput.One(settings.Topology, null, stderr);
        if (topology is null) return ExitCodes.InvalidInput;
        Explorer explorer;
        try
        {
            explorer = new Explorer(new ExploreSettings
            {
                Topology = topology,
                Policy = LunPolicies.Parse(settings.Policy)!.Value,
                Runs = settings.Runs,
                Seed = settings.Seed,
                Parallel = settings.Parallel ?? Environment.ProcessorCount,
                Duration = SimTime.FromSeconds(settings.Hours * 3600),
            });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            stderr.WriteLine($"sansim: {settings.Topology}: the topology's target cannot be built: {e.Message}");
            return ExitCodes.InvalidInput;
        }

        string hours = Explorer.Hours(explorer.Settings.Duration);
        stdout.WriteLine($"explore {settings.Topology}: policy {settings.Policy}, {Count(settings.Runs, "run")} of {hours}h from seed {settings.Seed.ToString(CultureInfo.InvariantCulture)}");
        var progress = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected ? new Progress(stderr, settings.Runs) : null;
        var first = new Dictionary<string, (ExploredRun Run, int Count)>(StringComparer.Ordinal);
        var order = new List<string>();
        int withFindings = 0;
        string? writeError = null;

        void OnRun(ExploredRun run)
        {
            progress?.Tick(first.Count);
            if (!run.Result.Found) return;
            withFindings++;
            foreach (var finding in run.Result.Findings)
            {
                if (first.TryGetValue(finding.Signature, out var seen))
                {
                    first[finding.Signature] = (seen.Run, seen.Count + 1);
                    continue;
                }
                first[finding.Signature] = (run, 1);
                order.Add(finding.Signature);
                progress?.Clear();
                stdout.WriteLine($"FINDING run {run.Index.ToString(CultureInfo.InvariantCulture)} seed {run.Seed.ToString(CultureInfo.InvariantCulture)}: {finding}");
                stdout.WriteLine($"  replay: sansim explore {settings.Topology} {explorer.ReplayArguments(run.Seed)}");
                var reproducer = explorer.Reproduce(run, finding);
                string? path = Write(settings.Out, reproducer, ref writeError);
                stdout.WriteLine($"  shrunk: {run.Scenario.Timeline.Count} -> {Count(reproducer.Scenario.Timeline.Count, "timeline event")} in {Count(reproducer.ShrinkRuns, "run")}"
                    + (path is null ? "" : ": " + path)
                    + (reproducer.FailsWithRunner ? " (sansim run fails on it)" : " (no expectation can state it; sansim run passes)"));
            }
        }

        try
        {
            explorer.RunAsync(OnRun).GetAwaiter().GetResult();
        }
        finally
        {
            progress?.Clear();
        }
        if (writeError is not null)
        {
            stderr.WriteLine("sansim: " + writeError);
            return ExitCodes.InvalidInput;
        }
        stdout.WriteLine($"{Count(settings.Runs, "run")}, {Count(withFindings, "with findings", plural: false)}, {Count(first.Count, "distinct finding")}");
        foreach (var signature in order)
        {
            var (run, count) = first[signature];
            var finding = run.Result.Findings.First(f => f.Signature == signature);
            string who = finding.Actor is null ? finding.Host : $"{finding.Actor} {finding.Action} -> {finding.Host}";
            string lun = finding.Lun is { } l ? (finding.Kind == FindingKind.Spread ? " through LUN " : " on LUN ") + l.ToString(CultureInfo.InvariantCulture) : "";
            stdout.WriteLine($"  {count.ToString(CultureInfo.InvariantCulture),6}  {finding.Kind.ToString().ToLowerInvariant()}: {who}{lun} (first: run {run.Index.ToString(CultureInfo.InvariantCulture)})");
        }
        progress?.Done();
        return first.Count > 0 ? ExitCodes.Failed : ExitCodes.Ok;
    }

    private static string? Invalid(Settings s) =>
        s.Runs < 1 ? $"--runs {s.Runs.ToString(CultureInfo.InvariantCulture)}: expected at least 1"
        : s.Parallel is < 1 or > 256 ? $"--parallel {s.Parallel?.ToString(CultureInfo.InvariantCulture)}: expected 1 to 256"
        : !(s.Hours > 0 && s.Hours <= 1000) ? $"--hours {s.Hours.ToString(CultureInfo.InvariantCulture)}: expected more than 0 and at most 1000"
        : null;

    /// <summary>Writes the reproducer to DIR/NAME.yaml; null with <paramref name="error"/> set when the folder or file cannot be written.</summary>
    private static string? Write(string folder, Reproducer reproducer, ref string? error)
    {
        string path = Path.Combine(folder, reproducer.Scenario.Name + ".yaml");
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(path, ScenarioYaml.Write(reproducer.Scenario));
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error ??= $"{path}: {e.Message}";
            return null;
        }
    }

    private static string Count(int n, string what, bool plural = true) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + what + (plural && n != 1 ? "s" : "");

    /// <summary>A one-line progress display on a terminal: runs done, runs per minute, distinct findings.</summary>
    private sealed class Progress(TextWriter stderr, int total)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _lastDraw = -1000;
        private int _done;

        public void Tick(int findings)
        {
            _done++;
            if (_clock.ElapsedMilliseconds - _lastDraw < 200 && _done < total) return;
            _lastDraw = _clock.ElapsedMilliseconds;
            stderr.Write($"\r{_done.ToString(CultureInfo.InvariantCulture)}/{total.ToString(CultureInfo.InvariantCulture)} runs, {Rate():0} runs/min, {Count(findings, "distinct finding")} ");
        }

        public void Clear() => stderr.Write("\r\u001b[K");

        public void Done() => stderr.WriteLine($"{_done.ToString(CultureInfo.InvariantCulture)} runs in {_clock.Elapsed.TotalSeconds:0.0} s ({Rate():0} runs/min)");

        private double Rate() => _done / Math.Max(_clock.Elapsed.TotalMinutes, 1e-9);
    }
}
