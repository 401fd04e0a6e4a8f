using NJsonSchema;
using NJsonSchema.Validation;
using SanSim.Scenarios;

namespace SanSim.Tests.Scenarios.Loading;

/// <summary>On one-line changes a schema can judge, scenario.schema.json and the loader both reject, naming the same key.</summary>
[TestFixture]
public sealed class SchemaAgreementTests
{
    private static string SchemaFile => Path.Combine(TestContext.CurrentContext.TestDirectory, "Scenarios", "scenario.schema.json");

    [TestCase("size: 1GiB", "size: 1T", "size")]
    [TestCase("size: 1GiB", "size: 1GiB, blocksize: 1000", "blocksize")]
    [TestCase("name: small", "name: small\nseed: -1", "seed")]
    [TestCase("frontend: camtgt", "frontend: fc", "frontend")]
    [TestCase("os: windows", "os: macos", "os")]
    [TestCase("do: sleep", "do: nap", "do")]
    [TestCase("lunmap: { 0: 12 }", "lunmap: some", "lunmap")]
    [TestCase("mounts: [ { lun: 12, device: sdb } ]", "mounts: [ { lun: 12, device: sdb, errors: ignore } ]", "errors")]
    [TestCase("is: ro }", "is: readonly }", "is")]
    [TestCase("at: 10s,", "at: 10s, when: now,", "when")]
    [TestCase("kernel: \"5.10\"", "kernel: 6.1", "kernel")]
    [TestCase("paths: [ { port: 3,", "paths: [ { port: 3, isid: 0xzz,", "isid")]
    public async Task SchemaAndLoader_RejectTheSameKey(string from, string to, string key)
    {
        string text = LoaderText.Minimal;
        Assert.That(text, Does.Contain(from));
        text = text.Replace(from, to, StringComparison.Ordinal);

        var loaded = ScenarioLoader.LoadText(text, "s.yaml");
        Assert.That(loaded.Ok, Is.False);
        Assert.That(loaded.Errors[0].Message, Does.Contain("." + key + ":").Or.StartWith(key + ":"), () => string.Join("\n", loaded.Errors));

        var schema = await JsonSchema.FromFileAsync(SchemaFile);
        var errors = Flatten(schema.Validate(YamlToJson.Convert(text))).ToList();
        Assert.That(errors.Select(e => e.Property), Does.Contain(key), () => string.Join("\n", errors.Select(e => $"{e.Kind} {e.Path}")));
    }

    [Test]
    public async Task Schema_AcceptsTheSmallScenario()
    {
        var schema = await JsonSchema.FromFileAsync(SchemaFile);
        Assert.That(schema.Validate(YamlToJson.Convert(LoaderText.Minimal)), Is.Empty);
    }

    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors)
    {
        foreach (var e in errors)
        {
            yield return e;
            if (e is ChildSchemaValidationError child)
                foreach (var inner in Flatten(child.Errors.Values.SelectMany(v => v)))
                    yield return inner;
        }
    }
}
