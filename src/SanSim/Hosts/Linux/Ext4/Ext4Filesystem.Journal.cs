using SanSim.Engine;

namespace SanSim.Hosts.Linux.Ext4;

/// <summary>jbd2 commits and aborts, ext4's error handling, and the bio plumbing.</summary>
public sealed partial class Ext4Filesystem
{
    private void ScheduleWriter(int gen, SimTime every)
    {
        _writerTimer = _sim.Scheduler.After(every, () =>
        {
            if (gen != _generation || State == Ext4MountState.Panicked) return;
            // Write first, then schedule the next tick: a commit timer armed by this write runs before the
            // write due at the same instant, so each commit carries the blocks written during its interval.
            if (!_opInFlight) Write(_mountTraceId);
            if (gen == _generation && State != Ext4MountState.Panicked) ScheduleWriter(gen, every);
        }, "ext4 writer");
    }

    private void ArmCommitTimer()
    {
        int gen = _generation;
        _commitTimer?.Cancel();
        _commitTimer = _sim.Scheduler.After(Options.CommitInterval, () =>
        {
            if (gen != _generation) return;
            _commitTimer = null;
            Commit();
        }, "jbd2 commit timer");
    }

    private void CancelTimers()
    {
        _commitTimer?.Cancel();
        _writerTimer?.Cancel();
        _commitTimer = _writerTimer = null;
    }

    /// <summary>
    /// jbd2_journal_commit_transaction in ordered mode: file data, then the log blocks, then the commit record.
    /// </summary>
    private void Commit()
    {
        if (JournalAborted || State == Ext4MountState.Panicked || _running.Count == 0) return;
        if (_committing) { _commitWanted = true; return; }
        _committing = true;
        int gen = _generation;
        var blocks = _running.Select(kv => (kv.Key, kv.Value.FileBlock, kv.Value.Data)).ToList();
        _running.Clear();
        long cause = _mountTraceId;
        WriteDataBlocks(blocks, cause, dataError =>
        {
            if (gen != _generation || State == Ext4MountState.Panicked) { _committing = false; return; }
            if (dataError is { } lastLine)
                Log(Ext4Messages.FlushingFileDataError(JournalDeviceName), lastLine);
            WriteLog(cause);
        });
    }

    /// <summary>Writes the descriptor and metadata blocks, then the commit block; aborts the journal on failure.</summary>
    private void WriteLog(long cause)
    {
        var g = Geometry!;
        int count = 1 + JournalMetadataBlocks;
        if (_journalHead + (ulong)count + 1 > g.JournalBlocks) _journalHead = 1;
        ulong block = g.JournalStartBlock + _journalHead;
        _journalHead += (ulong)count + 1;
        var data = _random.NextByteArray(count * g.BlockSize);
        // Each journal buffer is a page of its own, so the request has one physical segment per block.
        Submit(Ext4IoKind.Journal, BioOp.Write, g.BlockToSector(block), data, BioFlags.Sync | BioFlags.Meta | Messages.JournalRequestFlags, cause, (errno, decidedBy) =>
        {
            if (State == Ext4MountState.Panicked) return;
            if (errno != 0) { _committing = false; JournalAbort(errno, decidedBy); return; }
            var commit = _random.NextByteArray(g.BlockSize);
            Submit(Ext4IoKind.JournalCommit, BioOp.Write, g.BlockToSector(block + (ulong)count), commit,
                BioFlags.Preflush | BioFlags.Fua | BioFlags.Sync | BioFlags.Meta | Messages.JournalRequestFlags, cause, (cerr, cdecided) =>
                {
                    if (State == Ext4MountState.Panicked) return;
                    if (cerr != 0) { _committing = false; JournalAbort(cerr, cdecided); return; }
                    EndCommit();
                });
        }, physSegments: count);
    }

    /// <summary>Draws <see cref="SimRandom.NextBytes"/> makes for one block: one per 8 bytes, and one for a shorter tail.</summary>
    private static int DrawsPerBlock(Ext4Geometry g) => (g.BlockSize + 7) / 8;

    private void EndCommit()
    {
        _committing = false;
        if (_commitWanted) { _commitWanted = false; Commit(); }
    }

    /// <summary>
    /// Writes file blocks (merged into runs of contiguous blocks, flags 0 as writeback does). <paramref name="done"/>
    /// gets the trace id of the last error line when any bio failed, else null.
    /// </summary>
    private void WriteDataBlocks(List<(ulong Block, ulong FileBlock, SimRandom Data)> blocks, long cause, Action<long?> done)
    {
        var g = Geometry!;
        var runs = new List<List<(ulong Block, ulong FileBlock, SimRandom Data)>>();
        // The running transaction is a sorted map, so the blocks arrive in block order.
        foreach (var b in blocks)
        {
            if (runs.Count > 0 && runs[^1][^1].Block + 1 == b.Block && runs[^1][^1].FileBlock + 1 == b.FileBlock) runs[^1].Add(b);
            else runs.Add(new() { b });
        }
        int pending = runs.Count;
        long? lastError = null;
        if (pending == 0) { done(null); return; }
        foreach (var run in runs)
        {
            var data = GC.AllocateUninitializedArray<byte>(run.Count * g.BlockSize);
            for (int i = 0; i < run.Count; i++) run[i].Data.NextBytes(data.AsSpan(i * g.BlockSize, g.BlockSize));
            ulong first = run[0].Block;
            Submit(Ext4IoKind.Data, BioOp.Write, g.BlockToSector(first), data, BioFlags.None, cause, (errno, decidedBy) =>
            {
                if (errno != 0 && State != Ext4MountState.Panicked)
                {
                    // ext4_end_bio: one warning per bio, then ext4_finish_bio's line for each buffer.
                    long line = LogRatelimited(_warningRatelimit, "EXT4-fs warning",
                        Messages.EndBioWarning(DeviceName, Ext4Geometry.FirstFileInode, run[0].FileBlock * (ulong)g.BlockSize,
                            data.Length, first), decidedBy);
                    for (int i = 0; i < run.Count; i++)
                        line = LogRatelimited(_sites.PageIoBufferError, "buffer_io_error",
                            Ext4Messages.PageIoBufferError(DeviceName, first + (ulong)i), line);
                    lastError = line;
                }
                if (--pending == 0) done(lastError);
            });
        }
    }

    /// <summary>
    /// jbd2_journal_abort: marks the journal aborted, prints "Aborting journal on device …" and records the
    /// error in the journal superblock (which fails too when the device does).
    /// </summary>
    private void JournalAbort(int errno, long cause)
    {
        if (JournalAborted) return;
        JournalAborted = true;
        _commitTimer?.Cancel();
        _commitTimer = null;
        _running.Clear();
        long line = Log(Ext4Messages.AbortingJournal(JournalDeviceName), cause);
        _abortLineId = line;
        var g = Geometry!;
        var jsb = _random.NextByteArray(g.BlockSize);
        Submit(Ext4IoKind.JournalSuperblock, BioOp.Write, g.BlockToSector(g.JournalStartBlock), jsb,
            BioFlags.Sync | BioFlags.Fua | BioFlags.Meta | Messages.JournalRequestFlags, line, (werr, decidedBy) =>
            {
                if (State == Ext4MountState.Panicked) return;
                if (werr != 0)
                {
                    long l = LogRatelimited(_sites.BufferIoError, "buffer_io_error",
                        Ext4Messages.LostSyncPageWrite(DeviceName, g.JournalStartBlock), decidedBy);
                    Log(Messages.JournalSuperblockError(JournalDeviceName, werr), l);
                }
                // JBD2_REC_ERR: the abort's errno has been recorded (or its write attempted).
                _journalErrorRecorded = true;
            });
    }

    /// <summary>"Aborting journal" line of the current abort: what ext4's own error line is caused by.</summary>
    private long _abortLineId;
    /// <summary>JBD2_REC_ERR.</summary>
    private bool _journalErrorRecorded;

    /// <summary>
    /// ext4_journal_check_start meeting an aborted journal: ext4_abort (4.19, 5.10) or __ext4_error with
    /// force_ro and ext4_handle_error (6.1), in each version's order. Calls <paramref name="done"/> when the
    /// operation returns -EROFS to its caller.
    /// </summary>
    private void HandleAbortedJournal(long opCause, Action done)
    {
        long cause = _abortLineId != 0 ? _abortLineId : opCause;
        string dev = DeviceName;
        if (Messages.SuperblockBeforeErrorLine)
        {
            // __ext4_abort: save_error_info (superblock write), the error line, then read-only.
            ErrorsRecorded = true;
            WriteSuperblock(cause, (_, _) =>
            {
                if (State == Ext4MountState.Panicked) return;
                long err = LogAbortError(Messages.DetectedAbortedJournal(dev, Options.Comm), cause);
                if (State != Ext4MountState.ReadWrite) { AbortPanicCheck(err, done); return; }
                FsAborted = true;
                long remount = LogMsg(Ext4Messages.RemountingReadOnly(dev), err);
                SetState(Ext4MountState.ReadOnly, "remounted read-only after error", remount);
                if (Messages.SecondSuperblockWriteAfterRemount)
                    WriteSuperblock(remount, (_, _) => AbortPanicCheck(err, done));
                else
                    AbortPanicCheck(err, done);
            });
            return;
        }

        // __ext4_error(force_ro) then ext4_handle_error.
        long errLine = LogAbortError(Messages.DetectedAbortedJournal(dev, Options.Comm), cause);
        HandleError(forceRo: true, errLine, last =>
        {
            if (Messages.FollowUpStdErrorSite is not { } site) { done(); return; }
            // The operation's own ext4_std_error(-EROFS): "Journal has aborted".
            long std = LogRatelimited(_errRatelimit, "EXT4-fs error", Ext4Messages.StdErrorJournalAborted(dev, site), last);
            HandleError(forceRo: false, std, _ => done());
        });
    }

    /// <summary>ext4_handle_error (6.1): abort, write the superblock, panic or go read-only.</summary>
    private void HandleError(bool forceRo, long cause, Action<long> done)
    {
        bool continueFs = !forceRo && Options.Errors == Ext4ErrorsBehavior.Continue;
        ErrorsRecorded = true;
        if (!continueFs && State == Ext4MountState.ReadWrite)
        {
            FsAborted = true;
            JournalAbort(-Errno.EIO, cause);
        }
        WriteSuperblock(cause, (_, last) =>
        {
            if (State == Ext4MountState.Panicked) return;
            if (Options.Errors == Ext4ErrorsBehavior.Panic) { Panic(Messages.Panic(DeviceName), cause); return; }
            if (continueFs || (State != Ext4MountState.ReadWrite && !Messages.ErrorShutsDownInsteadOfReadOnly)) { done(last); return; }
            long remount = LogMsg(Ext4Messages.RemountingReadOnly(DeviceName), cause);
            if (State == Ext4MountState.ReadWrite) SetState(Ext4MountState.ReadOnly, "remounted read-only after error", remount);
            done(remount);
        });
    }

    /// <summary>
    /// The errors=panic check at the end of __ext4_abort (4.19 panics only once JBD2_REC_ERR is set);
    /// <paramref name="cause"/> is the error line that leads to it.
    /// </summary>
    private void AbortPanicCheck(long cause, Action done)
    {
        if (State == Ext4MountState.Panicked) return;
        bool panic = Options.Errors == Ext4ErrorsBehavior.Panic
            && (Version != KernelVersion.V4_19 || _journalErrorRecorded);
        if (panic) { Panic(Messages.Panic(DeviceName), cause); return; }
        done();
    }

    private void Panic(string message, long cause)
    {
        long line = _log.Write(message, cause);
        CancelTimers();
        _generation++;
        SetState(Ext4MountState.Panicked, "kernel panic", line);
        _events?.Panicked(message, line);
    }

    /// <summary>
    /// ext4_commit_super: writes the superblock's block with REQ_SYNC|REQ_FUA|REQ_META and waits; on failure
    /// end_buffer_write_sync's "lost sync page write" and "I/O error while writing superblock".
    /// <paramref name="done"/> gets the errno and the id of the last line (or the cause).
    /// </summary>
    private void WriteSuperblock(long cause, Action<int, long> done)
    {
        var g = Geometry!;
        var block = _random.NextByteArray(g.BlockSize);
        Submit(Ext4IoKind.Superblock, BioOp.Write, g.SuperblockSector, block, BioFlags.Sync | BioFlags.Fua | BioFlags.Meta | Messages.SuperblockRequestFlags, cause, (errno, decidedBy) =>
        {
            if (State == Ext4MountState.Panicked) return;
            if (errno == 0) { done(0, cause); return; }
            long l = LogRatelimited(_sites.BufferIoError, "buffer_io_error", Ext4Messages.LostSyncPageWrite(DeviceName, g.SuperblockBlock), decidedBy);
            l = LogMsg(Ext4Messages.SuperblockWriteError(DeviceName), l);
            done(errno, l);
        });
    }

    /// <summary>
    /// Submits a bio; its completion updates the acknowledged-sector map, reports errors once, and calls
    /// <paramref name="then"/> with the errno and the trace id that decided it. A second completion is ignored.
    /// </summary>
    private void Submit(Ext4IoKind kind, BioOp op, ulong sector, byte[] data, BioFlags flags, long cause, Action<int, long> then, int physSegments = 0)
    {
        bool completed = false;
        var bio = new Bio(op, sector, data, flags, (b, errno, decidedBy) =>
        {
            if (completed) return;
            completed = true;
            if (b.Op == BioOp.Write)
            {
                for (int i = 0; i < b.SectorCount; i++)
                {
                    ulong s = b.Sector + (ulong)i;
                    if (errno == 0) _acknowledged.Set(s, b.Data.AsSpan(i * Bio.SectorSize, Bio.SectorSize));
                    else _acknowledged.Remove(s);
                }
            }
            if (errno == 0) { if (b.Op == BioOp.Write) BiosAcknowledged++; }
            else
            {
                BiosFailed++;
                _events?.IoError(kind, b, errno, decidedBy);
            }
            then(errno, decidedBy == 0 ? cause : decidedBy);
        }, cause) { PhysicalSegments = physSegments };
        _device.Submit(bio);
    }

    private long SetState(Ext4MountState to, string why, long cause)
    {
        var from = State;
        State = to;
        long id = _sim.Trace.Record(TraceKind.StateChange, _log.Source, $"ext4 {DeviceName}: {from} -> {to} ({why})", cause);
        _events?.StateChanged(from, to, id);
        return id;
    }

    private long Log(string text, long cause) => _log.Write(text, cause);

    /// <summary>The abort path's "EXT4-fs error" line: through s_err_ratelimit_state where the version does so.</summary>
    private long LogAbortError(string text, long cause) =>
        Messages.AbortErrorRatelimited ? LogRatelimited(_errRatelimit, "EXT4-fs error", text, cause) : Log(text, cause);

    /// <summary>ext4_msg: "EXT4-fs (dev): …" through s_msg_ratelimit_state.</summary>
    private long LogMsg(string text, long cause) => LogRatelimited(_msgRatelimit, "EXT4-fs", text, cause);

    /// <summary>
    /// A message through a ratelimit state: reports the messages dropped in the interval that ended first.
    /// Returns the line's trace id, or <paramref name="cause"/> when the message was dropped.
    /// </summary>
    private long LogRatelimited(PrintkRatelimit ratelimit, string name, string text, long cause)
    {
        bool allowed = ratelimit.Allow(_sim.Now, out int suppressed);
        if (suppressed > 0) _log.Write(Ext4Messages.CallbacksSuppressed(name, suppressed), cause);
        return allowed ? _log.Write(text, cause) : cause;
    }
}
