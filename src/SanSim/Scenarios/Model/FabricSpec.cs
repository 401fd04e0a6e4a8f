namespace SanSim.Scenarios.Model;

/// <summary>
/// The FC fabric's zoning at time zero. Absent (null on <see cref="Scenario.Fabric"/>) or without zones: the
/// default "all access" zoning, every host port reaches every target port.
/// </summary>
public sealed record FabricSpec
{
    /// <summary>The zones of the zone set activated before the hosts start; null = no zone set (all access).</summary>
    public IReadOnlyList<ZoneSpec>? Zones { get; init; }
    public SourceMark Mark { get; init; }
}

/// <summary>One FC zone: the host and target port WWPNs that may reach one another.</summary>
public sealed record ZoneSpec
{
    public required string Name { get; init; }
    /// <summary>The member WWPNs, as written ("naa.2100001b32a1b2c3").</summary>
    public IReadOnlyList<string> Members { get; init; } = [];
    public SourceMark Mark { get; init; }
}

/// <summary>A zoning change on the timeline: a new zone set activated, or (null zones) back to all access.</summary>
public sealed record ZoneSetChange
{
    /// <summary>The zones of the new zone set; null = zoning cleared, all access.</summary>
    public IReadOnlyList<ZoneSpec>? Zones { get; init; }
    public SourceMark Mark { get; init; }
}
