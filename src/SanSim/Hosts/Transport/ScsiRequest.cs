namespace SanSim.Hosts.Transport;

/// <summary>One SCSI command as an initiator hands it to its transport: CDB, port LUN, data-out and the data-in it expects.</summary>
public sealed class ScsiRequest
{
    public ScsiRequest(byte[] cdb, ulong portLun, byte[]? dataOut = null, int dataInLength = 0, long causeId = 0)
    {
        ArgumentNullException.ThrowIfNull(cdb);
        ArgumentOutOfRangeException.ThrowIfNegative(dataInLength);
        Cdb = cdb;
        PortLun = portLun;
        DataOut = dataOut ?? Array.Empty<byte>();
        DataInLength = dataInLength;
        CauseId = causeId;
    }

    public byte[] Cdb { get; }

    /// <summary>The LUN as the initiator addresses it through its target port (translated by that port's LUN map).</summary>
    public ulong PortLun { get; }

    public byte[] DataOut { get; }

    /// <summary>Size of the initiator's data-in buffer.</summary>
    public int DataInLength { get; }

    /// <summary>Trace id of the event that made the initiator send this command.</summary>
    public long CauseId { get; }

    /// <summary>Task tag, set by the path when the command is sent.</summary>
    public ulong Tag { get; set; }
}
