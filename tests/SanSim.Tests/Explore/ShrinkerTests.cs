using SanSim.Engine;
using SanSim.Scenarios.Explore;
using SanSim.Scenarios.Model;

namespace SanSim.Tests.Explore;

/// <summary>The shrinker on a predicate that needs two particular events: everything else goes, and those two move early.</summary>
public class ShrinkerTests
{
    private static TimelineEvent Ev(double seconds, string host, string what) =>
        new() { At = SimTime.FromSeconds(seconds), Host = host, Do = what };

    private static Scenario With(IReadOnlyList<TimelineEvent> timeline) =>
        new() { Name = "shrink", Target = new TargetSpec(), Timeline = timeline, Duration = SimTime.FromHours(1) };

    /// <summary>"Reproduces" when a's sleep comes at or before b's link-down.</summary>
    private static bool NeedsSleepThenLinkDown(Scenario s)
    {
        var sleep = s.Timeline.FirstOrDefault(e => e.Host == "a" && e.Do == "sleep");
        var down = s.Timeline.FirstOrDefault(e => e.Host == "b" && e.Do == "link-down");
        return sleep is not null && down is not null && sleep.At <= down.At;
    }

    private static List<TimelineEvent> Noise() =>
    [
        Ev(100.5, "c", "rescan"), Ev(200.25, "a", "sleep"), Ev(300, "c", "logout"), Ev(412.7, "c", "login"),
        Ev(500, "d", "rescan"), Ev(1234.567, "b", "link-down"), Ev(1300, "b", "link-up"), Ev(2000, "a", "wake"),
        Ev(2100, "d", "umount"), Ev(2200, "d", "mount"),
    ];

    [Test]
    public void DropsEveryEventTheFindingDoesNotNeed()
    {
        var result = Shrinker.Shrink(With(Noise()), [], NeedsSleepThenLinkDown);
        Assert.That(result.Scenario.Timeline.Select(e => e.Host + " " + e.Do), Is.EqualTo(new[] { "a sleep", "b link-down" }));
    }

    [Test]
    public void MovesEventsEarly_ToTheSettleTime_AndCutsTheRun()
    {
        var result = Shrinker.Shrink(With(Noise()), [], NeedsSleepThenLinkDown);
        Assert.That(result.Scenario.Timeline.Select(e => e.At), Has.All.EqualTo(TimelineGenerator.Settle));
        Assert.That(result.Scenario.Duration, Is.EqualTo(TimelineGenerator.Settle + TimelineGenerator.QuietTail));
    }

    [Test]
    public void KeepsTheFilesOwnEvents()
    {
        var noise = Noise();
        var fixedEvent = noise[2];
        var result = Shrinker.Shrink(With(noise), [fixedEvent], NeedsSleepThenLinkDown);
        Assert.That(result.Scenario.Timeline, Does.Contain(fixedEvent));
        Assert.That(result.Scenario.Timeline, Has.Count.EqualTo(3));
    }

    [Test]
    public void ATimeThatMatters_IsRoundedOnlyAsFarAsStillReproduces()
    {
        bool AfterTwentyMinutes(Scenario s) => s.Timeline.Any(e => e.Do == "sleep" && e.At >= SimTime.FromSeconds(1234));
        var result = Shrinker.Shrink(With([Ev(1234.567, "a", "sleep"), Ev(2000, "a", "wake")]), [], AfterTwentyMinutes);
        Assert.That(result.Scenario.Timeline.Single().At, Is.EqualTo(SimTime.FromSeconds(1234)));
    }

    [Test]
    public void StopsAtTheRunBudget()
    {
        int calls = 0;
        var result = Shrinker.Shrink(With(Noise()), [], s => { calls++; return NeedsSleepThenLinkDown(s); }, maxRuns: 5);
        Assert.That(calls, Is.LessThanOrEqualTo(5));
        Assert.That(result.Runs, Is.EqualTo(calls));
        Assert.That(NeedsSleepThenLinkDown(result.Scenario), Is.True);
    }

    [Test]
    public void TheCutRun_StillReachesTheLatestExpectation()
    {
        var scenario = With(Noise()) with { Expect = [new Expectation { At = SimTime.FromMinutes(50), Lun = 1, Is = "started" }] };
        var result = Shrinker.Shrink(scenario, [], NeedsSleepThenLinkDown);
        Assert.That(result.Scenario.Duration, Is.EqualTo(SimTime.FromMinutes(50)));
    }
}
