using SanSim.Engine;
using SanSim.Scenarios.Explore;
using SanSim.Scenarios.Model;
using SanSim.Scenarios.Policy;

namespace SanSim.Tests.Explore;

/// <summary>The built-in invariants, checked on short replays of the field report.</summary>
public class InvariantTests
{
    private static Scenario Short(Scenario s, params TimelineEvent[] timeline) =>
        s with { Timeline = timeline, Expect = [], Duration = SimTime.FromMinutes(5) };

    private static TimelineEvent Sleep(string host = "desktop") => new() { At = SimTime.FromSeconds(60), Host = host, Do = "sleep" };

    private static ExploreRunResult Run(Scenario s) => ExploreRunner.Run(s, ScenarioTopology.Build(s));

    [Test]
    public void DesktopSleep_ErringTheNodeThroughLun12_IsASpreadFinding()
    {
        var scenario = Short(ExploreFiles.FieldReportTopology(), Sleep());
        var findings = Run(scenario).Findings;
        Assert.That(findings, Has.Count.EqualTo(1));
        var f = findings[0];
        Assert.That((f.Kind, f.Actor, f.Action, f.Host, f.Lun), Is.EqualTo((FindingKind.Spread, "desktop", "sleep", "k8s-node-1", 12)));
        Assert.That(f.Detail, Does.Contain("desktop does not own LUN 12 (owned by k8s-node-1)"));
    }

    [Test]
    public void QuietRun_HasNoFinding() =>
        Assert.That(Run(Short(ExploreFiles.FieldReportTopology())).Findings, Is.Empty);

    [Test]
    public void TheReportsLunMap_ContainsTheSleep_NoFinding()
    {
        var isolated = ExploreFiles.Load(ExploreFiles.FieldReportScenarioPath(), "lunmap-isolated");
        var scenario = Short(isolated, isolated.Timeline.First(e => e.Ctladm is not null), Sleep());
        Assert.That(Run(scenario).Findings, Is.Empty);
    }

    [Test]
    public void ErrorThroughALunTheActorOwns_IsNoFinding()
    {
        var topology = ExploreFiles.FieldReportTopology();
        var sharing = topology with
        {
            Hosts = topology.Hosts.Select(h => h.Name == "desktop" ? h with { OnlineDisks = [1, 12] } : h).ToList(),
        };
        var scenario = Short(sharing, Sleep());
        var result = Run(scenario);
        Assert.That(result.Findings.Where(f => f.Kind == FindingKind.Spread), Is.Empty);
        var unshared = Run(Short(topology, Sleep()));
        Assert.That(unshared.Findings.Where(f => f.Kind == FindingKind.Spread), Is.Not.Empty);
    }

    [Test]
    public void AnExpectationOfTheFileThatFails_IsAFinding()
    {
        var scenario = Short(ExploreFiles.FieldReportTopology(), Sleep()) with
        {
            Expect = [new Expectation { Lun = 12, Is = "started" }, new Expectation { Lun = 1, Is = "stopped" }],
        };
        var expectations = Run(scenario).Findings.Where(f => f.Kind == FindingKind.Expectation).ToList();
        Assert.That(expectations.Select(f => f.Host), Is.EqualTo(new[] { "lun 12" }));
        Assert.That(expectations[0].Detail, Does.Contain("LUN 12 stopped"));
    }

    [Test]
    public void SameRun_GivesTheSameFindings()
    {
        var scenario = Short(ExploreFiles.FieldReportTopology(), Sleep()) with { Seed = 99 };
        var first = Run(scenario).Findings.Select(f => f.ToString()).ToList();
        var second = Run(scenario).Findings.Select(f => f.ToString()).ToList();
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void MultipathQueueingForever_AfterTheDesktopsSleep_IsAStuckHost_NotASpread()
    {
        var multipath = ExploreFiles.Load(Path.Combine(Tests.Scenarios.Library.ScenarioLibrary.ScenariosFolder(), "multipath-no-path-retry.yaml"));
        var findings = Run(multipath with { Timeline = [Sleep()], Expect = [], Duration = SimTime.FromMinutes(10) }).Findings;
        Assert.That(findings.Select(f => (f.Kind, f.Actor, f.Action, f.Host)), Is.EqualTo(new[] { (FindingKind.Stuck, (string?)"desktop", (string?)"sleep", "k8s-node-1") }));
        Assert.That(findings[0].Detail, Does.Contain("queued on a multipath map with no active path"));
    }

    [Test]
    public void MultipathQueueing_ThatDrainsWhenTheDesktopWakes_IsNoFinding()
    {
        var multipath = ExploreFiles.Load(Path.Combine(Tests.Scenarios.Library.ScenarioLibrary.ScenariosFolder(), "multipath-no-path-retry.yaml"));
        var wake = new TimelineEvent { At = SimTime.FromMinutes(5), Host = "desktop", Do = "wake" };
        Assert.That(Run(multipath with { Timeline = [Sleep(), wake], Expect = [], Duration = SimTime.FromMinutes(15) }).Findings, Is.Empty);
    }
}
