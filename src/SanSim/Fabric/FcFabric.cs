using SanSim.Engine;
using SanSim.Target;

namespace SanSim.Fabric;

/// <summary>
/// A Fibre Channel switch fabric: host (initiator) ports by WWPN, the paths from them to CTL target ports,
/// and the active zone set that decides who may log into whom.
/// </summary>
/// <remarks>
/// With no zone set active every host port reaches every target port, as on a switch whose default zone
/// mode is "all access" and which has no effective zoning configuration. Once a zone set is active, a
/// host port reaches a target port only when some zone lists both WWPNs; a target port without a WWPN can
/// then not be reached at all.
/// </remarks>
public sealed class FcFabric
{
    private readonly List<FcHostPort> _hostPorts = new();
    private readonly List<FcPath> _paths = new();

    /// <summary>
    /// Each target port HBA's port database: the index it gave each initiator WWPN. CTL uses that index as
    /// the initiator id (scsi_ctl.c passes the port database index as the iid to ctl_add_initiator), and the
    /// HBA keeps a WWPN's entry across logouts, so a returning initiator gets its old id.
    /// </summary>
    private readonly Dictionary<(CtlTarget Target, int Port), Dictionary<ulong, int>> _portDatabases = new();

    /// <summary>Target ports whose own link to the switch is down.</summary>
    private readonly HashSet<(CtlTarget Target, int Port)> _targetLinksDown = new();

    public FcFabric(Simulation simulation, string name = "fabric")
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Simulation = simulation;
        Name = name;
    }

    public Simulation Simulation { get; }
    public string Name { get; }

    /// <summary>Trace source of fabric events ("fc:fabric").</summary>
    public string Source => "fc:" + Name;

    public IReadOnlyList<FcHostPort> HostPorts => _hostPorts;
    public IReadOnlyList<FcPath> Paths => _paths;

    /// <summary>The zone set in force; null is the default "all access" zoning.</summary>
    public FcZoneSet? ActiveZoneSet { get; private set; }

    /// <summary>Adds a host's HBA port (its link starts up).</summary>
    public FcHostPort AddHostPort(string hostName, ulong wwpn)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostName);
        if (_hostPorts.Any(p => p.Wwpn == wwpn))
            throw new InvalidOperationException($"WWPN {FcNames.Naa(wwpn)} is already on the fabric");
        var port = new FcHostPort(this, hostName, wwpn);
        _hostPorts.Add(port);
        return port;
    }

    /// <summary>A path (FC remote port) from <paramref name="hostPort"/> to port <paramref name="targetPort"/> of <paramref name="target"/>; not logged in yet.</summary>
    public FcPath Connect(FcHostPort hostPort, CtlTarget target, int targetPort)
    {
        ArgumentNullException.ThrowIfNull(hostPort);
        ArgumentNullException.ThrowIfNull(target);
        if (hostPort.Fabric != this) throw new ArgumentException("host port belongs to another fabric", nameof(hostPort));
        var existing = _paths.FirstOrDefault(p => p.HostPort == hostPort && p.Target == target && p.TargetPort == targetPort);
        if (existing is not null) return existing;
        var path = new FcPath(this, hostPort, target, targetPort);
        _paths.Add(path);
        hostPort.AddPath(path);
        return path;
    }

    /// <summary>The WWPN of a CTL port ("naa.21000024ff56f970" in <see cref="CtlPort.Wwpn"/>), or null when it has none.</summary>
    public static ulong? TargetWwpn(CtlTarget target, int port)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Ports.TryGetValue(port, out var p) ? FcNames.TryParse(p.Wwpn) : null;
    }

    /// <summary>Whether zoning lets <paramref name="hostPort"/> reach port <paramref name="targetPort"/> of <paramref name="target"/>.</summary>
    public bool Zoned(FcHostPort hostPort, CtlTarget target, int targetPort)
    {
        ArgumentNullException.ThrowIfNull(hostPort);
        if (ActiveZoneSet is not { } zs) return true;
        return TargetWwpn(target, targetPort) is { } t && zs.Allows(hostPort.Wwpn, t);
    }

    /// <summary>
    /// Activates <paramref name="zoneSet"/> (null: back to all access). The fabric's RSCNs make every logged-in
    /// pair the new zoning forbids lose its login (the target removes the initiator), and every wanted pair it
    /// now allows log in. Returns the trace id of the activation.
    /// </summary>
    public long ActivateZoneSet(FcZoneSet? zoneSet, long causeId = 0)
    {
        ActiveZoneSet = zoneSet;
        long id = Simulation.Trace.Record(TraceKind.Action, Source,
            zoneSet is null ? "zoning cleared: all access" : $"zone set {zoneSet.Name} activated ({zoneSet.Zones.Count} zones)", causeId);
        foreach (var path in _paths.ToList())
        {
            bool allowed = Zoned(path.HostPort, path.Target, path.TargetPort);
            if (!allowed && path.Nexus is not null)
                path.LoseLogin("zoned out", id);
            else if (allowed && path.Wanted && path.State != Hosts.Transport.PathState.Up && path.HostPort.LinkIsUp && Reachable(path.Target, path.TargetPort))
                path.Login(id);
        }
        return id;
    }

    /// <summary>Whether the target port's own link is up (it is unless <see cref="TargetLinkDown"/> took it down).</summary>
    public bool Reachable(CtlTarget target, int targetPort) => !_targetLinksDown.Contains((target, targetPort));

    /// <summary>
    /// The target port's link goes down: every host logged into it loses its login, and the target removes
    /// those initiators. Returns the trace id of the link event.
    /// </summary>
    public long TargetLinkDown(CtlTarget target, int targetPort, long causeId = 0)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!_targetLinksDown.Add((target, targetPort))) return causeId;
        long id = Simulation.Trace.Record(TraceKind.StateChange, Source, $"{target.Name} port {targetPort}: link down", causeId);
        foreach (var path in _paths.Where(p => p.Target == target && p.TargetPort == targetPort).ToList())
            if (path.Nexus is not null || path.State != Hosts.Transport.PathState.Down)
                path.LoseLogin("target port link down", id);
        return id;
    }

    /// <summary>The target port's link comes back: the hosts that want it log in again where zoning allows.</summary>
    public long TargetLinkUp(CtlTarget target, int targetPort, long causeId = 0)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!_targetLinksDown.Remove((target, targetPort))) return causeId;
        long id = Simulation.Trace.Record(TraceKind.StateChange, Source, $"{target.Name} port {targetPort}: link up", causeId);
        foreach (var path in _paths.Where(p => p.Target == target && p.TargetPort == targetPort).ToList())
            if (path.Wanted && path.State != Hosts.Transport.PathState.Up && path.HostPort.LinkIsUp)
                path.Login(id);
        return id;
    }

    /// <summary>The port database index for <paramref name="wwpn"/> at a target port: its old one, or the lowest never given.</summary>
    internal int PortDatabaseIndex(CtlTarget target, int port, ulong wwpn)
    {
        if (!_portDatabases.TryGetValue((target, port), out var db))
            _portDatabases[(target, port)] = db = new Dictionary<ulong, int>();
        if (db.TryGetValue(wwpn, out int index)) return index;
        var used = new HashSet<int>(db.Values);
        if (target.Ports.TryGetValue(port, out var p))
            foreach (var (iid, ini) in p.Initiators)
                if (FcNames.TryParse(ini.Name) != wwpn) used.Add(iid);
        index = 0;
        while (used.Contains(index)) index++;
        db[wwpn] = index;
        return index;
    }
}
