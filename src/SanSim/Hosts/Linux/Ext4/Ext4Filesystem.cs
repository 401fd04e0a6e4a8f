using SanSim.Engine;

namespace SanSim.Hosts.Linux.Ext4;

/// <summary>
/// An ext4 filesystem with its internal jbd2 journal (ordered data mode) over a Linux block device, logging
/// what the kernel of <see cref="KernelVersion"/> logs. An application writes one block of a file
/// (inode 12) every <see cref="Ext4MountOptions.WriteEvery"/>; jbd2 commits the running transaction
/// <see cref="Ext4MountOptions.CommitInterval"/> after it started: file data first, then descriptor and
/// metadata blocks, then the commit block (PREFLUSH|FUA). A failed journal write aborts the journal; the next
/// ext4 operation notices it, writes the superblock (FUA) and remounts read-only as the version does.
/// Every log line is written straight from the bio completion that caused it, so it follows the block
/// device's own lines for that bio.
/// Not modelled: checkpointing (metadata is only ever written to the journal, which wraps), reads of file
/// data, fsync, data_err=abort, and the on-disk format itself (blocks carry seeded random bytes; only the
/// acknowledged-sector map gives them meaning).
/// </summary>
public sealed partial class Ext4Filesystem
{
    private const int JournalMetadataBlocks = 4;

    private readonly Simulation _sim;
    private readonly HostLog _log;
    private readonly IBlockDevice _device;
    private readonly SimRandom _random;
    private readonly IExt4Events? _events;
    private readonly PrintkSites _sites;

    /// <summary>s_err_ratelimit_state ("EXT4-fs error"), 5 s / 10 as ext4_fill_super sets it at every mount.</summary>
    private PrintkRatelimit _errRatelimit = new();
    /// <summary>s_warning_ratelimit_state ("EXT4-fs warning").</summary>
    private PrintkRatelimit _warningRatelimit = new();
    /// <summary>s_msg_ratelimit_state ("EXT4-fs").</summary>
    private PrintkRatelimit _msgRatelimit = new();

    /// <summary>Last acknowledged content of every sector the filesystem wrote successfully.</summary>
    private readonly SectorContentMap _acknowledged = new(Bio.SectorSize);

    /// <summary>
    /// Dirty file blocks of the running transaction: filesystem block → (file block, its data). A block's seeded
    /// bytes are drawn when it is written out, from a fork of the stream taken when the application wrote it (the
    /// stream skips past them then), so they are the bytes the write drew without a page held per dirty block.
    /// </summary>
    private readonly SortedDictionary<ulong, (ulong FileBlock, SimRandom Data)> _running = new();

    /// <summary>Bumped at every mount and unmount so timers of an earlier mount do nothing.</summary>
    private int _generation;
    private ScheduledEvent? _commitTimer;
    private ScheduledEvent? _writerTimer;
    private bool _committing;
    private bool _commitWanted;
    private ulong _nextFileBlock;
    private ulong _journalHead = 1;
    private bool _opInFlight;
    /// <summary>Trace id of the mount, the cause of routine commits and writes.</summary>
    private long _mountTraceId;

    public Ext4Filesystem(Simulation simulation, HostLog log, IBlockDevice device, KernelVersion version,
        SimRandom random, IExt4Events? events = null, PrintkSites? sites = null)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(random);
        _sim = simulation;
        _log = log;
        _device = device;
        _random = random;
        _events = events;
        _sites = sites ?? new PrintkSites();
        Version = version;
        Messages = Ext4Messages.For(version);
    }

    public KernelVersion Version { get; }
    public Ext4Messages Messages { get; }

    /// <summary>The block device's name, ext4's s_id ("sdb").</summary>
    public string DeviceName => _device.Name;

    /// <summary>jbd2's j_devname: "%s-%d" of the device and the journal inode ("sdb-8").</summary>
    public string JournalDeviceName => $"{_device.Name}-{Ext4Geometry.JournalInode}";

    /// <summary>Layout chosen by <see cref="Mkfs"/>; null before.</summary>
    public Ext4Geometry? Geometry { get; private set; }

    public Ext4MountOptions Options { get; private set; } = new();

    public Ext4MountState State { get; private set; } = Ext4MountState.Unmounted;

    /// <summary>JBD2_ABORT on the mounted journal.</summary>
    public bool JournalAborted { get; private set; }

    /// <summary>EXT4_MF_FS_ABORTED: the filesystem was forced read-only; remount,rw is refused until unmounted.</summary>
    public bool FsAborted { get; private set; }

    /// <summary>EXT4_ERROR_FS recorded: e2fsck has work to do.</summary>
    public bool ErrorsRecorded { get; private set; }

    /// <summary>Writes completed with status 0 (bios).</summary>
    public int BiosAcknowledged { get; private set; }

    /// <summary>Bios completed with an error.</summary>
    public int BiosFailed { get; private set; }

    /// <summary>Application writes accepted into the page cache.</summary>
    public int WritesAccepted { get; private set; }

    /// <summary>Application writes refused with EROFS.</summary>
    public int WritesRefused { get; private set; }

    /// <summary>Sectors whose acknowledged content is known.</summary>
    public int AcknowledgedSectorCount => _acknowledged.Count;

    /// <summary>A copy of the acknowledged sector map, for the simulator's read-back invariant.</summary>
    public IReadOnlyDictionary<ulong, byte[]> AcknowledgedSectors()
    {
        var copy = new Dictionary<ulong, byte[]>(_acknowledged.Count);
        foreach (ulong sector in _acknowledged.Keys)
            copy.Add(sector, _acknowledged[sector].ToArray());
        return copy;
    }

    /// <summary>
    /// The acknowledged sector map itself, read without copying: each sector's 512 bytes as last acknowledged.
    /// It changes as the filesystem writes, so read it between scheduler events.
    /// </summary>
    public SectorContentMap Acknowledged => _acknowledged;

    /// <summary>
    /// mkfs.ext4: picks the layout mke2fs would for the device. Returns 0, -EBUSY when mounted, or -EINVAL when
    /// the device is too small for a journalled filesystem. The model writes nothing: the device is assumed
    /// formatted before the run.
    /// </summary>
    public int Mkfs(long causeId = 0)
    {
        if (State != Ext4MountState.Unmounted) return -Errno.EBUSY;
        var g = Ext4Geometry.ForDevice(_device.SectorCount, logicalBlockSize: _device.LogicalBlockSize);
        if (g is null) return -Errno.EINVAL;
        Geometry = g;
        JournalAborted = FsAborted = ErrorsRecorded = false;
        _acknowledged.Clear();
        _nextFileBlock = 0;
        _journalHead = 1;
        _sim.Trace.Record(TraceKind.StateChange, _log.Source,
            $"mkfs.ext4 {DeviceName}: {g.BlockCount} blocks of {g.BlockSize} ({g.UsageType}), journal at {g.JournalStartBlock}", causeId);
        return 0;
    }

    /// <summary>
    /// mount: reads the superblock; on success the filesystem is read-write, the kernel prints its mount line and
    /// the application starts writing. Returns 0 when started, -EBUSY when mounted, -EINVAL without a filesystem;
    /// <paramref name="done"/> gets 0 or the mount's error (-EINVAL when the superblock cannot be read).
    /// </summary>
    public int Mount(Ext4MountOptions? options = null, long causeId = 0, Action<int>? done = null)
    {
        if (State != Ext4MountState.Unmounted) return -Errno.EBUSY;
        if (Geometry is null) return -Errno.EINVAL;
        var g = Geometry;
        Options = options ?? new Ext4MountOptions();
        int gen = ++_generation;
        Submit(Ext4IoKind.Read, BioOp.Read, g.SuperblockSector, new byte[g.BlockSize], BioFlags.Meta, causeId, (errno, decidedBy) =>
        {
            if (gen != _generation || State != Ext4MountState.Unmounted) return;
            if (errno != 0)
            {
                LogMsg($"EXT4-fs ({DeviceName}): unable to read superblock", decidedBy);
                done?.Invoke(-Errno.EINVAL);
                return;
            }
            JournalAborted = false;
            FsAborted = false;
            _errRatelimit = new PrintkRatelimit();
            _warningRatelimit = new PrintkRatelimit();
            _msgRatelimit = new PrintkRatelimit();
            _running.Clear();
            _committing = _commitWanted = _opInFlight = false;
            // ext4_setup_super updates the mount count and writes the superblock before fill_super prints its
            // line; a failed write is reported but does not fail the mount.
            WriteSuperblock(decidedBy, (_, _) =>
            {
                if (gen != _generation || State != Ext4MountState.Unmounted) return;
                long line = LogMsg(Messages.MountedLine(DeviceName, Options.OptionText), causeId);
                _mountTraceId = SetState(Ext4MountState.ReadWrite, "mounted", line);
                if (Options.WriteEvery is { } every) ScheduleWriter(gen, every);
                done?.Invoke(0);
            });
        });
        return 0;
    }

    /// <summary>
    /// mount -o remount: to read-write is refused with -EROFS once the filesystem was aborted (ext4_remount checks
    /// EXT4_MF_FS_ABORTED); -EINVAL when not mounted.
    /// </summary>
    public int Remount(bool readWrite, long causeId = 0)
    {
        if (State is Ext4MountState.Unmounted or Ext4MountState.Panicked) return -Errno.EINVAL;
        if (readWrite)
        {
            if (State == Ext4MountState.ReadWrite) return 0;
            if (FsAborted) return -Errno.EROFS;
            SetState(Ext4MountState.ReadWrite, "remounted rw", causeId);
            return 0;
        }
        if (State == Ext4MountState.ReadOnly) return 0;
        SetState(Ext4MountState.ReadOnly, "remounted ro", causeId);
        return 0;
    }

    /// <summary>
    /// umount: stops the application; a clean read-write filesystem commits what is pending and writes its
    /// superblock. Returns 0 or -EINVAL when not mounted.
    /// </summary>
    public int Umount(long causeId = 0)
    {
        if (State is Ext4MountState.Unmounted or Ext4MountState.Panicked) return -Errno.EINVAL;
        bool clean = State == Ext4MountState.ReadWrite && !JournalAborted;
        CancelTimers();
        _generation++;
        if (clean)
        {
            var pending = _running.Select(kv => (kv.Key, kv.Value.FileBlock, kv.Value.Data)).ToList();
            _running.Clear();
            if (pending.Count > 0) WriteDataBlocks(pending, causeId, _ => { });
            WriteSuperblock(causeId, (_, _) => { });
        }
        _running.Clear();
        SetState(Ext4MountState.Unmounted, "unmounted", causeId);
        return 0;
    }

    /// <summary>
    /// The kernel died under the filesystem (another filesystem's errors=panic): nothing runs any more, later
    /// completions are ignored, and a mounted filesystem's state becomes <see cref="Ext4MountState.Panicked"/>.
    /// </summary>
    public void Halt(long causeId = 0)
    {
        CancelTimers();
        _generation++;
        if (State is Ext4MountState.ReadWrite or Ext4MountState.ReadOnly)
            SetState(Ext4MountState.Panicked, "kernel panic", causeId);
    }

    /// <summary>
    /// e2fsck -p on the unmounted device: replays or discards the aborted journal, clears the recorded errors and
    /// writes the superblock. Logs nothing in the kernel log. <paramref name="done"/> gets exit code 0 (clean),
    /// 1 (errors corrected) or 8 (operational error: mounted, or the device failed).
    /// </summary>
    public void Fsck(Action<Ext4FsckResult> done, long causeId = 0)
    {
        ArgumentNullException.ThrowIfNull(done);
        if (State != Ext4MountState.Unmounted || Geometry is null)
        {
            done(new Ext4FsckResult(8, false, false, State != Ext4MountState.Unmounted ? $"{DeviceName} is mounted." : "no filesystem"));
            return;
        }
        var g = Geometry;
        Submit(Ext4IoKind.Read, BioOp.Read, g.SuperblockSector, new byte[g.BlockSize], BioFlags.Meta, causeId, (errno, decidedBy) =>
        {
            if (errno != 0)
            {
                done(new Ext4FsckResult(8, false, false, "Attempt to read block from filesystem resulted in short read"));
                return;
            }
            bool recovered = JournalAborted;
            bool corrected = ErrorsRecorded || FsAborted || JournalAborted;
            WriteSuperblock(decidedBy, (werr, _) =>
            {
                if (werr != 0)
                {
                    done(new Ext4FsckResult(8, false, false, "unable to set superblock flags"));
                    return;
                }
                JournalAborted = FsAborted = ErrorsRecorded = false;
                _sim.Trace.Record(TraceKind.StateChange, _log.Source, $"e2fsck {DeviceName}: " + (corrected ? "errors corrected" : "clean"), causeId);
                done(new Ext4FsckResult(corrected ? 1 : 0, recovered, corrected, corrected ? "FILE SYSTEM WAS MODIFIED" : "clean"));
            });
        });
    }

    /// <summary>
    /// The application writes the next block of its file (buffered). <paramref name="done"/> gets 0, -EROFS when
    /// the filesystem is read-only or its journal is aborted (after ext4 has handled the abort), -EBUSY while an
    /// earlier write is still blocked, or -EINVAL when not mounted.
    /// </summary>
    public void Write(long causeId = 0, Action<int>? done = null)
    {
        if (State is Ext4MountState.Unmounted or Ext4MountState.Panicked) { done?.Invoke(-Errno.EINVAL); return; }
        if (_opInFlight) { done?.Invoke(-Errno.EBUSY); return; }
        // ext4_journal_check_start: a read-only filesystem refuses quietly. A 6.1 filesystem that went read-only
        // on an error is shut down, not SB_RDONLY, so each write meets the aborted journal again.
        bool shutDown = Messages.ErrorShutsDownInsteadOfReadOnly && JournalAborted && FsAborted;
        if (State == Ext4MountState.ReadOnly && !shutDown) { WritesRefused++; done?.Invoke(-Errno.EROFS); return; }
        if (JournalAborted)
        {
            _opInFlight = true;
            int gen = _generation;
            HandleAbortedJournal(causeId, () =>
            {
                if (gen == _generation) _opInFlight = false;
                WritesRefused++;
                done?.Invoke(-Errno.EROFS);
            });
            return;
        }
        var g = Geometry!;
        ulong fileBlock = _nextFileBlock;
        _nextFileBlock = (_nextFileBlock + 1) % g.DataBlocks;
        var data = _random.Fork();
        _random.Skip(DrawsPerBlock(g));
        bool wasEmpty = _running.Count == 0;
        _running[g.DataStartBlock + fileBlock] = (fileBlock, data);
        WritesAccepted++;
        // A new running transaction expires one commit interval after it starts, even while the previous one commits.
        if (wasEmpty) ArmCommitTimer();
        done?.Invoke(0);
    }

    /// <summary>
    /// Reads back every acknowledged sector through the device and compares it with what was acknowledged.
    /// </summary>
    public void VerifyReadBack(Action<Ext4ReadBackResult> done, long causeId = 0)
    {
        ArgumentNullException.ThrowIfNull(done);
        var expected = _acknowledged.Keys.ToArray();
        Array.Sort(expected);
        // The snapshot holds the expected sectors' bytes in sorted order: sector expected[i] at i * 512.
        var snapshot = new byte[expected.Length * Bio.SectorSize];
        for (int i = 0; i < expected.Length; i++)
            _acknowledged[expected[i]].CopyTo(snapshot.AsSpan(i * Bio.SectorSize, Bio.SectorSize));
        var runs = new List<(ulong Start, int Count, int First)>();
        for (int i = 0; i < expected.Length; i++)
        {
            ulong sector = expected[i];
            if (runs.Count > 0 && runs[^1].Start + (ulong)runs[^1].Count == sector && runs[^1].Count < 256)
                runs[^1] = (runs[^1].Start, runs[^1].Count + 1, runs[^1].First);
            else
                runs.Add((sector, 1, i));
        }
        var mismatched = new List<ulong>();
        int readErrors = 0, pending = runs.Count;
        if (pending == 0) { done(new Ext4ReadBackResult(0, mismatched, 0)); return; }
        foreach (var (start, count, first) in runs)
        {
            var buffer = new byte[count * Bio.SectorSize];
            Submit(Ext4IoKind.Read, BioOp.Read, start, buffer, BioFlags.None, causeId, (errno, _) =>
            {
                if (errno != 0) readErrors++;
                else
                    for (int i = 0; i < count; i++)
                        if (!buffer.AsSpan(i * Bio.SectorSize, Bio.SectorSize).SequenceEqual(snapshot.AsSpan((first + i) * Bio.SectorSize, Bio.SectorSize)))
                            mismatched.Add(start + (ulong)i);
                if (--pending == 0)
                {
                    mismatched.Sort();
                    done(new Ext4ReadBackResult(expected.Length, mismatched, readErrors));
                }
            });
        }
    }
}
