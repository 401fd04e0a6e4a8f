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

/// <summary>A fault injector's answer for one command.</summary>
public readonly record struct FaultDecision(FaultKind Kind, ScsiStatus Status = ScsiStatus.Good, SenseInfo Sense = default, long TraceId = 0)
{
    public static FaultDecision Pass => default;
}

/// <summary>Decides, per command on a path, whether a fault replaces the target's answer.</summary>
public interface IFaultInjector
{
    FaultDecision Intercept(ScsiPath path, ScsiRequest request);
}
