using System.Globalization;

namespace SanSim.Hosts.Linux.Ext4;

/// <summary>
/// The ext4, jbd2 and buffer-layer log texts per kernel version, with the function:line tags the kernel
/// prints. Each entry names where it comes from:
/// <list type="bullet">
/// <item>4.19: the field report's nine-line block (ext4_journal_check_start:61, order superblock-write, error,
/// remount); fs/ext4/super.c __ext4_abort of that era (save_error_info before the printk, a second
/// save_error_info after "Remounting", panic text "EXT4-fs panic from previous error" when JBD2_REC_ERR is set);
/// fs/ext4/page-io.c ext4_end_bio with "(offset %llu size %ld starting block %llu)" at line 323 (a real
/// print_req_error-era log); fs/jbd2/journal.c jbd2_write_superblock "JBD2: Error %d detected when updating
/// journal superblock for %s."; mount line "... Opts: (null)".</item>
/// <item>5.10: __ext4_abort as removed by "ext4: use ext4_handle_error for aborts" (5.11): one save_error_info,
/// printk without comm, jbd2_journal_abort, then "Remounting filesystem read-only"; ext4_jbd2.c puts the
/// ext4_abort call at line 83; ext4_end_bio short form at line 348 (a real blk_update_request-era log,
/// unconfirmed against the 5.10 tree); mount line gains ". Quota mode: none.".</item>
/// <item>6.1: the reference log beside behaviour.md (ext4_journal_check_start:83 with "comm %s:", printed
/// before the superblock write as __ext4_error then ext4_handle_error do; ext4_end_bio:343; "JBD2: I/O error
/// when updating journal superblock for %s."; the follow-up "in ext4_setattr:5728: Journal has aborted");
/// panic text "EXT4-fs (device %s): panic forced after error" (ext4_handle_error).</item>
/// </list>
/// </summary>
public sealed record Ext4Messages
{
    public required KernelVersion Version { get; init; }

    /// <summary>Line of the ext4_abort call in ext4_journal_check_start (fs/ext4/ext4_jbd2.c).</summary>
    public required int JournalCheckStartLine { get; init; }

    /// <summary>Whether ext4 error lines carry "comm %s: " (__ext4_error from 5.11; ext4_abort goes through it).</summary>
    public required bool ErrorHasComm { get; init; }

    /// <summary>
    /// The abort path's order: true when the superblock is written before the "EXT4-fs error" line is printed
    /// (4.19/5.10 __ext4_abort calls save_error_info first); false when the line comes first (6.1 __ext4_error).
    /// </summary>
    public required bool SuperblockBeforeErrorLine { get; init; }

    /// <summary>4.19 writes the superblock a second time after "Remounting filesystem read-only".</summary>
    public required bool SecondSuperblockWriteAfterRemount { get; init; }

    /// <summary>Whether "EXT4-fs error" from the abort path goes through s_err_ratelimit_state (6.1 only).</summary>
    public required bool AbortErrorRatelimited { get; init; }

    /// <summary>Line of ext4_end_bio's ext4_warning (fs/ext4/page-io.c).</summary>
    public required int EndBioLine { get; init; }

    /// <summary>4.19 prints "(offset %llu size %ld starting block %llu)"; later kernels "starting block %llu)".</summary>
    public required bool EndBioHasOffsetSize { get; init; }

    /// <summary>Text after "Kernel panic - not syncing: " when errors=panic meets the aborted journal; {0} is the device.</summary>
    public required string PanicFormat { get; init; }

    /// <summary>
    /// Whether ext4_handle_error shuts the filesystem down instead of setting SB_RDONLY (Debian's 6.1.192, as
    /// observed under QEMU by .ci/kernel-harness): writes still reach ext4 and meet the aborted journal again, each
    /// ext4_handle_error prints "Remounting filesystem read-only" again, and /proc/mounts keeps showing rw.
    /// </summary>
    public bool ErrorShutsDownInsteadOfReadOnly { get; init; }

    /// <summary>The follow-up std_error of the operation that met the aborted journal, or null (6.1 reference log).</summary>
    public string? FollowUpStdErrorSite { get; init; }

    /// <summary>Whether the mount line still prints "Opts: %s" (dropped with the new mount API before 6.1).</summary>
    public required bool MountLineHasOpts { get; init; }

    /// <summary>Whether the mount line ends with ". Quota mode: none." (from 5.10).</summary>
    public required bool MountLineHasQuotaMode { get; init; }

    /// <summary>jbd2_write_superblock's failure line (journal.c); {0} is the errno (negative), {1} the journal device.</summary>
    public required string JournalSuperblockErrorFormat { get; init; }

    /// <summary>
    /// REQ_* flags jbd2 adds to REQ_SYNC|REQ_META on every journal write (log blocks, commit record, journal
    /// superblock). 6.1: REQ_IDLE, from JBD2_JOURNAL_REQ_FLAGS ("jbd2: increase the journal IO's priority"), as
    /// the 6.1 reference log prints them: flags 0x9800 on a log block, 0x29800 on the journal superblock. Other
    /// versions: none added (4.19 prints no flags).
    /// </summary>
    public BioFlags JournalRequestFlags { get; init; }

    /// <summary>
    /// REQ_* flags ext4_commit_super adds to REQ_SYNC|REQ_META|REQ_FUA. 6.1: REQ_PRIO, as the 6.1 reference log
    /// prints the superblock write: flags 0x23800. Other versions: none added.
    /// </summary>
    public BioFlags SuperblockRequestFlags { get; init; }

    public static Ext4Messages For(KernelVersion version) => version switch
    {
        KernelVersion.V4_19 => new Ext4Messages
        {
            Version = version,
            JournalCheckStartLine = 61,
            ErrorHasComm = false,
            SuperblockBeforeErrorLine = true,
            SecondSuperblockWriteAfterRemount = true,
            AbortErrorRatelimited = false,
            EndBioLine = 323,
            EndBioHasOffsetSize = true,
            PanicFormat = "EXT4-fs panic from previous error",
            MountLineHasOpts = true,
            MountLineHasQuotaMode = false,
            JournalSuperblockErrorFormat = "JBD2: Error {0} detected when updating journal superblock for {1}.",
        },
        KernelVersion.V5_10 => new Ext4Messages
        {
            Version = version,
            JournalCheckStartLine = 83,
            ErrorHasComm = false,
            SuperblockBeforeErrorLine = true,
            SecondSuperblockWriteAfterRemount = false,
            AbortErrorRatelimited = false,
            EndBioLine = 348,
            EndBioHasOffsetSize = false,
            PanicFormat = "EXT4-fs panic from previous error",
            MountLineHasOpts = true,
            MountLineHasQuotaMode = true,
            JournalSuperblockErrorFormat = "JBD2: Error {0} detected when updating journal superblock for {1}.",
        },
        KernelVersion.V6_1 => new Ext4Messages
        {
            Version = version,
            JournalCheckStartLine = 83,
            ErrorHasComm = true,
            SuperblockBeforeErrorLine = false,
            SecondSuperblockWriteAfterRemount = false,
            AbortErrorRatelimited = true,
            EndBioLine = 343,
            EndBioHasOffsetSize = false,
            PanicFormat = "EXT4-fs (device {0}): panic forced after error",
            FollowUpStdErrorSite = "ext4_setattr:5728",
            ErrorShutsDownInsteadOfReadOnly = true,
            MountLineHasOpts = false,
            MountLineHasQuotaMode = true,
            JournalSuperblockErrorFormat = "JBD2: I/O error when updating journal superblock for {1}.",
            JournalRequestFlags = BioFlags.Idle,
            SuperblockRequestFlags = BioFlags.Prio,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(version)),
    };

    /// <summary>"EXT4-fs (sdb): mounted filesystem with ordered data mode. Opts: (null)" in this version's form.</summary>
    public string MountedLine(string dev, string? opts)
    {
        string text = $"EXT4-fs ({dev}): mounted filesystem with ordered data mode.";
        if (MountLineHasOpts) text += " Opts: " + (opts ?? "(null)");
        if (MountLineHasQuotaMode) text += (MountLineHasOpts ? "." : "") + " Quota mode: none.";
        return text;
    }

    /// <summary>__ext4_abort / __ext4_error for "Detected aborted journal" from ext4_journal_check_start.</summary>
    public string DetectedAbortedJournal(string dev, string comm) =>
        $"EXT4-fs error (device {dev}): ext4_journal_check_start:{JournalCheckStartLine}: "
        + (ErrorHasComm ? $"comm {comm}: " : "") + "Detected aborted journal";

    /// <summary>ext4_end_bio's warning; bi_status is BLK_STS_IOERR (10) in every modelled version.</summary>
    public string EndBioWarning(string dev, ulong inode, ulong offset, long size, ulong startBlock) =>
        EndBioHasOffsetSize
            ? string.Create(CultureInfo.InvariantCulture,
                $"EXT4-fs warning (device {dev}): ext4_end_bio:{EndBioLine}: I/O error {BlkStsIoErr} writing to inode {inode} (offset {offset} size {size} starting block {startBlock})")
            : string.Create(CultureInfo.InvariantCulture,
                $"EXT4-fs warning (device {dev}): ext4_end_bio:{EndBioLine}: I/O error {BlkStsIoErr} writing to inode {inode} starting block {startBlock})");

    public string JournalSuperblockError(string journalDev, int errno) =>
        string.Format(CultureInfo.InvariantCulture, JournalSuperblockErrorFormat, errno, journalDev);

    public string Panic(string dev) => "Kernel panic - not syncing: " + string.Format(CultureInfo.InvariantCulture, PanicFormat, dev);

    /// <summary>BLK_STS_IOERR as ext4_end_bio prints bio->bi_status (include/linux/blk_types.h).</summary>
    public const int BlkStsIoErr = 10;

    /// <summary>fs/buffer.c buffer_io_error from end_buffer_write_sync.</summary>
    public static string LostSyncPageWrite(string dev, ulong block) =>
        string.Create(CultureInfo.InvariantCulture, $"Buffer I/O error on dev {dev}, logical block {block}, lost sync page write");

    /// <summary>fs/ext4/page-io.c buffer_io_error from ext4_finish_bio.</summary>
    public static string PageIoBufferError(string dev, ulong block) =>
        string.Create(CultureInfo.InvariantCulture, $"Buffer I/O error on device {dev}, logical block {block}");

    /// <summary>fs/jbd2/commit.c after journal_finish_inode_data_buffers fails.</summary>
    public static string FlushingFileDataError(string journalDev) =>
        $"JBD2: Detected IO errors while flushing file data on {journalDev}";

    /// <summary>fs/jbd2/journal.c jbd2_journal_abort (__journal_abort_hard in 4.19).</summary>
    public static string AbortingJournal(string journalDev) => $"Aborting journal on device {journalDev}.";

    /// <summary>fs/ext4/super.c ext4_commit_super.</summary>
    public static string SuperblockWriteError(string dev) => $"EXT4-fs ({dev}): I/O error while writing superblock";

    public static string RemountingReadOnly(string dev) => $"EXT4-fs ({dev}): Remounting filesystem read-only";

    /// <summary>__ext4_std_error with -EROFS while the journal is aborted (ext4_decode_error).</summary>
    public static string StdErrorJournalAborted(string dev, string site) =>
        $"EXT4-fs error (device {dev}) in {site}: Journal has aborted";

    /// <summary>___ratelimit's report when an interval ends with messages dropped.</summary>
    public static string CallbacksSuppressed(string name, int missed) =>
        string.Create(CultureInfo.InvariantCulture, $"{name}: {missed} callbacks suppressed");
}
