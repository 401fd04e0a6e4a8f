using System.CommandLine;

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
    /// <summary>Parses and runs; a parse error prints its messages and exits with <see cref="ExitCodes.InvalidInput"/>.</summary>
    public static int Run(RootCommand root, string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
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
