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
    ReadDefectData10 = 0x37,
    WriteBuffer = 0x3B,
    ReadBuffer = 0x3C,
    WriteSame10 = 0x41,
    Unmap = 0x42,
    /// <summary>READ TOC/PMA/ATIP (MMC, CD-ROM LUNs).</summary>
    ReadTocPmaAtip = 0x43,
    /// <summary>GET CONFIGURATION (MMC, CD-ROM LUNs).</summary>
    GetConfiguration = 0x46,
    /// <summary>GET EVENT STATUS NOTIFICATION (MMC, CD-ROM LUNs).</summary>
    GetEventStatusNotification = 0x4A,
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
    /// <summary>READ BUFFER(16): the MODE field (byte 1, bits 4-0) is handled as a service action.</summary>
    ReadBuffer16 = 0x9B,
    WriteAtomic16 = 0x9C,
    /// <summary>SERVICE ACTION IN(16): READ CAPACITY(16) is service action 10h, GET LBA STATUS 12h.</summary>
    ServiceActionIn16 = 0x9E,
    ReportLuns = 0xA0,
    /// <summary>MAINTENANCE IN: REPORT TARGET PORT GROUPS 0Ah, REPORT SUPPORTED OPERATION CODES 0Ch, REPORT SUPPORTED TMFs 0Dh, REPORT TIMESTAMP 0Fh.</summary>
    MaintenanceIn = 0xA3,
    MaintenanceOut = 0xA4,
    Read12 = 0xA8,
    Write12 = 0xAA,
    WriteAndVerify12 = 0xAE,
    Verify12 = 0xAF,
    ReadDefectData12 = 0xB7,
    /// <summary>MECHANISM STATUS (MMC, CD-ROM LUNs).</summary>
    MechanismStatus = 0xBD,
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

    /// <summary>MAINTENANCE OUT: SET TARGET PORT GROUPS and SET TIMESTAMP.</summary>
    public const byte SetTargetPortGroups = 0x0A;
    public const byte SetTimestamp = 0x0F;

    /// <summary>PERSISTENT RESERVE IN service actions (SPC-5 6.15).</summary>
    public const byte PrInReadKeys = 0x00;
    public const byte PrInReadReservation = 0x01;
    public const byte PrInReportCapabilities = 0x02;
    public const byte PrInReadFullStatus = 0x03;

    /// <summary>PERSISTENT RESERVE OUT service actions (SPC-5 6.16).</summary>
    public const byte PrOutRegister = 0x00;
    public const byte PrOutReserve = 0x01;
    public const byte PrOutRelease = 0x02;
    public const byte PrOutClear = 0x03;
    public const byte PrOutPreempt = 0x04;
    public const byte PrOutPreemptAndAbort = 0x05;
    public const byte PrOutRegisterAndIgnoreExistingKey = 0x06;
    public const byte PrOutRegisterAndMove = 0x07;

    /// <summary>READ BUFFER / WRITE BUFFER MODE values that CTL accepts (handled as service actions).</summary>
    public const byte BufferData = 0x02;
    public const byte BufferDescriptor = 0x03;
    public const byte BufferEchoDescriptor = 0x0B;

    /// <summary>EXTENDED COPY (83h) service actions.</summary>
    public const byte ExtendedCopyLid1 = 0x00;
    public const byte ExtendedCopyLid4 = 0x01;
    public const byte PopulateToken = 0x10;
    public const byte WriteUsingToken = 0x11;
    public const byte CopyOperationAbort = 0x1C;

    /// <summary>RECEIVE COPY RESULTS (84h) service actions.</summary>
    public const byte ReceiveCopyStatusLid1 = 0x00;
    public const byte ReceiveCopyOperatingParameters = 0x03;
    public const byte ReceiveCopyFailureDetailsLid1 = 0x04;
    public const byte ReceiveCopyStatusLid4 = 0x05;
    public const byte ReceiveRodTokenInformation = 0x07;
    public const byte ReportAllRodTokens = 0x08;
}
