using System.Globalization;
using SanSim.Engine;

namespace SanSim.Scenarios.Explore;

/// <summary>Which rule a run broke.</summary>
public enum FindingKind
{
    /// <summary>A host's action caused an I/O error at another host through a LUN the acting host does not own.</summary>
    Spread,
    /// <summary>Data a LUN acknowledged GOOD reads back different.</summary>
    Data,
    /// <summary>A host holds I/O with neither an error nor progress, after the timeline has gone quiet.</summary>
    Stuck,
    /// <summary>An expectation written in the topology file did not hold.</summary>
    Expectation,
    /// <summary>The simulation threw: a bug in the simulator, which `sansim run` reports as a failed run.</summary>
    Crash,
}

/// <summary>
/// One broken rule of one run. <see cref="Host"/> is the host that suffered (for an expectation, what it names);
/// <see cref="Actor"/> and <see cref="Action"/> the host and timeline action at the root of the cause chain, when a
/// host's (for an expectation, Action is "expect[i]", its index in the file); <see cref="Lun"/> the CTL LUN the chain went through.
/// </summary>
public sealed record Finding(FindingKind Kind, string Host, string? Actor, string? Action, int? Lun, SimTime At, string Detail)
{
    /// <summary>What makes two findings the same: kind, actor, its action, the host hit and the LUN; the shrinker keeps it.</summary>
    public string Signature =>
        string.Join('|', Kind.ToString(), Actor ?? "-", Action ?? "-", Host, Lun?.ToString(CultureInfo.InvariantCulture) ?? "-");

    /// <summary>One line: "spread: desktop sleep -> k8s-node-1 through LUN 12 at 10m35.001s: …".</summary>
    public override string ToString()
    {
        string kind = Kind.ToString().ToLowerInvariant();
        string who = Actor is null ? Host : $"{Actor} {Action} -> {Host}";
        string lun = Lun is { } l ? (Kind == FindingKind.Spread ? " through LUN " : " on LUN ") + l.ToString(CultureInfo.InvariantCulture) : "";
        return $"{kind}: {who}{lun} at {At}: {Detail}";
    }
}

/// <summary>What one explored run found, and how big it was.</summary>
public sealed record ExploreRunResult(IReadOnlyList<Finding> Findings, int TraceEvents, string? Error)
{
    public bool Found => Findings.Count > 0;
}
