using SanSim.Engine;
using SanSim.Hosts.Linux.Ext4;

namespace SanSim.Hosts.Linux;

/// <summary>
/// ext4 mounts on the host's disks: mkfs and mount (also declaratively from <see cref="LinuxHostOptions.Mounts"/>
/// at start), umount, the mount helper's fsck-then-mount, remount, the errors=panic end of the host, and the
/// read-back check of every acknowledged write.
/// </summary>
public sealed partial class LinuxHost
{
    /// <summary>Every ext4 filesystem the host has made or mounted, by device name, mounted or not.</summary>
    private readonly Dictionary<string, Ext4Mount> _ext4 = new();
    /// <summary>Devices whose probe has finished (DiskAttached has fired for them).</summary>
    private readonly HashSet<string> _attached = new();
    /// <summary>Whether <see cref="StartMounts"/> listens to DiskAttached already.</summary>
    private bool _watchingDisks;

    /// <summary>The kernel's printk_ratelimited call sites, shared by every filesystem of this host.</summary>
    public PrintkSites PrintkSites { get; } = new();

    /// <summary>The ext4 filesystems by device name ("sdb"), mounted or not.</summary>
    public IReadOnlyDictionary<string, Ext4Mount> Ext4Mounts => _ext4;

    /// <summary>
    /// The kernel panicked (errors=panic): the host is dead. It issues no more I/O, completes nothing, and logs
    /// nothing after the panic line.
    /// </summary>
    public bool Panicked { get; private set; }

    /// <summary>Trace id of the panic line, or 0.</summary>
    public long PanicTraceId { get; private set; }

    /// <summary>The ext4 filesystem on <paramref name="device"/>, or null.</summary>
    public Ext4Mount? Ext4(string device) => _ext4.GetValueOrDefault(device);

    /// <summary>How the ext4 filesystem on <paramref name="device"/> is mounted; unmounted when there is none.</summary>
    public Ext4MountState MountState(string device) => Ext4(device)?.State ?? Ext4MountState.Unmounted;

    /// <summary>
    /// mkfs.ext4 (unless <paramref name="mkfs"/> is false and the device already holds one) and mount. Returns 0
    /// when the mount has started, -ENOENT when the device does not exist (or its capacity is not known yet), -EBUSY
    /// when it is mounted, -EINVAL when there is no filesystem or the device is too small, -EIO when the host is
    /// dead. <paramref name="done"/> gets the mount's result.
    /// </summary>
    public int MountExt4(string device, Ext4MountOptions? options = null, bool mkfs = true, long causeId = 0,
        Action<int>? done = null, string? mountPoint = null)
    {
        if (string.IsNullOrEmpty(device)) return -Errno.EINVAL;
        if (Panicked) return -Errno.EIO;
        long id = RecordAction($"mount -t ext4 /dev/{device}" + (options?.OptionText is { } o ? " -o " + o : ""), causeId);
        if (BlockDevice(device) is not { } disk || disk.SectorCount == 0)
            return Refuse(id, $"mount: special device /dev/{device} does not exist", -Errno.ENOENT);
        if (!_ext4.TryGetValue(device, out var fs))
        {
            fs = new Ext4Mount(this, disk, mountPoint ?? "/mnt/" + device, OnPanic);
            _ext4[device] = fs;
        }
        if (fs.State != Ext4MountState.Unmounted) return Refuse(id, $"mount: /dev/{device} is already mounted", -Errno.EBUSY);
        if (mkfs || fs.Filesystem.Geometry is null)
        {
            int made = fs.Filesystem.Mkfs(id);
            if (made != 0) return Refuse(id, $"mkfs.ext4: /dev/{device}: cannot make a journalled filesystem", made);
        }
        return StartMount(fs, options ?? new Ext4MountOptions(), id, done);
    }

    /// <summary>
    /// umount of the ext4 filesystem on <paramref name="device"/>. Returns 0, -EINVAL when it is not mounted,
    /// -EIO when the host is dead.
    /// </summary>
    public int Umount(string device, long causeId = 0)
    {
        if (Panicked) return -Errno.EIO;
        if (Ext4(device) is not { } fs || fs.State == Ext4MountState.Unmounted) return -Errno.EINVAL;
        long id = RecordAction($"umount /dev/{device}", causeId);
        return Umount(fs, id);
    }

    /// <summary>
    /// Mounts the existing ext4 filesystem on <paramref name="device"/> again with its last options, as kubelet's
    /// mount helper does: e2fsck -p first; exit code 4 (errors left uncorrected) refuses the mount, any other lets
    /// it go on. <paramref name="done"/> gets 0 or a negative errno (-EINVAL when there is no filesystem or the
    /// superblock cannot be read, -EBUSY when mounted, -EIO when fsck left errors or the host is dead).
    /// </summary>
    public void Mount(string device, long causeId = 0, Action<int>? done = null)
    {
        if (Panicked) { done?.Invoke(-Errno.EIO); return; }
        long id = RecordAction($"mount /dev/{device} (fsck first)", causeId);
        if (Ext4(device) is not { } fs || fs.Filesystem.Geometry is null)
        {
            done?.Invoke(Refuse(id, $"mount: /dev/{device}: wrong fs type, bad option, bad superblock", -Errno.EINVAL));
            return;
        }
        if (fs.State != Ext4MountState.Unmounted)
        {
            done?.Invoke(Refuse(id, $"mount: /dev/{device} is already mounted", -Errno.EBUSY));
            return;
        }
        fs.Filesystem.Fsck(result =>
        {
            long checkedId = Simulation.Trace.Record(TraceKind.Action, Source,
                $"fsck.ext4 -p /dev/{device}: exit {result.ExitCode} ({result.Message})", id);
            if (Panicked) { done?.Invoke(-Errno.EIO); return; }
            if (result.ExitCode == 4)
            {
                done?.Invoke(Refuse(checkedId, $"/dev/{device} has filesystem errors that fsck did not correct", -Errno.EIO));
                return;
            }
            int rc = StartMount(fs, fs.Options, checkedId, done);
            if (rc != 0) done?.Invoke(rc);
        }, id);
    }

    /// <summary>mount -o remount,rw: 0, -EROFS after a journal abort (ext4_remount), -EINVAL when not mounted, -EIO when dead.</summary>
    public int RemountRw(string device, long causeId = 0) => Remount(device, readWrite: true, causeId);

    /// <summary>mount -o remount,ro: 0, -EINVAL when not mounted, -EIO when dead.</summary>
    public int RemountRo(string device, long causeId = 0) => Remount(device, readWrite: false, causeId);

    private int Remount(string device, bool readWrite, long causeId)
    {
        if (Panicked) return -Errno.EIO;
        if (Ext4(device) is not { } fs) return -Errno.EINVAL;
        long id = RecordAction($"mount -o remount,{(readWrite ? "rw" : "ro")} /dev/{device}", causeId);
        int rc = fs.Filesystem.Remount(readWrite, id);
        if (rc != 0) Simulation.Trace.Record(TraceKind.Action, Source, $"mount: /dev/{device}: remount failed ({rc})", id);
        return rc;
    }

    /// <summary>
    /// The data invariant at the end of a run: reads back, through the disks, every sector the host's filesystems
    /// had acknowledged, and compares. <paramref name="done"/> gets the result per device. A dead host reads
    /// nothing back: each of its filesystems reports its sectors as read errors.
    /// </summary>
    public void VerifyReadBack(Action<LinuxReadBackResult> done, long causeId = 0)
    {
        ArgumentNullException.ThrowIfNull(done);
        var results = new SortedDictionary<string, Ext4ReadBackResult>(StringComparer.Ordinal);
        var filesystems = _ext4.Values.Where(f => f.Filesystem.Geometry is not null).ToList();
        if (Panicked)
        {
            foreach (var f in filesystems)
                results[f.Device.Name] = new Ext4ReadBackResult(f.Filesystem.AcknowledgedSectorCount, [], f.Filesystem.AcknowledgedSectorCount);
            done(new LinuxReadBackResult(results));
            return;
        }
        int pending = filesystems.Count;
        if (pending == 0) { done(new LinuxReadBackResult(results)); return; }
        long id = RecordAction("read back every acknowledged write", causeId);
        foreach (var f in filesystems)
            f.Filesystem.VerifyReadBack(r =>
            {
                results[f.Device.Name] = r;
                if (--pending == 0) done(new LinuxReadBackResult(results));
            }, id);
    }

    /// <summary>How long a mount from the options waits for its device: systemd's default job timeout for a device unit (DefaultTimeoutStartSec, 90 s).</summary>
    public static readonly SimTime DeviceWaitTimeout = SimTime.FromSeconds(90);

    /// <summary>Called by <see cref="Start"/>: mounts <see cref="LinuxHostOptions.Mounts"/> in order once each device has been probed; a device missing after <see cref="DeviceWaitTimeout"/> is skipped.</summary>
    private void StartMounts(long cause)
    {
        if (!_watchingDisks)
        {
            _watchingDisks = true;
            DiskAttached += disk => _attached.Add(disk.Name);
        }
        if (Options.Mounts.Count > 0) MountNext(0, cause);
    }

    /// <summary>Mounts spec <paramref name="index"/> when its device is attached (waiting for it if need be), then the next.</summary>
    private void MountNext(int index, long cause)
    {
        if (index >= Options.Mounts.Count || Panicked) return;
        var spec = Options.Mounts[index];
        if (!_attached.Contains(spec.Device))
        {
            ScheduledEvent? timeout = null;
            void Wait(ScsiDisk disk)
            {
                if (disk.Name != spec.Device) return;
                DiskAttached -= Wait;
                timeout?.Cancel();
                Simulation.Scheduler.After(SimTime.Zero, () => MountNext(index, cause), "fstab mount");
            }
            DiskAttached += Wait;
            timeout = Simulation.Scheduler.After(DeviceWaitTimeout, () =>
            {
                DiskAttached -= Wait;
                Refuse(cause, $"mount: timed out waiting for device /dev/{spec.Device}", -Errno.ENOENT);
                MountNext(index + 1, cause);
            }, "fstab device timeout");
            return;
        }
        int rc = MountExt4(spec.Device, spec.Options, spec.Mkfs, cause, _ => MountNext(index + 1, cause), spec.MountPoint);
        if (rc != 0) MountNext(index + 1, cause);
    }

    private int StartMount(Ext4Mount fs, Ext4MountOptions options, long id, Action<int>? done)
    {
        int rc = fs.Filesystem.Mount(options, id, r =>
        {
            if (r == 0 && !Mounts.Contains(fs)) AddMount(fs);
            if (r != 0) Simulation.Trace.Record(TraceKind.Action, Source, $"mount: /dev/{fs.Device.Name}: failed ({r})", id);
            done?.Invoke(r);
        });
        if (rc != 0) Refuse(id, $"mount: /dev/{fs.Device.Name}: failed ({rc})", rc);
        return rc;
    }

    /// <summary>Records why a mount command failed and returns <paramref name="errno"/>.</summary>
    private int Refuse(long cause, string message, int errno)
    {
        Simulation.Trace.Record(TraceKind.Action, Source, message, cause);
        return errno;
    }

    /// <summary>errors=panic fired on <paramref name="fs"/>: the kernel is dead, every other filesystem stops where it is.</summary>
    private void OnPanic(Ext4Mount fs, string message, long traceId)
    {
        if (Panicked) return;
        Panicked = true;
        PanicTraceId = traceId;
        Simulation.Trace.Record(TraceKind.StateChange, Source, "host dead: " + message, traceId);
        foreach (var other in _ext4.Values)
            if (other != fs) other.Filesystem.Halt(traceId);
    }
}
