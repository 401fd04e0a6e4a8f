using SanSim.Engine;

namespace SanSim.Fabric;

/// <summary>A host bus adapter port on the fabric: its WWPN, its owner, its link and its paths.</summary>
public sealed class FcHostPort
{
    private readonly List<FcPath> _paths = new();

    internal FcHostPort(FcFabric fabric, string hostName, ulong wwpn)
    {
        Fabric = fabric;
        HostName = hostName;
        Wwpn = wwpn;
    }

    public FcFabric Fabric { get; }
    public string HostName { get; }
    public ulong Wwpn { get; }

    /// <summary>The WWPN as CTL prints it ("naa.2100001b32a1b2c3").</summary>
    public string Name => FcNames.Naa(Wwpn);

    /// <summary>Whether the port's link to the switch is up.</summary>
    public bool LinkIsUp { get; private set; } = true;

    public IReadOnlyList<FcPath> Paths => _paths;

    internal void AddPath(FcPath path) => _paths.Add(path);

    /// <summary>
    /// The link goes down (cable pulled, switch port disabled): every remote port through it is lost and the
    /// targets remove the initiator. Returns the trace id of the link event.
    /// </summary>
    public long LinkDown(long causeId = 0)
    {
        if (!LinkIsUp) return causeId;
        LinkIsUp = false;
        long id = Fabric.Simulation.Trace.Record(TraceKind.StateChange, Fabric.Source, $"{HostName} {Name}: link down", causeId);
        foreach (var path in _paths)
            if (path.Nexus is not null || path.State != Hosts.Transport.PathState.Down)
                path.LoseLogin("link down", id);
        return id;
    }

    /// <summary>The link comes back: the HBA logs in again (PLOGI, PRLI) to every target it wants and zoning allows.</summary>
    public long LinkUp(long causeId = 0)
    {
        if (LinkIsUp) return causeId;
        LinkIsUp = true;
        long id = Fabric.Simulation.Trace.Record(TraceKind.StateChange, Fabric.Source, $"{HostName} {Name}: link up", causeId);
        foreach (var path in _paths)
            if (path.Wanted && path.State != Hosts.Transport.PathState.Up)
                path.Login(id);
        return id;
    }
}
