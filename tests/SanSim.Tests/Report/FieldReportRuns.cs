using SanSim.Cli.Reports;
using SanSim.Scenarios;
using SanSim.Tests.Cli;

namespace SanSim.Tests.Report;

/// <summary>The field report's runs, loaded and run once for every report fixture (an 11-hour run takes a second or two).</summary>
internal static class FieldReportRuns
{
    private static readonly Lazy<IReadOnlyList<RunResult>> Runs = new(() =>
    {
        var loaded = ScenarioLoader.LoadPaths([ScenarioFiles.FieldReport()]);
        Assert.That(loaded.Ok, Is.True, string.Join("\n", loaded.Errors));
        return loaded.Scenarios.Select(ScenarioInput.Run).ToList();
    });

    /// <summary>The run of <paramref name="variant"/> ("base", "lunmap-isolated", "scst-target").</summary>
    public static RunResult Of(string variant) => Runs.Value.Single(r => r.Scenario.Variant == variant);
}
