namespace SanSim.Target;

/// <summary>
/// A port's LUN map (ctl_lun_map_from_port / ctl_lun_map_to_port). Disabled: port LUN = CTL LUN,
/// "All LUNs mapped". Enabled: only the listed port LUNs are visible, each translated to its CTL LUN;
/// enabled and empty is "No LUNs mapped".
/// </summary>
public sealed class LunMap
{
    private readonly SortedDictionary<uint, uint> _map = new();

    /// <summary>False: every LUN is visible under its own number.</summary>
    public bool Enabled { get; private set; }

    /// <summary>Port LUN → CTL LUN pairs of an enabled map, in port LUN order.</summary>
    public IReadOnlyDictionary<uint, uint> Entries => _map;

    /// <summary>Turns the map off ("All LUNs mapped").</summary>
    public void Disable()
    {
        Enabled = false;
        _map.Clear();
    }

    /// <summary>Turns the map on with no entries ("No LUNs mapped") unless it already is on.</summary>
    public void Enable() => Enabled = true;

    /// <summary>Maps port LUN <paramref name="portLun"/> to CTL LUN <paramref name="ctlLun"/>, enabling the map.</summary>
    public void Set(uint portLun, uint ctlLun)
    {
        Enabled = true;
        _map[portLun] = ctlLun;
    }

    /// <summary>Removes port LUN <paramref name="portLun"/> from an enabled map.</summary>
    public bool Remove(uint portLun) => _map.Remove(portLun);

    /// <summary>The CTL LUN behind <paramref name="portLun"/>, or null when it is not visible through this port.</summary>
    public uint? ToCtlLun(uint portLun) => !Enabled ? portLun : _map.TryGetValue(portLun, out var c) ? c : null;

    /// <summary>The port LUN under which <paramref name="ctlLun"/> is visible, or null.</summary>
    public uint? ToPortLun(uint ctlLun)
    {
        if (!Enabled) return ctlLun;
        foreach (var (p, c) in _map)
            if (c == ctlLun) return p;
        return null;
    }
}
