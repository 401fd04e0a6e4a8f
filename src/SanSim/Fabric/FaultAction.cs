using SanSim.Scsi;

namespace SanSim.Fabric;

/// <summary>What a fault rule does to a command it matches.</summary>
public readonly record struct FaultAction(FaultKind Kind, ScsiStatus Status = ScsiStatus.Good, SenseInfo Sense = default)
{
    /// <summary>Complete at once with <paramref name="status"/> and no sense (BUSY, TASK SET FULL, RESERVATION CONFLICT).</summary>
    public static FaultAction WithStatus(ScsiStatus status) => new(FaultKind.Complete, status);

    /// <summary>CHECK CONDITION with sense key / ASC / ASCQ.</summary>
    public static FaultAction CheckCondition(SenseKey key, byte asc, byte ascq) =>
        new(FaultKind.Complete, ScsiStatus.CheckCondition, new SenseInfo(key, new AscAscq(asc, ascq)));

    /// <summary>No answer at all: the command stays outstanding until aborted or the path is lost.</summary>
    public static FaultAction NoAnswer => new(FaultKind.NoAnswer);

    public override string ToString() => Kind switch
    {
        FaultKind.NoAnswer => "no answer",
        FaultKind.Complete when Status == ScsiStatus.CheckCondition => $"CHECK CONDITION {Sense}",
        FaultKind.Complete => Status.ToString(),
        _ => "pass",
    };
}
