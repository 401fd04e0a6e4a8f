using System.Globalization;

namespace SanSim.Policy;

/// <summary>Which LUNs each port shows.</summary>
public enum LunPolicyKind
{
    /// <summary>CTL's default: no map, every LUN on every port.</summary>
    AllLuns,
    /// <summary>Each port with hosts maps exactly the LUNs its hosts own; a port with no host maps nothing.</summary>
    OwnerOnly,
    /// <summary>The maps as written.</summary>
    Explicit,
}

/// <summary>Policies as data: their names, the maps they give, and the ctladm commands that reach them.</summary>
public static class LunPolicies
{
    /// <summary>Parses "all-luns", "owner-only" or "explicit".</summary>
    public static LunPolicyKind? Parse(string name) => name switch
    {
        "all-luns" => LunPolicyKind.AllLuns,
        "owner-only" => LunPolicyKind.OwnerOnly,
        "explicit" => LunPolicyKind.Explicit,
        _ => null,
    };

    /// <summary>The policy's name as written in scenarios and on the command line.</summary>
    public static string Name(LunPolicyKind kind) => kind switch
    {
        LunPolicyKind.AllLuns => "all-luns",
        LunPolicyKind.OwnerOnly => "owner-only",
        _ => "explicit",
    };

    /// <summary>
    /// The owner-only map of a port: the LUNs its reachable hosts own, each at the port LUN it has now
    /// (the CTL LUN number when the port maps all LUNs), else at the CTL LUN number when free, else the lowest free one.
    /// A port without hosts keeps an explicit map as written (its initiators are unknown) and gets an empty map
    /// in place of "all LUNs". Null means: leave the port as it is.
    /// </summary>
    public static IReadOnlyDictionary<uint, uint>? OwnerOnlyMap(PolicyTopology topology, PolicyPort port)
    {
        var hosts = topology.HostsOn(port.Number);
        if (hosts.Count == 0)
            return port.AllLuns ? new SortedDictionary<uint, uint>() : null;
        var owned = hosts.SelectMany(h => topology.OwnedBy(h.Name)).Where(topology.Luns.Contains).Distinct().Order().ToList();
        var map = new SortedDictionary<uint, uint>();
        var pending = new List<int>();
        foreach (int lun in owned)
        {
            uint? current = port.AllLuns ? (uint)lun : port.Map.Where(e => e.Value == (uint)lun).Select(e => (uint?)e.Key).FirstOrDefault();
            if (current is { } p) map[p] = (uint)lun;
            else pending.Add(lun);
        }
        foreach (int lun in pending)
        {
            uint p = (uint)lun;
            if (map.ContainsKey(p))
            {
                p = 0;
                while (map.ContainsKey(p)) p++;
            }
            map[p] = (uint)lun;
        }
        return map;
    }

    /// <summary>
    /// The ctladm commands (without the leading "ctladm") that take the current maps to the policy's maps.
    /// `lunmap -p P -l L -L C` maps (creating an empty map first when the port had none), `-l L` alone unmaps,
    /// `-L 0` alone gives an empty map, and neither disables the map (all LUNs).
    /// </summary>
    public static IReadOnlyList<string> Commands(PolicyTopology topology, LunPolicyKind kind)
    {
        var commands = new List<string>();
        foreach (var port in topology.Ports)
        {
            string p = port.Number.ToString(CultureInfo.InvariantCulture);
            if (kind == LunPolicyKind.Explicit) continue;
            if (kind == LunPolicyKind.AllLuns)
            {
                if (!port.AllLuns) commands.Add($"lunmap -p {p}");
                continue;
            }
            if (OwnerOnlyMap(topology, port) is not { } want) continue;
            if (port.AllLuns)
            {
                if (want.Count == 0) commands.Add($"lunmap -p {p} -L 0");
                foreach (var (pl, cl) in want) commands.Add(Map(p, pl, cl));
                continue;
            }
            foreach (var (pl, cl) in port.Map)
                if (!want.TryGetValue(pl, out uint w) || w != cl)
                    if (!want.ContainsKey(pl)) commands.Add($"lunmap -p {p} -l {pl.ToString(CultureInfo.InvariantCulture)}");
            foreach (var (pl, cl) in want)
                if (!port.Map.TryGetValue(pl, out uint have) || have != cl)
                    commands.Add(Map(p, pl, cl));
        }
        return commands;
    }

    private static string Map(string port, uint portLun, uint ctlLun) =>
        $"lunmap -p {port} -l {portLun.ToString(CultureInfo.InvariantCulture)} -L {ctlLun.ToString(CultureInfo.InvariantCulture)}";
}
