using SanSim.Engine;

namespace SanSim.Target;

public sealed partial class CtlTarget
{
    /// <summary>
    /// ctl_stop_lun: sets CTL_LUN_STOPPED on the LUN (for every initiator on every port; no unit attention);
    /// with <paramref name="eject"/> also NO_MEDIA and EJECTED. Returns the trace id of the state change.
    /// </summary>
    public long StopLun(CtlLun lun, bool eject = false, long causeId = 0)
    {
        ArgumentNullException.ThrowIfNull(lun);
        lun.Stopped = true;
        if (eject)
        {
            lun.NoMedia = true;
            lun.Ejected = true;
        }
        long id = Trace.Record(TraceKind.StateChange, LunSource(lun.Id), eject ? "LUN stopped and ejected" : "LUN stopped", causeId);
        lun.StopCauseId = id;
        return id;
    }

    /// <summary>ctl_start_lun: clears CTL_LUN_STOPPED (no unit attention). Returns the trace id of the state change.</summary>
    public long StartLun(CtlLun lun, long causeId = 0)
    {
        ArgumentNullException.ThrowIfNull(lun);
        lun.Stopped = false;
        return Trace.Record(TraceKind.StateChange, LunSource(lun.Id), "LUN started", causeId);
    }

    /// <summary>
    /// Registers an initiator on <paramref name="port"/> under the lowest free CTL initiator id, or under
    /// <paramref name="initiatorId"/> when given. Returns its nexus.
    /// </summary>
    public Nexus AddInitiator(int port, string name, int? initiatorId = null, long causeId = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!Ports.TryGetValue(port, out var p))
            throw new ArgumentException($"no port {port}", nameof(port));
        int iid = initiatorId ?? Enumerable.Range(0, int.MaxValue).First(i => !p.Initiators.ContainsKey(i));
        if (p.Initiators.ContainsKey(iid))
            throw new InvalidOperationException($"port {port} already has initiator {iid}");
        p.Initiators[iid] = new CtlInitiator(iid, name);
        Trace.Record(TraceKind.StateChange, PortSource(port), $"initiator {iid} added: {name}", causeId);
        return new Nexus(port, iid);
    }
}
