using System.CommandLine;
using SanSim.Cli.Reports;

namespace SanSim.Cli;

/// <summary>`sansim log &lt;file&gt; --host NAME [--variant V]`: one host's kernel or event log as the run left it.</summary>
internal static class LogCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A scenario file." };
        var host = new Option<string>("--host") { Description = "The host whose log to print.", Required = true };
        var variant = new Option<string>("--variant") { Description = "The variant to run (default: base)." };
        var cmd = new Command("log", "Run a scenario and print one host's log, timestamps and all. Exit 2 for an invalid file or an unknown host.")
        {
            file, host, variant,
        };
        cmd.SetAction(r => Run(r.GetValue(file)!, r.GetValue(host)!, r.GetValue(variant), r.InvocationConfiguration.Output, r.InvocationConfiguration.Error));
        return cmd;
    }

    internal static int Run(string path, string host, string? variant, TextWriter stdout, TextWriter stderr)
    {
        var scenario = ScenarioInput.One(path, variant, stderr);
        if (scenario is null) return ExitCodes.InvalidInput;
        var names = scenario.Hosts.Select(h => h.Name).ToList();
        if (!names.Contains(host, StringComparer.Ordinal))
        {
            stderr.WriteLine($"sansim: {scenario.Id} has no host '{host}'; hosts: {string.Join(", ", names)}");
            return ExitCodes.InvalidInput;
        }
        var result = ScenarioInput.Run(scenario);
        var log = result.Logs.FirstOrDefault(l => l.Host == host);
        if (log is not null)
            foreach (var line in log.Lines)
                stdout.WriteLine(line);
        return ExitCodes.Ok;
    }
}
