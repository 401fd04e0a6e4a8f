using NJsonSchema;
using SanSim.Scenarios;
using SanSim.Tests.Scenarios.Loading;

namespace SanSim.Tests.Scenarios.Library;

/// <summary>Every file of the scenario library passes both the JSON Schema it references and the loader.</summary>
public sealed class ScenarioLibrarySchemaTests
{
    private static IEnumerable<TestCaseData> Files() =>
        ScenarioLibrary.Files().Select(f => new TestCaseData(f).SetName(Path.GetRelativePath(ScenarioLibrary.ScenariosFolder(), f).Replace('\\', '/')));

    [TestCaseSource(nameof(Files))]
    public async Task LibraryFile_IsValid_ForSchemaAndLoader(string file)
    {
        string text = await File.ReadAllTextAsync(file);
        string firstLine = text.Split('\n')[0];
        Assert.That(firstLine, Does.StartWith("# yaml-language-server: $schema="), "the first line references the schema");
        string schemaPath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, firstLine["# yaml-language-server: $schema=".Length..].Trim()));
        Assert.That(File.Exists(schemaPath), Is.True, $"the referenced schema {schemaPath} exists");

        var schema = await JsonSchema.FromFileAsync(schemaPath);
        var errors = schema.Validate(YamlToJson.Convert(text));
        Assert.That(errors.Select(e => $"{e.Path}: {e.Kind}"), Is.Empty);

        var loaded = ScenarioLoader.LoadFile(file);
        Assert.That(loaded.Errors.Select(e => e.ToString()), Is.Empty);
        Assert.That(loaded.Scenarios, Is.Not.Empty);
    }
}
