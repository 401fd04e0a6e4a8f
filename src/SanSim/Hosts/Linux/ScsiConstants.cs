namespace SanSim.Hosts.Linux;

/// <summary>
/// The name tables of Linux's drivers/scsi/constants.c (CONFIG_SCSI_CONSTANTS=y, as distribution kernels
/// build): sense key names (snstext), additional sense texts (additional[] and the ranged additional2[]),
/// CDB opcode and service-action names, and the host byte names. Values are from torvalds/linux
/// drivers/scsi/constants.c as stored at commit 026f8da8 (the SPC-4 table, "asc-num.txt 20141221"), used for
/// every modelled version: the entries the simulator can meet (04/xx, 29/xx, 2A/xx, 3A/xx, 3F/xx …) read the
/// same in 4.19, 5.10 and 6.1. The additional-sense table here holds the ASC groups a SAN target reports;
/// a code that is not in it prints as the kernel prints an unknown code.
/// </summary>
public static class ScsiConstants
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

    /// <summary>additional[] entries, keyed by ASC&lt;&lt;8 | ASCQ.</summary>
    private static readonly Dictionary<ushort, string> Additional = new()
    {
        [0x0000] = "No additional sense information",
        [0x0006] = "I/O process terminated",
        [0x0016] = "Operation in progress",
        [0x0017] = "Cleaning requested",
        [0x001D] = "ATA pass through information available",
        [0x0400] = "Logical unit not ready, cause not reportable",
        [0x0401] = "Logical unit is in process of becoming ready",
        [0x0402] = "Logical unit not ready, initializing command required",
        [0x0403] = "Logical unit not ready, manual intervention required",
        [0x0404] = "Logical unit not ready, format in progress",
        [0x0405] = "Logical unit not ready, rebuild in progress",
        [0x0406] = "Logical unit not ready, recalculation in progress",
        [0x0407] = "Logical unit not ready, operation in progress",
        [0x0408] = "Logical unit not ready, long write in progress",
        [0x0409] = "Logical unit not ready, self-test in progress",
        [0x040A] = "Logical unit not accessible, asymmetric access state transition",
        [0x040B] = "Logical unit not accessible, target port in standby state",
        [0x040C] = "Logical unit not accessible, target port in unavailable state",
        [0x040D] = "Logical unit not ready, structure check required",
        [0x040E] = "Logical unit not ready, security session in progress",
        [0x0410] = "Logical unit not ready, auxiliary memory not accessible",
        [0x0411] = "Logical unit not ready, notify (enable spinup) required",
        [0x0412] = "Logical unit not ready, offline",
        [0x0413] = "Logical unit not ready, SA creation in progress",
        [0x0414] = "Logical unit not ready, space allocation in progress",
        [0x0415] = "Logical unit not ready, robotics disabled",
        [0x0416] = "Logical unit not ready, configuration required",
        [0x0417] = "Logical unit not ready, calibration required",
        [0x0418] = "Logical unit not ready, a door is open",
        [0x0419] = "Logical unit not ready, operating in sequential mode",
        [0x041A] = "Logical unit not ready, start stop unit command in progress",
        [0x041B] = "Logical unit not ready, sanitize in progress",
        [0x041C] = "Logical unit not ready, additional power use not yet granted",
        [0x041D] = "Logical unit not ready, configuration in progress",
        [0x041E] = "Logical unit not ready, microcode activation required",
        [0x041F] = "Logical unit not ready, microcode download required",
        [0x0420] = "Logical unit not ready, logical unit reset required",
        [0x0421] = "Logical unit not ready, hard reset required",
        [0x0422] = "Logical unit not ready, power cycle required",
        [0x0500] = "Logical unit does not respond to selection",
        [0x0800] = "Logical unit communication failure",
        [0x0801] = "Logical unit communication time-out",
        [0x0802] = "Logical unit communication parity error",
        [0x0C00] = "Write error",
        [0x1100] = "Unrecovered read error",
        [0x1A00] = "Parameter list length error",
        [0x1D00] = "Miscompare during verify operation",
        [0x2000] = "Invalid command operation code",
        [0x2100] = "Logical block address out of range",
        [0x2101] = "Invalid element address",
        [0x2400] = "Invalid field in cdb",
        [0x2500] = "Logical unit not supported",
        [0x2600] = "Invalid field in parameter list",
        [0x2601] = "Parameter not supported",
        [0x2602] = "Parameter value invalid",
        [0x2603] = "Threshold parameters not supported",
        [0x2604] = "Invalid release of persistent reservation",
        [0x2700] = "Write protected",
        [0x2701] = "Hardware write protected",
        [0x2702] = "Logical unit software write protected",
        [0x2703] = "Associated write protect",
        [0x2704] = "Persistent write protect",
        [0x2705] = "Permanent write protect",
        [0x2706] = "Conditional write protect",
        [0x2707] = "Space allocation failed write protect",
        [0x2800] = "Not ready to ready change, medium may have changed",
        [0x2900] = "Power on, reset, or bus device reset occurred",
        [0x2901] = "Power on occurred",
        [0x2902] = "Scsi bus reset occurred",
        [0x2903] = "Bus device reset function occurred",
        [0x2904] = "Device internal reset",
        [0x2905] = "Transceiver mode changed to single-ended",
        [0x2906] = "Transceiver mode changed to lvd",
        [0x2907] = "I_T nexus loss occurred",
        [0x2A00] = "Parameters changed",
        [0x2A01] = "Mode parameters changed",
        [0x2A02] = "Log parameters changed",
        [0x2A03] = "Reservations preempted",
        [0x2A04] = "Reservations released",
        [0x2A05] = "Registrations preempted",
        [0x2A06] = "Asymmetric access state changed",
        [0x2A07] = "Implicit asymmetric access state transition failed",
        [0x2A08] = "Priority changed",
        [0x2A09] = "Capacity data has changed",
        [0x2A10] = "Timestamp changed",
        [0x2A15] = "Medium removal prevention preempted",
        [0x2C00] = "Command sequence error",
        [0x2C09] = "Previous reservation conflict status",
        [0x2F00] = "Commands cleared by another initiator",
        [0x2F01] = "Commands cleared by power loss notification",
        [0x2F02] = "Commands cleared by device server",
        [0x2F03] = "Some commands cleared by queuing layer event",
        [0x3800] = "Event status notification",
        [0x3807] = "Thin Provisioning soft threshold reached",
        [0x3900] = "Saving parameters not supported",
        [0x3A00] = "Medium not present",
        [0x3A01] = "Medium not present - tray closed",
        [0x3A02] = "Medium not present - tray open",
        [0x3A03] = "Medium not present - loadable",
        [0x3A04] = "Medium not present - medium auxiliary memory accessible",
        [0x3E00] = "Logical unit has not self-configured yet",
        [0x3E01] = "Logical unit failure",
        [0x3E02] = "Timeout on logical unit",
        [0x3E03] = "Logical unit failed self-test",
        [0x3E04] = "Logical unit unable to update self-test log",
        [0x3F00] = "Target operating conditions have changed",
        [0x3F01] = "Microcode has been changed",
        [0x3F02] = "Changed operating definition",
        [0x3F03] = "Inquiry data has changed",
        [0x3F04] = "Component device attached",
        [0x3F05] = "Device identifier changed",
        [0x3F06] = "Redundancy group created or modified",
        [0x3F07] = "Redundancy group deleted",
        [0x3F08] = "Spare created or modified",
        [0x3F09] = "Spare deleted",
        [0x3F0A] = "Volume set created or modified",
        [0x3F0B] = "Volume set deleted",
        [0x3F0C] = "Volume set deassigned",
        [0x3F0D] = "Volume set reassigned",
        [0x3F0E] = "Reported luns data has changed",
        [0x3F0F] = "Echo buffer overwritten",
        [0x3F10] = "Medium loadable",
        [0x3F11] = "Medium auxiliary memory accessible",
        [0x3F12] = "iSCSI IP address added",
        [0x3F13] = "iSCSI IP address removed",
        [0x3F14] = "iSCSI IP address changed",
        [0x3F15] = "Inspect referrals sense descriptors",
        [0x3F16] = "Microcode has been changed without reset",
        [0x4300] = "Message error",
        [0x4400] = "Internal target failure",
        [0x4401] = "Persistent reservation information lost",
        [0x4700] = "Scsi parity error",
        [0x4701] = "Data phase CRC error detected",
        [0x4703] = "Information unit iuCRC error detected",
        [0x477F] = "Some commands cleared by iSCSI Protocol event",
        [0x4800] = "Initiator detected error message received",
        [0x4900] = "Invalid message error",
        [0x4B00] = "Data phase error",
        [0x4B01] = "Invalid target port transfer tag received",
        [0x4B02] = "Too much write data",
        [0x4B03] = "Ack/nak timeout",
        [0x4B04] = "Nak received",
        [0x4B05] = "Data offset error",
        [0x4B06] = "Initiator response timeout",
        [0x4B07] = "Connection lost",
        [0x4E00] = "Overlapped commands attempted",
        [0x5300] = "Media load or eject failed",
        [0x5302] = "Medium removal prevented",
        [0x5500] = "System resource failure",
        [0x5502] = "Insufficient reservation resources",
        [0x5503] = "Insufficient resources",
        [0x5504] = "Insufficient registration resources",
        [0x5D00] = "Failure prediction threshold exceeded",
        [0x5DFF] = "Failure prediction threshold exceeded (false)",
        [0x5E00] = "Low power condition on",
        [0x6800] = "Logical unit not configured",
    };

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
