namespace SanSim.Hosts.Transport;

/// <summary>The state of an initiator's I_T nexus to one target port.</summary>
public enum PathState
{
    /// <summary>Not logged in: commands fail with <see cref="TransportOutcome.NoConnection"/>.</summary>
    Down,
    /// <summary>Logged in: commands reach the target.</summary>
    Up,
    /// <summary>
    /// The transport lost the connection and is trying to get it back (an iSCSI session in recovery):
    /// commands wait, and fail only when the recovery gives up.
    /// </summary>
    Recovering,
}
