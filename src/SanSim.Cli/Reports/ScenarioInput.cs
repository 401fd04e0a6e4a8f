using SanSim.Engine;
using SanSim.Scenarios;
using SanSim.Scenarios.Model;

namespace SanSim.Cli.Reports;

/// <summary>What the scenario commands share: loading with errors printed as file:line:column, choosing a variant, running safely.</summary>
internal static class ScenarioInput
{
    /// <summary>Loads files or folders; on errors prints each to <paramref name="stderr"/> and returns null.</summary>
    public static IReadOnlyList<Scenario>? Load(IReadOnlyList<string> paths, TextWriter stderr)
    {
        foreach (var p in paths)
        {
            if (!File.Exists(p) && !Directory.Exists(p))
            {
                stderr.WriteLine($"sansim: {p}: no such file or folder");
                return null;
            }
        }
        ScenarioLoadResult loaded;
        try
        {
            loaded = ScenarioLoader.LoadPaths(paths);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"sansim: {e.Message}");
            return null;
        }
        if (!loaded.Ok)
        {
            foreach (var error in loaded.Errors)
                stderr.WriteLine(error.ToString());
            return null;
        }
        return loaded.Scenarios;
    }

    /// <summary>The one scenario × variant of a single file that explain, log and ctladm work on; null after printing why.</summary>
    public static Scenario? One(string path, string? variant, TextWriter stderr)
    {
        var all = Load([path], stderr);
        if (all is null) return null;
        if (all.Count == 0)
        {
            stderr.WriteLine($"sansim: {path}: no scenario in the file");
            return null;
        }
        string wanted = variant ?? "base";
        var match = all.FirstOrDefault(s => s.Variant == wanted);
        if (match is null)
        {
            stderr.WriteLine($"sansim: {path}: no variant '{wanted}'; variants: {string.Join(", ", all.Select(s => s.Variant))}");
            return null;
        }
        return match;
    }

    /// <summary>
    /// Runs one scenario; a runner failure becomes a failed run with the reason, never an exception out of
    /// the command.
    /// </summary>
    public static RunResult Run(Scenario scenario)
    {
        try
        {
            return ScenarioRunner.Run(scenario);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var reason = new ExpectationResult(
                new Expectation { Mark = scenario.Mark },
                Held: false,
                Expected: "the scenario runs to its end",
                Actual: $"the run stopped: {e.GetType().Name}: {e.Message}",
                CauseChain: []);
            return new RunResult
            {
                Scenario = scenario,
                Expectations = [reason],
                Logs = [],
                Trace = Trace.Standalone(),
                Spread = [],
            };
        }
    }
}
