using SanSim.Scenarios;
using SanSim.Scenarios.Model;
using SanSim.Tests.Scenarios.Library;

namespace SanSim.Tests.Explore;

/// <summary>The files the explore tests start from: the field report's topology without a timeline, and the hand-written replay.</summary>
internal static class ExploreFiles
{
    public static string FieldReportTopologyPath() => Path.Combine(ScenarioLibrary.RepoRoot(), "examples", "field-report-topology.yaml");

    public static string FieldReportScenarioPath() => Path.Combine(ScenarioLibrary.ScenariosFolder(), "field-report-windows-sleep.yaml");

    /// <summary>The base variant of a file, which must load.</summary>
    public static Scenario Load(string path, string variant = "base")
    {
        var loaded = ScenarioLoader.LoadFile(path);
        Assert.That(loaded.Errors, Is.Empty, path);
        return loaded.Scenarios.Single(s => s.Variant == variant);
    }

    public static Scenario FieldReportTopology() => Load(FieldReportTopologyPath());
}
