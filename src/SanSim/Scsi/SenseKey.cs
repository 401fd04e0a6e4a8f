namespace SanSim.Scsi;

/// <summary>SPC-5 sense keys (table 49); the value is the 4-bit field.</summary>
public enum SenseKey : byte
{
    NoSense = 0x0,
    RecoveredError = 0x1,
    NotReady = 0x2,
    MediumError = 0x3,
    HardwareError = 0x4,
    IllegalRequest = 0x5,
    UnitAttention = 0x6,
    DataProtect = 0x7,
    BlankCheck = 0x8,
    VendorSpecific = 0x9,
    CopyAborted = 0xA,
    AbortedCommand = 0xB,
    Reserved0C = 0xC,
    VolumeOverflow = 0xD,
    Miscompare = 0xE,
    Completed = 0xF,
}

public static class SenseKeyNames
{
    /// <summary>The sense key's name as SPC-5 writes it ("NOT READY").</summary>
    public static string T10Name(this SenseKey key) => key switch
    {
        SenseKey.NoSense => "NO SENSE",
        SenseKey.RecoveredError => "RECOVERED ERROR",
        SenseKey.NotReady => "NOT READY",
        SenseKey.MediumError => "MEDIUM ERROR",
        SenseKey.HardwareError => "HARDWARE ERROR",
        SenseKey.IllegalRequest => "ILLEGAL REQUEST",
        SenseKey.UnitAttention => "UNIT ATTENTION",
        SenseKey.DataProtect => "DATA PROTECT",
        SenseKey.BlankCheck => "BLANK CHECK",
        SenseKey.VendorSpecific => "VENDOR SPECIFIC",
        SenseKey.CopyAborted => "COPY ABORTED",
        SenseKey.AbortedCommand => "ABORTED COMMAND",
        SenseKey.Reserved0C => "RESERVED",
        SenseKey.VolumeOverflow => "VOLUME OVERFLOW",
        SenseKey.Miscompare => "MISCOMPARE",
        SenseKey.Completed => "COMPLETED",
        _ => "UNKNOWN",
    };

    /// <summary>The sense key's name as Linux's scsi_logging prints it ("Not Ready").</summary>
    public static string LinuxName(this SenseKey key) => key switch
    {
        SenseKey.NoSense => "No Sense",
        SenseKey.RecoveredError => "Recovered Error",
        SenseKey.NotReady => "Not Ready",
        SenseKey.MediumError => "Medium Error",
        SenseKey.HardwareError => "Hardware Error",
        SenseKey.IllegalRequest => "Illegal Request",
        SenseKey.UnitAttention => "Unit Attention",
        SenseKey.DataProtect => "Data Protect",
        SenseKey.BlankCheck => "Blank Check",
        SenseKey.VendorSpecific => "Vendor Specific",
        SenseKey.CopyAborted => "Copy Aborted",
        SenseKey.AbortedCommand => "Aborted Command",
        SenseKey.Reserved0C => "Equal",
        SenseKey.VolumeOverflow => "Volume Overflow",
        SenseKey.Miscompare => "Miscompare",
        SenseKey.Completed => "Completed",
        _ => "Unknown",
    };
}
