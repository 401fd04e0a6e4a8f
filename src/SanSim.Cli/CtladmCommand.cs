using System.CommandLine;
using SanSim.Target.CtlConf;
using SanSim.Target.Ctladm;

namespace SanSim.Cli;

/// <summary>`sansim ctladm &lt;file&gt; -- &lt;ctladm arguments&gt;`: runs ctladm against the target a file describes.</summary>
internal static class CtladmCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file")
        {
            Description = "A ctl.conf(5) file; \"#sansim:\" comment lines describe the FC ports and logged-in initiators.",
        };
        var ctladmArgs = new Argument<string[]>("ctladm-arguments")
        {
            Description = "The ctladm command line, after \"--\" (for example: -- portlist -i -v).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var cmd = new Command("ctladm", "Run a ctladm command against the target that a ctl.conf file describes.")
        {
            file,
            ctladmArgs,
        };
        cmd.SetAction(result => Run(
            result.GetValue(file)!,
            result.GetValue(ctladmArgs) ?? [],
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error));
        return cmd;
    }

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
