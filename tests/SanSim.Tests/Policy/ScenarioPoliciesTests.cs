using SanSim.Engine;
using SanSim.Policy;
using SanSim.Scenarios;
using SanSim.Scenarios.Model;
using SanSim.Scenarios.Policy;
using SanSim.Tests.Scenarios.Library;

namespace SanSim.Tests.Policy;

/// <summary>Running a scenario under all-luns, owner-only or explicit: the maps the ports start with, and what spreads.</summary>
public class ScenarioPoliciesTests
{
    private static Scenario Load(string file, string variant = "base") =>
        ScenarioLoader.LoadFile(Path.Combine(ScenarioLibrary.ScenariosFolder(), file)).Scenarios.Single(s => s.Variant == variant);

    private static Scenario FieldReport(string variant = "base") => Load("field-report-windows-sleep.yaml", variant);

    private static PortSpec Port(Scenario s, int number) => s.Target.Ports.Single(p => p.Port == number);

    [Test]
    public void OwnerOnly_FieldReport_PortsMapOnlyTheirHostsLuns_AtTheirPresentPortLuns()
    {
        var s = ScenarioPolicies.Apply(FieldReport(), LunPolicyKind.OwnerOnly);
        Assert.Multiple(() =>
        {
            Assert.That(Port(s, 3).LunMap, Is.EqualTo(LunMapKind.Explicit));
            Assert.That(Port(s, 3).LunMapEntries, Is.EqualTo(new[] { new KeyValuePair<uint, uint>(1, 1) }));
            Assert.That(Port(s, 4).LunMap, Is.EqualTo(LunMapKind.None), "a port without hosts maps nothing");
            Assert.That(Port(s, 5).LunMapEntries, Is.EqualTo(new[] { new KeyValuePair<uint, uint>(0, 12) }));
            Assert.That(s.PolicyCommands, Is.EqualTo(new[] { "lunmap -p 3 -l 1 -L 1", "lunmap -p 4 -L 0" }));
        });
    }

    [Test]
    public void AllLuns_RemovesEveryMap_AndDropsTheFilesTimeZeroLunmapLines()
    {
        var s = ScenarioPolicies.Apply(FieldReport("lunmap-isolated"), LunPolicyKind.AllLuns);
        Assert.That(s.Target.Ports.Select(p => p.LunMap), Is.All.EqualTo(LunMapKind.All));
        Assert.That(s.Timeline.Where(e => e.At == SimTime.Zero && e.Ctladm is not null), Is.Empty);
        Assert.That(s.PolicyCommands, Is.EqualTo(new[] { "lunmap -p 3", "lunmap -p 5" }));
    }

    [Test]
    public void OwnerOnly_FoldsTheFilesTimeZeroLunmapLinesIntoTheMaps_AndKeepsTheHostActions()
    {
        var isolated = FieldReport("lunmap-isolated");
        Assert.That(isolated.Timeline.Any(e => e.At == SimTime.Zero && e.Ctladm is not null), Is.True);
        var applied = ScenarioPolicies.Apply(isolated, LunPolicyKind.OwnerOnly);
        Assert.That(applied.Timeline.Where(e => e.Ctladm is not null), Is.Empty);
        Assert.That(Port(applied, 3).LunMapEntries, Is.EqualTo(new[] { new KeyValuePair<uint, uint>(1, 1) }));
        Assert.That(applied.Timeline.Where(e => e.Host is not null).ToList(), Has.Count.EqualTo(2));
    }

    [Test]
    public void Explicit_LeavesTheMapsAsWritten()
    {
        var original = FieldReport("lunmap-isolated");
        var s = ScenarioPolicies.Apply(original);
        Assert.That(s.Target, Is.SameAs(original.Target));
        Assert.That(s.Timeline, Is.EqualTo(original.Timeline));
        Assert.That(s.PolicyCommands, Is.Empty);
    }

    [Test]
    public void Apply_Twice_ChangesNothingMore()
    {
        var once = ScenarioPolicies.Apply(FieldReport(), LunPolicyKind.OwnerOnly);
        Assert.That(ScenarioPolicies.Apply(once), Is.SameAs(once));
    }

    [Test]
    public void Apply_KeepsOnlyTheExpectationsStatedForThePolicy()
    {
        var original = FieldReport();
        var s = ScenarioPolicies.Apply(original, LunPolicyKind.OwnerOnly);
        Assert.That(s.Expect, Has.Count.LessThan(original.Expect.Count));
        Assert.That(s.Expect, Is.All.Matches<Expectation>(e => e != null && e.AppliesUnder(LunPolicyKind.OwnerOnly)));
    }

    [Test]
    public void FieldReport_SpreadsUnderAllLuns_IsContainedUnderOwnerOnly()
    {
        var all = ScenarioRunner.Run(FieldReport() with { Policy = LunPolicyKind.AllLuns });
        var owner = ScenarioRunner.Run(FieldReport() with { Policy = LunPolicyKind.OwnerOnly });
        Assert.Multiple(() =>
        {
            Assert.That(all.Spread.Select(e => (e.From, e.To)), Does.Contain(("desktop", "k8s-node-1")));
            Assert.That(owner.Spread.Where(e => e.From == "desktop"), Is.Empty);
            Assert.That(all.Passed && owner.Passed, Is.True, "the file states its outcome per policy");
        });
    }

    [Test]
    public void OwnerOnlyRun_SaysSoInTheTrace_WithTheCtladmLines()
    {
        var r = ScenarioRunner.Run(FieldReport() with { Policy = LunPolicyKind.OwnerOnly });
        var messages = r.Trace.Events.Select(e => e.Message).ToList();
        Assert.That(messages, Does.Contain("LUN-map policy owner-only: the ports start with its maps"));
        Assert.That(messages, Does.Contain("policy owner-only: as ctladm lunmap -p 3 -l 1 -L 1"));
    }

    [Test]
    public void DeclaredOwnerOfAnotherHostsLun_IsMappedOnTheDeclaredHostsPort()
    {
        var text = File.ReadAllText(Path.Combine(ScenarioLibrary.ScenariosFolder(), "field-report-windows-sleep.yaml"))
            .Replace("\ntimeline:\n", "\nowners: { desktop: [12] }\ntimeline:\n", StringComparison.Ordinal);
        var s = ScenarioLoader.LoadText(text, "f.yaml").Scenarios[0];
        var applied = ScenarioPolicies.Apply(s, LunPolicyKind.OwnerOnly);
        Assert.That(Port(applied, 3).LunMapEntries.Select(e => e.Value), Is.EquivalentTo(new uint[] { 1, 12 }));
    }
}
