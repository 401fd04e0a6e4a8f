using SanSim.Engine;
using SanSim.Hosts;
using SanSim.Hosts.Linux;
using SanSim.Scenarios;
using SanSim.Scenarios.Model;
using SanSim.Target;

namespace SanSim.Tests.Scenarios.Loading;

[TestFixture]
public sealed class FieldReportLoadingTests
{
    private static readonly string ValidFile = Path.Combine(TestContext.CurrentContext.TestDirectory, "Scenarios", "Valid", "field-report.yaml");

    private static IReadOnlyList<Scenario> Load()
    {
        var result = ScenarioLoader.LoadFile(ValidFile);
        Assert.That(result.Errors, Is.Empty, () => string.Join("\n", result.Errors));
        return result.Scenarios;
    }

    [Test]
    public void FieldReport_LoadsBaseThenVariants_InFileOrder()
    {
        var scenarios = Load();
        Assert.That(scenarios.Select(s => s.Id), Is.EqualTo(new[]
        {
            "field-report-windows-sleep", "field-report-windows-sleep/lunmap-isolated", "field-report-windows-sleep/scst-target",
        }));
        Assert.That(scenarios.Select(s => s.File), Is.All.EqualTo(ValidFile));
    }

    [Test]
    public void FieldReport_Base_BindsTargetLunsAndPorts()
    {
        var s = Load()[0];
        Assert.Multiple(() =>
        {
            Assert.That(s.Seed, Is.EqualTo(1UL));
            Assert.That(s.Duration, Is.EqualTo(SimTime.FromHours(11)));
            Assert.That(s.Target.Name, Is.EqualTo("freenas"));
            Assert.That(s.Target.Profile, Is.EqualTo(TargetProfile.Ctl));
            Assert.That(s.Target.Luns.Select(l => (l.Lun, l.Blocks, l.BlockSize)), Is.EqualTo(new[]
            {
                (1, (2UL << 40) / 512, 512), (12, (1UL << 30) / 512, 512),
            }));
            Assert.That(s.Target.Ports.Select(p => p.Port), Is.EqualTo(new[] { 3, 4, 5 }));
            var iscsi = s.Target.Ports[2];
            Assert.That(iscsi.Frontend, Is.EqualTo(PortFrontend.Iscsi));
            Assert.That(iscsi.Target, Is.EqualTo("iqn.2005-10.org.freenas.ctl:default-mosquitto-iscsi-claim"));
            Assert.That((iscsi.PortalGroupTag, iscsi.PortalGroupName, iscsi.Pp, iscsi.Vp), Is.EqualTo(((int?)1, "pg1", (int?)1, (int?)1)));
            Assert.That(iscsi.LunMap, Is.EqualTo(LunMapKind.Explicit));
            Assert.That(iscsi.LunMapEntries, Is.EqualTo(new[] { new KeyValuePair<uint, uint>(0, 12) }));
            Assert.That(iscsi.Options, Is.EqualTo(new[] { new KeyValuePair<string, string>("ha_shared", "on") }));
            Assert.That(s.Target.Ports[0].LunMap, Is.EqualTo(LunMapKind.All));
            Assert.That(s.Target.Ports[0].Online, Is.True);
            Assert.That(s.Target.Ports[0].Wwpn, Is.EqualTo("naa.21000024ff56f970"));
        });
    }

    [Test]
    public void FieldReport_Base_BindsHostsWithDefaults()
    {
        var s = Load()[0];
        var desktop = s.Hosts[0];
        var node = s.Hosts[1];
        Assert.Multiple(() =>
        {
            Assert.That(desktop.Os, Is.EqualTo(HostOs.Windows));
            Assert.That(desktop.OnlineDisks, Is.EqualTo(new[] { 1 }));
            Assert.That(desktop.StopOnSleep, Is.True);
            Assert.That(desktop.Paths.Single().Wwpn, Is.EqualTo("naa.2100001b32a1b2c3"));
            Assert.That(node.Os, Is.EqualTo(HostOs.Linux));
            Assert.That(node.Kernel, Is.EqualTo(KernelVersion.V4_19));
            var path = node.Paths.Single();
            Assert.That((path.Port, path.Iqn, path.Iid, path.Isid, path.ScsiHost),
                Is.EqualTo((5, "iqn.1993-08.org.debian:01:e38f5e7da7d", (int?)3, (ulong?)0x00023d000004UL, (int?)6)));
            var mount = node.Mounts.Single();
            Assert.That((mount.Lun, mount.Device, mount.Fs, mount.Errors), Is.EqualTo((12, "sdb", "ext4", "remount-ro")));
            Assert.That(mount.Commit, Is.EqualTo(SimTime.FromSeconds(5)));
            Assert.That(mount.WriteEvery, Is.EqualTo(SimTime.FromSeconds(5)));
        });
    }

    [Test]
    public void FieldReport_Base_BindsTimelineAndExpectations()
    {
        var s = Load()[0];
        Assert.Multiple(() =>
        {
            Assert.That(s.Timeline.Select(e => (e.At, e.Host, e.Do)), Is.EqualTo(new[]
            {
                (SimTime.FromMilliseconds(35_771_990), (string?)"desktop", (string?)"sleep"),
                (SimTime.FromMilliseconds(39_371_990), "desktop", "wake"),
            }));
            Assert.That(s.Expect, Has.Count.EqualTo(4));
            Assert.That(s.Expect[0].Is, Is.EqualTo("ro"));
            Assert.That(s.Expect[1].LogContains, Is.EqualTo("Add. Sense: Logical unit not ready, initializing command required"));
            Assert.That((s.Expect[2].Lun, s.Expect[2].Is), Is.EqualTo(((int?)12, "started")));
            Assert.That(s.Expect[3].Spread!.Reaches, Is.EqualTo(new[] { "k8s-node-1" }));
            Assert.That(s.Expect[3].Spread!.Level, Is.EqualTo(SpreadLevel.Error));
            Assert.That((s.Expect[0].Mark.Line, s.Expect[0].Mark.Column), Is.EqualTo((39, 5)));
        });
    }

    [Test]
    public void LunmapIsolatedVariant_AppendsItsEvent_SortedByTime_AndReplacesExpectations()
    {
        var s = Load()[1];
        Assert.Multiple(() =>
        {
            Assert.That(s.Variant, Is.EqualTo("lunmap-isolated"));
            Assert.That(s.Timeline.Select(e => e.Ctladm ?? e.Do), Is.EqualTo(new[] { "lunmap -p 3 -l 1 -L 1", "sleep", "wake" }));
            Assert.That(s.Timeline[0].At, Is.EqualTo(SimTime.Zero));
            Assert.That(s.Expect.Select(e => e.Is ?? "spread"), Is.EqualTo(new[] { "rw", "spread" }));
            Assert.That(s.Expect[1].Spread!.Reaches, Is.Empty);
            Assert.That(s.Target.Profile, Is.EqualTo(TargetProfile.Ctl));
        });
    }

    [Test]
    public void ScstVariant_MergesProfile_KeepsEverythingElse()
    {
        var all = Load();
        var s = all[2];
        Assert.Multiple(() =>
        {
            Assert.That(s.Target.Profile, Is.EqualTo(TargetProfile.Scst));
            Assert.That(s.Target.Name, Is.EqualTo("freenas"));
            Assert.That(s.Target.Ports.Select(p => p.Port), Is.EqualTo(new[] { 3, 4, 5 }));
            Assert.That(s.Target.Luns, Has.Count.EqualTo(2));
            Assert.That(s.Timeline, Has.Count.EqualTo(2));
            Assert.That(s.Expect.Single().Spread!.Reaches, Is.Empty);
            Assert.That(s.Hosts.Select(h => h.Name), Is.EqualTo(all[0].Hosts.Select(h => h.Name)));
        });
    }
}
