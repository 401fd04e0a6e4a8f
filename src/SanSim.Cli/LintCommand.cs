using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using SanSim.Cli.Reports;
using SanSim.Policy;
using SanSim.Scenarios;
using SanSim.Scenarios.Import;
using SanSim.Scenarios.Policy;
using SanSim.Target;
using SanSim.Target.CtlConf;

namespace SanSim.Cli;

/// <summary>
/// `sansim lint &lt;scenario.yaml | ctl.conf | portlist output&gt; [--format scenario|ctl.conf|portlist] [--variant NAME] [--fix]`:
/// which hosts can hurt which LUNs through the target's LUN maps, before any fault happens.
/// </summary>
internal static partial class LintCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A scenario file, a ctl.conf, or the output of `ctladm portlist -i -v` saved to a file." };
        var format = new Option<string?>("--format")
        {
            Description = "scenario, ctl.conf or portlist; detected from the content when not given.",
        };
        format.AcceptOnlyFromAmong("scenario", "ctl.conf", "portlist");
        var variant = new Option<string?>("--variant") { Description = "The scenario variant to lint (default: base)." };
        var fix = new Option<bool>("--fix") { Description = "Also print the ctladm commands that reach owner-only exposure (for a ctl.conf, also the target blocks that give it)." };
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

    [GeneratedRegex(@"\A\s*Port\s+Online\s+Frontend")]
    private static partial Regex PortlistHeader();

    /// <summary>portlist when the text starts with ctladm portlist's header, scenario when it has top-level target: or hosts:, else ctl.conf.</summary>
    internal static string DetectFormat(string text) =>
        PortlistHeader().IsMatch(text) ? "portlist" : ScenarioKeys().IsMatch(text) ? "scenario" : "ctl.conf";

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
        format ??= DetectFormat(text);
        string subject;
        PolicyTopology topology;
        IReadOnlyList<string> confBlocks = [];
        if (format == "portlist")
        {
            var imported = ScenarioImporter.Import(new ImportOptions { PortlistText = text, PortlistFile = path });
            if (!imported.Ok)
            {
                foreach (var e in imported.Errors) stderr.WriteLine(e.ToString());
                return ExitCodes.InvalidInput;
            }
            var loaded = ScenarioLoader.LoadText(imported.Yaml!, path);
            if (!loaded.Ok)
            {
                foreach (var e in loaded.Errors) stderr.WriteLine($"sansim: {path}: the portlist imports to a scenario that does not load: {e.Message}");
                return ExitCodes.InvalidInput;
            }
            topology = ScenarioTopology.Build(loaded.Scenarios[0]);
            subject = Path.GetFileName(path) + " (portlist: hosts are its iSCSI initiators, each owning the LUNs its ports map)";
        }
        else if (format == "scenario")
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
            var parsed = CtlConfParser.Parse(text, path);
            if (parsed.Conf is null)
            {
                stderr.WriteLine(parsed.Error?.ToString() ?? $"{path}: not a ctl.conf");
                return ExitCodes.InvalidInput;
            }
            var built = CtlConfBuilder.Build(parsed.Conf);
            if (built.Target is null)
            {
                stderr.WriteLine(built.Error?.ToString() ?? $"{path}: not a ctl.conf");
                return ExitCodes.InvalidInput;
            }
            foreach (var line in parsed.Conf.Initiators)
                foreach (var lunName in line.Owns.Where(n => parsed.Conf.FindLun(n) is null))
                {
                    stderr.WriteLine($"{line.At}: initiator \"{line.Name}\" owns \"{lunName}\", but no lun block has that name");
                    return ExitCodes.InvalidInput;
                }
            topology = CtlConfTopology.Build(built.Target, parsed.Conf);
            subject = Path.GetFileName(path) + (topology.Hosts.Count == 0
                ? " (no initiators named: latent exposure only)"
                : " (hosts are the initiators it names, each owning the LUNs its ports map)");
            if (fix) confBlocks = CtlConfFix.Blocks(topology, built.Target, parsed.Conf);
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
            var unknown = topology.Ports.Where(p => p.AllLuns && topology.HostsOn(p.Number).Count == 0 && p.Frontend == PortFrontend.Camtgt)
                .Select(p => p.Number.ToString(CultureInfo.InvariantCulture)).ToList();
            if (commands.Count > 0 && unknown.Count > 0 && topology.Hosts.Count > 0)
                stdout.WriteLine($"# caution: FC port{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown)} list{(unknown.Count == 1 ? "s" : "")} no initiator here; a host logged in there loses every LUN with \"-L 0\": name it (and what it owns) first");
            foreach (var c in commands) stdout.WriteLine("ctladm " + c);
            if (confBlocks.Count > 0)
            {
                stdout.WriteLine();
                stdout.WriteLine("# ctl.conf: the target blocks that give the same maps when ctld starts (replace the blocks of the same name, add the others)");
                foreach (var block in confBlocks) stdout.Write(block);
            }
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
