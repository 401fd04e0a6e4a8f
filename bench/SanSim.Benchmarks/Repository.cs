namespace SanSim.Benchmarks;

/// <summary>Finds the repository's scenario library from wherever BenchmarkDotNet runs the benchmark process.</summary>
internal static class Repository
{
    /// <summary>scenarios/ of the first folder above the benchmark binaries (or the current folder) that holds SanSim.sln.</summary>
    public static string ScenariosFolder()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SanSim.sln")))
                    return Path.Combine(dir.FullName, "scenarios");
            }
        }
        throw new DirectoryNotFoundException("SanSim.sln not found above " + AppContext.BaseDirectory);
    }
}
