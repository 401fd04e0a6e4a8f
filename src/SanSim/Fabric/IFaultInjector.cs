using SanSim.Hosts.Transport;
using SanSim.Scsi;

namespace SanSim.Fabric;

/// <summary>What a fault injector decides for one command.</summary>
public enum FaultKind
{
    /// <summary>No fault: the command goes to the target.</summary>
    None,
    /// <summary>The command is answered with <see cref="FaultDecision.Status"/> and <see cref="FaultDecision.Sense"/> instead of reaching the target.</summary>
    Complete,
    /// <summary>The command gets no answer at all (a silent target): only the initiator's timeout ends it.</summary>
    NoAnswer,
}

/// <summary>
/// A fault injector's answer for one command. <see cref="TraceId"/> is the trace event that records the
/// injected outcome; the path hands it to the host as the response's trace id.
/// </summary>
public readonly record struct FaultDecision(FaultKind Kind, ScsiStatus Status = ScsiStatus.Good, SenseInfo Sense = default, long TraceId = 0)
{
    public static FaultDecision Pass => default;
}

/// <summary>
/// Decides, per command on a path, whether a fault replaces the target's answer. Called once per sending, as
/// the command reaches the target side; a pass lets the target execute it.
/// </summary>
public interface IFaultInjector
{
    FaultDecision Intercept(ScsiPath path, ScsiRequest request);
}
