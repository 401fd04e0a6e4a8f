using System.Globalization;
using System.Runtime.CompilerServices;
using SanSim.Engine;
using SanSim.Hosts.Transport;
using SanSim.Target;

namespace SanSim.Fabric;

/// <summary>The initiator's view of an iSCSI session (Linux scsi_transport_iscsi's ISCSI_SESSION_* states).</summary>
public enum IscsiSessionState
{
    /// <summary>ISCSI_SESSION_LOGGED_IN: commands flow.</summary>
    LoggedIn,
    /// <summary>
    /// ISCSI_SESSION_FAILED: the connection dropped; iscsid is reconnecting and commands wait (the SCSI target
    /// is blocked, and iscsi_session_chkready answers DID_IMM_RETRY to any that get through).
    /// </summary>
    Failed,
    /// <summary>
    /// ISCSI_SESSION_FREE: not logged in, or recovery gave up after the replacement timeout
    /// (iscsi_session_chkready answers DID_TRANSPORT_FAILFAST).
    /// </summary>
    Free,
}

/// <summary>
/// An iSCSI session from an open-iscsi initiator to one CTL iSCSI target port. The target registers the
/// initiator under the name cfiscsi builds, "&lt;iqn&gt;,i,0x&lt;isid as 12 hex digits&gt;".
/// </summary>
/// <remarks>
/// <para>Logout: the target ends the session as cfiscsi's maintenance thread does — an I_T NEXUS RESET
/// (cfiscsi_session_terminate_tasks) and then the initiator's removal (cfiscsi_session_delete →
/// ctl_remove_initiator). So 29/07 and then 29/01 are established; 29/01 is reported first.</para>
/// <para>Connection drop: the session goes <see cref="IscsiSessionState.Failed"/> (path
/// <see cref="PathState.Recovering"/>). Commands in flight are requeued by the initiator (libiscsi fails
/// them with DID_TRANSPORT_DISRUPTED, which the midlayer retries once the session is back) and wait with
/// new ones. The target drops the answers of commands it had already run (cfiscsi no longer delivers them
/// as a session ends), so such a command runs a second time after the reconnect. The target notices the
/// drop after <see cref="TargetNoticeDelay"/>; a login with the same name and ISID that comes first
/// reinstates the session, ending the old one first (cfiscsi_ioctl_handoff). After the reconnect the
/// waiting commands are sent. If no login succeeds within <see cref="ReplacementTimeout"/>, the session
/// goes <see cref="IscsiSessionState.Free"/>: waiting and new commands fail with NoConnection (Linux
/// DID_TRANSPORT_FAILFAST) until a later login.</para>
/// </remarks>
public sealed class IscsiSession : ScsiPath
{
    /// <summary>
    /// The session each target port holds per initiator name (cfiscsi's session list), so that a login with a
    /// name and ISID already logged in ends the older session first, whichever object holds it.
    /// </summary>
    private static readonly ConditionalWeakTable<CtlTarget, Dictionary<(int Port, string Name), IscsiSession>> Sessions = new();

    /// <summary>A scheduled reconnect; null when none is pending.</summary>
    private ScheduledEvent? _reconnect;
    /// <summary>A scheduled target-side termination of the old session; null when none is pending.</summary>
    private ScheduledEvent? _targetNotice;

    public IscsiSession(Simulation simulation, CtlTarget target, int targetPort, string hostName, string initiatorIqn, ulong isid, int? initiatorId = null)
        : base(simulation, target, targetPort, hostName, InitiatorId(initiatorIqn, isid))
    {
        InitiatorIqn = initiatorIqn;
        Isid = isid;
        PreferredInitiatorId = initiatorId;
        DownReason = NoConnectionReason.FastFail;
    }

    /// <summary>The initiator's iSCSI name (InitiatorName in /etc/iscsi/initiatorname.iscsi).</summary>
    public string InitiatorIqn { get; }

    /// <summary>The 48-bit initiator session id.</summary>
    public ulong Isid { get; }

    /// <summary>The target's IQN (the CTL port's target name), or null when the port has none.</summary>
    public string? TargetName => Target.Ports.TryGetValue(TargetPort, out var p) ? p.TargetName : null;

    public override string Name => $"{HostName}→{TargetName ?? "port " + TargetPort.ToString(CultureInfo.InvariantCulture)}";

    public IscsiSessionState SessionState { get; private set; } = IscsiSessionState.Free;

    /// <summary>
    /// How long commands wait for a failed session to come back (open-iscsi node.session.timeo.replacement_timeout,
    /// the session's recovery_tmo); default 120 s.
    /// </summary>
    public SimTime ReplacementTimeout { get; set; } = SimTime.FromSeconds(120);

    /// <summary>
    /// How long after a drop the target ends its side of the session. Zero (default): a connection reset both
    /// ends see. A silent network loss is noticed by CTL's NOP-In pings after kern.cam.ctl.iscsi.ping_timeout
    /// (5 s by default).
    /// </summary>
    public SimTime TargetNoticeDelay { get; set; } = SimTime.Zero;

    /// <summary>
    /// Whether the network between the initiator and the portal works. While it does not, no login gets
    /// through (iscsid's reconnect attempts fail at the TCP connect), whoever asks for it.
    /// </summary>
    public bool LinkIsUp { get; private set; } = true;

    /// <summary>Whether the target still holds its side of the session.</summary>
    public bool TargetSessionActive => Nexus is not null;

    /// <summary>The name cfiscsi registers: "&lt;iqn&gt;,i,0x&lt;isid&gt;" with the ISID as 12 lower-case hex digits.</summary>
    public static string InitiatorId(string initiatorIqn, ulong isid)
    {
        ArgumentException.ThrowIfNullOrEmpty(initiatorIqn);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(isid, 0xFFFF_FFFF_FFFFUL);
        return string.Create(CultureInfo.InvariantCulture, $"{initiatorIqn},i,0x{isid:x12}");
    }

    /// <summary>
    /// Logs in (or back in after a drop). A target that still holds the old session ends it first (session
    /// reinstatement). Refused when the port is missing, off line or not an iSCSI port.
    /// </summary>
    public override long Login(long causeId = 0)
    {
        if (State == PathState.Up) return causeId;
        CancelReconnect();
        if (!LinkIsUp)
            return Simulation.Trace.Record(TraceKind.StateChange, Source, $"{Name}: login failed: link down", causeId);
        if (TargetSessionActive)
            causeId = TerminateAtTarget("session reinstatement", causeId);
        if (LoginRefusal() is null && Held.TryGetValue((TargetPort, InitiatorName), out var older) && older != this)
        {
            PreferredInitiatorId ??= older.PreferredInitiatorId;
            causeId = older.ReinstatedBy(this, causeId);
        }
        if (!Register(causeId, out long failed)) return failed;
        Held[(TargetPort, InitiatorName)] = this;
        SessionState = IscsiSessionState.LoggedIn;
        return CompleteLogin($"login, initiator {Nexus!.Value.InitiatorId}", causeId);
    }

    /// <summary>Logout: the target resets the I_T nexus and removes the initiator; outstanding commands fail with NoConnection.</summary>
    public override long Logout(long causeId = 0)
    {
        CancelReconnect();
        causeId = TerminateAtTarget("logout", causeId);
        SessionState = IscsiSessionState.Free;
        return GoDown("logout", causeId, NoConnectionReason.FastFail);
    }

    /// <summary>
    /// The TCP connection drops now. The session fails and commands wait; the target ends its side after
    /// <see cref="TargetNoticeDelay"/>; iscsid logs in again after <paramref name="reconnectAfter"/> (null:
    /// only when <see cref="Login"/> is called). Returns the trace id of the session failure.
    /// </summary>
    public long DropConnection(SimTime? reconnectAfter = null, long causeId = 0)
    {
        if (State != PathState.Up) return causeId;
        long dropped = Simulation.Trace.Record(TraceKind.StateChange, Source, $"{Name}: connection dropped", causeId);
        SessionState = IscsiSessionState.Failed;
        long id = BeginRecovery("session failed, recovering", ReplacementTimeout, dropped);
        CancelTargetNotice();
        if (TargetNoticeDelay <= SimTime.Zero)
            TerminateAtTarget("connection lost", dropped);
        else
            _targetNotice = Simulation.Scheduler.After(TargetNoticeDelay, () =>
            {
                _targetNotice = null;
                if (TargetSessionActive && State != PathState.Up) TerminateAtTarget("connection lost", dropped);
            }, "target notices the dropped connection");
        if (reconnectAfter is { } delay)
            _reconnect = Simulation.Scheduler.After(delay < SimTime.Zero ? SimTime.Zero : delay, () =>
            {
                _reconnect = null;
                Login(dropped);
            }, "iscsid reconnects");
        return id;
    }

    /// <summary>
    /// The initiator's network link goes down: the connection drops and nothing can log in again until
    /// <see cref="LinkUp"/>. Returns the trace id of the session failure.
    /// </summary>
    public long LinkDown(long causeId = 0)
    {
        if (!LinkIsUp) return causeId;
        LinkIsUp = false;
        long id = Simulation.Trace.Record(TraceKind.StateChange, Source, $"{Name}: link down", causeId);
        return DropConnection(null, id);
    }

    /// <summary>The link comes back and iscsid logs in again. Returns the trace id of the login (or of its refusal).</summary>
    public long LinkUp(long causeId = 0)
    {
        if (LinkIsUp && State == PathState.Up) return causeId;
        LinkIsUp = true;
        long id = Simulation.Trace.Record(TraceKind.StateChange, Source, $"{Name}: link up", causeId);
        return Login(id);
    }

    protected override string? LoginRefusal()
    {
        if (!LinkIsUp) return "link down";
        if (!Target.Ports.TryGetValue(TargetPort, out var port)) return $"target has no port {TargetPort}";
        if (port.Frontend != PortFrontend.Iscsi) return $"port {TargetPort} is not an iSCSI port";
        return port.Online ? null : $"port {TargetPort} is off line";
    }

    /// <summary>Replacement timeout: the session is freed and every waiting command fails with NoConnection.</summary>
    protected override void OnRecoveryTimeout(long recoveryStartId)
    {
        SessionState = IscsiSessionState.Free;
        GoDown("replacement_timeout expired", recoveryStartId, NoConnectionReason.FastFail);
    }

    /// <summary>This target's sessions by port and initiator name.</summary>
    private Dictionary<(int Port, string Name), IscsiSession> Held => Sessions.GetOrCreateValue(Target);

    /// <summary>
    /// Another session object logs in under this one's name and ISID: the target ends this session first.
    /// If this side still thought it was logged in, it sees its connection closed and starts recovery.
    /// </summary>
    private long ReinstatedBy(IscsiSession newer, long causeId)
    {
        long id = TerminateAtTarget($"session reinstatement by {newer.HostName}", causeId);
        if (State == PathState.Up)
        {
            SessionState = IscsiSessionState.Failed;
            BeginRecovery("connection closed by the target", ReplacementTimeout, id);
        }
        return id;
    }

    /// <summary>
    /// A login from outside the simulation (a real initiator of sansim serve, <paramref name="by"/>) with this
    /// session's initiator name and ISID on its port: the target ends this session first, as on any session
    /// reinstatement, and this side sees its connection closed. Returns the trace id of the removal.
    /// </summary>
    public long ReinstatedByOutsideLogin(string by, long causeId = 0)
    {
        if (!TargetSessionActive) return causeId;
        long id = TerminateAtTarget($"session reinstatement by {by}", causeId);
        if (State == PathState.Up)
        {
            SessionState = IscsiSessionState.Failed;
            BeginRecovery("connection closed by the target", ReplacementTimeout, id);
        }
        return id;
    }

    /// <summary>cfiscsi ends a session: I_T NEXUS RESET, then ctl_remove_initiator. Returns the trace id of the removal.</summary>
    private long TerminateAtTarget(string why, long causeId)
    {
        CancelTargetNotice();
        if (!TargetSessionActive) return causeId;
        if (Held.TryGetValue((TargetPort, InitiatorName), out var held) && held == this)
            Held.Remove((TargetPort, InitiatorName));
        long id = Simulation.Trace.Record(TraceKind.StateChange, Source, $"{Name}: target ends the session ({why})", causeId);
        return Unregister(nexusResetFirst: true, id);
    }

    private void CancelReconnect()
    {
        _reconnect?.Cancel();
        _reconnect = null;
    }

    private void CancelTargetNotice()
    {
        _targetNotice?.Cancel();
        _targetNotice = null;
    }
}
