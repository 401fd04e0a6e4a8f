using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using SanSim.Engine;
using SanSim.Hosts.Transport;
using SanSim.Scsi;

namespace SanSim.Hosts.Linux.Multipath;

/// <summary>
/// multipathd on a Linux host: it builds a map for each LUN from the sd disks that report the same VPD 83h
/// identifier, runs the tur checker on every path, fails and reinstates paths in the kernel, and counts
/// no_path_retry down while a map has no path. Its messages go to its own log (<see cref="Log"/>, syslog's
/// "multipathd[pid]:" lines), not to the kernel's.
/// </summary>
/// <remarks>
/// <para>Sources: opensvc/multipath-tools multipathd/main.c (checkerloop ticks once a second; update_path_state;
/// fail_path / reinstate_path; update_queue_mode_del_path / add_path; enter_recovery_mode sets retry_tick to
/// no_path_retry × polling_interval + 1 ticks and retry_count_tick turns queueing off when it reaches 0, "Disable
/// queueing"; the checker interval doubles while a path stays up, up to max_polling_interval), libmultipath/checkers/tur.c
/// (GOOD and RESERVATION CONFLICT are up, NOT READY 04/0B is ghost, anything else — 04/02 included — and no
/// connection are down; a UNIT ATTENTION is retried, five tries in all) and checkers.c (" reports path is up").</para>
/// <para>A kernel path failure reaches multipathd as a dm event: update_multipath marks the path failed
/// ("sdb: mark as failed") and brings its next check forward to the polling interval. The tur checker is
/// asynchronous and waits 1 ms for its thread; a TEST UNIT READY answered within a tick is applied when the
/// answer arrives. A path whose transport is recovering (sysfs "blocked") is not checked (PATH_PENDING) and is
/// looked at again the next second. Not modelled: path priorities and groups, marginal paths, find_multipaths
/// (every LUN gets a map, even with one path), and the log lines of map creation.</para>
/// </remarks>
public sealed class Multipathd
{
    /// <summary>tur.c's retry_tur: tries of a TEST UNIT READY that keeps getting UNIT ATTENTION.</summary>
    private const int TurTries = 5;

    private readonly LinuxHost _host;
    private readonly List<MultipathDevice> _devices = new();
    /// <summary>Per map: nr_active, retry_tick, in_recovery.</summary>
    private readonly Dictionary<MultipathDevice, MapState> _state = new();
    /// <summary>Trace id of the daemon's start: the cause of its periodic checks.</summary>
    private readonly long _startId;

    internal Multipathd(LinuxHost host, MultipathOptions options)
    {
        _host = host;
        Options = options;
        Log = new HostLog(host.Simulation, host.Name + ":multipathd");
        _startId = Sim.Trace.Record(TraceKind.Action, Log.Source, "multipathd start up", 0);
        Sim.Scheduler.After(SimTime.FromSeconds(1), TickLoop, "multipathd checker tick");
    }

    public MultipathOptions Options { get; }

    /// <summary>multipathd's messages (verbosity 2), each a trace event with its cause.</summary>
    public HostLog Log { get; }

    /// <summary>The maps, in the order they were made.</summary>
    public IReadOnlyList<MultipathDevice> Devices => _devices;

    private Simulation Sim => _host.Simulation;

    /// <summary>A new sd disk: read its VPD 83h identifier (as udev's scsi_id does) and add it to the map of its LUN.</summary>
    internal void OnDiskAttached(ScsiDisk disk)
    {
        long cause = Sim.Trace.Record(TraceKind.Action, Log.Source, $"{disk.Name}: add path (uevent)", _startId);
        disk.Execute(CdbBuilder.Inquiry(evpd: true, page: 0x83, alloc: 255), 255, _host.Options.CommandTimeout, cause, resp =>
        {
            if (resp is not { IsGood: true } || Wwid(resp.DataIn) is not { } wwid) return;
            long c = resp.TraceId != 0 ? resp.TraceId : cause;
            var device = _devices.Find(d => d.Wwid == wwid) ?? CreateMap(wwid, c);
            if (device.Paths.Any(p => p.Disk == disk)) return;
            var path = device.AddPath(disk);
            path.CheckInterval = Options.CheckIntervalTicks;
            path.Tick = path.CheckInterval;
            _state[device].Active++;
            Sim.Trace.Record(TraceKind.StateChange, Log.Source, $"{device.Alias}: path {disk.Name} {path.DevT} added, {device.Paths.Count} path(s)", c);
        });
    }

    private MultipathDevice CreateMap(string wwid, long cause)
    {
        int index = _devices.Count;
        string alias = Options.UserFriendlyNames ? "mpath" + DeviceLetters.Suffix(index) : wwid;
        var device = new MultipathDevice(_host, Options.DmMajor, Options.FirstMinor + index, alias, wwid, Options.NoPathRetry.QueuesInitially);
        device.PathFailed += OnKernelPathFailed;
        _devices.Add(device);
        _state[device] = new MapState();
        Sim.Trace.Record(TraceKind.StateChange, Log.Source, $"{alias}: map created as {device.Name} ({device.DevT}), no_path_retry {Options.NoPathRetry}", cause);
        return device;
    }

    /// <summary>The map whose paths include <paramref name="disk"/>, or null.</summary>
    public MultipathDevice? DeviceFor(ScsiDisk disk) => _devices.Find(d => d.Paths.Any(p => p.Disk == disk));

    /// <summary>
    /// The multipath WWID from VPD 83h: the first logical-unit designator in scsi_id's order of preference, NAA
    /// ("3" + hex), EUI-64 ("2" + hex), T10 vendor id ("1" + text, runs of blanks as one '_', trailing blanks and
    /// NULs dropped, as udev's ID_SERIAL). Null when the page has none.
    /// </summary>
    internal static string? Wwid(ReadOnlySpan<byte> page)
    {
        if (page.Length < 4) return null;
        int end = Math.Min(page.Length, 4 + BinaryPrimitives.ReadUInt16BigEndian(page[2..]));
        string? naa = null, eui = null, t10 = null;
        for (int off = 4; off + 4 <= end;)
        {
            int codeSet = page[off] & 0x0F, association = (page[off + 1] >> 4) & 0x03, type = page[off + 1] & 0x0F, len = page[off + 3];
            if (off + 4 + len > end) break;
            var id = page.Slice(off + 4, len);
            off += 4 + len;
            if (association != 0) continue;
            if (type == 3 && codeSet == 1) naa ??= "3" + Convert.ToHexString(id).ToLowerInvariant();
            else if (type == 2 && codeSet == 1) eui ??= "2" + Convert.ToHexString(id).ToLowerInvariant();
            else if (type == 1) t10 ??= "1" + Underscores(Encoding.ASCII.GetString(id).TrimEnd('\0', ' '));
        }
        return naa ?? eui ?? t10;
    }

    private static string Underscores(string text)
    {
        var sb = new StringBuilder(text.Length);
        bool blank = false;
        foreach (char ch in text)
        {
            if (ch is ' ' or '\0' or '\t')
            {
                if (!blank) sb.Append('_');
                blank = true;
                continue;
            }
            blank = false;
            sb.Append(ch);
        }
        return sb.ToString();
    }


    /// <summary>update_multipath after a PATH_FAILED dm event: a path the checker thought up is marked failed.</summary>
    private void OnKernelPathFailed(MultipathDevice device, MultipathPath path, long cause)
    {
        if (path.CheckerState == PathCheckerState.Down) return;
        cause = Log.Write($"{path.Disk.Name}: mark as failed", cause);
        SetCheckerState(path, PathCheckerState.Down, cause);
        cause = DelActive(device, cause);
        if (path.Tick > Options.CheckIntervalTicks) path.Tick = Options.CheckIntervalTicks;
    }

    /// <summary>One pass of checkerloop: due paths are checked, then the no_path_retry counters tick.</summary>
    private void TickLoop()
    {
        foreach (var device in _devices)
        {
            foreach (var path in device.Paths)
            {
                if (--path.Tick > 0) continue;
                if (path.CheckRunning)
                {
                    path.Tick = 1;
                    continue;
                }
                CheckPath(path);
            }
            RetryCountTick(device);
        }
        Sim.Scheduler.After(SimTime.FromSeconds(1), TickLoop, "multipathd checker tick");
    }

    /// <summary>check_path: the sysfs state first (offline: down; blocked: pending), then the tur checker.</summary>
    private void CheckPath(MultipathPath path)
    {
        long cause = Sim.Trace.Record(TraceKind.Action, Log.Source, $"{path.Device.Alias}: {path.Disk.Name} - tur checker", _startId);
        if (path.Disk.State == ScsiDeviceState.Offline)
        {
            Apply(path, PathCheckerState.Down, "path offline", cause);
            return;
        }
        if (path.Disk.Path.State == PathState.Recovering)
        {
            path.Tick = 1;
            return;
        }
        path.CheckRunning = true;
        Tur(path, 1, cause);
    }

    /// <summary>tur_check: one TEST UNIT READY through the path's sd device (SG_IO), retried on UNIT ATTENTION.</summary>
    private void Tur(MultipathPath path, int attempt, long cause)
    {
        path.Disk.Execute(CdbBuilder.TestUnitReady(), 0, _host.Options.CommandTimeout, cause, resp =>
        {
            long c = resp is { TraceId: not 0 } ? resp.TraceId : cause;
            PathCheckerState state;
            if (resp is null || resp.Outcome != TransportOutcome.Completed) state = PathCheckerState.Down;
            else if (resp.Status is ScsiStatus.Good or ScsiStatus.ReservationConflict) state = PathCheckerState.Up;
            else if (ScsiDisk.Normalize(resp) is { } s)
            {
                if (s.Key == (byte)SenseKey.UnitAttention && attempt < TurTries)
                {
                    Tur(path, attempt + 1, c);
                    return;
                }
                state = s.Key == (byte)SenseKey.NotReady && s.Asc == 0x04 && s.Ascq == 0x0B ? PathCheckerState.Ghost : PathCheckerState.Down;
            }
            else state = PathCheckerState.Down;
            path.CheckRunning = false;
            Apply(path, state, null, c);
        });
    }

    private static string CheckerMessage(PathCheckerState state) => state switch
    {
        PathCheckerState.Up => "tur checker reports path is up",
        PathCheckerState.Ghost => "tur checker reports path is ghost",
        _ => "tur checker reports path is down",
    };

    /// <summary>update_path_state with the checker's verdict.</summary>
    private void Apply(MultipathPath path, PathCheckerState state, string? offlineMessage, long cause)
    {
        var device = path.Device;
        string message = $"{device.Alias}: {path.Disk.Name} - {offlineMessage ?? CheckerMessage(state)}";
        bool usable = state != PathCheckerState.Down;
        if (state != path.CheckerState)
        {
            var old = path.CheckerState;
            cause = Log.Write(message, cause);
            cause = SetCheckerState(path, state, cause);
            path.CheckInterval = Options.CheckIntervalTicks;
            if (!usable)
            {
                cause = FailPath(path, cause);
                if (old != PathCheckerState.Down) DelActive(device, cause);
            }
            else ReinstatePath(path, cause, countActive: true);
        }
        else if (usable)
        {
            if (!path.IsActive) ReinstatePath(path, cause, countActive: false);
            else path.CheckInterval = Math.Min(path.CheckInterval * 2, Options.MaxCheckIntervalTicks);
        }
        else
        {
            if (path.IsActive) cause = FailPath(path, cause);
            Log.Write(message, cause);
            path.CheckInterval = Options.CheckIntervalTicks;
        }
        path.Tick = path.CheckInterval;
    }

    private long SetCheckerState(MultipathPath path, PathCheckerState state, long cause)
    {
        var old = path.CheckerState;
        path.CheckerState = state;
        return Sim.Trace.Record(TraceKind.StateChange, Log.Source, $"{path.Device.Alias}: {path.Disk.Name} {path.DevT} {old} -> {state}", cause);
    }

    /// <summary>fail_path: "checker failed path 8:16 in map mpatha", then the kernel fails it.</summary>
    private long FailPath(MultipathPath path, long cause)
    {
        cause = Log.Write($"checker failed path {path.DevT} in map {path.Device.Alias}", cause);
        return path.Device.FailPath(path, cause);
    }

    /// <summary>reinstate_path: the kernel takes the path back, "8:16: reinstated", and the map counts one more active path.</summary>
    private void ReinstatePath(MultipathPath path, long cause, bool countActive)
    {
        cause = path.Device.ReinstatePath(path, cause);
        cause = Log.Write($"{path.DevT}: reinstated", cause);
        if (countActive) AddActive(path.Device, cause);
    }

    /// <summary>update_queue_mode_del_path: one active path fewer; the last one starts no_path_retry's count.</summary>
    private long DelActive(MultipathDevice device, long cause)
    {
        var st = _state[device];
        st.Active = Math.Max(0, st.Active - 1);
        int retries = Options.NoPathRetry.Value;
        if (st.Active == 0 && retries > 0 && !st.InRecovery)
        {
            st.InRecovery = true;
            st.RetryTick = retries * Options.CheckIntervalTicks + 1;
            cause = Log.Write($"{device.Alias}: Entering recovery mode: max_retries={retries.ToString(CultureInfo.InvariantCulture)}", cause);
            st.RecoveryCause = cause;
        }
        return Log.Write($"{device.Alias}: remaining active paths: {st.Active.ToString(CultureInfo.InvariantCulture)}", cause);
    }

    /// <summary>update_queue_mode_add_path: one more active path; the first one after recovery mode turns queueing back on.</summary>
    private void AddActive(MultipathDevice device, long cause)
    {
        var st = _state[device];
        if (st.Active++ == 0 && st.InRecovery)
        {
            st.InRecovery = false;
            st.RetryTick = 0;
            device.SetQueueIfNoPath(true, cause);
            cause = Log.Write($"{device.Alias}: queue_if_no_path enabled", cause);
            cause = Log.Write($"{device.Alias}: Recovered to normal mode", cause);
        }
        Log.Write($"{device.Alias}: remaining active paths: {st.Active.ToString(CultureInfo.InvariantCulture)}", cause);
    }

    /// <summary>retry_count_tick: at zero, queueing is turned off and what waited fails.</summary>
    private void RetryCountTick(MultipathDevice device)
    {
        var st = _state[device];
        if (st.RetryTick <= 0 || --st.RetryTick > 0) return;
        long cause = Log.Write($"{device.Alias}: Disable queueing", st.RecoveryCause);
        device.SetQueueIfNoPath(false, cause);
    }

    /// <summary>multipathd's per-map counters.</summary>
    private sealed class MapState
    {
        /// <summary>nr_active: paths the checker holds up or ghost.</summary>
        public int Active { get; set; }
        /// <summary>retry_tick: seconds of queueing left in recovery mode.</summary>
        public int RetryTick { get; set; }
        public bool InRecovery { get; set; }
        /// <summary>Trace id of the "Entering recovery mode" line: the cause of turning queueing off.</summary>
        public long RecoveryCause { get; set; }
    }
}
