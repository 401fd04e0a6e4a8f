using SanSim.Scsi;
using SanSim.Target.Commands;

namespace SanSim.Target;

/// <summary>
/// One row of the command table (CTL's struct ctl_cmd_entry): the command's name, its CTL flags, its CDB
/// length and usage mask (which bits of CDB bytes 1..n-1 may be set), and the handler. A row without a
/// handler is an unsupported command.
/// </summary>
public sealed class CommandEntry
{
    internal CommandEntry(string name, CommandFlags flags, bool ranged, byte opcode, byte[] usage, CommandHandler? handler)
    {
        Name = name;
        Flags = flags;
        Ranged = ranged;
        Usage = usage;
        Handler = handler;
        Opcode = opcode;
    }

    public string Name { get; }
    public CommandFlags Flags { get; }
    public byte Opcode { get; }
    /// <summary>The command addresses an LBA range (its trace line shows lba and len).</summary>
    public bool Ranged { get; }
    /// <summary>CDB length, 0 for an unsupported command.</summary>
    public int Length => Handler is null ? 0 : Usage.Length + 1;
    /// <summary>Allowed bits of CDB bytes 1..Length-1.</summary>
    public byte[] Usage { get; }
    public bool Supported => Handler is not null;
    internal CommandHandler? Handler { get; }

    /// <summary>The CDB usage data of REPORT SUPPORTED OPERATION CODES: the opcode, then the usage mask.</summary>
    public byte[] CdbUsageData()
    {
        if (!Supported) return [];
        var d = new byte[Length];
        d[0] = Opcode;
        Usage.CopyTo(d, 1);
        return d;
    }
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

    static CommandTable()
    {
        for (int i = 0; i < 256; i++) Main[i] = new CommandEntry($"OPCODE {i:X2}h", CommandFlags.None, false, (byte)i, [], null);

        /* 00 TEST UNIT READY */
        Op(0x00, "TEST UNIT READY", SenseCommands.TestUnitReady, PrResv, 0, 0, 0, 0, 0x07);
        /* 01 REWIND */
        None(0x01, "REWIND");
        /* 03 REQUEST SENSE */
        Op(0x03, "REQUEST SENSE", SenseCommands.RequestSense, NoLun | Resv | NoUa | Stopped | PrResv, 0x01, 0, 0, 0xFF, 0x07);
        /* 04 FORMAT UNIT */
        Op(0x04, "FORMAT UNIT", BlockCommands.FormatUnit, CommandFlags.None, 0xFF, 0, 0, 0, 0x07);
        /* 08 READ(6) */
        Block(0x08, "READ(6)", BlockCommands.ReadWrite, PrWrResv, 0x1F, 0xFF, 0xFF, 0xFF, 0x07);
        /* 0A WRITE(6) */
        Block(0x0A, "WRITE(6)", BlockCommands.ReadWrite, Writes, 0x1F, 0xFF, 0xFF, 0xFF, 0x07);
        /* 12 INQUIRY */
        Op(0x12, "INQUIRY", InquiryCommands.Inquiry, NoLun | Resv | NoUa | Stopped | PrResv, 0xE1, 0xFF, 0xFF, 0xFF, 0x07);
        /* 15 MODE SELECT(6) */
        Op(0x15, "MODE SELECT(6)", ModeCommands.ModeSelect, Stopped, 0x13, 0, 0, 0xFF, 0x07);
        /* 16 RESERVE(6) */
        Op(0x16, "RESERVE(6)", ReserveCommands.Reserve, Resv | Stopped, 0, 0, 0, 0, 0x07);
        /* 17 RELEASE(6) */
        Op(0x17, "RELEASE(6)", ReserveCommands.Release, Resv | Stopped, 0, 0, 0, 0, 0x07);
        /* 1A MODE SENSE(6) */
        Op(0x1A, "MODE SENSE(6)", ModeCommands.ModeSense, Stopped | PrWrResv, 0x08, 0xFF, 0xFF, 0xFF, 0x07);
        /* 1B START STOP UNIT */
        Op(0x1B, "START STOP UNIT", StartStopCommands.StartStopUnit, Stopped | PrResv, 0x01, 0, 0x0F, 0xF7, 0x07);
        /* 1C RECEIVE DIAGNOSTIC RESULTS */
        None(0x1C, "RECEIVE DIAGNOSTIC RESULTS");
        /* 1D SEND DIAGNOSTIC */
        None(0x1D, "SEND DIAGNOSTIC");
        /* 1E PREVENT ALLOW MEDIUM REMOVAL */
        Op(0x1E, "PREVENT ALLOW MEDIUM REMOVAL", StartStopCommands.PreventAllow, Stopped, 0x01, 0, 0, 0x03, 0x07);
        /* 25 READ CAPACITY(10) */
        Op(0x25, "READ CAPACITY(10)", CapacityCommands.ReadCapacity10, PrResv, 0, 0, 0, 0, 0, 0, 0, 0, 0x07);
        /* 28 READ(10) */
        Block(0x28, "READ(10)", BlockCommands.ReadWrite, PrWrResv, 0x1A, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0xFF, 0xFF, 0x07);
        /* 2A WRITE(10) */
        Block(0x2A, "WRITE(10)", BlockCommands.ReadWrite, Writes, 0x1A, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0xFF, 0xFF, 0x07);
        /* 2E WRITE AND VERIFY(10) */
        Block(0x2E, "WRITE AND VERIFY(10)", BlockCommands.ReadWrite, Writes, 0x12, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0xFF, 0xFF, 0x07);
        /* 2F VERIFY(10) */
        Block(0x2F, "VERIFY(10)", BlockCommands.Verify, PrWrResv, 0x16, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0xFF, 0xFF, 0x07);
        /* 34 PRE-FETCH(10) */
        None(0x34, "PRE-FETCH(10)");
        /* 35 SYNCHRONIZE CACHE(10) */
        Block(0x35, "SYNCHRONIZE CACHE(10)", BlockCommands.SynchronizeCache, Writes, 0x06, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0xFF, 0xFF, 0x07);
        /* 3B WRITE BUFFER */
        var wb = Sub(0x3B, "WRITE BUFFER");
        /* 3B/02 WRITE BUFFER DATA */
        SubOp(wb, 0x3B, 0x02, "WRITE BUFFER(DATA)", BufferCommands.WriteBuffer, Stopped, 0x02, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x07);
        /* 3C READ BUFFER(10) */
        var rb = Sub(0x3C, "READ BUFFER(10)");
        /* 3C/02 READ BUFFER(10) DATA */
        SubOp(rb, 0x3C, 0x02, "READ BUFFER(10)(DATA)", BufferCommands.ReadBuffer, Stopped | PrWrResv, 0x02, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x07);
        /* 3C/03 READ BUFFER(10) DESCRIPTOR */
        SubOp(rb, 0x3C, 0x03, "READ BUFFER(10)(DESCRIPTOR)", BufferCommands.ReadBuffer, Stopped | PrWrResv, 0x03, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x07);
        /* 3C/0B READ BUFFER(10) ECHO DESCRIPTOR */
        SubOp(rb, 0x3C, 0x0B, "READ BUFFER(10)(ECHO DESCRIPTOR)", BufferCommands.ReadBuffer, Stopped | PrWrResv, 0x0B, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x07);
        /* 41 WRITE SAME(10) */
        Block(0x41, "WRITE SAME(10)", BlockCommands.WriteSame, Writes, 0x1A, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0xFF, 0xFF, 0x07);
        /* 42 UNMAP */
        Op(0x42, "UNMAP", BlockCommands.Unmap, Writes, 0x01, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0x07);
        /* 4C LOG SELECT */
        None(0x4C, "LOG SELECT");
        /* 4D LOG SENSE */
        None(0x4D, "LOG SENSE");
        /* 55 MODE SELECT(10) */
        Op(0x55, "MODE SELECT(10)", ModeCommands.ModeSelect, Stopped, 0x13, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0x07);
        /* 56 RESERVE(10) */
        Op(0x56, "RESERVE(10)", ReserveCommands.Reserve, Resv | Stopped, 0, 0, 0, 0, 0, 0, 0, 0, 0x07);
        /* 57 RELEASE(10) */
        Op(0x57, "RELEASE(10)", ReserveCommands.Release, Resv | Stopped, 0, 0, 0, 0, 0, 0, 0, 0, 0x07);
        /* 5A MODE SENSE(10) */
        Op(0x5A, "MODE SENSE(10)", ModeCommands.ModeSense, Stopped | PrWrResv, 0x18, 0xFF, 0xFF, 0, 0, 0, 0xFF, 0xFF, 0x07);

        /* 5E PERSISTENT RESERVE IN */
        var prIn = Sub(0x5E, "PERSISTENT RESERVE IN");
        /* 5E/00 READ KEYS */
        SubOp(prIn, 0x5E, 0x00, "PERSISTENT RESERVE IN(READ KEYS)", ReserveCommands.PersistentReserveIn, Resv | Stopped | PrResv, 0x00, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0x07);
        /* 5E/01 READ RESERVATION */
        SubOp(prIn, 0x5E, 0x01, "PERSISTENT RESERVE IN(READ RESERVATION)", ReserveCommands.PersistentReserveIn, Resv | Stopped | PrResv, 0x01, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0x07);
        /* 5E/02 REPORT CAPABILITIES */
        SubOp(prIn, 0x5E, 0x02, "PERSISTENT RESERVE IN(REPORT CAPABILITIES)", ReserveCommands.PersistentReserveIn, Resv | Stopped | PrResv, 0x02, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0x07);
        /* 5E/03 READ FULL STATUS */
        SubOp(prIn, 0x5E, 0x03, "PERSISTENT RESERVE IN(READ FULL STATUS)", ReserveCommands.PersistentReserveIn, Resv | Stopped | PrResv, 0x03, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0x07);

        /* 5F PERSISTENT RESERVE OUT */
        var prOut = Sub(0x5F, "PERSISTENT RESERVE OUT");
        string[] prOutNames = ["REGISTER", "RESERVE", "RELEASE", "CLEAR", "PREEMPT", "PREEMPT AND ABORT", "REGISTER AND IGNORE EXISTING KEY"];
        for (byte sa = 0; sa < prOutNames.Length; sa++)
        {
            /* 5F/00..06 REGISTER .. REGISTER AND IGNORE EXISTING KEY */
            SubOp(prOut, 0x5F, sa, $"PERSISTENT RESERVE OUT({prOutNames[sa]})", ReserveCommands.PersistentReserveOut, Resv | Stopped | PrResv, sa, 0xFF, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x07);
        }

        /* 83 EXTENDED COPY */
        None(0x83, "EXTENDED COPY");
        /* 84 RECEIVE COPY RESULTS */
        None(0x84, "RECEIVE COPY RESULTS");
        /* 88 READ(16) */
        Block(0x88, "READ(16)", BlockCommands.ReadWrite, PrWrResv, 0x1A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0x07);
        /* 89 COMPARE AND WRITE */
        Block(0x89, "COMPARE AND WRITE", BlockCommands.CompareAndWrite, Writes, 0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0xFF, 0, 0x07);
        /* 8A WRITE(16) */
        Block(0x8A, "WRITE(16)", BlockCommands.ReadWrite, Writes, 0x1A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0x07);
        /* 8E WRITE AND VERIFY(16) */
        Block(0x8E, "WRITE AND VERIFY(16)", BlockCommands.ReadWrite, Writes, 0x12, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0x07);
        /* 8F VERIFY(16) */
        Block(0x8F, "VERIFY(16)", BlockCommands.Verify, PrWrResv, 0x16, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0x07);
        /* 90 PRE-FETCH(16) */
        None(0x90, "PRE-FETCH(16)");
        /* 91 SYNCHRONIZE CACHE(16) */
        Block(0x91, "SYNCHRONIZE CACHE(16)", BlockCommands.SynchronizeCache, Writes, 0x06, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0x07);
        /* 93 WRITE SAME(16) */
        Block(0x93, "WRITE SAME(16)", BlockCommands.WriteSame, Writes, 0x1B, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0x07);

        /* 9E SERVICE ACTION IN(16) */
        var sai = Sub(0x9E, "SERVICE ACTION IN(16)");
        /* 9E/10 READ CAPACITY(16) */
        SubOp(sai, 0x9E, 0x10, "READ CAPACITY(16)", CapacityCommands.ReadCapacity16, PrResv, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0x07);
        /* 9E/12 GET LBA STATUS */
        SubOp(sai, 0x9E, 0x12, "GET LBA STATUS", BlockCommands.GetLbaStatus, PrWrResv, 0x12, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0x07);

        /* A0 REPORT LUNS */
        Op(0xA0, "REPORT LUNS", SenseCommands.ReportLuns, NoLun | Resv | NoUa | Stopped | PrResv, 0, 0xFF, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0x07);

        /* A3 MAINTENANCE IN */
        var mi = Sub(0xA3, "MAINTENANCE IN");
        /* A3/0A REPORT TARGET PORT GROUPS */
        SubOp(mi, 0xA3, 0x0A, "REPORT TARGET PORT GROUPS", TargetPortGroupsCommand.Report, Stopped | PrResv, 0xEA, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0x07);
        /* A3/0C REPORT SUPPORTED OPERATION CODES */
        SubOp(mi, 0xA3, 0x0C, "REPORT SUPPORTED OPERATION CODES", SupportedOpcodesCommand.Report, Stopped | PrResv, 0x0C, 0x87, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0x07);
        /* A3/0D REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS */
        SubOp(mi, 0xA3, 0x0D, "REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS", TargetPortGroupsCommand.ReportTaskManagementFunctions, Stopped | PrResv, 0x0D, 0x80, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0x07);
        /* A3/0F REPORT TIMESTAMP */
        SubNone(mi, 0xA3, 0x0F, "REPORT TIMESTAMP");
        /* A4 MAINTENANCE OUT */
        None(0xA4, "MAINTENANCE OUT");

        /* A8 READ(12) */
        Block(0xA8, "READ(12)", BlockCommands.ReadWrite, PrWrResv, 0x1A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0x07);
        /* AA WRITE(12) */
        Block(0xAA, "WRITE(12)", BlockCommands.ReadWrite, Writes, 0x1A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0x07);
        /* AF VERIFY(12) */
        Block(0xAF, "VERIFY(12)", BlockCommands.Verify, PrWrResv, 0x16, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0x07);
    }

    /// <summary>True when <paramref name="opcode"/> selects its row by service action (CTL_CMD_FLAG_SA5).</summary>
    public static bool HasServiceActions(byte opcode) => ServiceActions.ContainsKey(opcode);

    /// <summary>The row for <paramref name="opcode"/> alone (for an opcode with service actions, its parent row).</summary>
    public static CommandEntry ForOpcode(byte opcode) => Main[opcode];

    /// <summary>The row that runs a CDB starting with <paramref name="opcode"/> and, when it has service actions, <paramref name="serviceAction"/>.</summary>
    public static CommandEntry Find(byte opcode, byte serviceAction) =>
        ServiceActions.TryGetValue(opcode, out var sub) ? sub[serviceAction & 0x1F] : Main[opcode];

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

    private static void Op(byte op, string name, CommandHandler handler, CommandFlags flags, params byte[] usage) =>
        Main[op] = new CommandEntry(name, flags, false, op, usage, handler);

    private static void Block(byte op, string name, CommandHandler handler, CommandFlags flags, params byte[] usage) =>
        Main[op] = new CommandEntry(name, flags, true, op, usage, handler);

    private static void None(byte op, string name) => Main[op] = new CommandEntry(name, CommandFlags.None, false, op, [], null);

    private static CommandEntry[] Sub(byte op, string name)
    {
        var sub = new CommandEntry[32];
        for (int i = 0; i < 32; i++) sub[i] = new CommandEntry($"{name} SA {i:X2}h", CommandFlags.None, false, op, [], null);
        ServiceActions[op] = sub;
        Main[op] = new CommandEntry(name, CommandFlags.None, false, op, [], null);
        return sub;
    }

    private static void SubOp(CommandEntry[] sub, byte op, byte sa, string name, CommandHandler handler, CommandFlags flags, params byte[] usage) =>
        sub[sa] = new CommandEntry(name, flags, false, op, usage, handler);

    private static void SubNone(CommandEntry[] sub, byte op, byte sa, string name) =>
        sub[sa] = new CommandEntry(name, CommandFlags.None, false, op, [], null);
}
