using System.Globalization;
using SanSim.Scenarios;
using SanSim.Scenarios.Model;

namespace SanSim.Tests.Properties;

/// <summary>
/// Properties of the LUN-map policies over random topologies (500 seeded cases each; SANSIM_POLICY_SEED moves the
/// range). Under owner-only, no host's sleep, hibernation, shutdown, link loss or logout reaches a host with which
/// it shares no target port. Under all-luns on a CTL target, a Windows host's sleep reaches every Linux host whose
/// mounted LUN the Windows host's port shows. A failing case names its seed and writes a scenario that reproduces
/// it with `sansim run`: the property as a spread expectation that fails.
/// </summary>
[Category("Property")]
public class PolicyPropertyTests
{
    private const int Cases = 500;

    private static int FirstSeed =>
        int.TryParse(Environment.GetEnvironmentVariable("SANSIM_POLICY_SEED"), NumberStyles.None, CultureInfo.InvariantCulture, out int s) ? s : 1;

    [Test]
    public void OwnerOnly_NoActionReachesAHostSharingNoTargetPort()
    {
        var failures = new List<string>();
        int reachedSomewhere = 0;
        for (int seed = FirstSeed; seed < FirstSeed + Cases; seed++)
        {
            var c = PolicyCaseGenerator.Generate(seed, "owner-only");
            var run = Run(c);
            var reached = run.Spread.Where(e => e.From == c.Actor).Select(e => e.To).ToList();
            if (reached.Count > 0) reachedSomewhere++;
            var strangers = Strangers(c, run);
            if (strangers.Count == 0) continue;
            var expected = reached.Except(strangers).Order(StringComparer.Ordinal).ToList();
            failures.Add(Report(c, $"{c.Actor} ({c.Action}) reached {string.Join(", ", strangers)}, sharing no target port with it", expected, "sense"));
        }
        Assert.That(failures, Is.Empty, () => string.Join("\n", failures.Take(5)));
        Assert.That(reachedSomewhere, Is.GreaterThan(0), "no case spread at all, even between hosts on one port: the generator no longer exercises the property");
    }

    [Test]
    public void AllLunsOnCtl_AWindowsSleepReachesEveryLinuxHostWhoseLunItsPortShows()
    {
        var failures = new List<string>();
        int required = 0;
        for (int seed = FirstSeed; seed < FirstSeed + Cases; seed++)
        {
            var c = PolicyCaseGenerator.Generate(seed, "all-luns", windowsSleeps: true);
            var run = Run(c);
            var reached = run.Spread.Where(e => e.From == c.Actor && e.Level == SpreadLevel.Error).Select(e => e.To).ToList();
            var mustReach = c.Hosts.Where(h => h.Os == "linux" && h.Owns.Count > 0).Select(h => h.Name).ToList();
            required += mustReach.Count;
            var missed = mustReach.Except(reached).ToList();
            if (missed.Count == 0) continue;
            var expected = reached.Union(missed).Order(StringComparer.Ordinal).ToList();
            failures.Add(Report(c, $"{c.Actor}'s sleep did not reach {string.Join(", ", missed)} at level error", expected, "error"));
        }
        Assert.That(failures, Is.Empty, () => string.Join("\n", failures.Take(5)));
        Assert.That(required, Is.GreaterThanOrEqualTo(Cases), "every case has at least one Linux host with a mount");
    }

    [Test]
    public void TheOwnerOnlyProperty_DoesFail_WhenTheSameCasesRunUnderAllLuns()
    {
        int violated = Enumerable.Range(1, 100).Count(seed =>
        {
            var c = PolicyCaseGenerator.Generate(seed, "all-luns");
            return Strangers(c, Run(c)).Count > 0;
        });
        Assert.That(violated, Is.GreaterThan(0));
    }

    [Test]
    public void AFailingCase_NamesItsSeed_AndWritesAScenarioThatSansimRunFailsOn()
    {
        var c = Enumerable.Range(1, 100).Select(seed => PolicyCaseGenerator.Generate(seed, "all-luns"))
            .First(x => Strangers(x, Run(x)).Count > 0);
        var run = Run(c);
        var reached = run.Spread.Where(e => e.From == c.Actor).Select(e => e.To).ToList();
        string line = Report(c, "forced", reached.Except(Strangers(c, run)).ToList(), "sense");
        Assert.That(line, Does.StartWith($"seed {c.Seed}: forced; reproduce with: sansim run "));
        string file = line[(line.IndexOf("sansim run ", StringComparison.Ordinal) + "sansim run ".Length)..];
        var stdout = new StringWriter();
        int exit = global::SanSim.Cli.Cli.Run(global::SanSim.Cli.Cli.CreateRoot(), ["run", file], stdout, new StringWriter());
        Assert.That(exit, Is.EqualTo(global::SanSim.Cli.ExitCodes.Failed), stdout.ToString);
        Assert.That(stdout.ToString(), Does.Contain($"FAIL policy-case-{c.Seed}/base"));
    }

    /// <summary>The hosts the actor reached (at any level) with which it shares no target port.</summary>
    private static List<string> Strangers(PolicyCase c, RunResult run)
    {
        var actor = c.Hosts.Single(h => h.Name == c.Actor);
        return run.Spread.Where(e => e.From == c.Actor).Select(e => e.To)
            .Where(to => !c.Hosts.Single(h => h.Name == to).Ports.Intersect(actor.Ports).Any()).ToList();
    }

    [Test]
    public void Generator_SameSeed_SameScenario()
    {
        string first = PolicyCaseGenerator.Generate(42, "owner-only").Yaml;
        string again = PolicyCaseGenerator.Generate(42, "owner-only").Yaml;
        string other = PolicyCaseGenerator.Generate(43, "owner-only").Yaml;
        Assert.That(again, Is.EqualTo(first));
        Assert.That(other, Is.Not.EqualTo(first));
    }

    [Test]
    public void Generator_CasesLoadWithoutErrors()
    {
        for (int seed = 1; seed <= 50; seed++)
        {
            var loaded = ScenarioLoader.LoadText(PolicyCaseGenerator.Generate(seed, "owner-only").Yaml, $"case-{seed}.yaml");
            Assert.That(loaded.Errors, Is.Empty, () => $"seed {seed}: " + string.Join("\n", loaded.Errors));
        }
    }

    private static RunResult Run(PolicyCase c)
    {
        var loaded = ScenarioLoader.LoadText(c.Yaml, $"policy-case-{c.Seed}.yaml");
        Assert.That(loaded.Errors, Is.Empty, () => $"seed {c.Seed}: the generated scenario does not load: {string.Join("\n", loaded.Errors)}\n{c.Yaml}");
        var result = ScenarioRunner.Run(loaded.Scenarios[0]);
        Assert.That(result.Error, Is.Null, () => $"seed {c.Seed}: {result.Error}\n{c.Yaml}");
        return result;
    }

    /// <summary>Writes the case with the property as its expectation and returns the line that names seed and file.</summary>
    private static string Report(PolicyCase c, string what, IReadOnlyList<string> expectedReach, string level)
    {
        string dir = Path.Combine(TestContext.CurrentContext.WorkDirectory, "policy-property-failures");
        Directory.CreateDirectory(dir);
        string file = Path.Combine(dir, $"policy-case-{c.Seed.ToString(CultureInfo.InvariantCulture)}.yaml");
        string yaml = c.Yaml + "expect:\n  - { spread: { from: " + c.Actor + ", reaches: [" + string.Join(", ", expectedReach)
            + "], level: " + level + " } }\n";
        File.WriteAllText(file, yaml);
        return $"seed {c.Seed}: {what}; reproduce with: sansim run {file}";
    }
}
