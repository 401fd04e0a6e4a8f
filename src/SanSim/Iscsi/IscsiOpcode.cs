namespace SanSim.Iscsi;

/// <summary>iSCSI PDU opcodes (RFC 7143 §11.2.1.2), by their wire value in the low six bits of byte 0.</summary>
public enum IscsiOpcode : byte
{
    NopOut = 0x00,
    ScsiCommand = 0x01,
    TaskManagementRequest = 0x02,
    LoginRequest = 0x03,
    TextRequest = 0x04,
    DataOut = 0x05,
    LogoutRequest = 0x06,
    Snack = 0x10,
    NopIn = 0x20,
    ScsiResponse = 0x21,
    TaskManagementResponse = 0x22,
    LoginResponse = 0x23,
    TextResponse = 0x24,
    DataIn = 0x25,
    LogoutResponse = 0x26,
    ReadyToTransfer = 0x31,
    AsyncMessage = 0x32,
    Reject = 0x3F,
}

/// <summary>Reject reasons (RFC 7143 §11.17.1).</summary>
public enum RejectReason : byte
{
    DataDigestError = 0x02,
    SnackReject = 0x03,
    ProtocolError = 0x04,
    CommandNotSupported = 0x05,
    ImmediateCommandReject = 0x06,
    TaskInProgress = 0x07,
    InvalidDataAck = 0x08,
    InvalidPduField = 0x09,
    OutOfResources = 0x0A,
    WaitingForLogout = 0x0C,
}

/// <summary>Task management function codes (RFC 7143 §11.5.1).</summary>
public enum TaskFunction : byte
{
    AbortTask = 1,
    AbortTaskSet = 2,
    ClearAca = 3,
    ClearTaskSet = 4,
    LogicalUnitReset = 5,
    TargetWarmReset = 6,
    TargetColdReset = 7,
    TaskReassign = 8,
}

/// <summary>Task management response codes (RFC 7143 §11.6.1).</summary>
public enum TaskResponse : byte
{
    FunctionComplete = 0,
    TaskDoesNotExist = 1,
    LunDoesNotExist = 2,
    TaskStillAllegiant = 3,
    ReassignmentNotSupported = 4,
    NotSupported = 5,
    AuthorizationFailed = 6,
    /// <summary>Function succeeded (QUERY TASK found the task; RFC 7143).</summary>
    FunctionSucceeded = 7,
    Rejected = 255,
}
