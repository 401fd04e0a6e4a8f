using SanSim.Engine;
using SanSim.Scenarios.Model;

namespace SanSim.Scenarios;

/// <summary>How one expectation came out, with what was expected, what happened and the cause chain behind it.</summary>
public sealed record ExpectationResult(
    Expectation Expectation,
    bool Held,
    string Expected,
    string Actual,
    IReadOnlyList<TraceEvent> CauseChain);

/// <summary>One host's log as the run left it, formatted as that OS prints it (kernel timestamps for Linux).</summary>
public sealed record HostLogResult(string Host, IReadOnlyList<string> Lines);

/// <summary>The outcome of running one scenario × variant.</summary>
public sealed record RunResult
{
    public required Scenario Scenario { get; init; }
    public required IReadOnlyList<ExpectationResult> Expectations { get; init; }
    public required IReadOnlyList<HostLogResult> Logs { get; init; }
    public required Trace Trace { get; init; }
    /// <summary>Who caused what to whom: (from host, to host, worst level reached).</summary>
    public required IReadOnlyList<SpreadEdge> Spread { get; init; }
    /// <summary>Why the run stopped early (an event storm), or null when it ran to its end.</summary>
    public string? Error { get; init; }
    public bool Passed => Error is null && Expectations.All(e => e.Held);
}

/// <summary>A host's action reached another host at <paramref name="Level"/> (the worst seen), first at <paramref name="FirstAt"/>.</summary>
public sealed record SpreadEdge(string From, string To, SpreadLevel Level, SimTime FirstAt, long RootEventId, long SymptomEventId);
