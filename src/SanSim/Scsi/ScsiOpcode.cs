namespace SanSim.Scsi;

/// <summary>SCSI operation codes (SPC-5, SBC-4), named as T10 names them; the value is the wire byte.</summary>
public enum ScsiOpcode : byte
{
    TestUnitReady = 0x00,
    RequestSense = 0x03,
    FormatUnit = 0x04,
    Read6 = 0x08,
    Write6 = 0x0A,
    Inquiry = 0x12,
    ModeSelect6 = 0x15,
    Reserve6 = 0x16,
    Release6 = 0x17,
    ModeSense6 = 0x1A,
    StartStopUnit = 0x1B,
    ReceiveDiagnosticResults = 0x1C,
    SendDiagnostic = 0x1D,
    PreventAllowMediumRemoval = 0x1E,
    ReadCapacity10 = 0x25,
    Read10 = 0x28,
    Write10 = 0x2A,
    WriteAndVerify10 = 0x2E,
    Verify10 = 0x2F,
    PreFetch10 = 0x34,
    SynchronizeCache10 = 0x35,
    WriteBuffer = 0x3B,
    ReadBuffer = 0x3C,
    WriteSame10 = 0x41,
    Unmap = 0x42,
    LogSelect = 0x4C,
    LogSense = 0x4D,
    ModeSelect10 = 0x55,
    Reserve10 = 0x56,
    Release10 = 0x57,
    ModeSense10 = 0x5A,
    PersistentReserveIn = 0x5E,
    PersistentReserveOut = 0x5F,
    ExtendedCopy = 0x83,
    ReceiveCopyResults = 0x84,
    Read16 = 0x88,
    CompareAndWrite = 0x89,
    Write16 = 0x8A,
    WriteAndVerify16 = 0x8E,
    Verify16 = 0x8F,
    PreFetch16 = 0x90,
    SynchronizeCache16 = 0x91,
    WriteSame16 = 0x93,
    /// <summary>SERVICE ACTION IN(16): READ CAPACITY(16) is service action 10h, GET LBA STATUS 12h.</summary>
    ServiceActionIn16 = 0x9E,
    ReportLuns = 0xA0,
    /// <summary>MAINTENANCE IN: REPORT TARGET PORT GROUPS 0Ah, REPORT SUPPORTED OPERATION CODES 0Ch, REPORT SUPPORTED TMFs 0Dh, REPORT TIMESTAMP 0Fh.</summary>
    MaintenanceIn = 0xA3,
    MaintenanceOut = 0xA4,
    Read12 = 0xA8,
    Write12 = 0xAA,
    Verify12 = 0xAF,
}

/// <summary>Service actions used with <see cref="ScsiOpcode.ServiceActionIn16"/> and <see cref="ScsiOpcode.MaintenanceIn"/>.</summary>
public static class ServiceAction
{
    public const byte ReadCapacity16 = 0x10;
    public const byte GetLbaStatus = 0x12;
    public const byte ReportTargetPortGroups = 0x0A;
    public const byte ReportSupportedOperationCodes = 0x0C;
    public const byte ReportSupportedTaskManagementFunctions = 0x0D;
    public const byte ReportTimestamp = 0x0F;
}
