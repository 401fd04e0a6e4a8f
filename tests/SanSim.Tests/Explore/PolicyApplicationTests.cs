using SanSim.Engine;
using SanSim.Policy;
using SanSim.Scenarios.Explore;
using SanSim.Scenarios.Model;

namespace SanSim.Tests.Explore;

/// <summary>Applying a LUN map policy to a scenario's ports before it runs.</summary>
public class PolicyApplicationTests
{
    private static PortSpec Port(Scenario s, int number) => s.Target.Ports.Single(p => p.Port == number);

    [Test]
    public void OwnerOnly_ShowsTheDesktopsPortOnlyItsOwnLun_AndClosesThePortWithoutHosts()
    {
        var applied = PolicyApplication.Apply(ExploreFiles.FieldReportTopology(), LunPolicyKind.OwnerOnly);
        Assert.That(Port(applied, 3).LunMap, Is.EqualTo(LunMapKind.Explicit));
        Assert.That(Port(applied, 3).LunMapEntries, Is.EqualTo(new[] { new KeyValuePair<uint, uint>(1, 1) }));
        Assert.That(Port(applied, 4).LunMap, Is.EqualTo(LunMapKind.None));
        Assert.That(Port(applied, 5).LunMapEntries, Is.EqualTo(new[] { new KeyValuePair<uint, uint>(0, 12) }));
    }

    [Test]
    public void AllLuns_DropsEveryMap()
    {
        var applied = PolicyApplication.Apply(ExploreFiles.FieldReportTopology(), LunPolicyKind.AllLuns);
        Assert.That(applied.Target.Ports.Select(p => p.LunMap), Has.All.EqualTo(LunMapKind.All));
        Assert.That(applied.Target.Ports.SelectMany(p => p.LunMapEntries), Is.Empty);
    }

    [Test]
    public void Explicit_LeavesTheScenarioAsWritten()
    {
        var topology = ExploreFiles.FieldReportTopology();
        Assert.That(PolicyApplication.Apply(topology, LunPolicyKind.Explicit), Is.SameAs(topology));
    }

    [Test]
    public void OwnerOnly_FoldsTheStartLunmapLinesIntoTheMaps()
    {
        var isolated = ExploreFiles.Load(ExploreFiles.FieldReportScenarioPath(), "lunmap-isolated");
        Assert.That(isolated.Timeline.Any(e => e.At == SimTime.Zero && e.Ctladm is not null), Is.True);
        var applied = PolicyApplication.Apply(isolated, LunPolicyKind.OwnerOnly);
        Assert.That(applied.Timeline.Where(e => e.Ctladm is not null), Is.Empty);
        Assert.That(Port(applied, 3).LunMapEntries, Is.EqualTo(new[] { new KeyValuePair<uint, uint>(1, 1) }));
        Assert.That(applied.Timeline.Where(e => e.Host is not null).ToList(), Has.Count.EqualTo(2));
    }
}
