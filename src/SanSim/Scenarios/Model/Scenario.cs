using SanSim.Engine;

namespace SanSim.Scenarios.Model;

/// <summary>
/// One scenario as a runner sees it: a variant already applied (the plain file is variant "base"), every
/// value checked and every reference resolved by the loader. Times are virtual time from the start of the run.
/// </summary>
public sealed record Scenario
{
    public int Version { get; init; } = 1;
    public required string Name { get; init; }
    /// <summary>"base" for the file as written, else the variant's name.</summary>
    public string Variant { get; init; } = "base";
    public string Description { get; init; } = "";
    public ulong Seed { get; init; }
    /// <summary>How long to run: as given, else the last timeline event + 10 minutes.</summary>
    public SimTime Duration { get; init; }
    public required TargetSpec Target { get; init; }
    public IReadOnlyList<HostSpec> Hosts { get; init; } = [];
    /// <summary>FC zoning at time zero; null = all access.</summary>
    public FabricSpec? Fabric { get; init; }
    /// <summary>In the order they run: by time, then file order (base before variant).</summary>
    public IReadOnlyList<TimelineEvent> Timeline { get; init; } = [];
    public IReadOnlyList<Expectation> Expect { get; init; } = [];
    /// <summary>The file the scenario came from.</summary>
    public string File { get; init; } = "";
    public SourceMark Mark { get; init; }

    /// <summary>"name" for the base variant, "name/variant" otherwise.</summary>
    public string Id => Variant == "base" ? Name : Name + "/" + Variant;
}
