using SanSim.Engine;
using SanSim.Hosts;
using SanSim.Scenarios;
using SanSim.Scenarios.Model;

namespace SanSim.Tests.Scenarios.Running;

/// <summary>The other host kinds and settings the runner builds: ESXi on a shared LUN, allow_restart, dm-multipath; healing counts at sense only.</summary>
public class ScenarioRunnerHostsTests
{
    private static string Failures(RunResult r) =>
        string.Join("\n", r.Expectations.Where(e => !e.Held).Select(e => $"expected {e.Expected}; got {e.Actual}"));

    private static HostSpec Esxi(bool startUnit) => new()
    {
        Name = "esxi-1",
        Os = HostOs.Esxi,
        Paths = [new PathSpec { Port = 4, Wwpn = "naa.2100001b32e5e5e5" }],
        Datastore = 12,
        StartUnitOnNotReady = startUnit,
    };

    private static Scenario WithHosts(IReadOnlyList<Expectation> expect, params HostSpec[] hosts)
    {
        var s = ShortFieldReport.Build(expect);
        return s with { Hosts = hosts };
    }

    [Test]
    public void EsxiOnTheSharedLun_VmWritesFail_WhenTheDesktopSleeps()
    {
        var s = ShortFieldReport.Build([new Expectation { Spread = new SpreadSpec { From = "desktop", Reaches = ["esxi-1", "k8s-node-1"] } }]);
        var r = ScenarioRunner.Run(s with { Hosts = [.. s.Hosts, Esxi(false)] });

        Assert.That(r.Passed, Is.True, Failures(r));
        Assert.That(r.Logs.Select(l => l.Host), Is.EqualTo(new[] { "desktop", "k8s-node-1", "esxi-1" }));
    }

    [Test]
    public void EsxiWithStartUnitOnNotReady_Heals_SoItCountsAtSenseButNotAtError()
    {
        var s = ShortFieldReport.Build(
        [
            new Expectation { Spread = new SpreadSpec { From = "desktop", Reaches = ["k8s-node-1"] } },
            new Expectation { Spread = new SpreadSpec { From = "desktop", Reaches = ["esxi-1", "k8s-node-1"], Level = SpreadLevel.Sense } },
        ]);
        var r = ScenarioRunner.Run(s with { Hosts = [.. s.Hosts, Esxi(true)] });

        Assert.That(r.Passed, Is.True, Failures(r));
    }

    [Test]
    public void LinuxAllowRestart_Heals_MountStaysReadWrite_AndCountsAtSenseOnly()
    {
        var s = ShortFieldReport.Build(
        [
            new Expectation { Host = "k8s-node-1", Mount = "sdb", Is = "rw" },
            new Expectation { Spread = new SpreadSpec { From = "desktop", Reaches = [] } },
            new Expectation { Spread = new SpreadSpec { From = "desktop", Reaches = ["k8s-node-1"], Level = SpreadLevel.Sense } },
        ]);
        var r = ScenarioRunner.Run(s with { Hosts = [s.Hosts[0], s.Hosts[1] with { AllowRestart = true }] });

        Assert.That(r.Passed, Is.True, Failures(r));
    }

    [Test]
    public void Multipath_MountsTheMapByAlias_OverTwoSessions()
    {
        var s = ShortFieldReport.Build([new Expectation { At = SimTime.FromSeconds(30), Host = "k8s-node-1", Mount = "mpatha", Is = "rw" }]);
        var node = s.Hosts[1] with
        {
            Paths =
            [
                s.Hosts[1].Paths[0],
                new PathSpec { Port = 5, Iqn = "iqn.1993-08.org.debian:01:e38f5e7da7d", Isid = 0x00023d000005, ScsiHost = 7 },
            ],
            Mounts = [new MountSpec { Lun = 12, Device = "mpatha" }],
            Multipath = new MultipathSpec { NoPathRetry = "queue" },
        };
        var r = ScenarioRunner.Run(s with { Hosts = [s.Hosts[0], node] });

        Assert.That(r.Passed, Is.True, Failures(r));
    }

    [Test]
    public void MultipathQueue_TheMountSurvivesTheSleep_ButTheHeldIoIsAStallFromTheDesktop()
    {
        var s = ShortFieldReport.Build(
        [
            new Expectation { Host = "k8s-node-1", Mount = "mpatha", Is = "rw" },
            new Expectation { Spread = new SpreadSpec { From = "desktop", Reaches = [] } },
            new Expectation { Spread = new SpreadSpec { From = "desktop", Reaches = ["k8s-node-1"], Level = SpreadLevel.Stall } },
        ]);
        var node = s.Hosts[1] with
        {
            Mounts = [new MountSpec { Lun = 12, Device = "mpatha" }],
            Multipath = new MultipathSpec { NoPathRetry = "queue" },
        };
        var r = ScenarioRunner.Run(s with { Hosts = [s.Hosts[0], node] });

        Assert.That(r.Passed, Is.True, Failures(r));
    }

    [Test]
    public void MultipathFail_TheMountGoesReadOnly_AnErrorFromTheDesktop()
    {
        var s = ShortFieldReport.Build(
        [
            new Expectation { Host = "k8s-node-1", Mount = "mpatha", Is = "ro" },
            new Expectation { Spread = new SpreadSpec { From = "desktop", Reaches = ["k8s-node-1"] } },
        ]);
        var node = s.Hosts[1] with
        {
            Mounts = [new MountSpec { Lun = 12, Device = "mpatha" }],
            Multipath = new MultipathSpec { NoPathRetry = "fail" },
        };
        var r = ScenarioRunner.Run(s with { Hosts = [s.Hosts[0], node] });

        Assert.That(r.Passed, Is.True, Failures(r));
    }
}
