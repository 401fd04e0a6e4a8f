namespace SanSim.Fabric;

/// <summary>A zone set (what a switch activates as its effective configuration).</summary>
public sealed class FcZoneSet
{
    private readonly List<FcZone> _zones = new();

    public FcZoneSet(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    public string Name { get; }
    public IReadOnlyList<FcZone> Zones => _zones;

    /// <summary>Adds a zone whose members may reach one another.</summary>
    public FcZoneSet Add(string zoneName, params ulong[] members)
    {
        ArgumentException.ThrowIfNullOrEmpty(zoneName);
        ArgumentNullException.ThrowIfNull(members);
        _zones.Add(new FcZone(zoneName, new HashSet<ulong>(members)));
        return this;
    }

    /// <summary>Whether some zone holds both WWPNs.</summary>
    public bool Allows(ulong a, ulong b) => _zones.Any(z => z.Members.Contains(a) && z.Members.Contains(b));
}
