using System.CommandLine;
using System.CommandLine.Help;

namespace SanSim.Cli;

/// <summary>Exit codes of every sansim command.</summary>
public static class ExitCodes
{
    /// <summary>Everything held.</summary>
    public const int Ok = 0;
    /// <summary>An expectation failed (or, for ctladm, ctladm's own failure status).</summary>
    public const int Failed = 1;
    /// <summary>Invalid input: bad command line, unreadable or malformed file.</summary>
    public const int InvalidInput = 2;
}

internal static class Cli
{
    /// <summary>The `sansim` command with every subcommand; named "sansim" whatever the host executable is called.</summary>
    public static Command CreateRoot()
    {
        var root = new Command("sansim", "SanSim: a deterministic simulator of a SCSI SAN (FreeBSD CTL target, FC and iSCSI fabrics, Linux, Windows and ESXi initiators).\n\nExit codes: 0 all held, 1 an expectation failed (ctladm: ctladm's own status), 2 invalid input.")
        {
            new HelpOption(),
            new VersionOption(),
            SenseCommand.Create(),
            CtladmCommand.Create(),
            RunCommand.Create(),
            ValidateCommand.Create(),
            ExplainCommand.Create(),
            LogCommand.Create(),
            LintCommand.Create(),
            ImportCommand.Create(),
            ReportCommand.Create(),
            ExploreCommand.Create(),
            ServeCommand.Create(),
            BenchCommand.Create(),
            ScaleCommand.Create(),
        };
        return root;
    }

    /// <summary>Parses and runs; a parse error prints its messages and exits with <see cref="ExitCodes.InvalidInput"/>.</summary>
    public static int Run(Command root, string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var config = new InvocationConfiguration
        {
            Output = stdout ?? Console.Out,
            Error = stderr ?? Console.Error,
        };
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            var err = config.Error;
            foreach (var e in result.Errors)
                err.WriteLine($"sansim: {e.Message}");
            err.WriteLine("Run 'sansim --help' for usage.");
            return ExitCodes.InvalidInput;
        }
        return result.Invoke(config);
    }
}
