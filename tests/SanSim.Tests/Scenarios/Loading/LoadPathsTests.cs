using SanSim.Scenarios;

namespace SanSim.Tests.Scenarios.Loading;

/// <summary><see cref="ScenarioLoader.LoadPaths"/>: folders give every *.yaml below them sorted by path; names are unique in a suite.</summary>
[TestFixture]
public sealed class LoadPathsTests
{
    private static string Dir => Path.Combine(TestContext.CurrentContext.TestDirectory, "Scenarios");

    [Test]
    public void Folder_LoadsEveryVariantOfEveryFile()
    {
        var r = ScenarioLoader.LoadPaths([Path.Combine(Dir, "Valid")]);
        Assert.That(r.Errors, Is.Empty, () => string.Join("\n", r.Errors));
        Assert.That(r.Scenarios.Select(s => s.Variant), Is.EqualTo(new[] { "base", "lunmap-isolated", "scst-target" }));
    }

    [Test]
    public void MalformedFolder_ReportsEveryFile_InOrdinalPathOrder()
    {
        var r = ScenarioLoader.LoadPaths([Path.Combine(Dir, "Malformed")]);
        var files = r.Errors.Select(e => Path.GetFileName(e.Mark.File)).Distinct().ToList();
        Assert.That(r.Scenarios, Is.Empty);
        Assert.That(files, Has.Count.EqualTo(10));
        Assert.That(files, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
    }

    [Test]
    public void SameFileTwice_IsLoadedOnce()
    {
        string file = Path.Combine(Dir, "Valid", "field-report.yaml");
        var r = ScenarioLoader.LoadPaths([file, Path.Combine(Dir, "Valid")]);
        Assert.That(r.Errors, Is.Empty, () => string.Join("\n", r.Errors));
        Assert.That(r.Scenarios, Has.Count.EqualTo(3));
    }

    [Test]
    public void TwoFilesWithOneName_AreRejected()
    {
        string folder = Path.Combine(Path.GetTempPath(), "sansim-loadpaths-" + TestContext.CurrentContext.Test.ID);
        Directory.CreateDirectory(folder);
        try
        {
            string text = File.ReadAllText(Path.Combine(Dir, "Valid", "field-report.yaml"));
            File.WriteAllText(Path.Combine(folder, "a.yaml"), text);
            File.WriteAllText(Path.Combine(folder, "b.yaml"), text);
            var r = ScenarioLoader.LoadPaths([folder]);
            Assert.That(r.Errors.Single().ToString(), Does.StartWith(Path.Combine(folder, "b.yaml") + ":2:1: name: 'field-report-windows-sleep' is also the name"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void MissingPath_IsAnError_NotAnException()
    {
        var r = ScenarioLoader.LoadPaths([Path.Combine(Dir, "no-such-folder")]);
        Assert.That(r.Errors.Single().Message, Is.EqualTo("no such file or folder"));
    }
}
