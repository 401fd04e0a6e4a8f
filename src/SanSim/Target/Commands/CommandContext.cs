using SanSim.Scsi;

namespace SanSim.Target.Commands;

/// <summary>A command handler: runs one decoded command that has passed the target's checks.</summary>
internal delegate ScsiCompletion CommandHandler(CtlTarget target, ref CommandContext ctx);

/// <summary>Everything a handler needs about one command in flight: nexus, LUN, CDB and the data buffers.</summary>
internal ref struct CommandContext
{
    public Nexus Nexus;
    public ulong PortLun;
    /// <summary>The port the command came through, or null for an unknown port number.</summary>
    public CtlPort? Port;
    /// <summary>The LUN the port LUN resolves to, or null (only commands flagged OkWithoutLun run without one).</summary>
    public CtlLun? Lun;
    public Cdb Cdb;
    public ReadOnlySpan<byte> Raw;
    public ReadOnlySpan<byte> DataOut;
    public Span<byte> DataIn;
    /// <summary>Trace id of the command's own trace event (0 when not traced).</summary>
    public long CommandTraceId;
    /// <summary>Set by a handler when its completion has another cause than the command (0: the command).</summary>
    public long CompletionCause;

    /// <summary>Copies as much of <paramref name="data"/> as the allocation length and the buffer allow; returns the count.</summary>
    public readonly int ReturnData(ReadOnlySpan<byte> data, uint allocationLength)
    {
        int n = (int)Math.Min((uint)data.Length, Math.Min(allocationLength, (uint)DataIn.Length));
        data[..n].CopyTo(DataIn);
        return n;
    }

    /// <summary>
    /// The first <paramref name="length"/> bytes of data-out, or false with the error CTL returns when the
    /// initiator sent less than the command asked for (0B/0E/03, ctl_config_move_done).
    /// </summary>
    public readonly bool TryGetDataOut(long length, out ReadOnlySpan<byte> data, out ScsiCompletion error)
    {
        if (length < 0 || length > DataOut.Length)
        {
            data = default;
            error = ScsiCompletion.Check(new SenseInfo(SenseKey.AbortedCommand, CtlSense.InvalidFieldInCommandInformationUnit));
            return false;
        }
        data = DataOut[..(int)length];
        error = default;
        return true;
    }
}

/// <summary>ASC/ASCQ values CTL uses that the shared <see cref="AscAscq"/> list does not name.</summary>
internal static class CtlSense
{
    /// <summary>0E/03 INVALID FIELD IN COMMAND INFORMATION UNIT (key ABORTED COMMAND): data-out shorter than expected.</summary>
    public static readonly AscAscq InvalidFieldInCommandInformationUnit = new(0x0E, 0x03);
    /// <summary>27/01 HARDWARE WRITE PROTECTED: write to a read-only LUN (ctl_set_hw_write_protected).</summary>
    public static readonly AscAscq HardwareWriteProtected = new(0x27, 0x01);
    /// <summary>27/02 LOGICAL UNIT SOFTWARE WRITE PROTECTED: SWP set in the Control mode page.</summary>
    public static readonly AscAscq SoftwareWriteProtected = new(0x27, 0x02);

    /// <summary>05/20/00 with the field pointer on CDB byte 0, as ctl_set_invalid_opcode reports it.</summary>
    public static SenseInfo InvalidOpcode => new(SenseKey.IllegalRequest, AscAscq.InvalidCommandOperationCode, Field: new FieldPointer(true, 0, null));

    /// <summary>05/21/00 with INFORMATION holding the LBA when non-zero (ctl_set_lba_out_of_range).</summary>
    public static SenseInfo LbaOutOfRange(ulong lba) =>
        new(SenseKey.IllegalRequest, AscAscq.LbaOutOfRange, Information: lba != 0 ? lba : null);

    /// <summary>T10's names (SPC-5 Annex D) of the ASC/ASCQ values this target reports, for trace lines.</summary>
    private static readonly Dictionary<ushort, string> Names = new()
    {
        [0x0000] = "NO ADDITIONAL SENSE INFORMATION",
        [0x0402] = "LOGICAL UNIT NOT READY, INITIALIZING COMMAND REQUIRED",
        [0x0403] = "LOGICAL UNIT NOT READY, MANUAL INTERVENTION REQUIRED",
        [0x0E03] = "INVALID FIELD IN COMMAND INFORMATION UNIT",
        [0x1A00] = "PARAMETER LIST LENGTH ERROR",
        [0x1D00] = "MISCOMPARE DURING VERIFY OPERATION",
        [0x2000] = "INVALID COMMAND OPERATION CODE",
        [0x2100] = "LOGICAL BLOCK ADDRESS OUT OF RANGE",
        [0x2400] = "INVALID FIELD IN CDB",
        [0x2500] = "LOGICAL UNIT NOT SUPPORTED",
        [0x2600] = "INVALID FIELD IN PARAMETER LIST",
        [0x2701] = "HARDWARE WRITE PROTECTED",
        [0x2702] = "LOGICAL UNIT SOFTWARE WRITE PROTECTED",
        [0x2800] = "NOT READY TO READY CHANGE, MEDIUM MAY HAVE CHANGED",
        [0x2900] = "POWER ON, RESET, OR BUS DEVICE RESET OCCURRED",
        [0x2901] = "POWER ON OCCURRED",
        [0x2902] = "SCSI BUS RESET OCCURRED",
        [0x2903] = "BUS DEVICE RESET FUNCTION OCCURRED",
        [0x2907] = "I_T NEXUS LOSS OCCURRED",
        [0x2A01] = "MODE PARAMETERS CHANGED",
        [0x2A02] = "LOG PARAMETERS CHANGED",
        [0x2A03] = "RESERVATIONS PREEMPTED",
        [0x2A04] = "RESERVATIONS RELEASED",
        [0x2A05] = "REGISTRATIONS PREEMPTED",
        [0x2A06] = "ASYMMETRIC ACCESS STATE CHANGED",
        [0x2A09] = "CAPACITY DATA HAS CHANGED",
        [0x3807] = "THIN PROVISIONING SOFT THRESHOLD REACHED",
        [0x3A01] = "MEDIUM NOT PRESENT - TRAY CLOSED",
        [0x3A02] = "MEDIUM NOT PRESENT - TRAY OPEN",
        [0x3F03] = "INQUIRY DATA HAS CHANGED",
        [0x3F0E] = "REPORTED LUNS DATA HAS CHANGED",
        [0x5302] = "MEDIUM REMOVAL PREVENTED",
        [0x5DFF] = "FAILURE PREDICTION THRESHOLD EXCEEDED (FALSE)",
    };

    /// <summary>"02/04/02 LOGICAL UNIT NOT READY, INITIALIZING COMMAND REQUIRED"; just the codes for a value not in the list.</summary>
    public static string Describe(in SenseInfo sense) =>
        Names.TryGetValue(sense.Code.Value, out var name) ? $"{sense} {name}" : sense.ToString();
}
