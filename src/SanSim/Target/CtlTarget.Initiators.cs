using SanSim.Engine;

namespace SanSim.Target;

public sealed partial class CtlTarget
{
    /// <summary>
    /// ctl_remove_initiator: an initiator logged out or was lost (FC logout/link loss, iSCSI session end). The
    /// initiator leaves the port's list, and as an I_T nexus loss with POWER ON (29/01) on every LUN its SPC-2
    /// reservation and PREVENT are dropped. Returns the trace id of the removal, or 0 when there is no such
    /// port or initiator.
    /// </summary>
    public long RemoveInitiator(int port, int iid, long causeId = 0)
    {
        if (!Ports.TryGetValue(port, out var p) || !p.Initiators.Remove(iid, out var ini)) return 0;
        var nexus = new Nexus(port, iid);
        long id = Trace.Record(TraceKind.StateChange, PortSource(port), $"initiator {iid} removed: {ini.Name}", causeId);
        NexusLoss(nexus, UnitAttention.PowerOn, id);
        return id;
    }
}
