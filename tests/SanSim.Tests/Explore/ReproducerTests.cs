using SanSim.Engine;
using SanSim.Scenarios;
using SanSim.Scenarios.Explore;
using SanSim.Scenarios.Model;
using SanSim.Tests.Scenarios.Library;

namespace SanSim.Tests.Explore;

/// <summary>A finding turned into a scenario: shrunk, written, loaded back, and failing the scenario runner.</summary>
public class ReproducerTests
{
    private static TimelineEvent Ev(double seconds, string host, string what) =>
        new() { At = SimTime.FromSeconds(seconds), Host = host, Do = what };

    private static Reproducer Reproduce(Scenario topology, params TimelineEvent[] timeline)
    {
        var explorer = new Explorer(new ExploreSettings { Topology = topology with { Timeline = [], Expect = [] }, Duration = SimTime.FromMinutes(30) });
        var scenario = explorer.Prepared with { Seed = 5, Timeline = timeline };
        var result = explorer.RunOne(scenario);
        Assert.That(result.Findings, Is.Not.Empty);
        return explorer.Reproduce(new ExploredRun(0, 5, scenario, result), result.Findings[0]);
    }

    private static Scenario WrittenAndLoaded(Reproducer r)
    {
        var loaded = ScenarioLoader.LoadText(ScenarioYaml.Write(r.Scenario), "reproducer.yaml");
        Assert.That(loaded.Errors, Is.Empty);
        return loaded.Scenarios.Single();
    }

    [Test]
    public void Spread_ShrinksToTheSleep_AndTheWrittenFileFailsTheRunner()
    {
        var r = Reproduce(ExploreFiles.FieldReportTopology(),
            Ev(100, "k8s-node-1", "rescan"), Ev(300.5, "desktop", "sleep"), Ev(900, "desktop", "wake"), Ev(1000, "k8s-node-1", "remount-rw"));
        Assert.That(r.FailsWithRunner, Is.True);
        var back = WrittenAndLoaded(r);
        Assert.That(back.Timeline.Select(e => (e.At, e.Host, e.Do)), Is.EqualTo(new[] { (TimelineGenerator.Settle, (string?)"desktop", (string?)"sleep") }));
        var spread = back.Expect.Single().Spread!;
        Assert.That((spread.From, spread.Level), Is.EqualTo(("desktop", SpreadLevel.Error)));
        Assert.That(spread.Reaches, Is.Empty);
        Assert.That(ScenarioRunner.Run(back).Passed, Is.False);
    }

    [Test]
    public void StuckMultipathHost_IsStatedAsStallSpread_AndTheWrittenFileFailsTheRunner()
    {
        var multipath = ExploreFiles.Load(Path.Combine(ScenarioLibrary.ScenariosFolder(), "multipath-no-path-retry.yaml"));
        var r = Reproduce(multipath, Ev(120, "desktop", "sleep"), Ev(200, "k8s-node-1", "rescan"));
        Assert.That(r.Finding.Kind, Is.EqualTo(FindingKind.Stuck));
        Assert.That(r.FailsWithRunner, Is.True);
        var back = WrittenAndLoaded(r);
        Assert.That(back.Timeline, Has.Count.EqualTo(1));
        Assert.That(back.Expect.Single().Spread!.Level, Is.EqualTo(SpreadLevel.Stall));
        Assert.That(ScenarioRunner.Run(back).Passed, Is.False);
    }

    [Test]
    public void AFileWhoseTimelineRunsPastTheHours_RunsForTheFilesOwnDuration()
    {
        var handWritten = ExploreFiles.Load(ExploreFiles.FieldReportScenarioPath());
        var explorer = new Explorer(new ExploreSettings { Topology = handWritten, Duration = SimTime.FromMinutes(15) });
        Assert.That(explorer.Prepared.Duration, Is.EqualTo(handWritten.Duration));
        Assert.That(explorer.Prepared.Duration, Is.GreaterThan(handWritten.Timeline.Max(e => e.At)));
        var run = explorer.ScenarioFor(3);
        Assert.That(ScenarioLoader.LoadText(ScenarioYaml.Write(run), "run.yaml").Errors, Is.Empty);
        Assert.That(run.Timeline.Where(e => !handWritten.Timeline.Contains(e)).Select(e => e.At), Has.All.LessThan(SimTime.FromMinutes(15)));
    }
}
