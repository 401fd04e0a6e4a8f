using SanSim.Hosts;
using SanSim.Target;
using SanSim.Target.CtlConf;

namespace SanSim.Policy;

/// <summary>
/// The policy topology of a ctl.conf: the ports and maps ctld would give the target, and as hosts the initiators the
/// file names — logged in with "#sansim: initiator" lines, or allowed by the initiator-name lines of the auth-group
/// a target (or its portal-group line) uses. An initiator is a Linux host unless its "#sansim: initiator" line says
/// "os windows" or "os esxi"; it owns the LUNs that line names with "owns", and the LUNs its ports map explicitly
/// (a port showing every LUN says nothing of ownership).
/// </summary>
public static class CtlConfTopology
{
    public static PolicyTopology Build(CtlTarget target, CtlConfFile conf)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(conf);
        var names = new List<string>();
        var ports = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var os = new Dictionary<string, HostOs>(StringComparer.Ordinal);
        void Add(string initiator, int port)
        {
            string name = HostName(initiator);
            if (!ports.TryGetValue(name, out var list))
            {
                ports[name] = list = [];
                names.Add(name);
            }
            if (!list.Contains(port)) list.Add(port);
        }
        foreach (var port in target.Ports.Values.OrderBy(p => p.Number))
        {
            foreach (var initiator in port.Initiators.Values) Add(initiator.Name, port.Number);
            if (port.Frontend != PortFrontend.Iscsi || conf.Targets.Find(t => t.Name == port.TargetName) is not { } t) continue;
            var groups = new List<string?> { t.AuthGroup };
            groups.AddRange(t.PortalGroups.Where(pg => pg.PortalGroup == port.PortalGroupName).Select(pg => pg.AuthGroup));
            foreach (var g in groups.OfType<string>().Distinct(StringComparer.Ordinal))
                if (conf.AuthGroups.Find(a => a.Name == g) is { } group)
                    foreach (var allowed in group.InitiatorNames) Add(allowed, port.Number);
        }
        foreach (var line in conf.Initiators)
            if (line.Os is { } o)
                os[HostName(line.Name)] = o switch { "windows" => HostOs.Windows, "esxi" => HostOs.Esxi, _ => HostOs.Linux };

        var hosts = names.Select(n => new PolicyHost(n, os.GetValueOrDefault(n, HostOs.Linux), ports[n].Select(p => new PolicyPath(p)).ToList())).ToList();
        var owners = new List<Ownership>();
        foreach (var line in conf.Initiators)
            foreach (var lunName in line.Owns)
                if (target.Luns.Values.FirstOrDefault(l => l.Name == lunName) is { } lun
                    && !owners.Exists(o => o.Host == HostName(line.Name) && o.CtlLun == lun.Id))
                    owners.Add(new Ownership(HostName(line.Name), lun.Id, "#sansim: initiator … owns " + lunName));
        foreach (var host in hosts)
            foreach (var path in host.Paths)
                if (target.Ports.TryGetValue(path.Port, out var port) && port.LunMap.Enabled)
                    foreach (var (_, ctlLun) in port.LunMap.Entries)
                        if (!owners.Exists(o => o.Host == host.Name && o.CtlLun == (int)ctlLun))
                            owners.Add(new Ownership(host.Name, (int)ctlLun, $"mapped on port {port.Number}"));
        return PolicyTopology.FromTarget(target, hosts, owners);
    }

    /// <summary>An initiator's name without the iSCSI session part (",i,0xISID").</summary>
    public static string HostName(string initiator)
    {
        int comma = initiator.IndexOf(",i,", StringComparison.Ordinal);
        return comma > 0 ? initiator[..comma] : initiator;
    }
}
