using SanSim.Engine;
using SanSim.Scenarios;
using SanSim.Scenarios.Explore;
using SanSim.Tests.Scenarios.Library;

namespace SanSim.Tests.Explore;

/// <summary>The scenario writer: what it writes loads back to the same scenario.</summary>
public class ScenarioYamlTests
{
    public static IEnumerable<TestCaseData> LibraryScenarios() =>
        ScenarioLibrary.Files().SelectMany(f => ScenarioLoader.LoadFile(f).Scenarios)
            .Select(s => new TestCaseData(s.File, s.Variant).SetName("RoundTrip(" + Path.GetFileNameWithoutExtension(s.File) + "/" + s.Variant + ")"));

    [TestCaseSource(nameof(LibraryScenarios))]
    public void EveryLibraryScenario_WrittenAndLoaded_WritesTheSameText(string file, string variant)
    {
        var scenario = ExploreFiles.Load(file, variant);
        string text = ScenarioYaml.Write(scenario);
        var loaded = ScenarioLoader.LoadText(text, "written.yaml");
        Assert.That(loaded.Errors.Select(e => e.ToString()), Is.Empty, text);
        var back = loaded.Scenarios.Single();
        Assert.That(ScenarioYaml.Write(back), Is.EqualTo(text));
        Assert.That(back.Timeline, Has.Count.EqualTo(scenario.Timeline.Count));
        Assert.That(back.Expect, Has.Count.EqualTo(scenario.Expect.Count));
        Assert.That(back.Duration, Is.EqualTo(scenario.Duration));
    }

    [Test]
    public void OwnersPolicyAndExpectationPolicies_RoundTrip()
    {
        string original = File.ReadAllText(ExploreFiles.FieldReportScenarioPath())
            .Replace("\ntimeline:\n", "\nowners: { desktop: [1], mosquitto-claim: [12] }\npolicy: owner-only\ntimeline:\n", StringComparison.Ordinal);
        var scenario = ScenarioLoader.LoadText(original, "f.yaml").Scenarios[0];
        string text = ScenarioYaml.Write(scenario);
        Assert.That(text, Does.Contain("owners:\n  desktop: [1]\n  mosquitto-claim: [12]\npolicy: owner-only\n"));
        Assert.That(text, Does.Contain("policy: [owner-only]"));
        var back = ScenarioLoader.LoadText(text, "written.yaml").Scenarios.Single();
        Assert.That(back.Owners.Select(o => (o.Name, o.Lun)), Is.EqualTo(scenario.Owners.Select(o => (o.Name, o.Lun))));
        Assert.That(back.Policy, Is.EqualTo(scenario.Policy));
        Assert.That(back.Expect.Select(e => e.Policies.Count), Is.EqualTo(scenario.Expect.Select(e => e.Policies.Count)));
    }

    [TestCase(0L, "0s")]
    [TestCase(35_771_990_000_000L, "35771.99s")]
    [TestCase(1L, "0.000000001s")]
    [TestCase(3_600_000_000_000L, "3600s")]
    public void Time_IsExactSeconds(long nanoseconds, string written) =>
        Assert.That(ScenarioYaml.Time(new SimTime(nanoseconds)), Is.EqualTo(written));

    [TestCase("desktop", "desktop")]
    [TestCase("on", "\"on\"")]
    [TestCase("No", "\"No\"")]
    [TestCase("4.19", "\"4.19\"")]
    [TestCase("iqn.1993-08.org.debian:01:e38f", "\"iqn.1993-08.org.debian:01:e38f\"")]
    [TestCase("say \"hi\"\n", "\"say \\\"hi\\\"\\n\"")]
    public void Strings_ArePlainOnlyWhenYamlReadsThemBackAsTheSameString(string value, string written) =>
        Assert.That(ScenarioYaml.Str(value), Is.EqualTo(written));
}
