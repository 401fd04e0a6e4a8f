using SanSim.Scsi;
using SanSim.Target.Commands;

namespace SanSim.Target;

/// <summary>
/// One row of the command table (CTL's struct ctl_cmd_entry): the command's CTL flags and handler. Its name,
/// CDB length and usage mask (which bits of CDB bytes 1..n-1 may be set) come from the command's
/// <see cref="CdbLayout"/>, the single copy of ctl_cmd_table.c's lengths and masks. A row without a handler
/// is a command the target does not run.
/// </summary>
public sealed class CommandEntry
{
    internal CommandEntry(byte opcode, string name, CdbLayout? layout, CommandFlags flags, bool ranged, CommandHandler? handler)
    {
        Opcode = opcode;
        Name = name;
        Layout = layout;
        Flags = flags;
        Ranged = ranged;
        Handler = handler;
    }

    public string Name { get; }
    public CommandFlags Flags { get; }
    public byte Opcode { get; }
    /// <summary>The command's CDB layout; null for an opcode or service action the layout table has no row for.</summary>
    public CdbLayout? Layout { get; }
    /// <summary>The command addresses an LBA range (its trace line shows lba and len).</summary>
    public bool Ranged { get; }
    /// <summary>CDB length, 0 for an unsupported command.</summary>
    public int Length => Supported ? Layout!.Length : 0;
    /// <summary>Allowed bits of CDB bytes 1..Length-1 (empty for an unsupported command).</summary>
    public ReadOnlySpan<byte> Usage => Supported ? Layout!.UsageMask : [];
    public bool Supported => Handler is not null;
    internal CommandHandler? Handler { get; }

    /// <summary>The CDB usage data of REPORT SUPPORTED OPERATION CODES: the opcode, then the usage mask.</summary>
    public byte[] CdbUsageData() => Supported ? Layout!.UsageData() : [];
}

/// <summary>
/// The CTL command table for a direct-access LUN, as data (after ctl_cmd_table.c): one row per opcode,
/// service-action sub-tables for the opcodes that have them. Flags are named as CTL names them:
/// OkWhileStopped = CTL_CMD_FLAG_OK_ON_NO_MEDIA, NoUnitAttention = CTL_CMD_FLAG_NO_SENSE,
/// AllowedUnderReservation = CTL_CMD_FLAG_ALLOW_ON_RESV, AllowedUnderPersistentReservation =
/// CTL_CMD_FLAG_ALLOW_ON_PR_RESV, AllowedUnderWriteReservation = CTL_CMD_FLAG_ALLOW_ON_PR_WRESV,
/// OkWithoutLun = CTL_CMD_FLAG_OK_ON_NO_LUN, Writes = CTL_LUN_PAT_WRITE.
/// </summary>
public static class CommandTable
{
    private const CommandFlags Stopped = CommandFlags.OkWhileStopped;
    private const CommandFlags NoUa = CommandFlags.NoUnitAttention;
    private const CommandFlags Resv = CommandFlags.AllowedUnderReservation;
    private const CommandFlags PrResv = CommandFlags.AllowedUnderPersistentReservation;
    private const CommandFlags PrWrResv = CommandFlags.AllowedUnderWriteReservation;
    private const CommandFlags NoLun = CommandFlags.OkWithoutLun;
    private const CommandFlags Writes = CommandFlags.Writes;

    private static readonly CommandEntry[] Main = new CommandEntry[256];
    private static readonly Dictionary<byte, CommandEntry[]> ServiceActions = new();
    /// <summary>The service-action sub-table of each opcode that has one, by opcode (the command path's lookup).</summary>
    private static readonly CommandEntry[]?[] SubTables = new CommandEntry[]?[256];

    static CommandTable()
    {
        for (int i = 0; i < 256; i++)
        {
            byte op = (byte)i;
            if (CdbLayouts.HasServiceActions(op))
            {
                var sub = new CommandEntry[32];
                for (byte sa = 0; sa < 32; sa++) sub[sa] = Unsupported(op, sa, true);
                ServiceActions[op] = sub;
                SubTables[i] = sub;
            }
            Main[i] = Unsupported(op, 0, false);
        }

        /* 00 TEST UNIT READY */
        Op(0x00, SenseCommands.TestUnitReady, PrResv);
        /* 03 REQUEST SENSE */
        Op(0x03, SenseCommands.RequestSense, NoLun | Resv | NoUa | Stopped | PrResv);
        /* 04 FORMAT UNIT */
        Op(0x04, BlockCommands.FormatUnit, CommandFlags.None);
        /* 08 READ(6) */
        Block(0x08, BlockCommands.ReadWrite, PrWrResv);
        /* 0A WRITE(6) */
        Block(0x0A, BlockCommands.ReadWrite, Writes);
        /* 12 INQUIRY */
        Op(0x12, InquiryCommands.Inquiry, NoLun | Resv | NoUa | Stopped | PrResv);
        /* 15 MODE SELECT(6) */
        Op(0x15, ModeCommands.ModeSelect, Stopped);
        /* 16 RESERVE(6) */
        Op(0x16, ReserveCommands.Reserve, Resv | Stopped);
        /* 17 RELEASE(6) */
        Op(0x17, ReserveCommands.Release, Resv | Stopped);
        /* 1A MODE SENSE(6) */
        Op(0x1A, ModeCommands.ModeSense, Stopped | PrWrResv);
        /* 1B START STOP UNIT */
        Op(0x1B, StartStopCommands.StartStopUnit, Stopped | PrResv);
        /* 1E PREVENT ALLOW MEDIUM REMOVAL */
        Op(0x1E, StartStopCommands.PreventAllow, Stopped);
        /* 25 READ CAPACITY(10) */
        Op(0x25, CapacityCommands.ReadCapacity10, PrResv);
        /* 28 READ(10) */
        Block(0x28, BlockCommands.ReadWrite, PrWrResv);
        /* 2A WRITE(10) */
        Block(0x2A, BlockCommands.ReadWrite, Writes);
        /* 2E WRITE AND VERIFY(10) */
        Block(0x2E, BlockCommands.ReadWrite, Writes);
        /* 2F VERIFY(10) */
        Block(0x2F, BlockCommands.Verify, PrWrResv);
        /* 35 SYNCHRONIZE CACHE(10) */
        Block(0x35, BlockCommands.SynchronizeCache, Writes);
        /* 3B WRITE BUFFER */
        var wb = ServiceActions[0x3B];
        /* 3B/02 WRITE BUFFER DATA */
        SubOp(wb, 0x02, BufferCommands.WriteBuffer, Stopped);
        /* 3C READ BUFFER(10) */
        var rb = ServiceActions[0x3C];
        /* 3C/02 READ BUFFER(10) DATA */
        SubOp(rb, 0x02, BufferCommands.ReadBuffer, Stopped | PrWrResv);
        /* 3C/03 READ BUFFER(10) DESCRIPTOR */
        SubOp(rb, 0x03, BufferCommands.ReadBuffer, Stopped | PrWrResv);
        /* 3C/0B READ BUFFER(10) ECHO DESCRIPTOR */
        SubOp(rb, 0x0B, BufferCommands.ReadBuffer, Stopped | PrWrResv);
        /* 41 WRITE SAME(10) */
        Block(0x41, BlockCommands.WriteSame, Writes);
        /* 42 UNMAP */
        Op(0x42, BlockCommands.Unmap, Writes);
        /* 55 MODE SELECT(10) */
        Op(0x55, ModeCommands.ModeSelect, Stopped);
        /* 56 RESERVE(10) */
        Op(0x56, ReserveCommands.Reserve, Resv | Stopped);
        /* 57 RELEASE(10) */
        Op(0x57, ReserveCommands.Release, Resv | Stopped);
        /* 5A MODE SENSE(10) */
        Op(0x5A, ModeCommands.ModeSense, Stopped | PrWrResv);

        /* 5E PERSISTENT RESERVE IN */
        var prIn = ServiceActions[0x5E];
        /* 5E/00 READ KEYS */
        SubOp(prIn, 0x00, ReserveCommands.PersistentReserveIn, Resv | Stopped | PrResv);
        /* 5E/01 READ RESERVATION */
        SubOp(prIn, 0x01, ReserveCommands.PersistentReserveIn, Resv | Stopped | PrResv);
        /* 5E/02 REPORT CAPABILITIES */
        SubOp(prIn, 0x02, ReserveCommands.PersistentReserveIn, Resv | Stopped | PrResv);
        /* 5E/03 READ FULL STATUS */
        SubOp(prIn, 0x03, ReserveCommands.PersistentReserveIn, Resv | Stopped | PrResv);

        /* 5F PERSISTENT RESERVE OUT */
        var prOut = ServiceActions[0x5F];
        for (byte sa = 0; sa <= 0x06; sa++)
        {
            /* 5F/00..06 REGISTER .. REGISTER AND IGNORE EXISTING KEY */
            SubOp(prOut, sa, ReserveCommands.PersistentReserveOut, Resv | Stopped | PrResv);
        }

        /* 83 EXTENDED COPY */
        var xcopy = ServiceActions[0x83];
        /* 83/00 EXTENDED COPY (LID1) */
        SubOp(xcopy, 0x00, ThirdPartyCopyCommands.ExtendedCopyLid1, Stopped);
        /* 84 RECEIVE COPY STATUS */
        var rcs = ServiceActions[0x84];
        /* 84/00 RECEIVE COPY STATUS (LID1) */
        SubOp(rcs, 0x00, ThirdPartyCopyCommands.CopyStatusLid1, Stopped | PrResv);
        /* 84/03 RECEIVE COPY OPERATING PARAMETERS */
        SubOp(rcs, 0x03, ThirdPartyCopyCommands.OperatingParameters, Stopped | PrResv);
        /* 84/04 RECEIVE COPY FAILURE DETAILS (LID1) */
        SubOp(rcs, 0x04, ThirdPartyCopyCommands.CopyFailureDetails, Stopped | PrResv);

        /* 88 READ(16) */
        Block(0x88, BlockCommands.ReadWrite, PrWrResv);
        /* 89 COMPARE AND WRITE */
        Block(0x89, BlockCommands.CompareAndWrite, Writes);
        /* 8A WRITE(16) */
        Block(0x8A, BlockCommands.ReadWrite, Writes);
        /* 8E WRITE AND VERIFY(16) */
        Block(0x8E, BlockCommands.ReadWrite, Writes);
        /* 8F VERIFY(16) */
        Block(0x8F, BlockCommands.Verify, PrWrResv);
        /* 91 SYNCHRONIZE CACHE(16) */
        Block(0x91, BlockCommands.SynchronizeCache, Writes);
        /* 93 WRITE SAME(16) */
        Block(0x93, BlockCommands.WriteSame, Writes);

        /* 9E SERVICE ACTION IN(16) */
        var sai = ServiceActions[0x9E];
        /* 9E/10 READ CAPACITY(16) */
        SubOp(sai, 0x10, CapacityCommands.ReadCapacity16, PrResv);
        /* 9E/12 GET LBA STATUS */
        SubOp(sai, 0x12, BlockCommands.GetLbaStatus, PrWrResv);

        /* A0 REPORT LUNS */
        Op(0xA0, SenseCommands.ReportLuns, NoLun | Resv | NoUa | Stopped | PrResv);

        /* A3 MAINTENANCE IN */
        var mi = ServiceActions[0xA3];
        /* A3/0A REPORT TARGET PORT GROUPS */
        SubOp(mi, 0x0A, TargetPortGroupsCommand.Report, Stopped | PrResv);
        /* A3/0C REPORT SUPPORTED OPERATION CODES */
        SubOp(mi, 0x0C, SupportedOpcodesCommand.Report, Stopped | PrResv);
        /* A3/0D REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS */
        SubOp(mi, 0x0D, TargetPortGroupsCommand.ReportTaskManagementFunctions, Stopped | PrResv);

        /* A8 READ(12) */
        Block(0xA8, BlockCommands.ReadWrite, PrWrResv);
        /* AA WRITE(12) */
        Block(0xAA, BlockCommands.ReadWrite, Writes);
        /* AF VERIFY(12) */
        Block(0xAF, BlockCommands.Verify, PrWrResv);
    }

    /// <summary>True when <paramref name="opcode"/> selects its row by service action (CTL_CMD_FLAG_SA5).</summary>
    public static bool HasServiceActions(byte opcode) => CdbLayouts.HasServiceActions(opcode);

    /// <summary>The row for <paramref name="opcode"/> alone (for an opcode with service actions, its parent row).</summary>
    public static CommandEntry ForOpcode(byte opcode) => Main[opcode];

    /// <summary>The row that runs a CDB starting with <paramref name="opcode"/> and, when it has service actions, <paramref name="serviceAction"/>.</summary>
    public static CommandEntry Find(byte opcode, byte serviceAction) =>
        SubTables[opcode] is { } sub ? sub[serviceAction & 0x1F] : Main[opcode];

    /// <summary>Every supported command in opcode then service-action order (REPORT SUPPORTED OPERATION CODES, all commands).</summary>
    public static IEnumerable<(CommandEntry Entry, bool ServiceAction, byte Action)> Supported()
    {
        for (int op = 0; op < 256; op++)
        {
            if (ServiceActions.TryGetValue((byte)op, out var sub))
            {
                for (int sa = 0; sa < 32; sa++)
                    if (sub[sa].Supported) yield return (sub[sa], true, (byte)sa);
            }
            else if (Main[op].Supported)
            {
                yield return (Main[op], false, 0);
            }
        }
    }

    private static CommandEntry Unsupported(byte op, byte sa, bool hasSa)
    {
        string name = CdbLayouts.TryGet(op, sa, out var layout) && layout.HasServiceAction == hasSa ? layout.Name
            : hasSa ? $"{((ScsiOpcode)op).T10Name()} SA {sa:X2}h"
            : ((ScsiOpcode)op).T10Name();
        return new CommandEntry(op, name, null, CommandFlags.None, false, null);
    }

    private static CommandEntry Row(byte op, byte sa, CommandHandler handler, CommandFlags flags, bool ranged)
    {
        if (!CdbLayouts.TryGet(op, sa, out var layout))
            throw new InvalidOperationException($"{op:X2}/{sa:X2}: the command table runs a command CdbLayouts has no row for");
        return new CommandEntry(op, layout.Name, layout, flags, ranged, handler);
    }

    private static void Op(byte op, CommandHandler handler, CommandFlags flags) => Main[op] = Row(op, 0, handler, flags, false);

    private static void Block(byte op, CommandHandler handler, CommandFlags flags) => Main[op] = Row(op, 0, handler, flags, true);

    private static void SubOp(CommandEntry[] sub, byte sa, CommandHandler handler, CommandFlags flags) =>
        sub[sa] = Row(sub[0].Opcode, sa, handler, flags, false);
}
