using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SanSim.Cli.Reports;
using SanSim.Policy;
using SanSim.Scenarios;
using SanSim.Scenarios.Model;

namespace SanSim.Cli;

/// <summary>`sansim run &lt;files or folders&gt;…`: runs every scenario × variant and reports what held.</summary>
internal static class RunCommand
{
    /// <summary>What the options asked for.</summary>
    internal sealed record Settings(
        IReadOnlyList<string> Paths,
        string? Variant = null,
        string? Filter = null,
        ulong? Seed = null,
        string? Junit = null,
        string? Json = null,
        string? Trace = null,
        string? Shard = null,
        string? Policy = null,
        string? Html = null,
        int Parallel = 1);

    public static Command Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Scenario files, or folders searched for *.yaml.",
            Arity = ArgumentArity.OneOrMore,
        };
        var variant = new Option<string>("--variant") { Description = "Run only this variant (\"base\" is the file as written)." };
        var filter = new Option<string>("--filter") { Description = "Run only scenarios whose name or name/variant matches this glob (* and ?)." };
        var seed = new Option<ulong?>("--seed") { Description = "Use this seed instead of the one in each file." };
        var junit = new Option<string>("--junit") { Description = "Write a JUnit XML report to this file." };
        var json = new Option<string>("--json") { Description = "Write the JSON report (docs/run-report.schema.json) to this file." };
        var trace = new Option<string>("--trace") { Description = "Write every trace event as JSON Lines (docs/trace.schema.json) to this file." };
        var shard = new Option<string>("--shard") { Description = "Run shard K of N (1-based), e.g. 2/4; shards split the sorted ids." };
        var policy = new Option<string>("--policy")
        {
            Description = "Run every scenario under this LUN-map policy: all-luns (CTL's default, every LUN on every port), owner-only (each port maps only its hosts' LUNs) or explicit (the maps as written). Expectations with a policy: key are checked only under their policies.",
        };
        policy.AcceptOnlyFromAmong("all-luns", "owner-only", "explicit");
        var html = new Option<string>("--html") { Description = "Write an HTML report (see sansim report) of each failing scenario × variant into this folder." };
        var parallel = new Option<int>("--parallel") { Description = "Replay on N workers; the output is the same as a serial run's.", DefaultValueFactory = _ => 1 };
        var cmd = new Command("run", "Run scenarios: one line per scenario × variant; for each failure what was expected, what happened and the cause chain. Exit 0 all held, 1 some failed, 2 invalid input.")
        {
            paths, variant, filter, seed, junit, json, trace, shard, policy, html, parallel,
        };
        cmd.SetAction(r => Run(
            new Settings(
                r.GetValue(paths) ?? [],
                r.GetValue(variant),
                r.GetValue(filter),
                r.GetValue(seed),
                r.GetValue(junit),
                r.GetValue(json),
                r.GetValue(trace),
                r.GetValue(shard),
                r.GetValue(policy),
                r.GetValue(html),
                r.GetValue(parallel)),
            r.InvocationConfiguration.Output,
            r.InvocationConfiguration.Error));
        return cmd;
    }

    internal static int Run(Settings settings, TextWriter stdout, TextWriter stderr)
    {
        (int K, int N)? shard = null;
        if (settings.Shard is not null)
        {
            shard = ParseShard(settings.Shard);
            if (shard is null)
            {
                stderr.WriteLine($"sansim: --shard '{settings.Shard}': expected K/N with 1 <= K <= N, e.g. 1/4");
                return ExitCodes.InvalidInput;
            }
        }

        if (settings.Parallel is < 1 or > ParallelRuns.MaxWorkers)
        {
            stderr.WriteLine($"sansim: --parallel {settings.Parallel}: expected 1 to {ParallelRuns.MaxWorkers} workers");
            return ExitCodes.InvalidInput;
        }

        var loaded = ScenarioInput.Load(settings.Paths, stderr);
        if (loaded is null) return ExitCodes.InvalidInput;

        var chosen = Select(loaded, settings.Variant, settings.Filter);
        if (chosen.Count == 0 && (settings.Variant is not null || settings.Filter is not null))
        {
            stderr.WriteLine("sansim: no scenario matches " + string.Join(" and ",
                new[] { settings.Variant is null ? null : $"--variant {settings.Variant}", settings.Filter is null ? null : $"--filter {settings.Filter}" }
                    .Where(s => s is not null)));
            return ExitCodes.InvalidInput;
        }
        if (shard is { } sh)
            chosen = Shard(chosen, sh.K, sh.N);
        if (settings.Seed is { } seed)
            chosen = chosen.Select(s => s with { Seed = seed }).ToList();
        if (settings.Policy is not null && LunPolicies.Parse(settings.Policy) is { } kind)
            chosen = chosen.Select(s => s with { Policy = kind }).ToList();

        var runs = ParallelRuns.Run(chosen, settings.Parallel, result => TextReport.Write(stdout, result));
        int failed = runs.Count(r => !r.Passed);
        stdout.WriteLine($"{runs.Count - failed} passed, {failed} failed");

        if (!WriteReports(settings, runs, stderr)) return ExitCodes.InvalidInput;
        return failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>Keeps the scenarios of <paramref name="variant"/> (if given) whose name or name/variant matches <paramref name="filter"/> (if given).</summary>
    internal static List<Scenario> Select(IEnumerable<Scenario> scenarios, string? variant, string? filter)
    {
        var glob = filter is null ? null : Glob(filter);
        return scenarios
            .Where(s => variant is null || s.Variant == variant)
            .Where(s => glob is null || glob.IsMatch(s.Name) || glob.IsMatch(s.Name + "/" + s.Variant))
            .ToList();
    }

    /// <summary>
    /// Shard <paramref name="k"/> of <paramref name="n"/>: the ids are sorted (ordinal) and the i-th (0-based)
    /// goes to shard i mod n + 1, so every id falls in exactly one shard whatever the input order. The chosen
    /// scenarios keep their load order.
    /// </summary>
    internal static List<Scenario> Shard(IReadOnlyList<Scenario> scenarios, int k, int n)
    {
        var ids = scenarios.Select(s => s.Name + "/" + s.Variant).Distinct().Order(StringComparer.Ordinal).ToList();
        var mine = new HashSet<string>(ids.Where((_, i) => i % n == k - 1), StringComparer.Ordinal);
        return scenarios.Where(s => mine.Contains(s.Name + "/" + s.Variant)).ToList();
    }

    /// <summary>"K/N" with 1 ≤ K ≤ N, else null.</summary>
    internal static (int K, int N)? ParseShard(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int k)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            || n < 1 || k < 1 || k > n)
            return null;
        return (k, n);
    }

    /// <summary>A glob with * (any run of characters, '/' included) and ? (one character), matched against the whole string.</summary>
    internal static Regex Glob(string pattern)
    {
        var sb = new StringBuilder("^");
        foreach (char c in pattern)
            sb.Append(c switch
            {
                '*' => ".*",
                '?' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        sb.Append('$');
        return new Regex(sb.ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }

    private static bool WriteReports(Settings settings, IReadOnlyList<RunResult> runs, TextWriter stderr)
    {
        try
        {
            if (settings.Json is not null)
                File.WriteAllText(settings.Json, JsonReport.Render(runs), new UTF8Encoding(false));
            if (settings.Junit is not null)
                File.WriteAllText(settings.Junit, JunitReport.Render(runs), new UTF8Encoding(false));
            if (settings.Trace is not null)
            {
                using var w = new StreamWriter(settings.Trace, false, new UTF8Encoding(false));
                foreach (var r in runs)
                    TraceJsonl.Write(w, r);
            }
            if (settings.Html is not null)
                HtmlReport.WriteFailing(settings.Html, runs);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"sansim: cannot write a report: {e.Message}");
            return false;
        }
    }
}
