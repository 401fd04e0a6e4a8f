using SanSim.Hosts;
using SanSim.Policy;
using SanSim.Target;

namespace SanSim.Tests.Policy;

/// <summary>The exposure rules on hand-built topologies.</summary>
public class ExposureAnalyzerTests
{
    private static readonly IReadOnlyDictionary<uint, uint> NoMap = new Dictionary<uint, uint>();

    private static PolicyPort AllLuns(int n) => new(n, "isp" + n, PortFrontend.Camtgt, true, NoMap);

    private static PolicyPort Mapped(int n, params (uint PortLun, uint CtlLun)[] map) =>
        new(n, "p" + n, PortFrontend.Iscsi, false, map.ToDictionary(m => m.PortLun, m => m.CtlLun));

    private static PolicyHost Host(string name, HostOs os, params int[] ports) =>
        new(name, os, ports.Select(p => new PolicyPath(p)).ToList());

    /// <summary>The field report: the desktop on all-LUNs port 3, the node on port 5 mapping only LUN 12, port 4 unused.</summary>
    private static PolicyTopology FieldReport(TargetProfile profile, PolicyPort? port3 = null) => new(
        profile, [1, 12],
        [port3 ?? AllLuns(3), AllLuns(4), Mapped(5, (0, 12))],
        [Host("desktop", HostOs.Windows, 3), Host("k8s-node-1", HostOs.Linux, 5)],
        [new Ownership("desktop", 1, "disk"), new Ownership("k8s-node-1", 12, "mount")]);

    [Test]
    public void Exposure_AllLunsPort_ShowsEveryLun_MappedPort_ShowsOnlyItsMap()
    {
        var exposures = ExposureAnalyzer.Exposures(FieldReport(TargetProfile.Ctl));
        Assert.That(exposures, Is.EquivalentTo(new[]
        {
            new Exposure("desktop", 3, 1, 1), new Exposure("desktop", 3, 12, 12), new Exposure("k8s-node-1", 5, 0, 12),
        }));
    }

    [Test]
    public void WindowsSeesUnownedLun_OnCtl_IsStopUnitError()
    {
        var findings = ExposureAnalyzer.Analyze(FieldReport(TargetProfile.Ctl));
        Assert.That(findings, Has.One.Matches<Finding>(f => f != null &&
            f.Port == 3 && f.Host == "desktop" && f.Lun == 12 && f.Owner == "k8s-node-1"
            && f.Mechanism == ExposureAnalyzer.StopUnit && f.Severity == Severity.Error));
        Assert.That(ExposureAnalyzer.Fails(findings), Is.True);
    }

    [Test]
    public void WindowsWithPowerDownStopTurnedOff_SeesUnownedLun_OnCtl_IsInfoOnly()
    {
        var topology = FieldReport(TargetProfile.Ctl);
        topology = topology with
        {
            Hosts = topology.Hosts.Select(h => h.Name == "desktop" ? h with { StopsDisksOnPowerDown = false } : h).ToList(),
        };
        var findings = ExposureAnalyzer.Analyze(topology);
        Assert.That(findings, Has.One.Matches<Finding>(f => f != null &&
            f.Host == "desktop" && f.Lun == 12 && f.Mechanism == ExposureAnalyzer.StopUnit && f.Severity == Severity.Info));
        Assert.That(ExposureAnalyzer.Fails(findings), Is.False);
    }

    [TestCase(TargetProfile.Scst)]
    [TestCase(TargetProfile.Tgt)]
    [TestCase(TargetProfile.Lio)]
    public void WindowsSeesUnownedLun_OnProfileThatDoesNotStop_IsInfoOnly(TargetProfile profile)
    {
        var findings = ExposureAnalyzer.Analyze(FieldReport(profile));
        Assert.That(findings.Where(f => f.Mechanism == ExposureAnalyzer.StopUnit).Select(f => f.Severity), Is.EqualTo(new[] { Severity.Info }));
        Assert.That(ExposureAnalyzer.Fails(findings), Is.False);
    }

    [Test]
    public void WindowsSeesOnlyItsOwnLun_HasNoStopUnitFinding()
    {
        var findings = ExposureAnalyzer.Analyze(FieldReport(TargetProfile.Ctl, Mapped(3, (1, 1))));
        Assert.That(findings.Where(f => f.Mechanism == ExposureAnalyzer.StopUnit), Is.Empty);
        Assert.That(ExposureAnalyzer.Fails(findings), Is.False);
    }

    [TestCase(HostOs.Linux)]
    [TestCase(HostOs.Esxi)]
    public void HostWithErrorHandler_SeesUnownedLun_IsResetWarning(HostOs os)
    {
        var topology = new PolicyTopology(TargetProfile.Ctl, [1, 2], [AllLuns(3)],
            [Host("a", os, 3), Host("b", HostOs.Linux, 3)],
            [new Ownership("a", 1, "mount"), new Ownership("b", 1, "mount"), new Ownership("b", 2, "mount")]);
        var findings = ExposureAnalyzer.Analyze(topology);
        Assert.That(findings, Has.One.Matches<Finding>(f => f != null &&
            f.Host == "a" && f.Lun == 2 && f.Owner == "b" && f.Mechanism == ExposureAnalyzer.Resets && f.Severity == Severity.Warning));
    }

    [Test]
    public void HostsOfDifferentOwnersOnOnePort_IsSharedPortFinding()
    {
        var topology = new PolicyTopology(TargetProfile.Ctl, [1, 2], [AllLuns(3)],
            [Host("a", HostOs.Windows, 3), Host("b", HostOs.Windows, 3)],
            [new Ownership("a", 1, "disk"), new Ownership("b", 2, "disk")]);
        var findings = ExposureAnalyzer.Analyze(topology);
        Assert.That(findings, Has.One.Matches<Finding>(f => f != null && f.Port == 3 && f.Mechanism == ExposureAnalyzer.SharedPort && f.Severity == Severity.Warning));
    }

    [Test]
    public void HostsOwningTheSameLuns_OnOnePort_IsNotSharedPortFinding()
    {
        var topology = new PolicyTopology(TargetProfile.Ctl, [1], [AllLuns(3)],
            [Host("a", HostOs.Esxi, 3), Host("b", HostOs.Esxi, 3)],
            [new Ownership("a", 1, "datastore"), new Ownership("b", 1, "datastore")]);
        Assert.That(ExposureAnalyzer.Analyze(topology), Is.Empty);
    }

    [Test]
    public void AllLunsPortWithNoHost_IsLatentInfo()
    {
        var findings = ExposureAnalyzer.Analyze(FieldReport(TargetProfile.Ctl));
        Assert.That(findings, Has.One.Matches<Finding>(f => f != null &&
            f.Port == 4 && f.Host == null && f.Mechanism == ExposureAnalyzer.LatentAllLuns && f.Severity == Severity.Info));
    }

    [Test]
    public void UnreachablePath_ByZoning_ExposesNothing()
    {
        var topology = FieldReport(TargetProfile.Ctl) with
        {
            Hosts = [new PolicyHost("desktop", HostOs.Windows, [new PolicyPath(3, Reachable: false)]), Host("k8s-node-1", HostOs.Linux, 5)],
        };
        Assert.That(ExposureAnalyzer.Exposures(topology).Where(e => e.Host == "desktop"), Is.Empty);
    }

    [Test]
    public void OwnerOnly_FieldReport_MapsDesktopLunOnPort3_AndEmptiesPort4()
    {
        var commands = LunPolicies.Commands(FieldReport(TargetProfile.Ctl), LunPolicyKind.OwnerOnly);
        Assert.That(commands, Is.EqualTo(new[] { "lunmap -p 3 -l 1 -L 1", "lunmap -p 4 -L 0" }));
    }

    [Test]
    public void OwnerOnly_ExplicitMap_UnmapsUnownedAndKeepsExistingPortLunNumbers()
    {
        var topology = new PolicyTopology(TargetProfile.Ctl, [7, 8, 9], [Mapped(5, (0, 7), (1, 8))],
            [Host("a", HostOs.Linux, 5)], [new Ownership("a", 7, "mount"), new Ownership("a", 9, "mount")]);
        var commands = LunPolicies.Commands(topology, LunPolicyKind.OwnerOnly);
        Assert.That(commands, Is.EqualTo(new[] { "lunmap -p 5 -l 1", "lunmap -p 5 -l 9 -L 9" }));
    }

    [Test]
    public void OwnerOnly_PortAlreadyOwnerOnly_NeedsNoCommand()
    {
        var commands = LunPolicies.Commands(FieldReport(TargetProfile.Ctl, Mapped(3, (1, 1))), LunPolicyKind.OwnerOnly);
        Assert.That(commands, Is.EqualTo(new[] { "lunmap -p 4 -L 0" }));
    }

    [Test]
    public void AllLunsPolicy_DisablesEveryMap_ExplicitPolicy_ChangesNothing()
    {
        var topology = FieldReport(TargetProfile.Ctl);
        Assert.That(LunPolicies.Commands(topology, LunPolicyKind.AllLuns), Is.EqualTo(new[] { "lunmap -p 5" }));
        Assert.That(LunPolicies.Commands(topology, LunPolicyKind.Explicit), Is.Empty);
    }

    [TestCase("all-luns", LunPolicyKind.AllLuns)]
    [TestCase("owner-only", LunPolicyKind.OwnerOnly)]
    [TestCase("explicit", LunPolicyKind.Explicit)]
    public void PolicyNames_RoundTrip(string name, LunPolicyKind kind)
    {
        Assert.That(LunPolicies.Parse(name), Is.EqualTo(kind));
        Assert.That(LunPolicies.Name(kind), Is.EqualTo(name));
    }

    [Test]
    public void PersistentReserveOut_FromNonOwner_IsWarningNamingTheMechanism()
    {
        var topology = new PolicyTopology(TargetProfile.Scst, [1, 2], [AllLuns(3)],
            [Host("w", HostOs.Windows, 3) with { Commands = [new LunCommand(2, "PERSISTENT RESERVE OUT (pr-reserve)")] }, Host("b", HostOs.Linux, 5)],
            [new Ownership("w", 1, "disk"), new Ownership("b", 2, "mount")]);
        var findings = ExposureAnalyzer.Analyze(topology);
        Assert.That(findings, Has.One.Matches<Finding>(f => f != null &&
            f.Host == "w" && f.Lun == 2 && f.Owner == "b" && f.Mechanism == "PERSISTENT RESERVE OUT (pr-reserve)" && f.Severity == Severity.Warning));
        Assert.That(ExposureAnalyzer.Fails(findings), Is.True);
    }

    [Test]
    public void PersistentReserveOut_OnOwnLun_IsNoFinding()
    {
        var topology = new PolicyTopology(TargetProfile.Ctl, [2], [Mapped(5, (0, 2))],
            [Host("b", HostOs.Linux, 5) with { Commands = [new LunCommand(2, "PERSISTENT RESERVE OUT (pr-register)")] }],
            [new Ownership("b", 2, "mount")]);
        Assert.That(ExposureAnalyzer.Analyze(topology), Is.Empty);
    }
}
