using SanSim.Engine;
using SanSim.Hosts;
using SanSim.Scenarios;
using SanSim.Scenarios.Explore;
using SanSim.Scenarios.Model;

namespace SanSim.Tests.Explore;

/// <summary>Generated timelines: deterministic from the seed, plausible, and written in a form the loader takes back.</summary>
public class TimelineGeneratorTests
{
    private static readonly SimTime Hour = SimTime.FromHours(1);

    private static IReadOnlyList<TimelineEvent> Generate(Scenario topology, ulong seed) =>
        TimelineGenerator.Generate(topology, Hour, new SimRandom(seed).Stream("explore/timeline"));

    [Test]
    public void SameSeed_GivesTheSameTimeline_OtherSeedsDiffer()
    {
        var topology = ExploreFiles.FieldReportTopology();
        var first = Generate(topology, 42).Select(ScenarioYaml.Event).ToList();
        var again = Generate(topology, 42).Select(ScenarioYaml.Event).ToList();
        Assert.That(again, Is.EqualTo(first));
        var others = Enumerable.Range(43, 5).Select(s => string.Join("\n", Generate(topology, (ulong)s).Select(ScenarioYaml.Event)));
        Assert.That(others, Has.None.EqualTo(string.Join("\n", first)));
    }

    [Test]
    public void Events_AreInTimeOrder_AfterTheSettle_AndBeforeTheQuietTail()
    {
        var topology = ExploreFiles.FieldReportTopology();
        for (ulong seed = 1; seed <= 50; seed++)
        {
            var events = Generate(topology, seed);
            Assert.That(events, Is.Not.Empty, $"seed {seed}");
            Assert.That(events.Select(e => e.At), Is.Ordered, $"seed {seed}");
            Assert.That(events.Select(e => e.At), Has.All.InRange(TimelineGenerator.Settle, Hour - TimelineGenerator.QuietTail), $"seed {seed}");
        }
    }

    [Test]
    public void WindowsPower_AlternatesDownAndBack_PerHost()
    {
        var topology = ExploreFiles.FieldReportTopology();
        for (ulong seed = 1; seed <= 100; seed++)
        {
            var power = Generate(topology, seed).Where(e => e.Host == "desktop" && e.Do is "sleep" or "hibernate" or "shutdown" or "wake" or "boot")
                .Select(e => e.Do is "wake" or "boot" ? "up" : "down").ToList();
            var expected = Enumerable.Range(0, power.Count).Select(i => i % 2 == 0 ? "down" : "up");
            Assert.That(power, Is.EqualTo(expected), $"seed {seed}");
        }
    }

    [Test]
    public void OverManySeeds_EveryKindOfEpisodeTurnsUp()
    {
        var topology = ExploreFiles.FieldReportTopology();
        var seen = new HashSet<string>();
        for (ulong seed = 1; seed <= 200; seed++)
            foreach (var e in Generate(topology, seed))
                seen.Add(e.Do ?? (e.Ctladm is { } c ? c.Split(' ')[0] + " " + c.Split(' ')[1] : e.Inject is not null ? "inject" : "other"));
        Assert.That(seen, Is.SupersetOf(new[]
        {
            "sleep", "hibernate", "shutdown", "wake", "boot", "link-down", "link-up", "logout", "login", "rescan",
            "remount-rw", "umount", "mount", "port -o", "lunmap -p", "inject",
        }));
    }

    [Test]
    public void GeneratedTimelines_WrittenOut_LoadBackUnchanged()
    {
        var topology = ExploreFiles.FieldReportTopology();
        for (ulong seed = 1; seed <= 30; seed++)
        {
            var scenario = topology with { Timeline = Generate(topology, seed), Duration = Hour, Seed = seed };
            string text = ScenarioYaml.Write(scenario);
            var loaded = ScenarioLoader.LoadText(text, "generated.yaml");
            Assert.That(loaded.Errors.Select(e => e.ToString()), Is.Empty, text);
            Assert.That(ScenarioYaml.Write(loaded.Scenarios.Single()), Is.EqualTo(text));
        }
    }

    [Test]
    public void TopologyWithoutHostsOrLuns_GivesNoEvents()
    {
        var empty = new Scenario { Name = "empty", Target = new TargetSpec() };
        Assert.That(Generate(empty, 1), Is.Empty);
    }

    [Test]
    public void LinuxOnlyTopology_GetsNoWindowsPowerEvents()
    {
        var topology = ExploreFiles.FieldReportTopology();
        var linuxOnly = topology with { Hosts = topology.Hosts.Where(h => h.Os == HostOs.Linux).ToList() };
        for (ulong seed = 1; seed <= 50; seed++)
            Assert.That(Generate(linuxOnly, seed).Select(e => e.Do), Has.None.AnyOf("sleep", "hibernate", "shutdown", "wake", "boot"));
    }

    [Test]
    public void ZonedFabric_GetsZoningClearedAndRestored_AndTheFileLoadsBack()
    {
        var zoned = ExploreFiles.Load(Path.Combine(Tests.Scenarios.Library.ScenarioLibrary.ScenariosFolder(), "fc-zoning-contains-desktop.yaml"));
        zoned = zoned with { Timeline = [], Expect = [] };
        int episodes = 0;
        for (ulong seed = 1; seed <= 40; seed++)
        {
            var events = Generate(zoned, seed);
            var zoning = events.Where(e => e.Zoneset is not null).ToList();
            Assert.That(zoning.Count % 2, Is.Zero, $"seed {seed}");
            for (int i = 0; i < zoning.Count; i += 2)
            {
                Assert.That(zoning[i].Zoneset!.Zones, Is.Null);
                Assert.That(zoning[i + 1].Zoneset!.Zones, Is.SameAs(zoned.Fabric!.Zones));
                episodes++;
            }
            string text = ScenarioYaml.Write(zoned with { Timeline = events, Duration = Hour });
            Assert.That(ScenarioLoader.LoadText(text, "zoned.yaml").Errors.Select(e => e.ToString()), Is.Empty, text);
        }
        Assert.That(episodes, Is.GreaterThan(0));
    }

    [Test]
    public void UnzonedFabric_GetsNoZoningEvents()
    {
        var topology = ExploreFiles.FieldReportTopology();
        for (ulong seed = 1; seed <= 50; seed++)
            Assert.That(Generate(topology, seed).Where(e => e.Zoneset is not null), Is.Empty);
    }
}
