using NJsonSchema;
using NJsonSchema.Validation;
using SanSim.Scenarios;

namespace SanSim.Tests.Scenarios.Loading;

/// <summary>
/// The malformed files under Scenarios/Malformed: each is rejected by the loader at file:line:column naming the
/// key, and, where a JSON Schema can say the rule, by scenario.schema.json naming the same key.
/// </summary>
[TestFixture]
public sealed class MalformedScenarioTests
{
    private static string Dir => Path.Combine(TestContext.CurrentContext.TestDirectory, "Scenarios");

    /// <summary>File, expected line and column, and the key the message names.</summary>
    private static readonly object[] Cases =
    [
        new object[] { "unknown-key", 7, 18, "frontnd" },
        new object[] { "wrong-type", 13, 20, "stop_on_sleep" },
        new object[] { "bare-kernel", 15, 13, "kernel" },
        new object[] { "dangling-port", 11, 22, "port" },
        new object[] { "dangling-host-in-timeline", 15, 22, "host" },
        new object[] { "bad-ctladm", 16, 24, "ctladm" },
        new object[] { "times-out-of-order", 15, 11, "at" },
        new object[] { "bad-time-unit", 15, 11, "at" },
        new object[] { "duplicate-lun", 6, 14, "lun" },
        new object[] { "malformed-yaml", 6, 3, "YAML" },
    ];

    [TestCaseSource(nameof(Cases))]
    public void Loader_RejectsMalformedFile_AtLineAndColumn_NamingTheKey(string name, int line, int column, string key)
    {
        string file = Path.Combine(Dir, "Malformed", name + ".yaml");
        var result = ScenarioLoader.LoadFile(file);
        Assert.That(result.Ok, Is.False);
        Assert.That(result.Scenarios, Is.Empty);
        var first = result.Errors[0];
        Assert.That(first.ToString(), Does.StartWith($"{file}:{line}:{column}: "), () => string.Join("\n", result.Errors));
        Assert.That(first.Message, Does.Contain(key));
    }

    private static readonly string[] SchemaCatches = ["unknown-key", "wrong-type", "bare-kernel", "bad-time-unit"];

    private static IEnumerable<TestCaseData> SchemaCases() =>
        Cases.Cast<object[]>().Where(c => SchemaCatches.Contains((string)c[0])).Select(c => new TestCaseData(c[0], c[3]));

    /// <summary>References, duplicates, ctladm lines, order and YAML syntax are beyond a schema; the rest it must catch too.</summary>
    [TestCaseSource(nameof(SchemaCases))]
    public async Task Schema_RejectsMalformedFile_NamingTheSameKeyAsTheLoader(string name, string key)
    {
        var schema = await JsonSchema.FromFileAsync(Path.Combine(Dir, "scenario.schema.json"));
        var json = YamlToJson.Convert(await File.ReadAllTextAsync(Path.Combine(Dir, "Malformed", name + ".yaml")));
        var errors = Flatten(schema.Validate(json)).ToList();
        Assert.That(errors, Is.Not.Empty);
        Assert.That(errors.Select(e => e.Property), Does.Contain(key), () => string.Join("\n", errors.Select(e => $"{e.Kind} {e.Path}")));
    }

    [Test]
    public async Task Schema_AcceptsTheFieldReport()
    {
        var schema = await JsonSchema.FromFileAsync(Path.Combine(Dir, "scenario.schema.json"));
        var json = YamlToJson.Convert(await File.ReadAllTextAsync(Path.Combine(Dir, "Valid", "field-report.yaml")));
        var errors = Flatten(schema.Validate(json)).ToList();
        Assert.That(errors, Is.Empty, () => string.Join("\n", errors.Select(e => $"{e.Kind} {e.Path}")));
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
