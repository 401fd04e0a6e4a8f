using SanSim.Hosts;
using SanSim.Policy;
using SanSim.Scenarios;
using SanSim.Scenarios.Model;
using SanSim.Scenarios.Policy;
using SanSim.Tests.Scenarios.Library;

namespace SanSim.Tests.Policy;

/// <summary>How a scenario maps onto the policy topology: ports and maps, paths and zoning, ownership.</summary>
public class ScenarioTopologyTests
{
    private static Scenario Load(string file, string variant = "base") =>
        ScenarioLoader.LoadFile(Path.Combine(ScenarioLibrary.ScenariosFolder(), file)).Scenarios.Single(s => s.Variant == variant);

    [Test]
    public void FieldReport_Ownership_ComesFromTheWindowsOnlineDiskAndTheLinuxMount()
    {
        var topology = ScenarioTopology.Build(Load("field-report-windows-sleep.yaml"));
        Assert.That(topology.Owners.Select(o => (o.Host, o.CtlLun)), Is.EquivalentTo(new[] { ("desktop", 1), ("k8s-node-1", 12) }));
        Assert.That(topology.Hosts.Single(h => h.Name == "desktop").Os, Is.EqualTo(HostOs.Windows));
    }

    [Test]
    public void FieldReport_Ports_AllLunsOnFc_ExplicitMapOnIscsi()
    {
        var topology = ScenarioTopology.Build(Load("field-report-windows-sleep.yaml"));
        Assert.That(topology.Ports.Select(p => (p.Number, p.AllLuns)), Is.EqualTo(new[] { (3, true), (4, true), (5, false) }));
        Assert.That(topology.Ports.Single(p => p.Number == 5).Map, Is.EqualTo(new Dictionary<uint, uint> { [0] = 12 }));
    }

    [Test]
    public void CtladmLunmapAtTimeZero_IsAppliedBeforeMapping()
    {
        var topology = ScenarioTopology.Build(Load("field-report-windows-sleep.yaml", "lunmap-isolated"));
        var port3 = topology.Ports.Single(p => p.Number == 3);
        Assert.That(port3.AllLuns, Is.False);
        Assert.That(port3.Map, Is.EqualTo(new Dictionary<uint, uint> { [1] = 1 }));
    }

    [Test]
    public void Zoning_KeepsTheDesktopOffThePortItIsNotZonedTo()
    {
        var topology = ScenarioTopology.Build(Load("fc-zoning-contains-desktop.yaml", "zoned-to-own-port"));
        var desktop = topology.Hosts.Single(h => h.Name == "desktop");
        Assert.That(desktop.Paths.Select(p => (p.Port, p.Reachable)), Is.EqualTo(new[] { (3, false), (4, true) }));
        Assert.That(ExposureAnalyzer.Analyze(topology).Where(f => f.Host == "desktop"), Is.Empty);
    }

    [Test]
    public void EsxiDatastore_IsOwnership()
    {
        var scenario = Load("esxi-shared-lun.yaml");
        var esxi = scenario.Hosts.First(h => h.Os == HostOs.Esxi && h.Datastore is not null);
        var topology = ScenarioTopology.Build(scenario);
        Assert.That(topology.Owners, Has.Some.Matches<Ownership>(o => o != null && o.Host == esxi.Name && o.CtlLun == esxi.Datastore));
    }
}
