using SanSim.Scenarios;
using SanSim.Scenarios.Model;

namespace SanSim.Tests.Scenarios.Zoning;

/// <summary>The runner's FC zoning: the zone set in force before the hosts start, and zone set changes on the timeline through FcFabric.</summary>
[TestFixture]
public sealed class ZoningRunnerTests
{
    /// <summary>Two Linux hosts on FC port 4 (LUN 12 as port LUN 0); db-1 on dm-multipath with no_path_retry queue.</summary>
    private const string San = """
        name: zoning
        duration: 2m
        target:
          luns:
            - { lun: 12, size: 1GiB }
          ports:
            - { port: 4, frontend: camtgt, name: isp1, wwnn: naa.20000024ff56f971, wwpn: naa.21000024ff56f971, lunmap: { 0: 12 } }
        hosts:
          - name: db-1
            os: linux
            kernel: "5.10"
            paths: [ { port: 4, wwpn: naa.2100001b32b0b0b1, scsi_host: 2 } ]
            mounts: [ { lun: 12, device: mpatha, fs: ext4, errors: remount-ro } ]
            multipath: { no_path_retry: queue, polling_interval: 5s }
          - name: db-2
            os: linux
            kernel: "5.10"
            paths: [ { port: 4, wwpn: naa.2100001b32b0b0b2, scsi_host: 3 } ]

        """;

    private static RunResult Run(string text)
    {
        var loaded = ScenarioLoader.LoadText(text, "zoning.yaml");
        Assert.That(loaded.Errors, Is.Empty, () => string.Join("\n", loaded.Errors));
        return ScenarioRunner.Run(loaded.Scenarios[0]);
    }

    private static IReadOnlyList<string> Log(RunResult r, string host) => r.Logs.Single(l => l.Host == host).Lines;

    [Test]
    public void HostOutsideTheZone_NeverLogsIn_AndAttachesNoDisk()
    {
        var r = Run(San + """
            fabric:
              zones:
                - { name: db2-isp1, members: [ naa.2100001b32b0b0b2, naa.21000024ff56f971 ] }

            """);

        Assert.That(r.Error, Is.Null);
        Assert.That(r.Trace.Events.Where(e => e.Message.Contains("login failed: not zoned with the target port", StringComparison.Ordinal))
            .Select(e => e.Message), Has.Some.StartsWith("db-1 "));
        Assert.That(r.Trace.Events.Any(e => e.Message.StartsWith("db-2 ", StringComparison.Ordinal) && e.Message.Contains("login failed", StringComparison.Ordinal)), Is.False);
        Assert.That(Log(r, "db-1"), Has.None.Contains("sd 2:0:0:0:"));
        Assert.That(Log(r, "db-2"), Has.Some.Contains("sd 3:0:0:0:"));
    }

    [Test]
    public void WithoutFabric_BothHostsLogIn()
    {
        var r = Run(San);
        Assert.That(r.Trace.Events.Any(e => e.Message.Contains("login failed", StringComparison.Ordinal)), Is.False);
        Assert.That(Log(r, "db-1"), Has.Some.Contains("sd 2:0:0:0:"));
    }

    [Test]
    public void ZonedOutAtT_LosesItsLogin_AndAfterRezoningGetsPowerOn2901_OnlyForThatInitiator()
    {
        var r = Run(San + """
            timeline:
              - { at: 30s, zoneset: [ { name: db2-isp1, members: [ naa.2100001b32b0b0b2, naa.21000024ff56f971 ] } ] }
              - { at: 40s, zoneset: all }

            """);

        var activation = r.Trace.Events.Single(e => e.Source == "scenario" && e.Message.StartsWith("zoneset db2-isp1", StringComparison.Ordinal));
        var lost = r.Trace.Events.Single(e => e.Message.Contains("remote port lost: zoned out", StringComparison.Ordinal));
        Assert.That(lost.Message, Does.StartWith("db-1 "));
        Assert.That(r.Trace.CauseChain(lost.Id), Does.Contain(activation));
        Assert.That(Log(r, "db-1"), Has.Some.Matches(@"^\[ *40\.[0-9]+\] sd 2:0:0:0: Power-on or device reset occurred$"));
        Assert.That(Log(r, "db-1"), Has.None.Contains("Remounting filesystem read-only"));
        Assert.That(Log(r, "db-2"), Has.None.Matches(@"^\[ *[1-9][0-9]*\.[0-9]+\] .*Power-on or device reset occurred"), "db-2's only 29/01 is the one at boot");
    }
}
