using SanSim.Engine;
using SanSim.Policy;

namespace SanSim.Scenarios.Model;

/// <summary>What a spread expectation counts as reaching another host.</summary>
public enum SpreadLevel
{
    /// <summary>The other host surfaced an I/O error to a filesystem or application.</summary>
    Error,
    /// <summary>An error, or I/O held back longer than 30 s.</summary>
    Stall,
    /// <summary>Any CHECK CONDITION.</summary>
    Sense,
}

/// <summary>One expectation; exactly one kind of check is set. <see cref="At"/> null means the end of the run.</summary>
public sealed record Expectation
{
    public SimTime? At { get; init; }
    public string? Host { get; init; }
    /// <summary>Mount state: with <see cref="Host"/>, the device and rw | ro | unmounted in <see cref="Is"/>.</summary>
    public string? Mount { get; init; }
    /// <summary>rw | ro | unmounted for a mount; started | stopped for a LUN.</summary>
    public string? Is { get; init; }
    public string? LogContains { get; init; }
    public string? LogLacks { get; init; }
    public string? LogMatches { get; init; }
    public int? Lun { get; init; }
    /// <summary>A ctladm command line whose output is compared with <see cref="Output"/> or <see cref="OutputContains"/>.</summary>
    public string? Ctladm { get; init; }
    public string? Output { get; init; }
    public string? OutputContains { get; init; }
    public SpreadSpec? Spread { get; init; }
    /// <summary>The LUN-map policies under which this expectation is checked; empty = under every policy.</summary>
    public IReadOnlyList<LunPolicyKind> Policies { get; init; } = [];
    public SourceMark Mark { get; init; }

    /// <summary>Whether a run under <paramref name="policy"/> checks this expectation.</summary>
    public bool AppliesUnder(LunPolicyKind policy) => Policies.Count == 0 || Policies.Contains(policy);
}

public sealed record SpreadSpec
{
    public required string From { get; init; }
    /// <summary>Exactly these other hosts; empty = contained.</summary>
    public IReadOnlyList<string> Reaches { get; init; } = [];
    public SpreadLevel Level { get; init; } = SpreadLevel.Error;
    public SourceMark Mark { get; init; }
}
