using System.CommandLine;
using SanSim.Cli.Reports;
using SanSim.Engine;
using SanSim.Scenarios;
using SanSim.Scenarios.Model;

namespace SanSim.Cli;

/// <summary>
/// `sansim explain &lt;file&gt; [--variant V]`: the story of a run in words — the timeline, each host's errors
/// walked back through the trace's cause ids to the action that started them, and who reached whom.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A scenario file." };
        var variant = new Option<string>("--variant") { Description = "The variant to explain (default: base)." };
        var cmd = new Command("explain", "Run a scenario and tell its story: timeline, each host's errors traced to their root action, and a blast-radius table.")
        {
            file, variant,
        };
        cmd.SetAction(r => Run(r.GetValue(file)!, r.GetValue(variant), r.InvocationConfiguration.Output, r.InvocationConfiguration.Error));
        return cmd;
    }

    internal static int Run(string path, string? variant, TextWriter stdout, TextWriter stderr)
    {
        var scenario = ScenarioInput.One(path, variant, stderr);
        if (scenario is null) return ExitCodes.InvalidInput;
        var result = ScenarioInput.Run(scenario);
        Write(stdout, result);
        return result.Passed ? ExitCodes.Ok : ExitCodes.Failed;
    }

    internal static void Write(TextWriter w, RunResult r)
    {
        var s = r.Scenario;
        w.WriteLine($"{TextReport.RunId(r)} (seed {s.Seed}, {s.Duration} of virtual time)");
        if (s.Description.Length > 0)
            w.WriteLine(s.Description.Trim());
        w.WriteLine();

        w.WriteLine("Timeline:");
        w.WriteLine("  [0.000000] every host starts: logs in on its paths, discovers its disks, mounts its filesystems");
        foreach (var t in s.Timeline)
            w.WriteLine($"  [{t.At.ToKernelTimestamp()}] {ExpectationText.Describe(t)}");
        w.WriteLine($"  [{s.Duration.ToKernelTimestamp()}] end of run");
        w.WriteLine();

        w.WriteLine("What each host suffered, traced to its root:");
        bool any = false;
        foreach (var host in s.Hosts)
        {
            var edges = r.Spread.Where(e => e.To == host.Name).OrderBy(e => e.FirstAt).ThenBy(e => e.From, StringComparer.Ordinal).ToList();
            if (edges.Count == 0) continue;
            any = true;
            w.WriteLine($"  {host.Name}:");
            foreach (var edge in edges)
            {
                var symptom = r.Trace.Find(edge.SymptomEventId);
                var root = r.Trace.Find(edge.RootEventId);
                w.WriteLine($"    {Level(edge.Level)} from {edge.From} at [{edge.FirstAt.ToKernelTimestamp()}]: {symptom?.Message ?? $"event #{edge.SymptomEventId}"}");
                w.WriteLine($"      root: {(root is null ? $"event #{edge.RootEventId}" : TextReport.Event(root))}");
                foreach (var ev in r.Trace.CauseChain(edge.SymptomEventId))
                    w.WriteLine($"        {TextReport.Event(ev)}");
            }
        }
        if (!any)
            w.WriteLine("  nothing reached any host from another's action");
        w.WriteLine();

        w.WriteLine("Blast radius (who caused what to whom):");
        if (r.Spread.Count == 0)
        {
            w.WriteLine("  contained: no host's action reached another host");
        }
        else
        {
            var rows = r.Spread.OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal)
                .Select(e => (e.From, e.To, Level: Level(e.Level), First: e.FirstAt.ToKernelTimestamp())).ToList();
            int wFrom = Math.Max(4, rows.Max(x => x.From.Length));
            int wTo = Math.Max(2, rows.Max(x => x.To.Length));
            int wLevel = Math.Max(5, rows.Max(x => x.Level.Length));
            w.WriteLine($"  {"from".PadRight(wFrom)}  {"to".PadRight(wTo)}  {"level".PadRight(wLevel)}  first at");
            foreach (var x in rows)
                w.WriteLine($"  {x.From.PadRight(wFrom)}  {x.To.PadRight(wTo)}  {x.Level.PadRight(wLevel)}  {x.First}");
        }
        w.WriteLine();

        w.WriteLine("Expectations:");
        foreach (var e in r.Expectations)
        {
            if (e.Held)
                w.WriteLine($"  held    {ExpectationText.Describe(e.Expectation)}");
            else
            {
                w.WriteLine($"  FAILED  {ExpectationText.Describe(e.Expectation)}");
                TextReport.WriteFailure(w, e, "          ");
            }
        }
    }

    private static string Level(SpreadLevel level) => level.ToString().ToLowerInvariant();
}
