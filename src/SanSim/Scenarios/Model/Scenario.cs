using SanSim.Engine;
using SanSim.Policy;

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
    /// <summary>Owners declared under <c>owners:</c>, in file order; they add to the ownership the hosts' mounts, online disks and datastores give.</summary>
    public IReadOnlyList<DeclaredOwner> Owners { get; init; } = [];
    /// <summary>
    /// The LUN-map policy the run starts under: <see cref="LunPolicyKind.Explicit"/> (the maps as written, the default),
    /// <see cref="LunPolicyKind.AllLuns"/> or <see cref="LunPolicyKind.OwnerOnly"/>, whose maps replace the file's at 0s.
    /// </summary>
    public LunPolicyKind Policy { get; init; } = LunPolicyKind.Explicit;
    /// <summary>Set once the policy's maps are in <see cref="Target"/> and only its expectations remain (see ScenarioPolicies.Apply).</summary>
    public bool PolicyApplied { get; init; }
    /// <summary>The ctladm lines (without "ctladm") that take the file's maps to the policy's, once applied; empty under explicit.</summary>
    public IReadOnlyList<string> PolicyCommands { get; init; } = [];
    /// <summary>The file the scenario came from.</summary>
    public string File { get; init; } = "";
    public SourceMark Mark { get; init; }

    /// <summary>"name" for the base variant, "name/variant" otherwise.</summary>
    public string Id => Variant == "base" ? Name : Name + "/" + Variant;
}

/// <summary>
/// <c>owners: { name: [ctl luns] }</c>: a host of the scenario, or a name outside it (a Kubernetes claim, an
/// application), that owns CTL LUNs.
/// </summary>
public sealed record DeclaredOwner(string Name, int Lun, SourceMark Mark);
