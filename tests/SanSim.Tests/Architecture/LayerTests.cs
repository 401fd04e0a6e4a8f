using ArchUnitNET.Domain;
using ArchUnitNET.Fluent;
using ArchUnitNET.Loader;
using ArchUnitNET.NUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace SanSim.Tests.Architecture;

/// <summary>The library's folders are layers; each may depend only on the layers above it.</summary>
public class LayerTests
{
    private static readonly ArchUnitNET.Domain.Architecture Library =
        new ArchLoader().LoadAssemblies(typeof(SanSim.Scsi.Cdb).Assembly).Build();

    private static IObjectProvider<IType> Layer(string name) =>
        Types().That().ResideInNamespaceMatching($@"^SanSim\.{name}(\..+)?$").As(name);

    [Test]
    public void Scsi_DependsOnNothingElseInSanSim()
    {
        IArchRule rule = Types().That().Are(Layer("Scsi")).Should().NotDependOnAny(
            Types().That().ResideInNamespaceMatching(@"^SanSim(\..+)?$").And().AreNot(Layer("Scsi")));
        rule.Check(Library);
    }

    [Test]
    public void Engine_DependsOnlyOnScsi()
    {
        IArchRule rule = Types().That().Are(Layer("Engine")).Should().NotDependOnAny(
            Types().That().ResideInNamespaceMatching(@"^SanSim(\..+)?$").And().AreNot(Layer("Engine")).And().AreNot(Layer("Scsi")));
        rule.Check(Library);
    }

    [Test]
    public void Target_DoesNotDependOnHostsFabricPolicyOrScenarios()
    {
        IArchRule rule = Types().That().Are(Layer("Target")).Should().NotDependOnAny(
            Types().That().Are(Layer("Hosts")).Or().Are(Layer("Fabric")).Or().Are(Layer("Policy")).Or().Are(Layer("Scenarios")));
        rule.Check(Library);
    }

    [Test]
    public void Hosts_DependOnlyOnScsiAndEngine()
    {
        IArchRule rule = Types().That().Are(Layer("Hosts")).Should().NotDependOnAny(
            Types().That().Are(Layer("Target")).Or().Are(Layer("Fabric")).Or().Are(Layer("Policy")).Or().Are(Layer("Scenarios")));
        rule.Check(Library);
    }

    [Test]
    public void Fabric_DoesNotDependOnPolicyOrScenarios()
    {
        IArchRule rule = Types().That().Are(Layer("Fabric")).Should().NotDependOnAny(
            Types().That().Are(Layer("Policy")).Or().Are(Layer("Scenarios")));
        rule.Check(Library);
    }

    [Test]
    public void Policy_DoesNotDependOnScenarios()
    {
        IArchRule rule = Types().That().Are(Layer("Policy")).Should().NotDependOnAny(
            Types().That().Are(Layer("Scenarios")));
        rule.Check(Library);
    }

    [Test]
    public void Iscsi_DependsOnlyOnScsiEngineAndTarget()
    {
        IArchRule rule = Types().That().Are(Layer("Iscsi")).Should().NotDependOnAny(
            Types().That().Are(Layer("Hosts")).Or().Are(Layer("Fabric")).Or().Are(Layer("Policy")).Or().Are(Layer("Scenarios")).Or().Are(Layer("Serving")));
        rule.Check(Library);
    }

    [Test]
    public void Serving_IsUsedByNoOtherLayer()
    {
        IArchRule rule = Types().That().ResideInNamespaceMatching(@"^SanSim(\..+)?$").And().AreNot(Layer("Serving")).Should().NotDependOnAny(
            Types().That().Are(Layer("Serving")));
        rule.Check(Library);
    }
}
