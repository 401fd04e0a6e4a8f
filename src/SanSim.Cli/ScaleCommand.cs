using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text;
using SanSim.Scenarios.Generation;

namespace SanSim.Cli;

/// <summary>
/// `sansim scale --luns N --hosts N --ports N --hours H`: generates the scale topology (docs/performance.md),
/// replays it as a load with the trace off, and prints the wall time, the peak memory and what the target holds.
/// </summary>
internal static class ScaleCommand
{
    public static Command Create()
    {
        var luns = new Option<int>("--luns") { Description = "CTL LUNs on the target.", DefaultValueFactory = _ => 1024 };
        var hosts = new Option<int>("--hosts") { Description = "Linux hosts, each mounting ext4 on one LUN and writing every second.", DefaultValueFactory = _ => 256 };
        var ports = new Option<int>("--ports") { Description = "iSCSI target ports; LUNs and hosts are dealt over them.", DefaultValueFactory = _ => 64 };
        var hours = new Option<double>("--hours") { Description = "Virtual hours to run.", DefaultValueFactory = _ => 1 };
        var lunSize = new Option<long>("--lun-size") { Description = "Size of every LUN in MiB (16..16777216).", DefaultValueFactory = _ => 16 };
        var seed = new Option<ulong>("--seed") { Description = "Scenario seed.", DefaultValueFactory = _ => 1 };
        var yaml = new Option<string>("--yaml") { Description = "Also write the generated scenario to this file." };
        var cmd = new Command("scale", "Generate a topology of N LUNs, hosts and ports where every host writes every second, replay it for H virtual hours with the trace off, and print wall time, peak memory and the data the target holds. Exit 0, or 2 on bad options.")
        {
            luns, hosts, ports, hours, lunSize, seed, yaml,
        };
        cmd.SetAction(r => Run(
            new ScaleOptions(r.GetValue(luns), r.GetValue(hosts), r.GetValue(ports), r.GetValue(hours), r.GetValue(lunSize), r.GetValue(seed)),
            r.GetValue(yaml), r.InvocationConfiguration.Output, r.InvocationConfiguration.Error));
        return cmd;
    }

    internal static int Run(ScaleOptions options, string? yamlPath, TextWriter stdout, TextWriter stderr)
    {
        if (options.Problem() is { } problem)
        {
            stderr.WriteLine($"sansim scale: {problem}");
            return ExitCodes.InvalidInput;
        }
        var inv = CultureInfo.InvariantCulture;
        // A load run is a batch job: blocking collections keep the heap closer to what is live than background ones.
        GCSettings.LatencyMode = GCLatencyMode.Batch;
        long start = Stopwatch.GetTimestamp();
        string text = ScaleTopology.Yaml(options);
        if (yamlPath is not null)
        {
            try
            {
                File.WriteAllText(yamlPath, text, new UTF8Encoding(false));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                stderr.WriteLine($"sansim scale: cannot write {yamlPath}: {e.Message}");
                return ExitCodes.InvalidInput;
            }
        }
        var loaded = Scenarios.ScenarioLoader.LoadText(text, yamlPath ?? "scale.yaml");
        if (!loaded.Ok)
        {
            foreach (var e in loaded.Errors) stderr.WriteLine(e.ToString());
            return ExitCodes.InvalidInput;
        }
        var scenario = loaded.Scenarios[0];
        var built = Stopwatch.GetElapsedTime(start);
        var result = ScaleRun.Run(scenario, measureLiveHeap: true);
        var total = Stopwatch.GetElapsedTime(start);
        long peak;
        using (var self = Process.GetCurrentProcess()) peak = self.PeakWorkingSet64;

        stdout.WriteLine(string.Create(inv, $"topology      {options.Luns} LUNs of {options.LunSizeMiB} MiB, {options.Hosts} hosts, {options.Ports} ports, {scenario.Duration} virtual"));
        stdout.WriteLine(string.Create(inv, $"generate+load {built.TotalSeconds:F2} s"));
        stdout.WriteLine(string.Create(inv, $"replay        {(total - built).TotalSeconds:F2} s  ({result.Events} scheduler events; GC paused {GC.GetTotalPauseDuration().TotalSeconds:F2} s over {GC.CollectionCount(0)} collections, {GC.CollectionCount(2)} full)"));
        stdout.WriteLine(string.Create(inv, $"wall          {total.TotalSeconds:F2} s"));
        stdout.WriteLine(string.Create(inv, $"peak memory   {peak / (1024.0 * 1024):F0} MiB (working set), {result.LiveBytes / (1024.0 * 1024):F0} MiB live at the end"));
        stdout.WriteLine(string.Create(inv, $"written       {result.WrittenBlocks} blocks, {result.WrittenBytes / (1024.0 * 1024):F1} MiB of data in {result.StoreBytes / (1024.0 * 1024):F1} MiB of store slabs"));
        stdout.WriteLine(string.Create(inv, $"writes        {result.WritesAccepted} accepted by ext4; {result.MountsReadWrite} of {result.Mounts} mounts read-write at the end"));
        return ExitCodes.Ok;
    }
}
