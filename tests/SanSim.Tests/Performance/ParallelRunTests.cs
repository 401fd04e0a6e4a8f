using SanSim.Cli;
using SanSim.Cli.Reports;
using SanSim.Scenarios;
using SanSim.Tests.Scenarios.Library;

namespace SanSim.Tests.Performance;

/// <summary>`sansim run --parallel N` and `--shard K/N` over the scenario library: same bytes as serial, every run in one shard.</summary>
public class ParallelRunTests
{
    /// <summary>The library without its one long replay (the field report's 11 h), to keep the test short.</summary>
    private static string[] LibraryFiles() =>
        ScenarioLibrary.Files().Where(f => !f.EndsWith("field-report-windows-sleep.yaml", StringComparison.Ordinal)).ToArray();

    /// <summary>Every sixth file of <see cref="LibraryFiles"/>: a spread of the library that replays in about a second.</summary>
    private static string[] SomeLibraryFiles() => LibraryFiles().Where((_, i) => i % 6 == 0).ToArray();

    private static (int Exit, string Out, string Err) Run(RunCommand.Settings settings)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        int exit = RunCommand.Run(settings, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Test]
    public void ParallelRun_WritesTheSameBytesAsASerialRun()
    {
        var files = SomeLibraryFiles();
        Assume.That(files, Is.Not.Empty, "the scenario library is not in the repository");
        string json1 = Path.GetTempFileName(), json3 = Path.GetTempFileName();
        try
        {
            var serial = Run(new RunCommand.Settings(files, Json: json1));
            var parallel = Run(new RunCommand.Settings(files, Json: json3, Parallel: 3));

            Assert.That(parallel.Exit, Is.EqualTo(serial.Exit));
            Assert.That(parallel.Err, Is.EqualTo(serial.Err));
            Assert.That(parallel.Out, Is.EqualTo(serial.Out));
            Assert.That(File.ReadAllBytes(json3), Is.EqualTo(File.ReadAllBytes(json1)));
            Assert.That(serial.Out.Split('\n').Count(l => l.StartsWith("PASS ", StringComparison.Ordinal) || l.StartsWith("FAIL ", StringComparison.Ordinal)),
                Is.GreaterThan(files.Length), "every file and its variants ran");
        }
        finally
        {
            File.Delete(json1);
            File.Delete(json3);
        }
    }

    [Test]
    public void ParallelRuns_ReportsInInputOrder_WhateverFinishesFirst()
    {
        var loaded = ScenarioLoader.LoadPaths(SomeLibraryFiles());
        Assume.That(loaded.Ok, Is.True);
        // Longest first, so later jobs finish before earlier ones.
        var scenarios = loaded.Scenarios.OrderByDescending(s => s.Duration).Take(6).ToList();
        var reported = new List<string>();

        var results = ParallelRuns.Run(scenarios, 4, r => reported.Add(r.Scenario.Id));

        Assert.That(reported, Is.EqualTo(scenarios.Select(s => s.Id)));
        Assert.That(results.Select(r => r.Scenario.Id), Is.EqualTo(reported));
    }

    [TestCase(0)]
    [TestCase(-2)]
    [TestCase(ParallelRuns.MaxWorkers + 1)]
    public void ParallelOutOfRange_Exit2(int workers)
    {
        var (exit, output, error) = Run(new RunCommand.Settings(LibraryFiles().Take(1).ToArray(), Parallel: workers));

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Contain("--parallel"));
    }

    [Test]
    public void Shards_OfTheLibrary_HoldEveryScenarioAndVariantExactlyOnce()
    {
        var loaded = ScenarioLoader.LoadPaths([ScenarioLibrary.ScenariosFolder()]);
        Assume.That(loaded.Ok, Is.True);
        var ids = loaded.Scenarios.Select(s => s.Name + "/" + s.Variant).ToList();

        foreach (int n in new[] { 1, 2, 3, 4, 7, ids.Count, ids.Count + 3 })
        {
            var seen = Enumerable.Range(1, n)
                .SelectMany(k => RunCommand.Shard(loaded.Scenarios, k, n))
                .Select(s => s.Name + "/" + s.Variant)
                .ToList();
            Assert.That(seen, Is.EquivalentTo(ids), $"{n} shards");
            Assert.That(seen, Is.Unique, $"{n} shards");
        }
    }

    [Test]
    public void ShardedParallelRuns_TogetherPrintEverySerialLine()
    {
        var files = SomeLibraryFiles().Take(4).ToArray();
        var serial = Run(new RunCommand.Settings(files));
        var lines = new List<string>();
        for (int k = 1; k <= 3; k++)
            lines.AddRange(Run(new RunCommand.Settings(files, Shard: $"{k}/3", Parallel: 2)).Out.Split('\n')
                .Where(l => l.StartsWith("PASS ", StringComparison.Ordinal) || l.StartsWith("FAIL ", StringComparison.Ordinal)));

        var expected = serial.Out.Split('\n').Where(l => l.StartsWith("PASS ", StringComparison.Ordinal) || l.StartsWith("FAIL ", StringComparison.Ordinal));
        Assert.That(lines, Is.EquivalentTo(expected));
    }
}
