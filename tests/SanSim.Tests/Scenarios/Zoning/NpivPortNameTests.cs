using SanSim.Scenarios;
using SanSim.Tests.Scenarios.Loading;

namespace SanSim.Tests.Scenarios.Zoning;

/// <summary>NPIV: CTL ports of one HBA share a name and physical port and differ in virtual port; the loader accepts that, not a true duplicate.</summary>
[TestFixture]
public sealed class NpivPortNameTests
{
    private static string WithPort(string port) => LoaderText.Minimal.Replace(
        "    - { port: 3, frontend: camtgt, wwpn: naa.21000024ff56f970 }\n",
        "    - { port: 3, frontend: camtgt, name: isp0, wwpn: naa.21000024ff56f970 }\n" + port, StringComparison.Ordinal);

    [Test]
    public void SameNameOnAnotherVirtualPort_IsAccepted()
    {
        var r = ScenarioLoader.LoadText(WithPort("    - { port: 6, frontend: camtgt, name: isp0, pp: 0, vp: 1, wwpn: naa.21010024ff56f970 }\n"), "n.yaml");
        Assert.That(r.Errors, Is.Empty, () => string.Join("\n", r.Errors));
        Assert.That(r.Scenarios[0].Target.Ports.Count(p => p.Name == "isp0"), Is.EqualTo(2));
    }

    [Test]
    public void SameNameOnTheSamePhysicalAndVirtualPort_IsADuplicate()
    {
        var r = ScenarioLoader.LoadText(WithPort("    - { port: 6, frontend: camtgt, name: isp0, wwpn: naa.21010024ff56f970 }\n"), "n.yaml");
        Assert.That(r.Errors.Select(e => e.Message), Has.Some.StartsWith("target.ports[1].name: duplicate name isp0 on pp 0 vp 0 (also target.ports[0])"));
    }
}
