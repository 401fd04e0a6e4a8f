namespace SanSim.Fabric;

/// <summary>A named zone: the WWPNs that may talk to each other.</summary>
public sealed record FcZone(string Name, IReadOnlySet<ulong> Members);
