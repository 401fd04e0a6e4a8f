namespace SanSim.Scsi;

/// <summary>An additional sense code and its qualifier, as one value (ASC in the high byte).</summary>
public readonly record struct AscAscq(byte Asc, byte Ascq)
{
    public ushort Value => (ushort)((Asc << 8) | Ascq);

    public override string ToString() => $"{Asc:X2}/{Ascq:X2}";

    public static readonly AscAscq NoAdditionalSenseInformation = new(0x00, 0x00);
    public static readonly AscAscq LunNotReadyCauseNotReportable = new(0x04, 0x00);
    public static readonly AscAscq LunNotReadyBecomingReady = new(0x04, 0x01);
    public static readonly AscAscq LunNotReadyInitializingCommandRequired = new(0x04, 0x02);
    public static readonly AscAscq LunNotReadyManualInterventionRequired = new(0x04, 0x03);
    public static readonly AscAscq LunNotReadyAsymmetricAccessStateTransition = new(0x04, 0x0A);
    public static readonly AscAscq LunNotSupported = new(0x25, 0x00);
    public static readonly AscAscq WriteProtected = new(0x27, 0x00);
    public static readonly AscAscq InvalidCommandOperationCode = new(0x20, 0x00);
    public static readonly AscAscq LbaOutOfRange = new(0x21, 0x00);
    public static readonly AscAscq InvalidFieldInCdb = new(0x24, 0x00);
    public static readonly AscAscq InvalidFieldInParameterList = new(0x26, 0x00);
    public static readonly AscAscq ParameterListLengthError = new(0x1A, 0x00);
    public static readonly AscAscq NotReadyToReadyChange = new(0x28, 0x00);
    public static readonly AscAscq PowerOnResetOrBusDeviceResetOccurred = new(0x29, 0x00);
    public static readonly AscAscq PowerOnOccurred = new(0x29, 0x01);
    public static readonly AscAscq ScsiBusResetOccurred = new(0x29, 0x02);
    public static readonly AscAscq BusDeviceResetFunctionOccurred = new(0x29, 0x03);
    public static readonly AscAscq ITNexusLossOccurred = new(0x29, 0x07);
    public static readonly AscAscq ModeParametersChanged = new(0x2A, 0x01);
    public static readonly AscAscq LogParametersChanged = new(0x2A, 0x02);
    public static readonly AscAscq ReservationsPreempted = new(0x2A, 0x03);
    public static readonly AscAscq ReservationsReleased = new(0x2A, 0x04);
    public static readonly AscAscq RegistrationsPreempted = new(0x2A, 0x05);
    public static readonly AscAscq AsymmetricAccessStateChanged = new(0x2A, 0x06);
    public static readonly AscAscq CapacityDataHasChanged = new(0x2A, 0x09);
    public static readonly AscAscq SavingParametersNotSupported = new(0x39, 0x00);
    public static readonly AscAscq MediumNotPresent = new(0x3A, 0x00);
    public static readonly AscAscq MediumNotPresentTrayClosed = new(0x3A, 0x01);
    public static readonly AscAscq MediumNotPresentTrayOpen = new(0x3A, 0x02);
    public static readonly AscAscq InquiryDataHasChanged = new(0x3F, 0x03);
    public static readonly AscAscq ReportedLunsDataHasChanged = new(0x3F, 0x0E);
    public static readonly AscAscq ThinProvisioningSoftThresholdReached = new(0x38, 0x07);
    public static readonly AscAscq MediumRemovalPrevented = new(0x53, 0x02);
    public static readonly AscAscq MiscompareDuringVerifyOperation = new(0x1D, 0x00);
    public static readonly AscAscq CommandsClearedByAnotherInitiator = new(0x2F, 0x00);
}
