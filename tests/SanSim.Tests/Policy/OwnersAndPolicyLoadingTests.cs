using SanSim.Policy;
using SanSim.Scenarios;
using SanSim.Scenarios.Model;
using SanSim.Scenarios.Policy;
using SanSim.Tests.Scenarios.Loading;

namespace SanSim.Tests.Policy;

/// <summary>The <c>owners:</c> and <c>policy:</c> keys: how they load, how they are checked, and what ownership they give.</summary>
public class OwnersAndPolicyLoadingTests
{
    private static ScenarioLoadResult Load(string text) => ScenarioLoader.LoadText(text, "t.yaml");

    private static IReadOnlyList<Scenario> LoadOk(string text)
    {
        var r = Load(text);
        Assert.That(r.Errors, Is.Empty, () => string.Join("\n", r.Errors));
        return r.Scenarios;
    }

    private static string FirstError(string text)
    {
        var r = Load(text);
        Assert.That(r.Ok, Is.False, "expected the loader to reject this text");
        return r.Errors[0].ToString();
    }

    private static string WithTopLevel(string lines) =>
        LoaderText.Minimal.Replace("timeline:\n", lines + "timeline:\n", StringComparison.Ordinal);

    [Test]
    public void Owners_ListsAndSingleLuns_LoadInFileOrder()
    {
        var s = LoadOk(WithTopLevel("owners: { node: [12], mosquitto-claim: 12, desktop: [1] }\n"))[0];
        Assert.That(s.Owners.Select(o => (o.Name, o.Lun)), Is.EqualTo(new[] { ("node", 12), ("mosquitto-claim", 12), ("desktop", 1) }));
    }

    [Test]
    public void Owners_ALunTheTargetDoesNotHave_IsAnErrorAtItsPlace()
    {
        Assert.That(FirstError(WithTopLevel("owners: { node: [7] }\n")), Does.StartWith("t.yaml:18:18: owners.node[0]: no LUN 7 in target.luns"));
    }

    [Test]
    public void Owners_AnEmptyList_IsAnError()
    {
        Assert.That(FirstError(WithTopLevel("owners: { node: [] }\n")), Does.Contain("owners.node: list the CTL LUNs node owns"));
    }

    [Test]
    public void Owners_NotAMapping_IsAnError()
    {
        Assert.That(FirstError(WithTopLevel("owners: [12]\n")), Does.Contain("owners: expected a mapping"));
    }

    [Test]
    public void DeclaredOwners_AddToTheOwnershipMountsGive()
    {
        var s = LoadOk(WithTopLevel("owners: { mosquitto-claim: [12], desktop: [1] }\n"))[0];
        var owners = ScenarioTopology.Build(s).Owners;
        Assert.That(owners.Select(o => (o.Host, o.CtlLun, o.Source)), Is.EquivalentTo(new[]
        {
            ("node", 12, "linux mount sdb"), ("mosquitto-claim", 12, "declared"), ("desktop", 1, "declared"),
        }));
    }

    [Test]
    public void Policy_DefaultsToExplicit_AndLoadsFromTheTopLevel()
    {
        Assert.That(LoadOk(LoaderText.Minimal)[0].Policy, Is.EqualTo(LunPolicyKind.Explicit));
        Assert.That(LoadOk(WithTopLevel("policy: owner-only\n"))[0].Policy, Is.EqualTo(LunPolicyKind.OwnerOnly));
    }

    [Test]
    public void Policy_UnknownName_SuggestsTheClosest()
    {
        Assert.That(FirstError(WithTopLevel("policy: owner_only\n")), Does.Contain("policy: 'owner_only' is not one of all-luns | owner-only | explicit; did you mean 'owner-only'?"));
    }

    [Test]
    public void Variant_MaySayItsPolicy()
    {
        var all = LoadOk(LoaderText.Minimal + "variants:\n  - { name: contained, policy: owner-only }\n");
        Assert.That(all.Select(s => (s.Variant, s.Policy)), Is.EqualTo(new[] { ("base", LunPolicyKind.Explicit), ("contained", LunPolicyKind.OwnerOnly) }));
    }

    [Test]
    public void Variant_WithAnUnknownPolicy_IsAnError()
    {
        Assert.That(FirstError(LoaderText.Minimal + "variants:\n  - { name: contained, policy: some }\n"), Does.Contain("variants[0].policy: expected one of all-luns | owner-only | explicit"));
    }

    [Test]
    public void ExpectationPolicy_OneNameOrAList()
    {
        var s = LoadOk(LoaderText.Minimal.Replace("  - { host: node, mount: sdb, is: ro }\n",
            "  - { host: node, mount: sdb, is: ro, policy: [explicit, all-luns] }\n  - { host: node, mount: sdb, is: rw, policy: owner-only }\n", StringComparison.Ordinal))[0];
        Assert.That(s.Expect[0].Policies, Is.EqualTo(new[] { LunPolicyKind.Explicit, LunPolicyKind.AllLuns }));
        Assert.That(s.Expect[1].Policies, Is.EqualTo(new[] { LunPolicyKind.OwnerOnly }));
        Assert.That(s.Expect[1].AppliesUnder(LunPolicyKind.Explicit), Is.False);
    }

    [Test]
    public void ExpectationPolicy_EmptyList_IsAnError()
    {
        Assert.That(FirstError(LoaderText.Minimal.Replace("is: ro }", "is: ro, policy: [] }", StringComparison.Ordinal)),
            Does.Contain("expect[0].policy: an empty list would never check this expectation"));
    }
}
