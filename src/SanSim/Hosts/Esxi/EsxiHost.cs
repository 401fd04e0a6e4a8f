using System.Buffers.Binary;
using System.Text;
using SanSim.Engine;
using SanSim.Hosts.Transport;
using SanSim.Scsi;

namespace SanSim.Hosts.Esxi;

/// <summary>
/// An ESXi host (partial model): devices found on every path and grouped by their VPD 83h designator, a VMFS
/// datastore on one of them, and a VM writing to it. NMP fails over to another path on a lost connection
/// (DID_NO_CONNECT), NOT READY 04/03 and 04/0A, and DID_ERROR; NOT READY 04/02 is not a failover trigger, so the
/// write fails to the VM and ScsiDeviceIO logs the failure (behaviour.md §6), unless
/// <see cref="EsxiHostSettings.StartUnitOnNotReady"/> makes it send START UNIT and retry.
/// </summary>
public sealed class EsxiHost : Host
{
    private readonly List<EsxiDevice> _devices = new();
    /// <summary>The VM's world id as the log shows it; masked, as no source gives one.</summary>
    private const string VmWorld = "XXXXX";
    private ScheduledEvent? _next;
    private bool _busy;

    public EsxiHost(Simulation simulation, string name, EsxiHostSettings? settings = null) : base(simulation, name)
    {
        Settings = settings ?? new EsxiHostSettings();
    }

    public override HostOs Os => HostOs.Esxi;
    public EsxiHostSettings Settings { get; }
    public IReadOnlyList<EsxiDevice> Devices => _devices;

    /// <summary>The device holding the datastore, once discovery found it.</summary>
    public EsxiDevice? Datastore { get; private set; }

    public int VmWritesAcknowledged { get; private set; }

    /// <summary>Writes that failed to the VM.</summary>
    public int VmWritesFailed { get; private set; }
    public int Failovers { get; private set; }
    public int StartUnitsSent { get; private set; }

    /// <summary>True once discovery is done.</summary>
    public bool Running { get; private set; }

    private long Record(TraceKind kind, string what, long causeId) => Simulation.Trace.Record(kind, Source, what, causeId);

    /// <summary>Logs in on every path, discovers devices (REPORT LUNS, INQUIRY, VPD 83h, READ CAPACITY), mounts the datastore and starts the VM.</summary>
    public override void Start(long causeId = 0)
    {
        long id = RecordAction("boot", causeId);
        if (Running || _devices.Count > 0) return;
        foreach (var p in Paths) p.Login(id);
        Step(Paths.Select((p, i) => (Action<Action>)(next => ScanPath(p, i, id, next))).ToList(), 0, () =>
        {
            Running = true;
            var first = Paths.Count > 0 ? Paths[0] : null;
            Datastore = _devices.Find(d => d.Paths.Any(p => p.Path == first && p.Lun == Settings.DatastoreLun));
            Record(TraceKind.StateChange, Datastore is null ? "no datastore" : $"datastore on {Datastore.Name}", id);
            Schedule();
        });
    }

    private static void Step(IReadOnlyList<Action<Action>> steps, int index, Action done)
    {
        if (index >= steps.Count) done();
        else steps[index](() => Step(steps, index + 1, done));
    }

    /// <summary>Sends one command with the host's timeout; <paramref name="done"/> gets the response and whether it timed out.</summary>
    private void Command(IScsiPath path, ulong lun, byte[] cdb, byte[]? dataOut, int dataIn, long causeId, Action<ScsiResponse, bool> done)
    {
        bool finished = false;
        ScheduledEvent? timer = null;
        ulong tag = path.Submit(new ScsiRequest(cdb, lun, dataOut, dataIn, causeId), r =>
        {
            if (finished) return;
            finished = true;
            timer?.Cancel();
            done(r, false);
        });
        timer = Simulation.Scheduler.After(Settings.CommandTimeout, () =>
        {
            if (finished) return;
            finished = true;
            long id = Record(TraceKind.TaskManagement, $"{path.Name} LUN {lun}: 0x{cdb[0]:x2} timed out; ABORT TASK tag {tag}", causeId);
            path.TaskManagement(TaskManagementFunction.AbortTask, lun, _ => { }, tag, id);
            done(new ScsiResponse { Outcome = TransportOutcome.Aborted, TraceId = id }, true);
        });
    }

    /// <summary>A discovery command, retried past unit attentions (and, with the setting, past 04/02 after START UNIT).</summary>
    private void Probe(IScsiPath path, ulong lun, byte[] cdb, int dataIn, long causeId, Action<ScsiResponse?> done, int attempt = 0)
    {
        Command(path, lun, cdb, null, dataIn, causeId, (r, _) =>
        {
            if (r.IsGood)
            {
                done(r);
                return;
            }
            bool ua = r.Status == ScsiStatus.CheckCondition && r.Sense.Key == SenseKey.UnitAttention;
            if (ua && attempt < Settings.MaxRetries)
            {
                Probe(path, lun, cdb, dataIn, r.TraceId, done, attempt + 1);
                return;
            }
            done(null);
        });
    }

    private void ScanPath(IScsiPath path, int adapter, long causeId, Action next)
    {
        Probe(path, 0, CdbBuilder.ReportLuns(), 4096, causeId, r =>
        {
            var luns = r is null ? [] : ParseLuns(r.DataIn);
            Step(luns.Select(l => (Action<Action>)(n => ProbeLun(path, adapter, l, causeId, n))).ToList(), 0, next);
        });
    }

    private static List<ulong> ParseLuns(ReadOnlySpan<byte> data)
    {
        var luns = new List<ulong>();
        if (data.Length < 8) return luns;
        int end = (int)Math.Min(data.Length, 8L + BinaryPrimitives.ReadUInt32BigEndian(data));
        for (int off = 8; off + 8 <= end; off += 8)
        {
            int method = data[off] >> 6;
            if (method == 0) luns.Add(data[off + 1]);
            else if (method == 1) luns.Add((ulong)((data[off] & 0x3F) << 8 | data[off + 1]));
        }
        return luns;
    }

    private void ProbeLun(IScsiPath path, int adapter, ulong lun, long causeId, Action next)
    {
        Probe(path, lun, CdbBuilder.Inquiry(alloc: 96), 96, causeId, inq =>
        {
            if (inq is null || inq.DataIn.Length < 1 || inq.DataIn[0] != 0x00)
            {
                next();
                return;
            }
            Probe(path, lun, CdbBuilder.Inquiry(evpd: true, page: 0x83, alloc: 255), 255, causeId, vpd =>
            {
                string name = vpd is null ? $"mpx.{path.Name}:L{lun}" : DeviceName(vpd.DataIn);
                Probe(path, lun, CdbBuilder.ReadCapacity10(), 8, causeId, cap =>
                {
                    var device = _devices.Find(d => d.Name == name);
                    if (device is null)
                    {
                        ulong blocks = cap is null || cap.DataIn.Length < 8 ? 0 : BinaryPrimitives.ReadUInt32BigEndian(cap.DataIn) + 1UL;
                        int bs = cap is null || cap.DataIn.Length < 8 ? 512 : (int)BinaryPrimitives.ReadUInt32BigEndian(cap.DataIn.AsSpan(4));
                        device = new EsxiDevice(name, blocks, bs);
                        _devices.Add(device);
                    }
                    device.AddPath(new EsxiPath(path, lun) { RuntimeName = $"vmhba{adapter + 1}:C0:T0:L{lun}" });
                    Record(TraceKind.StateChange, $"{device.Name}: path vmhba{adapter + 1}:C0:T0:L{lun} ({path.Name})", causeId);
                    next();
                });
            });
        });
    }

    /// <summary>The device name from VPD 83h: the first LUN-associated NAA designator, else the T10 vendor id one.</summary>
    internal static string DeviceName(ReadOnlySpan<byte> page)
    {
        string? t10 = null;
        int end = page.Length >= 4 ? Math.Min(page.Length, 4 + BinaryPrimitives.ReadUInt16BigEndian(page[2..])) : 0;
        for (int off = 4; off + 4 <= end;)
        {
            int codeSet = page[off] & 0x0F, association = (page[off + 1] >> 4) & 0x03, type = page[off + 1] & 0x0F, len = page[off + 3];
            if (off + 4 + len > end) break;
            var id = page.Slice(off + 4, len);
            if (association == 0 && type == 3) return "naa." + Convert.ToHexString(id).ToLowerInvariant();
            if (association == 0 && type == 1 && codeSet == 2 && t10 is null)
                t10 = "t10." + Encoding.ASCII.GetString(id).TrimEnd('\0', ' ').Replace(' ', '_');
            off += 4 + len;
        }
        return t10 ?? "mpx.unknown";
    }

    private void Schedule()
    {
        if (Settings.WriteInterval.Nanoseconds <= 0 || Datastore is null || _next is not null) return;
        _next = Simulation.Scheduler.After(Settings.WriteInterval, Tick, $"{Name}: VM write");
    }

    private void Tick()
    {
        _next = null;
        Schedule();
        var ds = Datastore!;
        if (_busy || ds.BlockCount <= Settings.DataStartLba) return;
        _busy = true;
        int blocks = Math.Max(1, Settings.WriteBytes / ds.BlockSize);
        long slots = (long)((ds.BlockCount - Settings.DataStartLba) / (ulong)blocks);
        ulong lba = Settings.DataStartLba + (ulong)(Random.NextInt64(slots) * blocks);
        var data = Random.NextByteArray(blocks * ds.BlockSize);
        VmWrite(ds, CdbBuilder.Write10(lba, (ushort)blocks), data, 0, 0, startUnitTried: false);
    }

    private void VmWrite(EsxiDevice device, byte[] cdb, byte[] data, long causeId, int attempt, bool startUnitTried)
    {
        var path = device.ActivePath;
        if (path is null)
        {
            Fail(causeId);
            return;
        }
        uint serial = device.NextCommandSerial++;
        Command(path.Path, path.Lun, cdb, data, 0, causeId, (r, timedOut) =>
        {
            if (r.IsGood)
            {
                VmWritesAcknowledged++;
                _busy = false;
                return;
            }
            long failure = r.TraceId != 0 ? r.TraceId : causeId;
            long line = Log.Write(VmkernelLog.DeviceIoFailure(cdb[0], serial, VmWorld, device.Name, r, timedOut), failure);
            bool retriesLeft = attempt < Settings.MaxRetries;
            if (IsFailoverTrigger(r) && retriesLeft)
            {
                path.Dead = true;
                Failovers++;
                var next = device.ActivePath;
                Record(TraceKind.StateChange, $"{device.Name}: path {path.RuntimeName} dead, failover to {next?.RuntimeName ?? "none"}", line);
                VmWrite(device, cdb, data, line, attempt + 1, startUnitTried);
                return;
            }
            bool notReady0402 = r.Status == ScsiStatus.CheckCondition && r.Sense.Key == SenseKey.NotReady
                && r.Sense.Code == AscAscq.LunNotReadyInitializingCommandRequired;
            if (notReady0402 && Settings.StartUnitOnNotReady && !startUnitTried && retriesLeft)
            {
                StartUnitsSent++;
                Command(path.Path, path.Lun, CdbBuilder.StartStopUnit(start: true), null, 0, line,
                    (_, _) => VmWrite(device, cdb, data, line, attempt + 1, startUnitTried: true));
                return;
            }
            bool retryable = timedOut || r.Outcome == TransportOutcome.Aborted
                || r.Status == ScsiStatus.CheckCondition && r.Sense.Key == SenseKey.UnitAttention;
            if (retryable && retriesLeft)
            {
                VmWrite(device, cdb, data, line, attempt + 1, startUnitTried);
                return;
            }
            Fail(line);
        });
    }

    /// <summary>NMP's failover triggers: DID_NO_CONNECT, DID_ERROR, NOT READY 04/03 and 04/0A (behaviour.md §6).</summary>
    private static bool IsFailoverTrigger(ScsiResponse r)
    {
        if (r.Outcome == TransportOutcome.NoConnection) return true;
        return r.Status == ScsiStatus.CheckCondition && r.Sense.Key == SenseKey.NotReady
            && (r.Sense.Code == AscAscq.LunNotReadyManualInterventionRequired || r.Sense.Code == AscAscq.LunNotReadyAsymmetricAccessStateTransition);
    }

    private void Fail(long causeId)
    {
        VmWritesFailed++;
        _busy = false;
        Record(TraceKind.StateChange, "VM write failed", causeId);
    }
}
