namespace SanSim.Scsi;

/// <summary>
/// How a command ended: its status, the sense when the status is CHECK CONDITION, how many data-in bytes
/// were returned, and the id of the trace event that records the completion (0 when not traced).
/// </summary>
public readonly record struct ScsiCompletion(ScsiStatus Status, SenseInfo Sense, int DataInLength, long TraceId = 0)
{
    public static ScsiCompletion Good(int dataInLength = 0) => new(ScsiStatus.Good, default, dataInLength);
    public static ScsiCompletion Check(SenseInfo sense) => new(ScsiStatus.CheckCondition, sense, 0);
    public static ScsiCompletion ReservationConflict => new(ScsiStatus.ReservationConflict, default, 0);

    public bool IsGood => Status == ScsiStatus.Good;

    public override string ToString() => Status == ScsiStatus.CheckCondition
        ? $"CHECK CONDITION {Sense}"
        : Status.ToString();
}
