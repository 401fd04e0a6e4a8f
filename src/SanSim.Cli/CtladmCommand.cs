using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using SanSim.Cli.Reports;
using SanSim.Engine;
using SanSim.Scenarios;
using SanSim.Target.CtlConf;
using SanSim.Target.Ctladm;

namespace SanSim.Cli;

/// <summary>
/// `sansim ctladm &lt;file&gt; [--at T] [--variant V] -- &lt;ctladm arguments&gt;`: runs ctladm against the target a
/// file describes — a ctl.conf as ctld loads it, or a scenario (.yaml) run to virtual time T.
/// </summary>
internal static partial class CtladmCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file")
        {
            Description = "A scenario (.yaml, .yml) or a ctl.conf(5) file; in a ctl.conf, \"#sansim:\" comment lines describe the FC ports and logged-in initiators.",
        };
        var at = new Option<string>("--at")
        {
            Description = "Scenario only: the virtual time to stop at (250ms, 5s, 1h30m, a bare number of seconds; default: the end).",
        };
        var variant = new Option<string>("--variant") { Description = "Scenario only: the variant to run (default: base)." };
        var ctladmArgs = new Argument<string[]>("ctladm-arguments")
        {
            Description = "The ctladm command line, after \"--\" (for example: -- portlist -i -v).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var cmd = new Command("ctladm", "Run a ctladm command against the target that a ctl.conf file describes, or against a scenario's target as it stands at virtual time T.")
        {
            file,
            at,
            variant,
            ctladmArgs,
        };
        cmd.SetAction(result =>
        {
            string path = result.GetValue(file)!;
            var args = result.GetValue(ctladmArgs) ?? [];
            var stdout = result.InvocationConfiguration.Output;
            var stderr = result.InvocationConfiguration.Error;
            if (IsScenario(path))
                return RunScenario(path, result.GetValue(at), result.GetValue(variant), args, stdout, stderr);
            if (result.GetValue(at) is not null || result.GetValue(variant) is not null)
            {
                stderr.WriteLine("sansim: --at and --variant apply to a scenario file (.yaml), not to a ctl.conf");
                return ExitCodes.InvalidInput;
            }
            return Run(path, args, stdout, stderr);
        });
        return cmd;
    }

    /// <summary>A scenario file by its extension (.yaml or .yml); anything else is read as a ctl.conf.</summary>
    internal static bool IsScenario(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Runs the scenario to <paramref name="at"/> (default: its end) and ctladm against its target. Exit status:
    /// ctladm's, or <see cref="ExitCodes.InvalidInput"/> for an invalid file, variant or time.
    /// </summary>
    internal static int RunScenario(string path, string? at, string? variant, IReadOnlyList<string> ctladmArgs, TextWriter stdout, TextWriter stderr)
    {
        SimTime? when = null;
        if (at is not null)
        {
            when = ParseTime(at);
            if (when is null)
            {
                stderr.WriteLine($"sansim: --at '{at}': expected a time such as 250ms, 5s, 35771.99s or 1h30m");
                return ExitCodes.InvalidInput;
            }
        }
        var scenario = ScenarioInput.One(path, variant, stderr);
        if (scenario is null) return ExitCodes.InvalidInput;
        try
        {
            return ScenarioRunner.CtladmAt(scenario, when ?? scenario.Duration, ctladmArgs, stdout, stderr);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            stderr.WriteLine($"sansim: {scenario.Id}: the run stopped: {e.GetType().Name}: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    /// <summary>A scenario time: "250ms", "5s", "35771.99s", "1h30m", "2m5s" or a bare number of seconds; null if malformed or negative.</summary>
    internal static SimTime? ParseTime(string text)
    {
        text = text.Trim();
        if (text.Length == 0) return null;
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double bare))
            return bare > 9e9 ? null : SimTime.FromSeconds(bare);
        var m = TimePattern().Match(text);
        if (!m.Success) return null;
        double seconds = 0;
        foreach (Capture c in m.Groups["part"].Captures)
        {
            var pm = PartPattern().Match(c.Value);
            double n = double.Parse(pm.Groups[1].Value, CultureInfo.InvariantCulture);
            seconds += pm.Groups[2].Value switch
            {
                "h" => n * 3600,
                "m" => n * 60,
                "s" => n,
                "ms" => n / 1000,
                _ => n / 1_000_000,
            };
        }
        return seconds > 9e9 ? null : SimTime.FromSeconds(seconds);
    }

    [GeneratedRegex(@"^(?<part>\d+(?:\.\d+)?(?:ms|us|h|m|s))+$", RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)(ms|us|h|m|s)$", RegexOptions.CultureInvariant)]
    private static partial Regex PartPattern();

    /// <summary>
    /// Loads the configuration as ctld would and runs ctladm on the result. Exit status: ctladm's, or
    /// <see cref="ExitCodes.InvalidInput"/> when the file cannot be read or is not a valid ctl.conf.
    /// </summary>
    internal static int Run(string path, IReadOnlyList<string> ctladmArgs, TextWriter stdout, TextWriter stderr)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"sansim: cannot read {path}: {e.Message}");
            return ExitCodes.InvalidInput;
        }

        var built = CtlConfBuilder.Load(text, path);
        if (built.Target is null)
        {
            stderr.WriteLine($"sansim: {built.Error}");
            return ExitCodes.InvalidInput;
        }
        return Ctladm.Run(built.Target, ctladmArgs, stdout, stderr);
    }
}
