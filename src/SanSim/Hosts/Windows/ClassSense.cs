using SanSim.Hosts.Transport;
using SanSim.Scsi;

namespace SanSim.Hosts.Windows;

/// <summary>
/// What classpnp decides about a failed request: whether to retry and after how long, the NTSTATUS it
/// completes with, whether it sends START UNIT (DEV_SAFE_START_UNIT), and what it writes to the System log.
/// </summary>
/// <param name="Retry">ClassInterpretSenseInfo's return value.</param>
/// <param name="RetryIntervalSeconds">Its RetryInterval (seconds; 0 = at once).</param>
/// <param name="Status">The NTSTATUS name the request completes with when it is not retried.</param>
/// <param name="StartUnit">Init command required: ClassSendStartUnit is called when the disk has DEV_SAFE_START_UNIT.</param>
/// <param name="LogRetryable">logRetryableError: a retried read/write logs IO_WARNING_IO_OPERATION_RETRIED (event 153), once per request.</param>
/// <param name="LogEventId">Event id written to the System log at once (logError), or null.</param>
/// <param name="Succeeded">RECOVERED ERROR: the request is treated as successful.</param>
public readonly record struct SenseDecision(
    bool Retry,
    int RetryIntervalSeconds,
    string Status,
    bool StartUnit = false,
    bool LogRetryable = true,
    int? LogEventId = null,
    bool Succeeded = false);

/// <summary>
/// ClassInterpretSenseInfo (microsoft/Windows-driver-samples storage/class/classpnp/src/class.c), reduced to
/// the cases a SAN disk meets. Event ids are the low 16 bits of the IO_* message ids in ntiologc.h:
/// IO_ERR_BAD_BLOCK 7, IO_ERR_CONTROLLER_ERROR 11, IO_ERR_NOT_READY 15, IO_WARNING_IO_OPERATION_RETRIED 153,
/// IO_ERROR_IO_HARDWARE_ERROR 154. How a transport failure is reported by the port driver is not in classpnp:
/// a lost connection is modelled as SRB_STATUS_SELECTION_TIMEOUT and a command timeout as SRB_STATUS_TIMEOUT.
/// </summary>
public static class ClassSense
{
    /// <summary>NOT_READY_RETRY_INTERVAL (classp.h): seconds before retrying a LUN that is becoming ready.</summary>
    public const int NotReadyRetryIntervalSeconds = 10;

    public const int EventBadBlock = 7;
    public const int EventControllerError = 11;
    public const int EventNotReady = 15;
    public const int EventIoOperationRetried = 153;
    public const int EventIoHardwareError = 154;

    /// <summary>Interprets one failed attempt; <paramref name="timedOut"/> when the initiator's timer ended it (SRB_STATUS_TIMEOUT).</summary>
    public static SenseDecision Interpret(ScsiResponse response, bool timedOut, bool isWrite)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (timedOut)
            return new SenseDecision(true, 1, "STATUS_IO_TIMEOUT");
        switch (response.Outcome)
        {
            case TransportOutcome.Aborted:
                return new SenseDecision(true, 1, "STATUS_IO_TIMEOUT");
            case TransportOutcome.NoConnection:
                return new SenseDecision(false, 0, "STATUS_DEVICE_NOT_CONNECTED", LogEventId: EventNotReady);
        }
        return response.Status switch
        {
            ScsiStatus.ReservationConflict => new SenseDecision(false, 0, "STATUS_DEVICE_BUSY"),
            ScsiStatus.Busy => new SenseDecision(true, 0, "STATUS_DEVICE_NOT_READY", LogRetryable: false),
            ScsiStatus.CheckCondition => FromSense(response.Sense, isWrite),
            _ => new SenseDecision(true, 1, "STATUS_IO_DEVICE_ERROR"),
        };
    }

    private static SenseDecision FromSense(SenseInfo sense, bool isWrite)
    {
        byte asc = sense.Code.Asc, ascq = sense.Code.Ascq;
        switch (sense.Key)
        {
            case SenseKey.NoSense:
                return new SenseDecision(true, 0, "STATUS_IO_DEVICE_ERROR");
            case SenseKey.RecoveredError:
                return new SenseDecision(false, 0, "STATUS_SUCCESS", LogEventId: EventControllerError, Succeeded: true);
            case SenseKey.NotReady:
                if (asc == 0x3A) return new SenseDecision(false, 0, "STATUS_NO_MEDIA_IN_DEVICE");
                if (asc != 0x04) return new SenseDecision(true, 0, "STATUS_DEVICE_NOT_READY");
                return ascq switch
                {
                    0x01 or 0x07 => new SenseDecision(true, NotReadyRetryIntervalSeconds, "STATUS_DEVICE_NOT_READY", LogRetryable: false),
                    0x03 => new SenseDecision(false, NotReadyRetryIntervalSeconds, "STATUS_NO_MEDIA_IN_DEVICE"),
                    0x04 => new SenseDecision(false, NotReadyRetryIntervalSeconds, "STATUS_DEVICE_NOT_READY"),
                    0x08 => new SenseDecision(false, 1, "STATUS_DEVICE_NOT_READY"),
                    0x14 => new SenseDecision(true, NotReadyRetryIntervalSeconds, "STATUS_RETRY", LogRetryable: false),
                    // CAUSE NOT REPORTABLE is not retried unless the CLASS_SPECIAL_CAUSE_NOT_REPORTABLE_HACK is set.
                    0x00 => new SenseDecision(false, NotReadyRetryIntervalSeconds, "STATUS_DEVICE_NOT_READY"),
                    // INITIALIZING COMMAND REQUIRED and every other 04/xx: START UNIT, retry at once.
                    _ => new SenseDecision(true, 0, "STATUS_DEVICE_NOT_READY", StartUnit: true, LogRetryable: false),
                };
            case SenseKey.MediumError:
                return new SenseDecision(false, 0, "STATUS_DEVICE_DATA_ERROR", LogEventId: EventBadBlock);
            case SenseKey.HardwareError:
                return new SenseDecision(false, 0, "STATUS_DEVICE_HARDWARE_ERROR", LogEventId: EventIoHardwareError);
            case SenseKey.IllegalRequest:
                return new SenseDecision(false, 0, asc switch
                {
                    0x21 => "STATUS_NONEXISTENT_SECTOR",
                    0x25 => "STATUS_NO_SUCH_DEVICE",
                    _ => "STATUS_INVALID_DEVICE_REQUEST",
                });
            case SenseKey.UnitAttention:
                return asc switch
                {
                    0x28 => new SenseDecision(true, 0, "STATUS_IO_DEVICE_ERROR", LogRetryable: false),
                    0x2A when ascq == 0x09 => new SenseDecision(true, 1, "STATUS_IO_DEVICE_ERROR", LogRetryable: false),
                    0x3F when ascq == 0x01 => new SenseDecision(true, 1, "STATUS_IO_DEVICE_ERROR"),
                    0x3F => new SenseDecision(true, 5, "STATUS_IO_DEVICE_ERROR", LogRetryable: false),
                    _ => new SenseDecision(true, 0, "STATUS_IO_DEVICE_ERROR"),
                };
            case SenseKey.DataProtect:
                return new SenseDecision(false, 0, isWrite ? "STATUS_MEDIA_WRITE_PROTECTED" : "STATUS_ACCESS_DENIED");
            case SenseKey.BlankCheck:
                return new SenseDecision(false, 0, "STATUS_NO_DATA_DETECTED");
            case SenseKey.AbortedCommand:
                return new SenseDecision(true, 1, "STATUS_IO_DEVICE_ERROR");
            default:
                return new SenseDecision(true, 0, "STATUS_IO_DEVICE_ERROR");
        }
    }
}
