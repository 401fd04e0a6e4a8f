namespace SanSim.Hosts.Linux;

/// <summary>How the block layer names a failed request in the kernel log.</summary>
public enum BlockErrorFormat
{
    /// <summary>4.19 print_req_error: "print_req_error: I/O error, dev sdb, sector 0".</summary>
    PrintReqError,
    /// <summary>5.x print_req_error called from blk_update_request: "blk_update_request: I/O error, dev …, sector N op 0x1:(WRITE) flags 0x800 phys_seg 1 prio class 0".</summary>
    BlkUpdateRequest,
    /// <summary>6.x blk_print_req_error: "I/O error, dev …, sector N op 0x1:(WRITE) flags 0x0 phys_seg 1 prio class 2".</summary>
    Plain,
}

/// <summary>
/// What differs between the modelled kernel versions in the SCSI midlayer, sd and the block layer. Each value
/// names its source; the stored torvalds/linux copy is one version, the others come from the stable patches
/// and the logs beside behaviour.md.
/// </summary>
public sealed class KernelTraits
{
    public required KernelVersion Version { get; init; }

    /// <summary>
    /// scsi_io_completion_action, NOT READY with ASC 04: the ASCQs retried after a delay (ACTION_DELAYED_RETRY).
    /// 4.19: 01 04 05 06 07 08 09 14 1A 1B, the context of the 4.19 stable backport of 104739aca448 ("[PATCH 4.19
    /// 001/421] scsi: core: Retry I/O for Notify (Enable Spinup) Required error"), which adds 11 (4.19.198).
    /// 5.10: as the 5.13-era scsi_lib.c lists them (… 1A 1B 1D 24) with 11 from the same backport ("[PATCH 5.10 593/593]").
    /// 6.1: behaviour.md §4 (01 04 05 06 07 08 09 11 14 1A 1B 1D); 24 and 25 came and went again in 6.1 stable
    /// (sanitize++ backport, then "Depopulation might take many hours" in 2025), so the current 6.1 fails them.
    /// </summary>
    public required IReadOnlySet<byte> NotReadyDelayedRetryAscqs { get; init; }

    /// <summary>
    /// NOT READY 04/0A (ALUA transition) is re-prepared after ALUA_TRANSITION_REPREP_DELAY (1 s) in 6.1 (behaviour.md §4,
    /// the 6.x stable context). 4.19 fails it; the 5.13-era source fails it too (with BLK_STS_AGAIN for dm-multipath).
    /// </summary>
    public required bool AluaTransitionReprep { get; init; }

    /// <summary>scsi_print_result prints " cmd_age=%lus" (from 5.4: "driverbyte=%s " then "cmd_age=%lus").</summary>
    public required bool ResultHasCmdAge { get; init; }

    /// <summary>The driver byte is gone and printed as the constant "DRIVER_OK" (5.14+); before, a CHECK CONDITION result carries DRIVER_SENSE.</summary>
    public required bool DriverByteAlwaysOk { get; init; }

    public required BlockErrorFormat BlockError { get; init; }

    /// <summary>"prio class %u": IOPRIO_PRIO_CLASS(req->ioprio); 0 in 5.10, 2 (BE, the default class) in the 6.1 log.</summary>
    public required int PrioClass { get; init; }

    /// <summary>
    /// "timing out command, waited %lus" from scsi_softirq_done / scsi_complete (a retry decided past the runtime
    /// bound): sdev_printk in 4.19, scmd_printk (with "[sdb] tag#N") from 5.4 ("scsi: use scmd_printk() to print
    /// which command timed out", 2019-07).
    /// </summary>
    public required bool RuntimeExceededUsesScmdPrintk { get; init; }

    /// <summary>
    /// scsi_io_completion_action prints the same line when it gives up a delayed retry past the bound: from 5.11
    /// (scsi_cmd_runtime_exceeced, "scsi: Add limitless cmd retry support", 2020-10); 4.19 and 5.10 give up silently.
    /// </summary>
    public required bool RuntimeExceededPrintedByIoCompletion { get; init; }

    /// <summary>
    /// scsi_report_sense's 3F/0E and other 3F lines begin "Warning! Received an indication that the " before the
    /// shortening that 6.1 carries; the long form overflows the 128-byte log buffer (a 5.x kernel printed
    /// "… The Linux SCSI layer does not automatical", quoted in "[PATCH] scsi: Enlarge log buffer length to 256", 2022-06).
    /// </summary>
    public required bool LongOperatingParameterWarnings { get; init; }

    /// <summary>
    /// "rejecting I/O to offline device" once per offline period (sdev->offline_already, 2020, in 5.10 and 6.1's
    /// scsi_device_state_check); 4.19's scsi_prep_state_check prints it for every request.
    /// </summary>
    public required bool RejectingIoPrintedOnce { get; init; }

    /// <summary>The ratelimit name of the block layer's error line (the function that holds printk_ratelimited).</summary>
    public required string BlockErrorRatelimitName { get; init; }

    /// <summary>
    /// REQ_* bit numbers above REQ_OP_BITS (8) from include/linux/blk_types.h enum req_flag_bits, equal in 5.10
    /// and 6.1 for the flags a filesystem sets: SYNC 11, META 12, PRIO 13, IDLE 15, FUA 17, PREFLUSH 18.
    /// The 6.1 log's flags 0x9800, 0x29800 and 0x23800 decode with them. 4.19 prints no flags.
    /// </summary>
    public static uint RequestFlags(BioFlags flags)
    {
        uint v = 0;
        if (flags.HasFlag(BioFlags.Sync)) v |= 1u << 11;
        if (flags.HasFlag(BioFlags.Meta)) v |= 1u << 12;
        if (flags.HasFlag(BioFlags.Prio)) v |= 1u << 13;
        if (flags.HasFlag(BioFlags.Idle)) v |= 1u << 15;
        if (flags.HasFlag(BioFlags.Fua)) v |= 1u << 17;
        if (flags.HasFlag(BioFlags.Preflush)) v |= 1u << 18;
        return v;
    }

    private static readonly byte[] CommonDelayedRetry = [0x01, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x11, 0x14, 0x1A, 0x1B];

    public static readonly KernelTraits V4_19 = new()
    {
        Version = KernelVersion.V4_19,
        NotReadyDelayedRetryAscqs = new HashSet<byte>(CommonDelayedRetry),
        AluaTransitionReprep = false,
        ResultHasCmdAge = false,
        DriverByteAlwaysOk = false,
        BlockError = BlockErrorFormat.PrintReqError,
        PrioClass = 0,
        RuntimeExceededUsesScmdPrintk = false,
        RuntimeExceededPrintedByIoCompletion = false,
        BlockErrorRatelimitName = "print_req_error",
        LongOperatingParameterWarnings = true,
        RejectingIoPrintedOnce = false,
    };

    public static readonly KernelTraits V5_10 = new()
    {
        Version = KernelVersion.V5_10,
        NotReadyDelayedRetryAscqs = new HashSet<byte>([.. CommonDelayedRetry, 0x1D, 0x24]),
        AluaTransitionReprep = false,
        ResultHasCmdAge = true,
        DriverByteAlwaysOk = false,
        BlockError = BlockErrorFormat.BlkUpdateRequest,
        PrioClass = 0,
        RuntimeExceededUsesScmdPrintk = true,
        RuntimeExceededPrintedByIoCompletion = false,
        BlockErrorRatelimitName = "print_req_error",
        LongOperatingParameterWarnings = true,
        RejectingIoPrintedOnce = true,
    };

    public static readonly KernelTraits V6_1 = new()
    {
        Version = KernelVersion.V6_1,
        NotReadyDelayedRetryAscqs = new HashSet<byte>([.. CommonDelayedRetry, 0x1D]),
        AluaTransitionReprep = true,
        ResultHasCmdAge = true,
        DriverByteAlwaysOk = true,
        BlockError = BlockErrorFormat.Plain,
        PrioClass = 2,
        RuntimeExceededUsesScmdPrintk = true,
        RuntimeExceededPrintedByIoCompletion = true,
        BlockErrorRatelimitName = "blk_print_req_error",
        LongOperatingParameterWarnings = false,
        RejectingIoPrintedOnce = true,
    };

    public static KernelTraits For(KernelVersion v) => v switch
    {
        KernelVersion.V4_19 => V4_19,
        KernelVersion.V5_10 => V5_10,
        KernelVersion.V6_1 => V6_1,
        _ => throw new ArgumentOutOfRangeException(nameof(v)),
    };
}
