using System.Buffers.Binary;
using System.Text;
using SanSim.Engine;
using SanSim.Hosts.Transport;
using SanSim.Scsi;

namespace SanSim.Hosts.Linux;

/// <summary>
/// A Linux initiator: its SCSI hosts (one per path), the sd disks found on them, the kernel log, and the
/// filesystems mounted on its disks. <see cref="Start"/> logs in on every path and scans; <see cref="Rescan"/>
/// looks for new LUNs (echo "- - -" &gt; scan).
/// </summary>
public sealed partial class LinuxHost : Host
{
    private readonly Dictionary<string, ScsiDisk> _disks = new();
    private readonly Dictionary<IScsiPath, int> _hostNumbers = new();
    private readonly List<IMountedFilesystem> _mounts = new();
    /// <summary>Block layer tag handed to the next command.</summary>
    private int _nextTag;
    /// <summary>Disks named so far from <see cref="LinuxHostOptions.FirstDiskLetter"/>.</summary>
    private int _named;

    public LinuxHost(Simulation simulation, string name, LinuxHostOptions? options = null) : base(simulation, name)
    {
        Options = options ?? new LinuxHostOptions();
        Traits = KernelTraits.For(Options.Kernel);
        Kernel = new KernelLog(Log, simulation, Options.BootTime ?? simulation.Now);
        _nextTag = (int)Random.Stream("blk-tags").NextInt64(0, 128);
        StartMultipath();
    }

    public override HostOs Os => HostOs.Linux;
    public LinuxHostOptions Options { get; }
    public KernelTraits Traits { get; }

    /// <summary>dmesg.</summary>
    public KernelLog Kernel { get; }

    /// <summary>The sd disks by name ("sdb").</summary>
    public IReadOnlyDictionary<string, ScsiDisk> Disks => _disks;

    /// <summary>The block device named <paramref name="name"/> for a filesystem to mount, or null.</summary>
    public IBlockDevice? BlockDevice(string name) => (IBlockDevice?)_disks.GetValueOrDefault(name) ?? MultipathBlockDevice(name);

    /// <summary>The filesystems mounted on this host.</summary>
    public IReadOnlyList<IMountedFilesystem> Mounts => _mounts;

    /// <summary>__ratelimit state of scsi_io_completion_action's FAILED block.</summary>
    internal PrintkRatelimit FailedRatelimit { get; } = new();

    /// <summary>printk_ratelimited state of the block layer's I/O error line.</summary>
    internal PrintkRatelimit BlockRatelimit { get; } = new();

    /// <summary>Raised when a disk is attached, after its probe.</summary>
    public event Action<ScsiDisk>? DiskAttached;

    internal int NextTag() => _nextTag++ & 0xFFFF;

    /// <summary>The SCSI host number of a path: given in the options, else the next free one in path order.</summary>
    public int ScsiHostNumber(IScsiPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (_hostNumbers.TryGetValue(path, out int n)) return n;
        int index = Paths.ToList().IndexOf(path);
        if (index >= 0 && index < Options.ScsiHostNumbers.Count) n = Options.ScsiHostNumbers[index];
        else
        {
            n = Options.FirstScsiHostNumber;
            while (_hostNumbers.ContainsValue(n) || Options.ScsiHostNumbers.Contains(n)) n++;
        }
        _hostNumbers[path] = n;
        return n;
    }

    /// <summary>Logs in on every path, then scans each for LUNs and probes the disks found; then mounts <see cref="LinuxHostOptions.Mounts"/>.</summary>
    public override void Start(long causeId = 0)
    {
        long id = RecordAction("start", causeId);
        foreach (var path in Paths) ScsiHostNumber(path);
        StartMounts(id);
        Simulation.Scheduler.After(Options.ScanDelay, () =>
        {
            foreach (var path in Paths)
            {
                long login = path.Login(id);
                ScanPath(path, login);
            }
        }, "linux start");
    }

    /// <summary>Scans every path again for LUNs that are not yet attached.</summary>
    public void Rescan(long causeId = 0)
    {
        if (Panicked) return;
        long id = RecordAction("rescan", causeId);
        foreach (var path in Paths)
            if (path.State == PathState.Up) ScanPath(path, id);
    }

    /// <summary>Adds a mounted filesystem to the host's list.</summary>
    public void AddMount(IMountedFilesystem fs)
    {
        ArgumentNullException.ThrowIfNull(fs);
        _mounts.Add(fs);
    }

    /// <summary>Unmounts <paramref name="fs"/>; returns 0 or a negative errno.</summary>
    public int Umount(IMountedFilesystem fs, long causeId = 0)
    {
        ArgumentNullException.ThrowIfNull(fs);
        if (!_mounts.Contains(fs)) return -Errno.EINVAL;
        int rc = fs.Umount(causeId);
        if (rc == 0) _mounts.Remove(fs);
        return rc;
    }

    /// <summary>scsi_report_lun_scan: REPORT LUNS on LUN 0 (again after a unit attention, up to three times), then each new LUN.</summary>
    private void ScanPath(IScsiPath path, long cause, int tries = 0)
    {
        var request = new ScsiRequest(CdbBuilder.ReportLuns(0, 4096), 0, null, 4096, cause);
        path.Submit(request, resp =>
        {
            long c = resp.TraceId != 0 ? resp.TraceId : cause;
            if (resp.Status == ScsiStatus.CheckCondition && resp.Outcome == TransportOutcome.Completed && tries < 2)
            {
                ScanPath(path, c, tries + 1);
                return;
            }
            if (!resp.IsGood || resp.DataIn.Length < 8) return;
            var luns = new List<ulong>();
            uint len = BinaryPrimitives.ReadUInt32BigEndian(resp.DataIn);
            for (int off = 8; off + 8 <= resp.DataIn.Length && off < 8 + len; off += 8)
                luns.Add((ulong)(((resp.DataIn[off] & 0x3F) << 8) | resp.DataIn[off + 1]));
            ProbeLuns(path, luns, 0, c);
        });
    }

    private void ProbeLuns(IScsiPath path, List<ulong> luns, int index, long cause)
    {
        if (index >= luns.Count) return;
        var address = new ScsiAddress(ScsiHostNumber(path), 0, 0, luns[index]);
        if (_disks.Values.Any(d => d.Address == address))
        {
            ProbeLuns(path, luns, index + 1, cause);
            return;
        }
        var inquiry = new ScsiRequest(CdbBuilder.Inquiry(false, 0, 96), address.Lun, null, 96, cause);
        path.Submit(inquiry, resp =>
        {
            long c = resp.TraceId != 0 ? resp.TraceId : cause;
            var d = resp.DataIn;
            if (!resp.IsGood || d.Length < 36 || (d[0] >> 5) != 0)
            {
                ProbeLuns(path, luns, index + 1, c);
                return;
            }
            c = Kernel.SdevPrint("scsi", address, ScanLine(d), c);
            if ((d[0] & 0x1F) != 0)
            {
                ProbeLuns(path, luns, index + 1, c);
                return;
            }
            var disk = new ScsiDisk(this, path, address, NameFor(address)) { Removable = (d[1] & 0x80) != 0 };
            _disks[disk.Name] = disk;
            disk.Probe(c, () =>
            {
                DiskAttached?.Invoke(disk);
                ProbeLuns(path, luns, index + 1, c);
            });
        });
    }

    /// <summary>scsi_add_lun's line: "Direct-Access     FREEBSD  CTLDISK          0001 PQ: 0 ANSI: 6".</summary>
    private static string ScanLine(byte[] inq)
    {
        string Ascii(int from, int count) => Encoding.ASCII.GetString(inq, from, count);
        string type = (inq[0] & 0x1F) switch
        {
            0x00 => "Direct-Access    ",
            0x05 => "CD-ROM           ",
            0x0C => "RAID             ",
            0x0D => "Enclosure        ",
            _ => "Unknown          ",
        };
        string ccs = (inq[3] & 0x0F) == 1 ? " CCS" : "";
        return $"{type} {Ascii(8, 8)} {Ascii(16, 16)} {Ascii(32, 4)} PQ: {inq[0] >> 5} ANSI: {inq[2] & 0x07}{ccs}";
    }

    /// <summary>sd_format_disk_name: "sd" + a, b … z, aa, ab …; configured names win.</summary>
    private string NameFor(ScsiAddress address)
    {
        if (Options.DeviceNames.TryGetValue(address, out var given)) return given;
        while (true)
        {
            int index = Options.FirstDiskLetter - 'a' + _named++;
            string name = "sd" + DeviceLetters.Suffix(index);
            if (!_disks.ContainsKey(name) && !Options.DeviceNames.Values.Contains(name)) return name;
        }
    }

}
