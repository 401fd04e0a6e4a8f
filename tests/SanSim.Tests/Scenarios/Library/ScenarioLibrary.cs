using SanSim.Scenarios;

namespace SanSim.Tests.Scenarios.Library;

/// <summary>Where the scenario library lives, and one test case per scenario file × variant in it.</summary>
public static class ScenarioLibrary
{
    /// <summary>The repository root: the first folder above the test binaries that holds SanSim.sln.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SanSim.sln")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException("SanSim.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>scenarios/ under the repository root.</summary>
    public static string ScenariosFolder() => Path.Combine(RepoRoot(), "scenarios");

    /// <summary>Every scenarios/**/*.yaml, sorted by path (ordinal); none when the folder does not exist.</summary>
    public static IReadOnlyList<string> Files()
    {
        string folder = ScenariosFolder();
        if (!Directory.Exists(folder)) return [];
        return Directory.GetFiles(folder, "*.yaml", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// One case per file × variant, named "file/variant" with the path under scenarios/ and without ".yaml".
    /// A file that does not load gives one case, named "file/load", that fails with the loader's errors.
    /// </summary>
    public static IEnumerable<TestCaseData> Cases()
    {
        string folder = ScenariosFolder();
        foreach (string file in Files())
        {
            string name = Path.GetRelativePath(folder, file).Replace('\\', '/');
            name = name[..^".yaml".Length];
            var loaded = ScenarioLoader.LoadFile(file);
            if (!loaded.Ok)
            {
                yield return new TestCaseData(file, "").SetName(name + "/load");
                continue;
            }
            foreach (var scenario in loaded.Scenarios)
                yield return new TestCaseData(file, scenario.Variant).SetName(name + "/" + scenario.Variant);
        }
    }
}
