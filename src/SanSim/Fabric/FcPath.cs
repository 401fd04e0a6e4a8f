using SanSim.Engine;
using SanSim.Hosts.Transport;
using SanSim.Target;

namespace SanSim.Fabric;

/// <summary>
/// An FC remote port as the host sees it: its HBA port logged into one CTL target port (PLOGI, PRLI). The
/// target registers the initiator as "naa.&lt;wwpn&gt;" under the index its port database gives that WWPN
/// (scsi_ctl.c's AC_CONTRACT_DEV_CHG handler calls ctl_add_initiator with it), the same index at every
/// login. When the login is lost (link down, zoned out, logout) the target removes the initiator
/// (ctl_remove_initiator: POWER ON 29/01 on every LUN for it), so after a new login its first command
/// gets 29/01.
/// </summary>
/// <remarks>
/// While the remote port is lost, Linux blocks it and holds its commands until fast_io_fail_tmo (then
/// DID_TRANSPORT_FAILFAST) or dev_loss_tmo (then the port is removed, DID_NO_CONNECT) — scsi_transport_fc.c.
/// <see cref="FastIoFailTimeout"/> models that hold: zero (the default here) fails commands at once with
/// NoConnection, as with fast_io_fail_tmo 0; a positive value makes the path
/// <see cref="PathState.Recovering"/>: commands wait and are sent after the new login, or fail when it
/// expires. Linux's own default is "off" (dev_loss_tmo, 60 s, decides); dm-multipath setups commonly use 5 s.
/// The host byte follows fc_remote_port_chkready: a port failed at once or logged out counts as deleted
/// (DID_NO_CONNECT); commands failed when <see cref="FastIoFailTimeout"/> expires, or sent after it, get
/// DID_TRANSPORT_FAILFAST (the rport is still blocked with FC_RPORT_FAST_FAIL_TIMEDOUT set).
/// The target is taken to notice the loss at once (the isp(4) gone-device grace time is not modelled).
/// </remarks>
public sealed class FcPath : ScsiPath
{
    internal FcPath(FcFabric fabric, FcHostPort hostPort, CtlTarget target, int targetPort)
        : base(fabric.Simulation, target, targetPort, hostPort.HostName, FcNames.Naa(hostPort.Wwpn))
    {
        Fabric = fabric;
        HostPort = hostPort;
    }

    public FcFabric Fabric { get; }
    public FcHostPort HostPort { get; }

    /// <summary>The target port's WWPN, or null when the CTL port has none.</summary>
    public ulong? TargetWwpn => FcFabric.TargetWwpn(Target, TargetPort);

    public override string Name => $"{HostName} {HostPort.Name}→port {TargetPort}";

    /// <summary>
    /// The host wants this remote port logged in: set by <see cref="Login"/>, cleared by <see cref="Logout"/>.
    /// A wanted path logs in again by itself when its link comes back or zoning lets it.
    /// </summary>
    public bool Wanted { get; private set; }

    /// <summary>How long commands wait for a lost remote port to return (Linux fast_io_fail_tmo); zero fails them at once.</summary>
    public SimTime FastIoFailTimeout { get; set; } = SimTime.Zero;

    /// <summary>PLOGI and PRLI to the target port. Refused (path stays down) when the link is down, zoning forbids it, or the port is missing, off line or not FC.</summary>
    public override long Login(long causeId = 0)
    {
        Wanted = true;
        if (State == PathState.Up) return causeId;
        if (!Register(causeId, out long failed)) return failed;
        return CompleteLogin($"PLOGI/PRLI accepted, initiator {Nexus!.Value.InitiatorId}", causeId);
    }

    /// <summary>LOGO: the target removes the initiator and the path goes down; the host no longer wants it.</summary>
    public override long Logout(long causeId = 0)
    {
        Wanted = false;
        causeId = Unregister(nexusResetFirst: false, causeId);
        return GoDown("LOGO", causeId, NoConnectionReason.Gone);
    }

    protected override string? LoginRefusal()
    {
        if (!HostPort.LinkIsUp) return "link down";
        if (!Fabric.Reachable(Target, TargetPort)) return "target port link down";
        if (!Target.Ports.TryGetValue(TargetPort, out var port)) return $"target has no port {TargetPort}";
        if (port.Frontend != PortFrontend.Camtgt) return $"port {TargetPort} is not an FC port";
        if (!Fabric.Zoned(HostPort, Target, TargetPort)) return "not zoned with the target port";
        if (!port.Online) return $"port {TargetPort} is off line";
        PreferredInitiatorId = Fabric.PortDatabaseIndex(Target, TargetPort, HostPort.Wwpn);
        return null;
    }

    /// <summary>The login is lost without a LOGO from the host (link down, zoned out): the target removes the initiator.</summary>
    internal long LoseLogin(string why, long causeId)
    {
        causeId = Unregister(nexusResetFirst: false, causeId);
        if (State == PathState.Recovering) return causeId;
        if (FastIoFailTimeout > SimTime.Zero && Wanted)
            return BeginRecovery($"remote port lost: {why}", FastIoFailTimeout, causeId);
        return GoDown($"remote port lost: {why}", causeId, NoConnectionReason.Gone);
    }
}
