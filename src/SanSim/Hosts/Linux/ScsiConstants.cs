namespace SanSim.Hosts.Linux;

/// <summary>
/// The name tables of Linux's drivers/scsi/constants.c (CONFIG_SCSI_CONSTANTS=y, as distribution kernels
/// build): sense key names (snstext), additional sense texts (additional[] and the ranged additional2[]),
/// CDB opcode and service-action names, and the host byte names. Values are from torvalds/linux
/// drivers/scsi/constants.c as stored at commit 026f8da8 (the SPC-4 table, "asc-num.txt 20141221"), used for
/// every modelled version: the entries the simulator meets (04/xx, 29/xx, 2A/xx, 3A/xx, 3F/xx …) read the
/// same in 4.19, 5.10 and 6.1. A code that is not in the table prints as the kernel prints an unknown code.
/// </summary>
public static partial class ScsiConstants
{
    /// <summary>snstext[]: the kernel names keys 0x0–0xE; 0xF has no name (scsi_sense_key_string checks key &lt;= 0xE).</summary>
    private static readonly string[] SenseKeyText =
    [
        "No Sense", "Recovered Error", "Not Ready", "Medium Error", "Hardware Error", "Illegal Request",
        "Unit Attention", "Data Protect", "Blank Check", "Vendor Specific(9)", "Copy Aborted", "Aborted Command",
        "Equal", "Volume Overflow", "Miscompare",
    ];

    /// <summary>scsi_sense_key_string: the key's name, or null when the kernel has none.</summary>
    public static string? SenseKeyString(byte key) => key < SenseKeyText.Length ? SenseKeyText[key] : null;

    /// <summary>additional[] as a lookup, with the 5D/10–5D/6C "impending failure" rows the table spells out group by group.</summary>
    /// <remarks>Built on first use: the table lives in another part of this partial class, whose static initializers may run later.</remarks>
    private static Dictionary<ushort, string> Additional => s_additional ??= BuildAdditional();

    /// <summary>The built lookup, or null before first use.</summary>
    private static Dictionary<ushort, string>? s_additional;

    private static Dictionary<ushort, string> BuildAdditional()
    {
        var d = new Dictionary<ushort, string>();
        foreach (var (code, text) in AdditionalTable) d[code] = text;
        string[] groups = ["Hardware", "Controller", "Data channel", "Servo", "Spindle", "Firmware"];
        string[] causes =
        [
            "general hard drive failure", "drive error rate too high", "data error rate too high",
            "seek error rate too high", "too many block reassigns", "access times too high", "start unit times too high",
            "channel parametrics", "controller detected", "throughput performance", "seek time performance",
            "spin-up retry count", "drive calibration retry count",
        ];
        for (int g = 0; g < groups.Length; g++)
            for (int c = 0; c < causes.Length; c++)
                d[(ushort)(0x5D00 | ((g + 1) << 4) | c)] = $"{groups[g]} impending failure {causes[c]}";
        return d;
    }

    /// <summary>additional2[]: ranged codes printed as "text(fmt%x)" with the ASCQ.</summary>
    private static readonly (byte Asc, byte Min, byte Max, string Text, string Fmt)[] Additional2 =
    [
        (0x40, 0x00, 0x7f, "Ram failure", ""),
        (0x40, 0x80, 0xff, "Diagnostic failure on component", ""),
        (0x41, 0x00, 0xff, "Data path failure", ""),
        (0x42, 0x00, 0xff, "Power-on or self-test failure", ""),
        (0x4D, 0x00, 0xff, "Tagged overlapped commands", "task tag "),
        (0x70, 0x00, 0xff, "Decompression exception", "short algorithm id of "),
    ];

    /// <summary>scsi_extd_sense_format: the text, and the ranged format when the code comes from additional2[].</summary>
    public static string? ExtendedSenseText(byte asc, byte ascq, out string? fmt)
    {
        fmt = null;
        if (Additional.TryGetValue((ushort)((asc << 8) | ascq), out var text)) return text;
        foreach (var e in Additional2)
            if (e.Asc == asc && ascq >= e.Min && ascq <= e.Max)
            {
                fmt = e.Fmt;
                return e.Text;
            }
        return null;
    }

    /// <summary>
    /// scsi_format_extd_sense: "Add. Sense: text" or, for a code the table lacks, "ASC=0x%x ASCQ=0x%x " (with the
    /// trailing space the kernel prints, and "&lt;&lt;vendor&gt;&gt;" before a vendor-specific value).
    /// </summary>
    public static string FormatAdditionalSense(byte asc, byte ascq)
    {
        var text = ExtendedSenseText(asc, ascq, out var fmt);
        if (text is not null)
            return fmt is null ? "Add. Sense: " + text : $"Add. Sense: {text}({fmt}{ascq:x})";
        return (asc >= 0x80 ? "<<vendor>>" : "") + $"ASC=0x{asc:x} " + (ascq >= 0x80 ? "<<vendor>>" : "") + $"ASCQ=0x{ascq:x} ";
    }

    /// <summary>cdb_byte0_names[] (opcodes 00h–BFh; null where the kernel has no name).</summary>
    private static readonly string?[] CdbByte0Names =
    [
        /* 00 */ "Test Unit Ready", "Rezero Unit/Rewind", null, "Request Sense",
        /* 04 */ "Format Unit/Medium", "Read Block Limits", null, "Reassign Blocks",
        /* 08 */ "Read(6)", null, "Write(6)", "Seek(6)", null, null,
        /* 0e */ null, "Read Reverse", "Write Filemarks", "Space", "Inquiry",
        /* 13 */ "Verify(6)", "Recover Buffered Data", "Mode Select(6)", "Reserve(6)",
        /* 17 */ "Release(6)", "Copy", "Erase", "Mode Sense(6)",
        /* 1b */ "Start/Stop Unit", "Receive Diagnostic", "Send Diagnostic",
        /* 1e */ "Prevent/Allow Medium Removal", null,
        /* 20 */ null, null, null,
        /* 23 */ "Read Format Capacities", "Set Window", "Read Capacity(10)", null, null, "Read(10)",
        /* 29 */ "Read Generation", "Write(10)", "Seek(10)", "Erase(10)", "Read updated block",
        /* 2e */ "Write Verify(10)", "Verify(10)", "Search High", "Search Equal",
        /* 32 */ "Search Low", "Set Limits", "Prefetch/Read Position",
        /* 35 */ "Synchronize Cache(10)", "Lock/Unlock Cache(10)", "Read Defect Data(10)",
        /* 38 */ "Medium Scan", "Compare", "Copy Verify", "Write Buffer", "Read Buffer",
        /* 3d */ "Update Block", "Read Long(10)", "Write Long(10)",
        /* 40 */ "Change Definition", "Write Same(10)",
        /* 42 */ "Unmap/Read sub-channel", "Read TOC/PMA/ATIP", "Read density support", "Play audio(10)",
                 "Get configuration", "Play audio msf", "Sanitize/Play audio track/index",
        /* 49 */ "Play track relative(10)", "Get event status notification", "Pause/resume", "Log Select",
                 "Log Sense", "Stop play/scan", null,
        /* 50 */ "Xdwrite", "Xpwrite, Read disk info", "Xdread, Read track info", "Reserve track",
                 "Send OPC info", "Mode Select(10)",
        /* 56 */ "Reserve(10)", "Release(10)", "Repair track", "Read master cue", "Mode Sense(10)",
                 "Close track/session",
        /* 5c */ "Read buffer capacity", "Send cue sheet", "Persistent reserve in", "Persistent reserve out",
        /* 60 */ null, null, null, null, null, null, null, null,
        /* 68 */ null, null, null, null, null, null, null, null,
        /* 70 */ null, null, null, null, null, null, null, null,
        /* 78 */ null, null, null, null, null, null, "Extended CDB", "Variable length",
        /* 80 */ "Xdwrite(16)", "Rebuild(16)", "Regenerate(16)", "Third party copy out", "Third party copy in",
        /* 85 */ "ATA command pass through(16)", "Access control in", "Access control out", "Read(16)",
                 "Compare and Write",
        /* 8a */ "Write(16)", "ORWrite", "Read attributes", "Write attributes", "Write and verify(16)", "Verify(16)",
        /* 90 */ "Pre-fetch(16)", "Synchronize cache(16)", "Lock/unlock cache(16)", "Write same(16)", null,
        /* 95 */ null, null, null, null, null,
        /* 9a */ null, null, null, "Service action bidirectional", "Service action in(16)", "Service action out(16)",
        /* a0 */ "Report luns", "ATA command pass through(12)/Blank", "Security protocol in", "Maintenance in",
                 "Maintenance out", "Move medium/play audio(12)",
        /* a6 */ "Exchange medium", "Move medium attached", "Read(12)", "Play track relative(12)",
        /* aa */ "Write(12)", null, "Erase(12), Get Performance", "Read DVD structure", "Write and verify(12)",
        /* af */ "Verify(12)", "Search data high(12)", "Search data equal(12)",
        /* b2 */ "Search data low(12)", "Set limits(12)", "Read element status attached",
        /* b5 */ "Security protocol out", "Send volume tag, set streaming",
        /* b7 */ "Read defect data(12)", "Read element status", "Read CD msf",
        /* ba */ "Redundancy group (in), Scan", "Redundancy group (out), Set cd-rom speed", "Spare (in), Play cd",
        /* bd */ "Spare (out), Mechanism status", "Volume set (in), Read cd", "Volume set (out), Send DVD structure",
    ];

    /// <summary>sa_names_arr: the service-action name lists (only the opcodes a disk model sends or meets).</summary>
    private static readonly Dictionary<byte, (int Sa, string Name)[]> ServiceActionNames = new()
    {
        [0x5E] = [(0x0, "Persistent reserve in, read keys"), (0x1, "Persistent reserve in, read reservation"),
                  (0x2, "Persistent reserve in, report capabilities"), (0x3, "Persistent reserve in, read full status")],
        [0x5F] = [(0x0, "Persistent reserve out, register"), (0x1, "Persistent reserve out, reserve"),
                  (0x2, "Persistent reserve out, release"), (0x3, "Persistent reserve out, clear"),
                  (0x4, "Persistent reserve out, preempt"), (0x5, "Persistent reserve out, preempt and abort"),
                  (0x6, "Persistent reserve out, register and ignore existing key"),
                  (0x7, "Persistent reserve out, register and move")],
        [0x9E] = [(0x10, "Read capacity(16)"), (0x11, "Read long(16)"), (0x12, "Get LBA status"), (0x13, "Report referrals")],
        [0x9F] = [(0x11, "Write long(16)"), (0x1f, "Notify data transfer device(16)")],
        [0xA3] = [(0x5, "Report identifying information"), (0xa, "Report target port groups"), (0xb, "Report aliases"),
                  (0xc, "Report supported operation codes"), (0xd, "Report supported task management functions"),
                  (0xe, "Report priority"), (0xf, "Report timestamp"), (0x10, "Management protocol in")],
        [0xA4] = [(0x6, "Set identifying information"), (0xa, "Set target port groups"), (0xb, "Change aliases"),
                  (0xc, "Remove I_T nexus"), (0xe, "Set priority"), (0xf, "Set timestamp"), (0x10, "Management protocol out")],
    };

    /// <summary>scsi_format_opcode_name: the command's name as the kernel prints it before the CDB bytes.</summary>
    public static string OpcodeName(ReadOnlySpan<byte> cdb)
    {
        if (cdb.IsEmpty) return "opcode=0x0";
        byte op = cdb[0];
        int sa = cdb.Length > 1 ? cdb[1] & 0x1f : 0;
        string? name = op < CdbByte0Names.Length ? CdbByte0Names[op] : null;
        if (op < 0xC0 && ServiceActionNames.TryGetValue(op, out var list))
        {
            foreach (var (s, n) in list)
                if (s == sa) return n;
            return name is not null ? $"{name}, sa=0x{sa:x}" : $"opcode=0x{op:x}, sa=0x{sa:x}";
        }
        if (name is not null) return name;
        string text = $"opcode=0x{op:x}";
        if (op >= 0xC0) text += " (vendor)";
        else if (op >= 0x60 && op < 0x7e) text += " (reserved)";
        return text;
    }

    /// <summary>scsi_print_command for a CDB of up to 16 bytes: "CDB: Write(10) 2a 08 00 00 00 00 00 00 08 00".</summary>
    public static string FormatCdb(ReadOnlySpan<byte> cdb)
    {
        var sb = new System.Text.StringBuilder("CDB: ");
        sb.Append(OpcodeName(cdb));
        for (int i = 0; i < cdb.Length; i++)
            sb.Append(' ').Append(cdb[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    /// <summary>hostbyte_table[]: DID_* names by value.</summary>
    private static readonly string[] HostByteText =
    [
        "DID_OK", "DID_NO_CONNECT", "DID_BUS_BUSY", "DID_TIME_OUT", "DID_BAD_TARGET", "DID_ABORT", "DID_PARITY",
        "DID_ERROR", "DID_RESET", "DID_BAD_INTR", "DID_PASSTHROUGH", "DID_SOFT_ERROR", "DID_IMM_RETRY",
        "DID_REQUEUE", "DID_TRANSPORT_DISRUPTED", "DID_TRANSPORT_FAILFAST", "DID_TARGET_FAILURE",
        "DID_NEXUS_FAILURE",
    ];

    /// <summary>scsi_hostbyte_string, or "0x%02x" as scsi_print_result falls back.</summary>
    public static string HostByteString(HostByte b) => (int)b < HostByteText.Length ? HostByteText[(int)b] : $"0x{(int)b:x2}";
}

/// <summary>The SCSI host byte of a command's result (DID_*), as include/scsi/scsi.h numbers them.</summary>
public enum HostByte
{
    DidOk = 0x00,
    DidNoConnect = 0x01,
    DidBusBusy = 0x02,
    DidTimeOut = 0x03,
    DidBadTarget = 0x04,
    DidAbort = 0x05,
    DidError = 0x07,
    DidReset = 0x08,
    DidSoftError = 0x0b,
    DidImmRetry = 0x0c,
    DidRequeue = 0x0d,
    DidTransportDisrupted = 0x0e,
    DidTransportFailfast = 0x0f,
    DidTargetFailure = 0x10,
    DidNexusFailure = 0x11,
}
