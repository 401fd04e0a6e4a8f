using System.Diagnostics;
using System.Globalization;
using SanSim.Scenarios;
using SanSim.Scenarios.Explore;
using SanSim.Scenarios.Generation;
using SanSim.Scenarios.Model;

namespace SanSim.Benchmarks;

/// <summary>
/// `profile`: quick per-run figures between BenchmarkDotNet sessions, single-threaded, in one process: the field
/// report's base variant replayed warm (time, bytes allocated on this thread, collections), and explore runs of
/// examples/field-report-topology.yaml at one hour (CPU per run and the runs per minute two cores would give).
/// `--scale` prints a census of a quarter hour of a 64-host scale load instead; `--census` first prints a sampled census of what one replay allocates, by type.
/// </summary>
internal static class Profile
{
    public static void Run(string[] args)
    {
        if (args.Contains("--scale"))
        {
            var scale = ScaleTopology.Load(new ScaleOptions(Luns: 1024, Hosts: 64, Ports: 64, Hours: 0.25)).Scenarios[0];
            using var scaleCensus = new AllocationCensus();
            var sw = Stopwatch.StartNew();
            long events = ScaleRun.Run(scale).Events;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scale 1,024 LUNs, 64 hosts, 64 ports, 15 min: {sw.Elapsed.TotalSeconds:F2} s, {events} events"));
            Thread.Sleep(500);
            foreach (var (type, size) in scaleCensus.Top(25))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size / 1e6,9:F1} MB  {type}"));
            return;
        }
        var numbers = args.Skip(1).Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        int replays = numbers.Length > 0 ? int.Parse(numbers[0], CultureInfo.InvariantCulture) : 10;
        int exploreRuns = numbers.Length > 1 ? int.Parse(numbers[1], CultureInfo.InvariantCulture) : 100;
        string library = Repository.ScenariosFolder();
        string path = Path.Combine(library, "field-report-windows-sleep.yaml");
        var fieldReport = ScenarioLoader.LoadText(File.ReadAllText(path), path).Scenarios.First(s => s.Variant == "base");
        for (int i = 0; i < 3; i++) ScenarioRunner.Run(fieldReport);
        if (args.Contains("--census"))
        {
            using var census = new AllocationCensus();
            ScenarioRunner.Run(fieldReport);
            Thread.Sleep(500);
            foreach (var (type, size) in census.Top(25))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size / 1e6,9:F1} MB  {type}"));
        }
        var times = new List<double>();
        long bytes = 0;
        var paused = GC.GetTotalPauseDuration();
        int g0 = GC.CollectionCount(0), g1 = GC.CollectionCount(1), g2 = GC.CollectionCount(2);
        for (int i = 0; i < replays; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            ScenarioRunner.Run(fieldReport);
            times.Add(sw.Elapsed.TotalMilliseconds);
            bytes += GC.GetAllocatedBytesForCurrentThread() - before;
        }
        times.Sort();
        if (replays > 0)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"field report replay: best {times[0]:F1} ms, median {times[times.Count / 2]:F1} ms, {bytes / replays / 1e6:F1} MB allocated per replay, collections per replay gen0 {(GC.CollectionCount(0) - g0) / (double)replays:F1} gen1 {(GC.CollectionCount(1) - g1) / (double)replays:F1} gen2 {(GC.CollectionCount(2) - g2) / (double)replays:F1}, GC paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds / replays:F1} ms per replay"));

        if (exploreRuns <= 0) return;
        string root = Path.GetDirectoryName(library)!;
        string topologyPath = Path.Combine(root, "examples", "field-report-topology.yaml");
        var topology = ScenarioLoader.LoadText(File.ReadAllText(topologyPath), topologyPath).Scenarios.First(s => s.Variant == "base");
        var explorer = new Explorer(new ExploreSettings { Topology = topology, Runs = exploreRuns });
        var scenarios = Explorer.RunSeeds(1, exploreRuns).Select(explorer.ScenarioFor).ToList();
        foreach (var s in scenarios.Take(5)) explorer.RunOne(s);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        long exploreBytes = GC.GetAllocatedBytesForCurrentThread();
        int findings = 0;
        foreach (Scenario s in scenarios) findings += explorer.RunOne(s).Findings.Count > 0 ? 1 : 0;
        exploreBytes = GC.GetAllocatedBytesForCurrentThread() - exploreBytes;
        double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / exploreRuns;
        double wallMs = wall.Elapsed.TotalMilliseconds / exploreRuns;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"explore run (1 h): {wallMs:F1} ms wall, {cpuMs:F1} ms CPU, {exploreBytes / exploreRuns / 1e6:F1} MB allocated per run; {findings} of {exploreRuns} with findings; 2 cores from CPU time: {2 * 60000 / cpuMs:F0} runs/min"));
    }
}
