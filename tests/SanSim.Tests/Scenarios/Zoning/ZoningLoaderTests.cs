using NJsonSchema;
using NJsonSchema.Validation;
using SanSim.Scenarios;
using SanSim.Scenarios.Model;
using SanSim.Tests.Scenarios.Loading;

namespace SanSim.Tests.Scenarios.Zoning;

/// <summary>The scenario format's FC zoning: <c>fabric: { zones }</c> and the timeline's <c>zoneset</c>, in the loader and the schema.</summary>
[TestFixture]
public sealed class ZoningLoaderTests
{
    private const string Zones = """
        fabric:
          zones:
            - { name: z1, members: [ naa.2100001b32a1b2c3, naa.21000024ff56f970 ] }

        """;

    private static string SchemaFile => Path.Combine(TestContext.CurrentContext.TestDirectory, "Scenarios", "scenario.schema.json");

    private static string WithZoning(string fabric, string extraEvent = "") =>
        LoaderText.Minimal.Replace("timeline:\n", fabric + "timeline:\n", StringComparison.Ordinal)
            .Replace("  - { at: 1h30m, host: desktop, do: wake }\n", "  - { at: 1h30m, host: desktop, do: wake }\n" + extraEvent, StringComparison.Ordinal);

    [Test]
    public void FabricZonesAndZonesetEvent_BindToTheModel()
    {
        string text = WithZoning(Zones, "  - { at: 2h, zoneset: [ { name: z2, members: [ naa.21000024ff56f970 ] } ] }\n  - { at: 3h, zoneset: all }\n");
        var r = ScenarioLoader.LoadText(text, "z.yaml");
        Assert.That(r.Errors, Is.Empty, () => string.Join("\n", r.Errors));
        var s = r.Scenarios[0];
        Assert.That(s.Fabric!.Zones!.Select(z => (z.Name, string.Join(",", z.Members))),
            Is.EqualTo(new[] { ("z1", "naa.2100001b32a1b2c3,naa.21000024ff56f970") }));
        Assert.That(s.Timeline[2].Zoneset!.Zones!.Single().Name, Is.EqualTo("z2"));
        Assert.That(s.Timeline[3].Zoneset!.Zones, Is.Null, "zoneset: all clears zoning");
    }

    [Test]
    public void NoFabric_MeansAllAccess()
    {
        var r = ScenarioLoader.LoadText(LoaderText.Minimal, "z.yaml");
        Assert.That(r.Scenarios[0].Fabric, Is.Null);
    }

    [Test]
    public void ZoneMember_ThatIsNoHostPathOrFcPortWwpn_IsAnErrorAtItsLineAndColumn()
    {
        string text = WithZoning(Zones.Replace("naa.2100001b32a1b2c3", "naa.2100001b32ffffff", StringComparison.Ordinal));
        var r = ScenarioLoader.LoadText(text, "z.yaml");
        Assert.That(r.Ok, Is.False);
        int line = text.Split('\n').ToList().FindIndex(l => l.Contains("naa.2100001b32ffffff", StringComparison.Ordinal)) + 1;
        Assert.That(r.Errors[0].ToString(), Does.StartWith($"z.yaml:{line}:"));
        Assert.That(r.Errors[0].Message, Does.Contain("fabric.zones[0].members[0]: 'naa.2100001b32ffffff' is neither a host path's wwpn nor an FC port's wwpn"));
    }

    [Test]
    public void ZonesetEvent_WithAnotherEventKind_IsRejected()
    {
        string text = WithZoning("", "  - { at: 2h, zoneset: all, ctladm: \"lunmap -p 3 -l 1 -L 1\" }\n");
        var r = ScenarioLoader.LoadText(text, "z.yaml");
        Assert.That(r.Ok, Is.False);
        Assert.That(r.Errors[0].Message, Does.Contain("an event is one of host + do, ctladm, inject or zoneset, not several"));
    }

    [Test]
    public void ZonesetEvent_OtherThanAListOrAll_NamesTheShapes()
    {
        var r = ScenarioLoader.LoadText(WithZoning("", "  - { at: 2h, zoneset: none }\n"), "z.yaml");
        Assert.That(r.Errors.Select(e => e.Message), Has.Some.Contains("timeline[2].zoneset: expected a list of zones"));
    }

    [TestCase("name: z1, members", "name: z1, wwpns", "wwpns")]
    [TestCase("members: [ naa.2100001b32a1b2c3,", "members: [ naa.21000x1b32a1b2c3,", "members")]
    [TestCase("zones:", "zone:", "zone")]
    public async Task SchemaAndLoader_RejectTheSameZoningKey(string from, string to, string key)
    {
        string text = WithZoning(Zones);
        Assert.That(text, Does.Contain(from));
        text = text.Replace(from, to, StringComparison.Ordinal);

        var loaded = ScenarioLoader.LoadText(text, "z.yaml");
        Assert.That(loaded.Ok, Is.False);
        Assert.That(loaded.Errors[0].Message, Does.Contain("." + key), () => string.Join("\n", loaded.Errors));

        var schema = await JsonSchema.FromFileAsync(SchemaFile);
        var errors = Nested(schema.Validate(YamlToJson.Convert(text))).ToList();
        Assert.That(errors.Select(e => e.Property == key || (e.Path ?? "").Contains("." + key, StringComparison.Ordinal)), Has.Some.True, () => string.Join("\n", errors.Select(e => $"{e.Kind} {e.Path}")));
    }

    /// <summary>Every error with those inside array-item and property errors.</summary>
    private static IEnumerable<ValidationError> Nested(IEnumerable<ValidationError> errors) =>
        errors.SelectMany(e => e is ChildSchemaValidationError child
            ? Nested(child.Errors.Values.SelectMany(v => v)).Prepend(e)
            : [e]);

    [Test]
    public async Task Schema_AcceptsZoningAndZonesetEvents()
    {
        string text = WithZoning(Zones, "  - { at: 2h, zoneset: [ { name: z2, members: [ naa.21000024ff56f970 ] } ] }\n  - { at: 3h, zoneset: all }\n");
        var schema = await JsonSchema.FromFileAsync(SchemaFile);
        Assert.That(schema.Validate(YamlToJson.Convert(text)), Is.Empty);
    }
}
