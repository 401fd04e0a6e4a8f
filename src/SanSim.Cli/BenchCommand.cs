using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using SanSim.Scenarios;
using SanSim.Scenarios.Generation;
using SanSim.Scenarios.Model;

namespace SanSim.Cli;

/// <summary>
/// `sansim bench [--quick]`: the headline performance figures of docs/performance.md, measured in this
/// process on this machine — the command path per opcode (rate and bytes allocated per command), a plain
/// 4 KiB copy loop over the same working set, the field report replay and the whole scenario library — one
/// line each, ending with the ratio of the write rate to the copy rate. It reports; it does not judge.
/// </summary>
internal static class BenchCommand
{
    private const string FieldReport = "field-report-windows-sleep.yaml";

    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Shorter measurements (about 2 s in all) at the cost of noisier figures." };
        var scenarios = new Option<string>("--scenarios") { Description = "The scenario library folder (default: the nearest scenarios/ folder above the current one)." };
        var cmd = new Command("bench", "Measure the command path (TEST UNIT READY, READ(10), WRITE(10) of 4 KiB over a 16 MiB working set), a plain 4 KiB copy loop, the field report replay and the scenario library; ends with \"ratio = write rate / copy rate\". Always exits 0 unless the options are wrong.")
        {
            quick, scenarios,
        };
        cmd.SetAction(r => Run(r.GetValue(quick), r.GetValue(scenarios), r.InvocationConfiguration.Output, r.InvocationConfiguration.Error));
        return cmd;
    }

    internal static int Run(bool quick, string? scenarioFolder, TextWriter stdout, TextWriter stderr)
    {
        if (scenarioFolder is not null && !Directory.Exists(scenarioFolder))
        {
            stderr.WriteLine($"sansim bench: --scenarios {scenarioFolder}: no such folder");
            return ExitCodes.InvalidInput;
        }
        var budget = TimeSpan.FromMilliseconds(quick ? 250 : 1000);
        stdout.WriteLine($"sansim bench: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {(quick ? "quick" : "full")} run");

        var w = new CommandPathWorkload();
        w.Prime();
        Func<long, long>[] loops = [w.RunTestUnitReady, w.RunReads, w.RunWrites, n => w.RunCopies(n)];
        WarmUp(loops, budget);
        var tur = Measure(w.RunTestUnitReady, budget);
        stdout.WriteLine(Line("TEST UNIT READY", tur));
        var read = Measure(w.RunReads, budget);
        stdout.WriteLine(Line("READ(10) 4 KiB", read));
        var write = Measure(w.RunWrites, budget);
        stdout.WriteLine(Line("WRITE(10) 4 KiB", write));
        var copy = Measure(n => w.RunCopies(n), budget);
        stdout.WriteLine(Line("plain 4 KiB copy", copy));

        var folder = scenarioFolder ?? FindScenarios();
        if (folder is null)
        {
            stdout.WriteLine("scenario replay: no scenarios/ folder found (give --scenarios DIR)");
        }
        else
        {
            ReplayLines(folder, quick, stdout);
        }

        double ratio = copy.PerSecond > 0 ? write.PerSecond / copy.PerSecond : 0;
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio = write rate / copy rate = {write.PerSecond / 1e6:F2} M/s / {copy.PerSecond / 1e6:F2} M/s = {ratio:F3}"));
        return ExitCodes.Ok;
    }

    /// <summary>A rate and the bytes the measuring thread allocated per operation.</summary>
    internal readonly record struct Rate(double PerSecond, double BytesPerOp);

    /// <summary>
    /// Runs every loop in turn, a few rounds, then pauses so that the JIT's background tier-up of the hot
    /// methods (which waits for a quiet spell after the last first-time call) lands before anything is timed.
    /// </summary>
    internal static void WarmUp(IReadOnlyList<Func<long, long>> loops, TimeSpan budget)
    {
        for (int round = 0; round < 3; round++)
        {
            foreach (var loop in loops)
            {
                var t = Stopwatch.StartNew();
                while (t.Elapsed < budget / 8) loop(4096);
            }
            Thread.Sleep(150);
        }
    }

    /// <summary>
    /// Runs <paramref name="run"/> (which performs n operations) in batches of about 5 ms for the budget,
    /// counting operations, time and the bytes allocated on this thread.
    /// </summary>
    internal static Rate Measure(Func<long, long> run, TimeSpan budget)
    {
        long batch = 1024;
        while (true)
        {
            var t = Stopwatch.GetTimestamp();
            run(batch);
            if (Stopwatch.GetElapsedTime(t) >= TimeSpan.FromMilliseconds(5)) break;
            batch *= 2;
        }
        long ops = 0;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < budget)
        {
            run(batch);
            ops += batch;
        }
        double seconds = sw.Elapsed.TotalSeconds;
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        return new Rate(ops / seconds, (double)allocated / ops);
    }

    private static string Line(string what, Rate r) =>
        string.Create(CultureInfo.InvariantCulture, $"{what,-22} {r.PerSecond / 1e6,8:F2} M/s  {r.BytesPerOp,6:F1} B/op");

    /// <summary>The field report replay (warm, best of several) and the whole library loaded and run in this process.</summary>
    private static void ReplayLines(string folder, bool quick, TextWriter stdout)
    {
        var load = ScenarioLoader.LoadPaths([folder]);
        if (!load.Ok)
        {
            stdout.WriteLine($"scenario replay: {folder} does not load ({load.Errors.Count} errors; see sansim validate)");
            return;
        }
        var field = load.Scenarios.FirstOrDefault(s => s.Variant == "base" && s.Mark.File.EndsWith(FieldReport, StringComparison.Ordinal));
        if (field is not null)
        {
            int times = quick ? 2 : 5;
            var best = Best(() => ScenarioRunner.Run(field), times);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"field report replay",-22} {best.TotalMilliseconds,8:F2} ms   ({field.Duration} virtual, warm, best of {times})"));
        }
        int libraryTimes = quick ? 1 : 2;
        var library = Best(() => RunLibrary(folder), libraryTimes, warm: !quick);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"scenario library",-22} {library.TotalMilliseconds,8:F2} ms   ({load.Scenarios.Count} runs loaded and replayed in process, {(quick ? "once" : $"best of {libraryTimes}")})"));
    }

    private static void RunLibrary(string folder)
    {
        var loaded = ScenarioLoader.LoadPaths([folder]);
        foreach (Scenario s in loaded.Scenarios)
            ScenarioRunner.Run(s);
    }

    /// <summary>Runs <paramref name="action"/> once to warm up (unless told not to), then <paramref name="times"/> times; the fastest.</summary>
    private static TimeSpan Best(Action action, int times, bool warm = true)
    {
        if (warm) action();
        var best = TimeSpan.MaxValue;
        for (int i = 0; i < times; i++)
        {
            long t = Stopwatch.GetTimestamp();
            action();
            var e = Stopwatch.GetElapsedTime(t);
            if (e < best) best = e;
        }
        return best;
    }

    /// <summary>The nearest "scenarios" folder holding the field report, from the current folder up.</summary>
    private static string? FindScenarios()
    {
        for (var d = new DirectoryInfo(Directory.GetCurrentDirectory()); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "scenarios");
            if (File.Exists(Path.Combine(candidate, FieldReport))) return candidate;
        }
        return null;
    }
}
