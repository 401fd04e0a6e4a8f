using SanSim.Scsi;

namespace SanSim.Hosts.Transport;

/// <summary>How the transport ended a command, before any SCSI status is looked at.</summary>
public enum TransportOutcome
{
    /// <summary>The target answered: <see cref="ScsiResponse.Status"/> is meaningful.</summary>
    Completed,
    /// <summary>
    /// No I_T nexus to send it on (FC link down, iSCSI session failed past its replacement timeout):
    /// Linux sees DID_NO_CONNECT or DID_TRANSPORT_FAILFAST.
    /// </summary>
    NoConnection,
    /// <summary>The command was aborted by task management before it completed.</summary>
    Aborted,
}

/// <summary>
/// Why the transport had no nexus for a <see cref="TransportOutcome.NoConnection"/> answer: the initiator's
/// transport class tells the midlayer which host byte to use.
/// </summary>
public enum NoConnectionReason
{
    /// <summary>The transport did not say; the host picks its own default.</summary>
    Unspecified,
    /// <summary>
    /// The remote port or session is gone (FC rport deleted or logged out: fc_remote_port_chkready gives
    /// DID_NO_CONNECT).
    /// </summary>
    Gone,
    /// <summary>
    /// The transport's recovery gave up while it still keeps the port or session: FC after fast_io_fail_tmo
    /// (FC_RPORT_FAST_FAIL_TIMEDOUT), an iSCSI session that is not logged in (iscsi_session_chkready for
    /// ISCSI_SESSION_FREE, and libiscsi past replacement_timeout) — DID_TRANSPORT_FAILFAST.
    /// </summary>
    FastFail,
}

/// <summary>What came back for a <see cref="ScsiRequest"/>.</summary>
public sealed class ScsiResponse
{
    public TransportOutcome Outcome { get; init; }
    public ScsiStatus Status { get; init; }

    /// <summary>The sense as decoded values; <see cref="SenseInfo.None"/> unless CHECK CONDITION.</summary>
    public SenseInfo Sense { get; init; }

    /// <summary>The sense bytes as the target sent them (fixed or descriptor format); empty unless CHECK CONDITION.</summary>
    public byte[] SenseBytes { get; init; } = Array.Empty<byte>();

    /// <summary>Data-in returned, trimmed to the length the target transferred.</summary>
    public byte[] DataIn { get; init; } = Array.Empty<byte>();

    /// <summary>For <see cref="TransportOutcome.NoConnection"/>: why there was no nexus; otherwise Unspecified.</summary>
    public NoConnectionReason NoConnectionReason { get; init; }

    /// <summary>Trace id of the target's completion event, or of the transport event that ended the command.</summary>
    public long TraceId { get; init; }

    public bool IsGood => Outcome == TransportOutcome.Completed && Status == ScsiStatus.Good;

    public override string ToString() => Outcome != TransportOutcome.Completed
        ? Outcome.ToString()
        : Status == ScsiStatus.CheckCondition ? $"CHECK CONDITION {Sense}" : Status.ToString();
}
