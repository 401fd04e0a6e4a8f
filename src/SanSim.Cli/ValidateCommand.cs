using System.CommandLine;
using SanSim.Cli.Reports;

namespace SanSim.Cli;

/// <summary>`sansim validate &lt;files&gt;…`: loads and checks scenario files without running them.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Scenario files, or folders searched for *.yaml.",
            Arity = ArgumentArity.OneOrMore,
        };
        var cmd = new Command("validate", "Load and check scenario files only. Exit 0 valid, 2 invalid (each error as file:line:column).")
        {
            paths,
        };
        cmd.SetAction(r => Run(r.GetValue(paths) ?? [], r.InvocationConfiguration.Output, r.InvocationConfiguration.Error));
        return cmd;
    }

    internal static int Run(IReadOnlyList<string> paths, TextWriter stdout, TextWriter stderr)
    {
        var loaded = ScenarioInput.Load(paths, stderr);
        if (loaded is null) return ExitCodes.InvalidInput;
        int files = loaded.Select(s => s.File).Distinct().Count();
        stdout.WriteLine($"valid: {files} file{(files == 1 ? "" : "s")}, {loaded.Count} scenario × variant run{(loaded.Count == 1 ? "" : "s")}");
        return ExitCodes.Ok;
    }
}
