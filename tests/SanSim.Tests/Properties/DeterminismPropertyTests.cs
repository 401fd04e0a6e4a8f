using SanSim.Engine;
using SanSim.Hosts;

namespace SanSim.Tests.Properties;

/// <summary>
/// Property: a run is a function of its seed. Each case is a Bogus-generated SAN and hour-long timeline; it is built
/// and run twice from scratch, and the two traces (every event's id, time, kind, source, message and cause), every
/// host's log and what ctladm printed must be identical, and nothing may throw.
/// Rerun one case alone with --filter "Name~SameSeed_GivesIdenticalTraceAndLogs(N)".
/// </summary>
[Category("Property")]
public class DeterminismPropertyTests
{
    public const int CaseCount = 200;

    public static IEnumerable<int> Cases() => Enumerable.Range(0, CaseCount);

    [TestCaseSource(nameof(Cases))]
    public void SameSeed_GivesIdenticalTraceAndLogs(int number)
    {
        var first = PropertyRun.Execute(number);
        var second = PropertyRun.Execute(number);
        string context = first.Case.Describe();
        Assert.That(first.Error, Is.Null, $"first run threw\n{context}\n{first.Error}");
        Assert.That(second.Error, Is.Null, $"second run threw\n{context}\n{second.Error}");
        Assert.That(first.Trace, Is.Not.Empty, context);
        Assert.That(PropertyRun.FirstDifference(first.Trace, second.Trace), Is.Null, "traces differ\n" + context);
        Assert.That(second.Logs.Keys, Is.EqualTo(first.Logs.Keys), context);
        foreach (var (host, lines) in first.Logs)
            Assert.That(PropertyRun.FirstDifference(lines, second.Logs[host]), Is.Null, $"{host}'s log differs\n{context}");
        Assert.That(second.CtladmOutput, Is.EqualTo(first.CtladmOutput), context);
    }

    /// <summary>The comparison above is not vacuous: the simulation seed reaches the model (tags, data, draws).</summary>
    [Test]
    public void SameCaseWithAnotherSimulationSeed_GivesADifferentTrace()
    {
        var c = SanCaseGenerator.Generate(0);
        var first = PropertyRun.Execute(c);
        var other = PropertyRun.Execute(c with { Seed = c.Seed + 1 });
        Assert.That(first.Error, Is.Null);
        Assert.That(other.Error, Is.Null);
        Assert.That(PropertyRun.FirstDifference(first.Trace, other.Trace), Is.Not.Null);
    }

    [Test]
    public void Generator_GivesTheSameCaseForTheSameNumber()
    {
        for (int n = 0; n < 20; n++)
        {
            string once = SanCaseGenerator.Generate(n).Describe();
            string again = SanCaseGenerator.Generate(n).Describe();
            Assert.That(again, Is.EqualTo(once), $"case {n}");
        }
        Assert.That(SanCaseGenerator.Generate(1).Describe(), Is.Not.EqualTo(SanCaseGenerator.Generate(2).Describe()));
    }
}

/// <summary>One played case: its trace, host logs and ctladm output, or the exception that ended it.</summary>
internal sealed record PropertyRun(SanCase Case, SanWorld? World, IReadOnlyList<TraceEvent> Trace,
    IReadOnlyDictionary<string, IReadOnlyList<LogLine>> Logs, string CtladmOutput, Exception? Error)
{
    public static PropertyRun Execute(int number) => Execute(SanCaseGenerator.Generate(number));

    public static PropertyRun Execute(SanCase c)
    {
        SanWorld? world = null;
        try
        {
            world = new SanWorld(c);
            world.Run();
            return Finished(c, world, null);
        }
        catch (Exception ex) when (ex is not AssertionException)
        {
            return Finished(c, world, ex);
        }
    }

    private static PropertyRun Finished(SanCase c, SanWorld? w, Exception? error) => new(c, w,
        w?.Sim.Trace.Events.ToList() ?? [],
        w?.Hosts.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<LogLine>)kv.Value.Log.Lines.ToList()) ?? new Dictionary<string, IReadOnlyList<LogLine>>(),
        w?.CtladmOutput ?? "",
        error);

    /// <summary>Null when equal; else the index and both sides of the first difference.</summary>
    public static string? FirstDifference<T>(IReadOnlyList<T> a, IReadOnlyList<T> b)
    {
        int n = Math.Min(a.Count, b.Count);
        for (int i = 0; i < n; i++)
            if (!EqualityComparer<T>.Default.Equals(a[i], b[i]))
                return $"at [{i}]:\n  first:  {a[i]}\n  second: {b[i]}";
        return a.Count == b.Count ? null : $"lengths {a.Count} and {b.Count}; first extra: {(a.Count > n ? a[n] : b[n])}";
    }
}
