using SanSim.Hosts;
using SanSim.Target;

namespace SanSim.Policy;

/// <summary>Finds the hosts that see LUNs they do not own and can change them for their owners.</summary>
public static class ExposureAnalyzer
{
    /// <summary>Mechanism name of Windows' power-down STOP UNIT (classpnp sends it to every disk on sleep, hibernate and shutdown).</summary>
    public const string StopUnit = "STOP UNIT on sleep";
    /// <summary>Mechanism name of the Linux/ESXi error handler's escalation to LOGICAL UNIT RESET and TARGET RESET.</summary>
    public const string Resets = "LUN reset / target reset (error handler)";
    /// <summary>Mechanism name of hosts of different owners behind one port.</summary>
    public const string SharedPort = "shared target port";
    /// <summary>Mechanism name of a port that maps every LUN with no host on it.</summary>
    public const string LatentAllLuns = "all LUNs mapped, no host";

    /// <summary>For every reachable host path, the CTL LUNs its port's map makes visible.</summary>
    public static IReadOnlyList<Exposure> Exposures(PolicyTopology topology)
    {
        var list = new List<Exposure>();
        foreach (var host in topology.Hosts)
            foreach (var path in host.Paths.Where(p => p.Reachable))
                if (topology.Ports.FirstOrDefault(p => p.Number == path.Port) is { } port)
                    foreach (var (portLun, ctlLun) in topology.Visible(port))
                        list.Add(new Exposure(host.Name, port.Number, portLun, ctlLun));
        return list;
    }

    /// <summary>Every finding of the topology, ordered by port, host and LUN.</summary>
    public static IReadOnlyList<Finding> Analyze(PolicyTopology topology)
    {
        var findings = new List<Finding>();
        var hostsByName = topology.Hosts.ToDictionary(h => h.Name, StringComparer.Ordinal);
        foreach (var e in Exposures(topology).DistinctBy(e => (e.Host, e.Port, e.CtlLun)))
        {
            var owners = topology.OwnersOf(e.CtlLun);
            if (owners.Count == 0 || owners.Contains(e.Host)) continue;
            var host = hostsByName[e.Host];
            var (mechanism, severity, detail) = host is { Os: HostOs.Windows, StopsDisksOnPowerDown: false }
                ? (StopUnit, Severity.Info, "power-down STOP UNIT is turned off on this host")
                : Mechanism(host.Os, topology.Profile);
            foreach (var owner in owners)
            {
                findings.Add(new Finding(e.Port, e.Host, e.CtlLun, owner, mechanism, severity, detail));
                foreach (var command in host.Commands.Where(c => c.CtlLun == e.CtlLun).DistinctBy(c => c.Mechanism))
                    findings.Add(new Finding(e.Port, e.Host, e.CtlLun, owner, command.Mechanism, Severity.Warning,
                        $"{command.Mechanism} from a host that does not own the LUN changes it for its owners"));
            }
        }
        foreach (var port in topology.Ports)
        {
            var hosts = topology.HostsOn(port.Number);
            var ownerSets = hosts.Select(h => (h.Name, Owned: topology.OwnedBy(h.Name))).Where(h => h.Owned.Count > 0).ToList();
            for (int i = 0; i < ownerSets.Count; i++)
                for (int j = i + 1; j < ownerSets.Count; j++)
                    if (!ownerSets[i].Owned.SetEquals(ownerSets[j].Owned))
                        findings.Add(new Finding(port.Number, ownerSets[i].Name + ", " + ownerSets[j].Name, null, null, SharedPort, Severity.Warning,
                            "LUN maps are per port and cannot separate these hosts: zone them to different ports or give each an NPIV virtual port"));
            if (hosts.Count == 0 && port.AllLuns && topology.Luns.Count > 0)
                findings.Add(new Finding(port.Number, null, null, null, LatentAllLuns, Severity.Info,
                    $"any initiator that logs in to port {port.Number} sees all {topology.Luns.Count} LUNs"));
        }
        return findings
            .OrderBy(f => f.Port ?? int.MaxValue).ThenBy(f => f.Host, StringComparer.Ordinal).ThenBy(f => f.Lun ?? -1)
            .ThenBy(f => f.Owner, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// What a host of this OS does to a disk it does not use, and whether the target profile lets it hurt:
    /// CTL honours STOP UNIT for every initiator; SCST and tgt ignore it; LIO rejects a STOP unless IMMED=1 and
    /// START=1, so Windows' STOP (START=0) is rejected.
    /// </summary>
    public static (string Mechanism, Severity Severity, string Detail) Mechanism(HostOs os, TargetProfile profile) => os switch
    {
        HostOs.Windows => profile switch
        {
            TargetProfile.Ctl => (StopUnit, Severity.Error, "CTL stops the LUN for every initiator: its owners get NOT READY (04/02) until a START"),
            TargetProfile.Lio => (StopUnit, Severity.Info, "LIO rejects a STOP UNIT with START=0"),
            _ => (StopUnit, Severity.Info, $"{profile} ignores STOP UNIT"),
        },
        _ => (Resets, Severity.Warning, "a reset aborts the owners' commands and gives them a unit attention (29/xx)"),
    };

    /// <summary>True when any finding is a warning or worse (lint exits 1).</summary>
    public static bool Fails(IEnumerable<Finding> findings) => findings.Any(f => f.Severity >= Severity.Warning);
}
