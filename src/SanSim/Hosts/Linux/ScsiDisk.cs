using SanSim.Engine;
using SanSim.Hosts.Transport;
using SanSim.Scsi;

namespace SanSim.Hosts.Linux;

/// <summary>The sdev state that matters to I/O (enum scsi_device_state).</summary>
public enum ScsiDeviceState
{
    Running,
    /// <summary>SDEV_OFFLINE: commands are refused ("rejecting I/O to offline device").</summary>
    Offline,
}

/// <summary>scsi_sense_hdr: the normalized sense of a response.</summary>
internal readonly record struct SenseHdr(byte Key, byte Asc, byte Ascq, bool Deferred, bool Descriptor);

/// <summary>
/// An sd disk (struct scsi_disk over one scsi_device): one LUN seen through one path. It turns bios into
/// READ/WRITE/SYNCHRONIZE CACHE commands, runs the midlayer's completion rules of its kernel version on the
/// answers (scsi_decide_disposition, scsi_io_completion_action), prints what the kernel prints, and completes
/// each bio exactly once.
/// </summary>
public sealed partial class ScsiDisk : IBlockDevice
{
    private readonly LinuxHost _host;

    internal ScsiDisk(LinuxHost host, IScsiPath path, ScsiAddress address, string name)
    {
        _host = host;
        Path = path;
        Address = address;
        Name = name;
    }

    public string Name { get; }
    public ScsiAddress Address { get; }
    public IScsiPath Path { get; }

    /// <summary>The LUN as addressed through the path.</summary>
    public ulong PortLun => Address.Lun;

    public ScsiDeviceState State { get; private set; } = ScsiDeviceState.Running;

    /// <summary>Capacity in 512-byte sectors.</summary>
    public ulong SectorCount => LogicalBlockSize == 0 ? 0 : Capacity * (ulong)LogicalBlockSize / Bio.SectorSize;

    /// <summary>Capacity in logical blocks (READ CAPACITY).</summary>
    public ulong Capacity { get; private set; }

    public int LogicalBlockSize { get; private set; } = 512;

    /// <summary>WCE of the caching mode page.</summary>
    public bool WriteCacheEnabled { get; private set; }

    /// <summary>RCD of the caching mode page.</summary>
    public bool ReadCacheDisabled { get; private set; }

    /// <summary>DPOFUA of the mode parameter header.</summary>
    public bool SupportsFua { get; private set; }

    public bool WriteProtected { get; private set; }

    /// <summary>RMB of the INQUIRY data: a unit attention then means a media change and fails the command instead of being retried.</summary>
    public bool Removable { get; internal set; }

    /// <summary>Set by a reset the error handler made: the next unit attention is expected (expecting_cc_ua).</summary>
    internal bool ExpectingCcUa { get; set; }

    private Simulation Sim => _host.Simulation;
    private KernelTraits Traits => _host.Traits;
    private KernelLog Klog => _host.Kernel;

    /// <summary>sd_printk: "sd 6:0:0:0: [sdb] text".</summary>
    private long SdPrint(string text, long cause) => Klog.SdevPrint("sd", Address, $"[{Name}] {text}", cause);

    /// <summary>sdev_printk: "sd 6:0:0:0: text".</summary>
    private long SdevPrint(string text, long cause) => Klog.SdevPrint("sd", Address, text, cause);

    /// <summary>scmd_printk: "sd 6:0:0:0: [sdb] tag#97 text".</summary>
    private long ScmdPrint(ScsiCmnd cmd, string text, long cause) => Klog.SdevPrint("sd", Address, $"[{Name}] tag#{cmd.Tag} {text}", cause);

    /// <summary>Queues a bio: a flush becomes SYNCHRONIZE CACHE(10); a write with REQ_PREFLUSH is preceded by one when the write cache is on.</summary>
    public void Submit(Bio bio)
    {
        ArgumentNullException.ThrowIfNull(bio);
        // A panicked kernel takes no more I/O and completes nothing.
        if (_host.Panicked) return;
        var rq = new BlockRequest(bio) { FailedOp = bio.Op };
        if (bio.Op != BioOp.Flush && !Fits(bio))
        {
            Sim.Scheduler.After(SimTime.Zero, () => rq.Complete(-Errno.EIO, bio.CauseId));
            return;
        }
        if (bio.Op == BioOp.Flush)
        {
            if (!WriteCacheEnabled)
            {
                Sim.Scheduler.After(SimTime.Zero, () => rq.Complete(0, bio.CauseId));
                return;
            }
            Start(NewCommand(CdbBuilder.SynchronizeCache10(), rq, bio.CauseId));
            return;
        }
        if (bio.Op == BioOp.Write && bio.Flags.HasFlag(BioFlags.Preflush) && WriteCacheEnabled)
        {
            var flush = new BlockRequest(new Bio(BioOp.Flush, 0, [], bio.Flags, (flushBio, err, cause) =>
            {
                if (err == 0) Start(RwCommand(rq));
                else
                {
                    rq.FailedOp = BioOp.Write;
                    rq.Status = flushBio.Status;
                    EndRequest(rq, cause);
                }
            }, bio.CauseId)) { FailedOp = BioOp.Flush, PreflushOfWrite = true };
            Start(NewCommand(CdbBuilder.SynchronizeCache10(), flush, bio.CauseId));
            return;
        }
        Start(RwCommand(rq));
    }

    /// <summary>
    /// Whether the bio lies inside the disk and on logical-block boundaries; one that does not fails with -EIO
    /// before a command is built (bio_check_eod, sd's alignment check). Their log lines are not modelled.
    /// </summary>
    private bool Fits(Bio bio)
    {
        ulong bs = (ulong)LogicalBlockSize;
        ulong start = bio.Sector * Bio.SectorSize;
        ulong bytes = (ulong)bio.Data.Length;
        return bytes > 0 && start % bs == 0 && bytes % bs == 0 && bio.Sector + (ulong)bio.SectorCount <= SectorCount;
    }

    /// <summary>sd_setup_read_write_cmnd: READ/WRITE(10), or (16) past 2^32 blocks; FUA from REQ_FUA when the disk supports it.</summary>
    private ScsiCmnd RwCommand(BlockRequest rq)
    {
        var bio = rq.Bio;
        ulong lba = bio.Sector * Bio.SectorSize / (ulong)LogicalBlockSize;
        uint blocks = (uint)((ulong)bio.Data.Length / (ulong)LogicalBlockSize);
        bool fua = bio.Flags.HasFlag(BioFlags.Fua) && SupportsFua && WriteCacheEnabled;
        bool use16 = Capacity > 0xFFFFFFFFUL || lba + blocks > 0xFFFFFFFFUL || blocks > 0xFFFF;
        byte[] cdb = bio.Op == BioOp.Read
            ? use16 ? CdbBuilder.Read16(lba, blocks, fua: fua) : CdbBuilder.Read10(lba, (ushort)blocks, fua: fua)
            : use16 ? CdbBuilder.Write16(lba, blocks, fua: fua) : CdbBuilder.Write10(lba, (ushort)blocks, fua: fua);
        return bio.Op == BioOp.Read
            ? new ScsiCmnd(cdb, _host.Options.Retries, _host.Options.CommandTimeout, Sim.Now, bio.CauseId) { Request = rq, DataInLength = bio.Data.Length }
            : new ScsiCmnd(cdb, _host.Options.Retries, _host.Options.CommandTimeout, Sim.Now, bio.CauseId) { Request = rq, DataOut = bio.Data };
    }

    private ScsiCmnd NewCommand(byte[] cdb, BlockRequest rq, long cause) =>
        new(cdb, _host.Options.Retries, _host.Options.CommandTimeout, Sim.Now, cause) { Request = rq };

    /// <summary>A new request enters the queue: refused at once when the device is offline (scsi_prep_state_check).</summary>
    private void Start(ScsiCmnd cmd)
    {
        if (State == ScsiDeviceState.Offline && cmd.Request is { } rq)
        {
            long id = cmd.CauseId;
            if (!Traits.RejectingIoPrintedOnce || !_offlineAlready)
            {
                _offlineAlready = true;
                id = SdevPrint("rejecting I/O to offline device", id);
            }
            EndRequest(rq, id);
            return;
        }
        Dispatch(cmd);
    }

    /// <summary>Sends the command's next attempt on the path and arms its timer.</summary>
    private void Dispatch(ScsiCmnd cmd)
    {
        if (_host.Panicked) return;
        if (State == ScsiDeviceState.Offline)
        {
            if (cmd.InternalDone is { } internalDone) Sim.Scheduler.After(SimTime.Zero, () => internalDone(null));
            else Start(cmd);
            return;
        }
        cmd.Tag = _host.NextTag();
        int gen = ++cmd.Generation;
        var request = new ScsiRequest(cmd.Cdb, PortLun, cmd.DataOut, cmd.DataInLength, cmd.CauseId);
        cmd.PathTag = Path.Submit(request, resp => OnResponse(cmd, gen, resp));
        cmd.Timer = Sim.Scheduler.After(cmd.Timeout, () => OnTimeout(cmd, gen), "sd command timeout");
    }

    /// <summary>Sends one command of sd's or the error handler's own and hands back the answer (null on timeout).</summary>
    internal void Execute(byte[] cdb, int dataIn, SimTime timeout, long cause, Action<ScsiResponse?> done) =>
        Dispatch(new ScsiCmnd(cdb, 0, timeout, Sim.Now, cause) { DataInLength = dataIn, InternalDone = done });

    /// <summary>scsi_normalize_sense over the response.</summary>
    internal static SenseHdr? Normalize(ScsiResponse resp)
    {
        if (resp.Outcome != TransportOutcome.Completed || resp.Status != ScsiStatus.CheckCondition) return null;
        if (resp.SenseBytes.Length > 0 && SenseData.TryParse(resp.SenseBytes, out var p, out _) && p.HasCode)
            return new SenseHdr((byte)p.Key, p.Code.Asc, p.Code.Ascq, p.Deferred, p.ResponseCode >= 0x72);
        if (resp.Sense.IsNone) return null;
        return new SenseHdr((byte)resp.Sense.Key, resp.Sense.Code.Asc, resp.Sense.Code.Ascq, resp.Sense.Deferred, false);
    }

    /// <summary>Raised for each unit attention the midlayer reports as an sdev event (SDEV_EVT_*), with the log line's trace id.</summary>
    public event Action<ScsiDisk, ScsiDeviceEvent, long>? DeviceEvent;

    /// <summary>
    /// scsi_report_sense: the unit attentions the kernel names in the log and raises as events. For 3F/03 the event
    /// thread rescans the device (scsi_rescan_device, sd's revalidate); 3F/0E changes nothing by itself, as its line
    /// says: new LUNs appear only when someone rescans the host (<see cref="LinuxHost.Rescan"/>).
    /// </summary>
    internal void ReportSense(SenseHdr s, long cause)
    {
        if (s.Key != (byte)SenseKey.UnitAttention) return;
        ScsiDeviceEvent? evt = null;
        long id = 0;
        if (s.Asc == 0x3f && s.Ascq == 0x03)
        {
            evt = ScsiDeviceEvent.InquiryChangeReported;
            id = SdevPrint("Inquiry data has changed", cause);
        }
        else if (s.Asc == 0x3f && s.Ascq == 0x0e)
        {
            evt = ScsiDeviceEvent.LunChangeReported;
            id = SdevPrint(WarningPrefix + "LUN assignments on this target have changed. The Linux SCSI layer does not automatically remap LUN assignments.", cause);
        }
        else if (s.Asc == 0x3f)
            id = SdevPrint(WarningPrefix + (WarningPrefix.Length > 0 ? "operating" : "Operating") +
                           " parameters on this target have changed. The Linux SCSI layer does not automatically adjust these parameters.", cause);
        if (s.Asc == 0x38 && s.Ascq == 0x07)
        {
            evt = ScsiDeviceEvent.SoftThresholdReachedReported;
            id = SdevPrint("Warning! Received an indication that the LUN reached a thin provisioning soft threshold.", cause);
        }
        if (s.Asc == 0x29)
        {
            evt = ScsiDeviceEvent.PowerOnResetOccurred;
            id = SdevPrint("Power-on or device reset occurred", cause);
        }
        if (s.Asc == 0x2a && s.Ascq == 0x01)
        {
            evt = ScsiDeviceEvent.ModeParameterChangeReported;
            id = SdevPrint("Mode parameters changed", cause);
        }
        else if (s.Asc == 0x2a && s.Ascq == 0x06)
        {
            evt = ScsiDeviceEvent.AluaStateChangeReported;
            id = SdevPrint("Asymmetric access state changed", cause);
        }
        else if (s.Asc == 0x2a && s.Ascq == 0x09)
        {
            evt = ScsiDeviceEvent.CapacityChangeReported;
            id = SdevPrint("Capacity data has changed", cause);
        }
        else if (s.Asc == 0x2a)
            id = SdevPrint("Parameters changed", cause);
        if (evt is { } e)
        {
            DeviceEvent?.Invoke(this, e, id);
            if (e == ScsiDeviceEvent.InquiryChangeReported)
                Sim.Scheduler.After(SimTime.Zero, () => Revalidate(id));
        }
    }

    /// <summary>The "Warning! Received an indication that the " that older kernels put before the 3F lines.</summary>
    private string WarningPrefix => Traits.LongOperatingParameterWarnings ? "Warning! Received an indication that the " : "";

    /// <summary>Takes the device offline (scsi_eh_offline_sdevs, or sysfs state=offline).</summary>
    internal void SetOffline()
    {
        State = ScsiDeviceState.Offline;
        _offlineAlready = false;
    }

    /// <summary>Brings an offline device back (echo running &gt; state).</summary>
    public void SetRunning()
    {
        State = ScsiDeviceState.Running;
        _offlineAlready = false;
    }

    /// <summary>sdev->offline_already: the refusal of this offline period was printed.</summary>
    private bool _offlineAlready;
}

/// <summary>The sdev events scsi_report_sense raises (enum scsi_device_event).</summary>
public enum ScsiDeviceEvent
{
    InquiryChangeReported,
    LunChangeReported,
    SoftThresholdReachedReported,
    PowerOnResetOccurred,
    ModeParameterChangeReported,
    AluaStateChangeReported,
    CapacityChangeReported,
}
