using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using SanSim.Cli.Reports;
using SanSim.Policy;
using SanSim.Scenarios.Policy;
using SanSim.Target;
using SanSim.Target.CtlConf;

namespace SanSim.Cli;

/// <summary>
/// `sansim lint &lt;scenario.yaml | ctl.conf&gt; [--format scenario|ctl.conf] [--variant NAME] [--fix]`: which hosts can
/// hurt which LUNs through the target's LUN maps, before any fault happens.
/// </summary>
internal static partial class LintCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A scenario file or a ctl.conf." };
        var format = new Option<string?>("--format")
        {
            Description = "scenario or ctl.conf; detected from the content when not given.",
        };
        format.AcceptOnlyFromAmong("scenario", "ctl.conf");
        var variant = new Option<string?>("--variant") { Description = "The scenario variant to lint (default: base)." };
        var fix = new Option<bool>("--fix") { Description = "Also print the ctladm commands that reach owner-only exposure." };
        var cmd = new Command("lint", "Find hosts that see LUNs they do not own and can change them for their owners. Exit 0 clean (info at most), 1 a warning or worse, 2 invalid input.")
        {
            file, format, variant, fix,
        };
        cmd.SetAction(r => Run(r.GetValue(file)!, r.GetValue(format), r.GetValue(variant), r.GetValue(fix),
            r.InvocationConfiguration.Output, r.InvocationConfiguration.Error));
        return cmd;
    }

    [GeneratedRegex(@"^(target|hosts)\s*:", RegexOptions.Multiline)]
    private static partial Regex ScenarioKeys();

    internal static int Run(string path, string? format, string? variant, bool fix, TextWriter stdout, TextWriter stderr)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"sansim: {path}: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        format ??= ScenarioKeys().IsMatch(text) ? "scenario" : "ctl.conf";
        string subject;
        PolicyTopology topology;
        if (format == "scenario")
        {
            var scenario = ScenarioInput.One(path, variant, stderr);
            if (scenario is null) return ExitCodes.InvalidInput;
            try
            {
                topology = ScenarioTopology.Build(scenario);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                stderr.WriteLine($"sansim: {path}: the scenario's target cannot be built: {e.Message}");
                return ExitCodes.InvalidInput;
            }
            subject = scenario.Id;
        }
        else
        {
            var built = CtlConfBuilder.Load(text, path);
            if (built.Target is null)
            {
                stderr.WriteLine(built.Error?.ToString() ?? $"{path}: not a ctl.conf");
                return ExitCodes.InvalidInput;
            }
            topology = PolicyTopology.FromTarget(built.Target, [], []);
            subject = Path.GetFileName(path) + " (no hosts: latent exposure only)";
        }
        var findings = ExposureAnalyzer.Analyze(topology);
        WriteTable(findings, stdout);
        stdout.WriteLine(Verdict(findings, subject, topology.Profile));
        if (fix)
        {
            var commands = LunPolicies.Commands(topology, LunPolicyKind.OwnerOnly);
            stdout.WriteLine();
            stdout.WriteLine(commands.Count == 0 ? "# owner-only: the maps already show each port only its hosts' LUNs"
                : topology.Hosts.Count == 0 ? "# owner-only, no hosts known: ctladm commands that close the ports showing all LUNs (map each host's LUNs onto its port first)"
                : "# owner-only: ctladm commands that show each port only the LUNs its hosts own");
            foreach (var c in commands) stdout.WriteLine("ctladm " + c);
        }
        return ExposureAnalyzer.Fails(findings) ? ExitCodes.Failed : ExitCodes.Ok;
    }

    private static void WriteTable(IReadOnlyList<Finding> findings, TextWriter stdout)
    {
        if (findings.Count == 0) return;
        var rows = new List<string[]> { new[] { "PORT", "HOST", "LUN", "OWNER", "MECHANISM", "SEVERITY" } };
        foreach (var f in findings)
            rows.Add([
                f.Port?.ToString(CultureInfo.InvariantCulture) ?? "-", f.Host ?? "-",
                f.Lun?.ToString(CultureInfo.InvariantCulture) ?? "-", f.Owner ?? "-", f.Mechanism, Name(f.Severity),
            ]);
        var widths = Enumerable.Range(0, 6).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var r in rows)
            stdout.WriteLine(string.Join("  ", r.Select((c, i) => i == 5 ? c : c.PadRight(widths[i]))));
        stdout.WriteLine();
        foreach (var f in findings.Where(f => f.Severity >= Severity.Warning))
            stdout.WriteLine($"{Name(f.Severity)}: port {f.Port?.ToString(CultureInfo.InvariantCulture) ?? "-"}: {f.Detail}");
    }

    private static string Verdict(IReadOnlyList<Finding> findings, string subject, TargetProfile profile)
    {
        int errors = findings.Count(f => f.Severity == Severity.Error);
        int warnings = findings.Count(f => f.Severity == Severity.Warning);
        int infos = findings.Count(f => f.Severity == Severity.Info);
        string word = errors + warnings > 0 ? "FAIL" : "OK";
        return $"{word}: {subject}, profile {profile.ToString().ToLowerInvariant()}: {Count(errors, "error")}, {Count(warnings, "warning")}, {Count(infos, "info")}";
    }

    private static string Count(int n, string what) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + what + (n == 1 || what == "info" ? "" : "s");

    private static string Name(Severity s) => s.ToString().ToLowerInvariant();
}
