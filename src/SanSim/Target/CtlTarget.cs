using SanSim.Engine;
using SanSim.Target.Reservations;

namespace SanSim.Target;

/// <summary>
/// The CTL target: its LUNs and ports. Commands arrive through <c>Execute</c> on an I_T nexus and a port
/// LUN; administrative changes come through the ctladm operations. Everything it does is recorded in the
/// trace with the cause that led to it.
/// </summary>
public sealed partial class CtlTarget
{
    public CtlTarget(Trace? trace = null, TargetProfile profile = TargetProfile.Ctl, string name = "ctl")
    {
        Trace = trace ?? Trace.Standalone();
        Profile = profile;
        Name = name;
    }

    public string Name { get; }

    public TargetProfile Profile { get; set; }

    public Trace Trace { get; }

    /// <summary>LUNs by CTL LUN number.</summary>
    public SortedDictionary<int, CtlLun> Luns { get; } = new();

    /// <summary>Ports by port number.</summary>
    public SortedDictionary<int, CtlPort> Ports { get; } = new();

    /// <summary>Trace source name for the target itself ("target:freenas") and for a LUN ("lun:12").</summary>
    public string Source => "target:" + Name;
    public static string LunSource(int lun) => "lun:" + lun;
    public static string PortSource(int port) => "port:" + port;

    public CtlPort AddPort(CtlPort port)
    {
        ArgumentNullException.ThrowIfNull(port);
        if (!Ports.TryAdd(port.Number, port))
            throw new InvalidOperationException($"port {port.Number} already exists");
        return port;
    }

    /// <summary>
    /// Puts <paramref name="lun"/> into the LUN table under its id and wires it to this target: its persistent
    /// reservations name registrants' TransportIDs from this target's ports (READ FULL STATUS). Every LUN that
    /// joins a target (ctladm create, the ctl.conf builder, tests) comes through here.
    /// </summary>
    public CtlLun AddLun(CtlLun lun)
    {
        ArgumentNullException.ThrowIfNull(lun);
        if (!Luns.TryAdd(lun.Id, lun))
            throw new InvalidOperationException($"LUN {lun.Id} already exists");
        lun.Reservations.TransportIdResolver = TransportId.Resolver(this);
        return lun;
    }

    /// <summary>The CTL LUN that <paramref name="portLun"/> names on <paramref name="port"/>, or null if none is visible there.</summary>
    public CtlLun? ResolveLun(int port, ulong portLun)
    {
        return Ports.TryGetValue(port, out var p) ? ResolveLun(p, portLun) : null;
    }

    /// <summary>The CTL LUN that <paramref name="portLun"/> names on <paramref name="port"/> through its LUN map, or null.</summary>
    private CtlLun? ResolveLun(CtlPort port, ulong portLun)
    {
        if (portLun > uint.MaxValue) return null;
        var ctl = port.LunMap.ToCtlLun((uint)portLun);
        return ctl is { } c && c <= int.MaxValue && Luns.TryGetValue((int)c, out var lun) ? lun : null;
    }
}
