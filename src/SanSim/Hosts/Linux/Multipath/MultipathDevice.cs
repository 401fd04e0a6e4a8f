using SanSim.Engine;

namespace SanSim.Hosts.Linux.Multipath;

/// <summary>
/// A dm-multipath device (dm-N): the kernel's multipath target over the sd disks that show one LUN through
/// different paths. One priority group, round-robin with one request per path in turn (rr_min_io_rq 1).
/// </summary>
/// <remarks>
/// <para>The request-based dm-mpath of drivers/md/dm-mpath.c: a request goes to the next active path; when it
/// fails with a path error (blk_path_error: BLK_STS_IOERR and the transport errors, but not TARGET, NEXUS, MEDIUM,
/// NOSPC) multipath_end_io fails that path ("Failing path") and the request is mapped again, on another path. A
/// target error ends it at once. With no active path left, queue_if_no_path holds requests until a path is
/// reinstated or queueing is turned off (then they fail with -EIO); without it they fail with the original error.</para>
/// <para>Not modelled: the 100 ms delayed requeue of a request that finds no path (here it waits on a list and is
/// mapped again the moment a path is reinstated), hardware handlers and pg_init, more than one priority group,
/// and queue_if_no_path_timeout.</para>
/// </remarks>
public sealed class MultipathDevice : IBlockDevice
{
    private readonly LinuxHost _host;
    private readonly List<MultipathPath> _paths = new();
    /// <summary>Requests that found no active path while queue_if_no_path was set.</summary>
    private readonly List<MpathIo> _queued = new();
    /// <summary>Round-robin position: the index of the path tried first for the next request.</summary>
    private int _next;

    internal MultipathDevice(LinuxHost host, int major, int minor, string alias, string wwid, bool queueIfNoPath)
    {
        _host = host;
        Name = $"dm-{minor}";
        DevT = $"{major}:{minor}";
        Alias = alias;
        Wwid = wwid;
        QueueIfNoPath = queueIfNoPath;
    }

    /// <summary>"dm-0".</summary>
    public string Name { get; }

    /// <summary>"253:0", the name dm-mpath prints (md->name).</summary>
    public string DevT { get; }

    /// <summary>The map's name in /dev/mapper ("mpatha", or the WWID).</summary>
    public string Alias { get; }

    /// <summary>The LUN's identifier from VPD page 83h, as multipath names it ("3…" NAA, "1…" T10 vendor id).</summary>
    public string Wwid { get; }

    public IReadOnlyList<MultipathPath> Paths => _paths;

    /// <summary>MPATHF_QUEUE_IF_NO_PATH.</summary>
    public bool QueueIfNoPath { get; private set; }

    /// <summary>nr_valid_paths: the paths the kernel may use.</summary>
    public int ActivePathCount => _paths.Count(p => p.IsActive);

    /// <summary>Requests waiting for a path.</summary>
    public int QueuedCount => _queued.Count;

    public ulong SectorCount => _paths.Count == 0 ? 0 : _paths[0].Disk.SectorCount;
    public int LogicalBlockSize => _paths.Count == 0 ? 512 : _paths[0].Disk.LogicalBlockSize;

    /// <summary>dm_path_uevent(DM_UEVENT_PATH_FAILED): the kernel failed a path; the trace id of its log line.</summary>
    internal event Action<MultipathDevice, MultipathPath, long>? PathFailed;

    private Simulation Sim => _host.Simulation;

    internal MultipathPath AddPath(ScsiDisk disk)
    {
        var path = new MultipathPath(this, disk);
        _paths.Add(path);
        return path;
    }

    /// <summary>Queues a bio on the map; it completes once, with 0 or -EIO.</summary>
    public void Submit(Bio bio)
    {
        ArgumentNullException.ThrowIfNull(bio);
        var io = new MpathIo(bio);
        if (bio.Op != BioOp.Flush && !Fits(bio))
        {
            Sim.Scheduler.After(SimTime.Zero, () => Finish(io, -Errno.EIO, BlkStatus.IoErr, bio.CauseId, printError: false));
            return;
        }
        Map(io, bio.CauseId);
    }

    /// <summary>bio_check_eod and block alignment: outside the device or not on logical-block boundaries fails before any path is used.</summary>
    private bool Fits(Bio bio)
    {
        ulong bs = (ulong)LogicalBlockSize;
        ulong bytes = (ulong)bio.Data.Length;
        return bytes > 0 && bio.Sector * Bio.SectorSize % bs == 0 && bytes % bs == 0 && bio.Sector + (ulong)bio.SectorCount <= SectorCount;
    }

    /// <summary>multipath_clone_and_map: the next active path gets a clone; none and queueing: wait; none otherwise: -EIO.</summary>
    private void Map(MpathIo io, long cause)
    {
        var path = ChoosePath();
        if (path is null)
        {
            if (QueueIfNoPath) _queued.Add(io);
            else Finish(io, -Errno.EIO, BlkStatus.IoErr, cause, printError: true);
            return;
        }
        var bio = io.Bio;
        path.InFlight++;
        var clone = new Bio(bio.Op, bio.Sector, bio.Data, bio.Flags, (c, err, c2) => CloneDone(io, path, c, err, c2), cause)
        {
            PhysicalSegments = bio.PhysicalSegments,
        };
        path.Disk.Submit(clone);
    }

    /// <summary>The round-robin selector over active paths (dm-round-robin, repeat count 1).</summary>
    private MultipathPath? ChoosePath()
    {
        for (int i = 0; i < _paths.Count; i++)
        {
            int index = (_next + i) % _paths.Count;
            if (!_paths[index].IsActive) continue;
            _next = (index + 1) % _paths.Count;
            return _paths[index];
        }
        return null;
    }

    /// <summary>multipath_end_io for one clone.</summary>
    private void CloneDone(MpathIo io, MultipathPath path, Bio clone, int error, long cause)
    {
        path.InFlight--;
        if (error == 0)
        {
            path.Completed++;
            Finish(io, 0, BlkStatus.Ok, cause, printError: false);
            return;
        }
        var status = clone.Status == BlkStatus.Ok ? BlkStatus.IoErr : clone.Status;
        if (!status.IsPathError())
        {
            Finish(io, error, status, cause, printError: true);
            return;
        }
        cause = FailPath(path, cause);
        if (ActivePathCount == 0 && !QueueIfNoPath)
        {
            Finish(io, error, status, cause, printError: true);
            return;
        }
        Sim.Scheduler.After(SimTime.Zero, () => Map(io, cause), "dm-mpath requeue");
    }

    /// <summary>
    /// Ends the original request. A failed one prints the block layer's I/O error line for the dm device, as
    /// blk_update_request does for any request ended with an error.
    /// </summary>
    private void Finish(MpathIo io, int error, BlkStatus status, long cause, bool printError)
    {
        if (io.Done) return;
        io.Done = true;
        var bio = io.Bio;
        if (error != 0 && printError && _host.Kernel.Ratelimited(_host.BlockRatelimit, _host.Traits.BlockErrorRatelimitName, cause))
        {
            int segs = bio.PhysicalSegments > 0 ? bio.PhysicalSegments : (bio.Data.Length + 4095) / 4096;
            cause = _host.Kernel.Print(KernelFormats.BlockIoError(_host.Traits, Name, bio.Sector, bio.Op, bio.Flags & ~BioFlags.Preflush, segs), cause);
        }
        bio.Status = error == 0 ? BlkStatus.Ok : status;
        bio.Complete(bio, error, cause);
    }

    /// <summary>fail_path: the kernel stops using the path ("Failing path 8:16."). Returns the line's trace id, or <paramref name="cause"/> when it was failed already.</summary>
    internal long FailPath(MultipathPath path, long cause)
    {
        if (!path.IsActive) return cause;
        long id = _host.Kernel.Print(PathLine("Failing", path), cause);
        path.IsActive = false;
        path.FailCount++;
        PathFailed?.Invoke(this, path, id);
        return id;
    }

    /// <summary>reinstate_path: the kernel uses the path again ("Reinstating path 8:16."); the first valid path runs the queue.</summary>
    internal long ReinstatePath(MultipathPath path, long cause)
    {
        if (path.IsActive) return cause;
        long id = _host.Kernel.Print(PathLine("Reinstating", path), cause);
        path.IsActive = true;
        if (ActivePathCount == 1) RunQueue(id);
        return id;
    }

    /// <summary>The queue_if_no_path / fail_if_no_path message: turning queueing off fails every request that waits.</summary>
    internal void SetQueueIfNoPath(bool queue, long cause)
    {
        QueueIfNoPath = queue;
        if (!queue) RunQueue(cause);
    }

    /// <summary>process_queued_io_list: every waiting request is mapped again.</summary>
    private void RunQueue(long cause)
    {
        if (_queued.Count == 0) return;
        var waiting = _queued.ToList();
        _queued.Clear();
        Sim.Scheduler.After(SimTime.Zero, () =>
        {
            foreach (var io in waiting) Map(io, cause);
        }, "dm-mpath run queue");
    }

    /// <summary>
    /// DMWARN from fail_path / reinstate_path: "device-mapper: multipath: Failing path 8:16." in 4.19; from 5.x the
    /// map's device name comes first, "device-mapper: multipath: 253:0: Failing path 8:16." (dm_table_device_name,
    /// as in the 5.x-era dm-mpath.c read; the 4.19-era copies print the path alone).
    /// </summary>
    private string PathLine(string verb, MultipathPath path) =>
        _host.Traits.Version == KernelVersion.V4_19
            ? $"device-mapper: multipath: {verb} path {path.DevT}."
            : $"device-mapper: multipath: {DevT}: {verb} path {path.DevT}.";

    public override string ToString() => $"{Alias} ({Wwid}) {Name}";

    /// <summary>The original request while dm-mpath holds it.</summary>
    private sealed class MpathIo
    {
        public MpathIo(Bio bio) => Bio = bio;
        public Bio Bio { get; }
        public bool Done { get; set; }
    }
}
