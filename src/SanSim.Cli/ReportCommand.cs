using System.CommandLine;
using System.Text;
using SanSim.Cli.Reports;

namespace SanSim.Cli;

/// <summary>
/// `sansim report &lt;file&gt; [--variant V] [-o report.html]`: runs one scenario × variant and writes its HTML
/// timeline (swimlanes, cause-chain arrows, blast radius, logs) as one self-contained page.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A scenario file." };
        var variant = new Option<string>("--variant") { Description = "The variant to report (default: base)." };
        var output = new Option<string>("--output", "-o") { Description = "Write the page to this file (default: standard output)." };
        var cmd = new Command("report", "Run a scenario and write an HTML page of it: a swimlane per host and LUN along folded virtual time, cause chains as arrows, the blast radius and each host's log. Exit 0 all held, 1 an expectation failed (the page is written either way), 2 invalid input or an unwritable output.")
        {
            file, variant, output,
        };
        cmd.SetAction(r => Run(r.GetValue(file)!, r.GetValue(variant), r.GetValue(output), r.InvocationConfiguration.Output, r.InvocationConfiguration.Error));
        return cmd;
    }

    internal static int Run(string path, string? variant, string? output, TextWriter stdout, TextWriter stderr)
    {
        var scenario = ScenarioInput.One(path, variant, stderr);
        if (scenario is null) return ExitCodes.InvalidInput;
        var result = ScenarioInput.Run(scenario);
        string html = HtmlReport.Render(result);
        if (output is null)
        {
            stdout.Write(html);
        }
        else
        {
            try
            {
                File.WriteAllText(output, html, new UTF8Encoding(false));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                stderr.WriteLine($"sansim: cannot write {output}: {e.Message}");
                return ExitCodes.InvalidInput;
            }
            stdout.WriteLine($"{TextReport.SummaryLine(result)}\nwrote {output}");
        }
        return result.Passed ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
