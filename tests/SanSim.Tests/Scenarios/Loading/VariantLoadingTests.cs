using SanSim.Scenarios;
using SanSim.Target;

namespace SanSim.Tests.Scenarios.Loading;

/// <summary>Variants: set: deep-merges by identity key, timelines append, expectations replace, errors point at the variant.</summary>
[TestFixture]
public sealed class VariantLoadingTests
{
    private static ScenarioLoadResult LoadWith(string variants) => ScenarioLoader.LoadText(LoaderText.Minimal + "variants:\n" + variants, "v.yaml");

    [Test]
    public void Set_MergesMatchedPort_AddsUnmatchedLun_RemovesHost()
    {
        var r = LoadWith("""
              - name: changed
                set:
                  target:
                    ports: [ { port: 3, online: false } ]
                    luns: [ { lun: 20, size: 1MiB } ]
                  hosts: [ { name: desktop, remove: true } ]
                  timeline: []
                expect: []

            """);
        Assert.That(r.Errors, Is.Empty, () => string.Join("\n", r.Errors));
        var v = r.Scenarios[1];
        Assert.Multiple(() =>
        {
            Assert.That(v.Target.Ports[0].Online, Is.False);
            Assert.That(v.Target.Ports[0].Wwpn, Is.EqualTo("naa.21000024ff56f970"));
            Assert.That(v.Target.Luns.Select(l => l.Lun), Is.EqualTo(new[] { 1, 12, 20 }));
            Assert.That(v.Hosts.Select(h => h.Name), Is.EqualTo(new[] { "node" }));
            Assert.That(v.Timeline, Is.Empty);
            Assert.That(r.Scenarios[0].Hosts, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public void RemovedHostStillUsedByBaseTimeline_IsAnErrorOfTheVariant()
    {
        var r = LoadWith("""
              - name: no-desktop
                set: { hosts: [ { name: desktop, remove: true } ] }

            """);
        Assert.That(r.Errors.Select(e => e.Message), Has.Some.Contains("timeline[0].host: no host named 'desktop'"));
    }

    [Test]
    public void ErrorInsideSet_PointsAtTheVariantsLine()
    {
        var r = LoadWith("""
              - name: typo
                set: { target: { profil: scst } }

            """);
        Assert.That(r.Errors.Single().ToString(), Is.EqualTo("v.yaml:25:22: target.profil: unknown key; did you mean 'profile'?"));
    }

    [Test]
    public void VariantEventsAtTheSameTime_RunAfterTheBaseEvents()
    {
        var r = LoadWith("""
              - name: same-time
                timeline: [ { at: 10s, ctladm: "lunmap -p 3 -l 0 -L 1" } ]
                set: { target: { profile: lio } }

            """);
        Assert.That(r.Errors, Is.Empty, () => string.Join("\n", r.Errors));
        var v = r.Scenarios[1];
        Assert.That(v.Timeline.Select(e => e.Do ?? e.Ctladm), Is.EqualTo(new[] { "sleep", "lunmap -p 3 -l 0 -L 1", "wake" }));
        Assert.That(v.Target.Profile, Is.EqualTo(TargetProfile.Lio));
        Assert.That(v.Expect, Has.Count.EqualTo(1), "no expect: the base expectations are inherited");
    }

    [Test]
    public void DuplicateVariantName_IsRejected()
    {
        var r = LoadWith("""
              - { name: a }
              - { name: a }

            """);
        Assert.That(r.Errors.Single().ToString(), Is.EqualTo("v.yaml:25:13: variants[1].name: 'a' is already a variant's name"));
    }
}
