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
}
