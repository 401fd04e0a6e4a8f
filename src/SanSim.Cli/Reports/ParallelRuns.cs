using System.Threading.Channels;
using SanSim.Scenarios;
using SanSim.Scenarios.Model;

namespace SanSim.Cli.Reports;

/// <summary>
/// `sansim run --parallel N`: a bounded channel of scenario jobs feeds N workers, each replaying one scenario ×
/// variant at a time; a results channel feeds the reporter, which hands the results on in the order the jobs
/// were given. Every run is deterministic on its own (its own simulation, clock and seed), so the output is
/// the same, byte for byte, as a serial run's.
/// </summary>
internal static class ParallelRuns
{
    /// <summary>The most workers --parallel accepts.</summary>
    public const int MaxWorkers = 256;

    /// <summary>
    /// Runs <paramref name="scenarios"/> with <paramref name="workers"/> workers (1: one after the other on this
    /// thread) and calls <paramref name="report"/> with each result in input order, as soon as it and every
    /// earlier one are done. Returns the results in input order.
    /// </summary>
    public static List<RunResult> Run(IReadOnlyList<Scenario> scenarios, int workers, Action<RunResult> report)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        var results = new List<RunResult>(scenarios.Count);
        if (workers == 1 || scenarios.Count <= 1)
        {
            foreach (var scenario in scenarios)
            {
                var result = ScenarioInput.Run(scenario);
                results.Add(result);
                report(result);
            }
            return results;
        }
        RunAsync(scenarios, Math.Min(workers, scenarios.Count), results, report).GetAwaiter().GetResult();
        return results;
    }

    private static async Task RunAsync(IReadOnlyList<Scenario> scenarios, int workers, List<RunResult> results, Action<RunResult> report)
    {
        var jobs = Channel.CreateBounded<(int Index, Scenario Scenario)>(new BoundedChannelOptions(workers)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var done = Channel.CreateBounded<(int Index, RunResult Result)>(new BoundedChannelOptions(workers)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        var producer = Task.Run(async () =>
        {
            try
            {
                for (int i = 0; i < scenarios.Count; i++)
                    await jobs.Writer.WriteAsync((i, scenarios[i])).ConfigureAwait(false);
            }
            finally
            {
                jobs.Writer.Complete();
            }
        });
        var pool = new Task[workers];
        for (int w = 0; w < workers; w++)
        {
            pool[w] = Task.Run(async () =>
            {
                await foreach (var (index, scenario) in jobs.Reader.ReadAllAsync().ConfigureAwait(false))
                    await done.Writer.WriteAsync((index, ScenarioInput.Run(scenario))).ConfigureAwait(false);
            });
        }
        var finished = Task.WhenAll(pool).ContinueWith(t => done.Writer.Complete(t.Exception), TaskScheduler.Default);

        // The reporter: results arrive in completion order and leave in input order.
        var early = new Dictionary<int, RunResult>();
        await foreach (var (index, result) in done.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            early[index] = result;
            while (early.Remove(results.Count, out var next))
            {
                results.Add(next);
                report(next);
            }
        }
        await Task.WhenAll(producer, finished).ConfigureAwait(false);
    }
}
