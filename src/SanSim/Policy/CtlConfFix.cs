using System.Globalization;
using System.Text;
using SanSim.Target;
using SanSim.Target.CtlConf;

namespace SanSim.Policy;

/// <summary>
/// The ctl.conf side of an owner-only fix: for each port whose map has to change, the <c>target</c> block that gives
/// it that map the way ctld builds maps (each port of a target maps exactly the target's LUNs). An iSCSI target's
/// block is rewritten with its new lun lines; an FC port gets the block that already names it with "port", or a new
/// block named after the port's WWNN.
/// </summary>
public static class CtlConfFix
{
    /// <summary>The blocks to put in place of (or beside) the file's, in port order; empty when no map changes.</summary>
    public static IReadOnlyList<string> Blocks(PolicyTopology topology, CtlTarget target, CtlConfFile conf)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(conf);
        var blocks = new List<string>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var port in topology.Ports)
        {
            if (LunPolicies.OwnerOnlyMap(topology, port) is not { } want || Same(port, want)) continue;
            if (!target.Ports.TryGetValue(port.Number, out var ctlPort)) continue;
            if (ctlPort.Frontend == PortFrontend.Iscsi)
            {
                if (conf.Targets.Find(t => t.Name == ctlPort.TargetName) is not { } t || !done.Add(t.Name)) continue;
                blocks.Add(Block(t.Name, t, [], want, target, conf));
            }
            else
            {
                string portName = ctlPort.VirtualPort > 0
                    ? ctlPort.Name + "/" + ctlPort.VirtualPort.ToString(CultureInfo.InvariantCulture)
                    : ctlPort.Name;
                var existing = conf.Targets.Find(t => t.Ports.Exists(p => p.Name == portName));
                string name = existing?.Name ?? ctlPort.Wwnn ?? "naa." + (ctlPort.Wwpn ?? portName);
                if (!done.Add(name)) continue;
                blocks.Add(Block(name, existing, existing is null ? [portName] : [], want, target, conf));
            }
        }
        return blocks;
    }

    private static bool Same(PolicyPort port, IReadOnlyDictionary<uint, uint> want) =>
        !port.AllLuns && port.Map.Count == want.Count && want.All(w => port.Map.TryGetValue(w.Key, out uint c) && c == w.Value);

    private static string Block(string name, ConfTarget? existing, IReadOnlyList<string> newPorts, IReadOnlyDictionary<uint, uint> map, CtlTarget target, CtlConfFile conf)
    {
        var sb = new StringBuilder();
        sb.Append("target ").Append(name).Append(" {\n");
        if (existing?.Alias is { } alias) sb.Append("\talias ").Append(alias).Append('\n');
        if (existing?.AuthGroup is { } ag) sb.Append("\tauth-group ").Append(ag).Append('\n');
        foreach (var pg in existing?.PortalGroups ?? [])
            sb.Append("\tportal-group ").Append(pg.PortalGroup).Append(pg.AuthGroup is { } a ? " " + a : "").Append('\n');
        foreach (var (p, _) in existing?.Ports ?? []) sb.Append("\tport ").Append(p).Append('\n');
        foreach (var p in newPorts) sb.Append("\tport ").Append(p).Append('\n');
        if (map.Count == 0)
            sb.Append("\t# no LUNs: no host of this port owns one (ctld warns \"no LUNs defined for target\")\n");
        foreach (var (portLun, ctlLun) in map.OrderBy(e => e.Key))
        {
            string lunName = target.Luns.TryGetValue((int)ctlLun, out var lun) && lun.Name is { } n ? n
                : conf.Luns.Find(l => l.CtlLun == (int)ctlLun)?.Name ?? "ctl-lun-" + ctlLun.ToString(CultureInfo.InvariantCulture);
            sb.Append("\tlun ").Append(portLun.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(lunName).Append('\n');
        }
        sb.Append("}\n");
        return sb.ToString();
    }
}
