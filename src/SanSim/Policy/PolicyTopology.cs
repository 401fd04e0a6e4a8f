using SanSim.Hosts;
using SanSim.Target;

namespace SanSim.Policy;

/// <summary>How bad an exposure is for the hosts that own the LUN.</summary>
public enum Severity
{
    Info,
    Warning,
    Error,
}

/// <summary>A CTL port as policy sees it: its number and its LUN map (port LUN → CTL LUN), or every LUN when the map is disabled.</summary>
public sealed record PolicyPort(int Number, string Name, PortFrontend Frontend, bool AllLuns, IReadOnlyDictionary<uint, uint> Map)
{
    /// <summary>The world wide port name of an FC port, when known (used for zoning).</summary>
    public string? Wwpn { get; init; }
}

/// <summary>A host's path to a target port; <see cref="Reachable"/> is false when fabric zoning keeps the host off the port.</summary>
public sealed record PolicyPath(int Port, bool Reachable = true);

/// <summary>An initiator host: its operating system decides what it can do to a LUN it sees.</summary>
public sealed record PolicyHost(string Name, HostOs Os, IReadOnlyList<PolicyPath> Paths)
{
    /// <summary>Commands the host is known to send to particular CTL LUNs besides its OS's own (PERSISTENT RESERVE OUT, MODE SELECT, FORMAT UNIT, writes).</summary>
    public IReadOnlyList<LunCommand> Commands { get; init; } = [];

    /// <summary>Windows: whether sleep, hibernate and shutdown send STOP UNIT to every disk (off when spin-down is disabled).</summary>
    public bool StopsDisksOnPowerDown { get; init; } = true;
}

/// <summary>A host sends a command that changes a LUN for every initiator, named as a findings table shows it.</summary>
public sealed record LunCommand(int CtlLun, string Mechanism);

/// <summary>A host owns a CTL LUN: it mounts it, keeps it online as a disk, holds a datastore on it, or was declared its owner.</summary>
public sealed record Ownership(string Host, int CtlLun, string Source);

/// <summary>The topology exposure policy works on: target profile, LUNs, ports with maps, hosts with paths, ownership.</summary>
public sealed record PolicyTopology(
    TargetProfile Profile,
    IReadOnlyList<int> Luns,
    IReadOnlyList<PolicyPort> Ports,
    IReadOnlyList<PolicyHost> Hosts,
    IReadOnlyList<Ownership> Owners)
{
    /// <summary>The ports and LUNs of a CTL target as it stands, with the given hosts and owners.</summary>
    public static PolicyTopology FromTarget(CtlTarget target, IReadOnlyList<PolicyHost> hosts, IReadOnlyList<Ownership> owners)
    {
        var ports = target.Ports.Values.Select(p => new PolicyPort(
                p.Number, p.Name, p.Frontend, !p.LunMap.Enabled,
                new SortedDictionary<uint, uint>(p.LunMap.Entries.ToDictionary(e => e.Key, e => e.Value)))
            { Wwpn = p.Wwpn })
            .ToList();
        return new PolicyTopology(target.Profile, target.Luns.Keys.ToList(), ports, hosts, owners);
    }

    /// <summary>The owners of a CTL LUN, in host order, without repeats.</summary>
    public IReadOnlyList<string> OwnersOf(int ctlLun) =>
        Owners.Where(o => o.CtlLun == ctlLun).Select(o => o.Host).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The CTL LUNs a host owns.</summary>
    public IReadOnlySet<int> OwnedBy(string host) =>
        Owners.Where(o => o.Host == host).Select(o => o.CtlLun).ToHashSet();

    /// <summary>The CTL LUNs a port's map makes visible (every LUN when the map is disabled; mapped LUNs that do not exist are left out).</summary>
    public IEnumerable<(uint PortLun, int CtlLun)> Visible(PolicyPort port)
    {
        if (port.AllLuns)
            return Luns.Select(l => ((uint)l, l));
        return port.Map.Where(e => Luns.Contains((int)e.Value)).Select(e => (e.Key, (int)e.Value));
    }

    /// <summary>The hosts with a reachable path to a port, in host order.</summary>
    public IReadOnlyList<PolicyHost> HostsOn(int port) =>
        Hosts.Where(h => h.Paths.Any(p => p.Port == port && p.Reachable)).ToList();
}

/// <summary>One host path sees one CTL LUN through a port's map.</summary>
public sealed record Exposure(string Host, int Port, uint PortLun, int CtlLun);

/// <summary>A policy finding: which host, through which port, can hurt which LUN of which owner, how, and how badly.</summary>
public sealed record Finding(int? Port, string? Host, int? Lun, string? Owner, string Mechanism, Severity Severity, string Detail);
