using System.Buffers.Binary;
using SanSim.Engine;
using SanSim.Hosts.Transport;
using SanSim.Scsi;

namespace SanSim.Hosts.Windows;

public sealed partial class WindowsHost
{
    /// <summary>
    /// Boots the host: logs in on every path, then per path REPORT LUNS to LUN 0, and per LUN INQUIRY and READ
    /// CAPACITY (a POWER ON unit attention is retried; a stopped LUN gets START UNIT, as DEV_SAFE_START_UNIT is set
    /// before disk.sys reads the capacity). Each direct-access LUN becomes "Disk N" in discovery order; the SAN
    /// policy brings the disks of <see cref="WindowsHostSettings.OnlineLuns"/> online with an NTFS volume.
    /// Runs in virtual time; <see cref="PowerState"/> is <see cref="WindowsPowerState.Working"/> when done.
    /// </summary>
    public override void Start(long causeId = 0) => StartCore(causeId);

    private long StartCore(long causeId)
    {
        long id = RecordAction("boot", causeId);
        if (PowerState != WindowsPowerState.Off || _disks.Count > 0)
        {
            Record(TraceKind.Action, $"boot ignored: the host is {PowerState}", id);
            return id;
        }
        PowerState = WindowsPowerState.Starting;
        SystemLog.Write("Kernel-General", null, EventLevel.Information, "The operating system started.", approximate: true, id);
        foreach (var path in Paths) path.Login(id);
        RunSequence(Paths.Select(p => (Action<Action>)(next => ScanPath(p, id, next))).ToList(), () =>
        {
            BringOnline(id);
            PowerState = WindowsPowerState.Working;
            Record(TraceKind.StateChange, $"{_disks.Count} disks, {_volumes.Count} online", id);
            foreach (var v in _volumes) v.Resume();
        });
        return id;
    }

    /// <summary>Runs asynchronous steps one after another, then <paramref name="done"/>.</summary>
    private static void RunSequence(IReadOnlyList<Action<Action>> steps, Action done, int index = 0)
    {
        if (index >= steps.Count)
        {
            done();
            return;
        }
        steps[index](() => RunSequence(steps, done, index + 1));
    }

    private void ScanPath(IScsiPath path, long causeId, Action next)
    {
        // A probe disk stands for the path while no disk exists yet; it only carries the path and LUN.
        var lun0 = new WindowsDisk(-1, path, 0, 0, 512, removable: true);
        SendProbe(lun0, CdbBuilder.ReportLuns(alloc: 4096), 4096, causeId, r =>
        {
            var luns = r.Success ? ParseReportLuns(r.Last.DataIn) : [];
            RunSequence(luns.Select(l => (Action<Action>)(n => ProbeLun(path, l, causeId, n))).ToList(), next);
        });
    }

    /// <summary>The LUN list of REPORT LUNS data (SAM-5 LUN formats: peripheral and flat addressing).</summary>
    internal static List<ulong> ParseReportLuns(ReadOnlySpan<byte> data)
    {
        var luns = new List<ulong>();
        if (data.Length < 8) return luns;
        uint listLength = BinaryPrimitives.ReadUInt32BigEndian(data);
        int end = (int)Math.Min(data.Length, 8L + listLength);
        for (int off = 8; off + 8 <= end; off += 8)
        {
            byte method = (byte)(data[off] >> 6);
            ulong lun = method switch
            {
                0 => data[off + 1],
                1 => (ulong)((data[off] & 0x3F) << 8 | data[off + 1]),
                _ => ulong.MaxValue,
            };
            if (lun != ulong.MaxValue) luns.Add(lun);
        }
        return luns;
    }

    private void ProbeLun(IScsiPath path, ulong lun, long causeId, Action next)
    {
        var probe = new WindowsDisk(-1, path, lun, 0, 512, removable: true);
        SendProbe(probe, CdbBuilder.Inquiry(alloc: 96), 96, causeId, inq =>
        {
            var d = inq.Last.DataIn;
            // Peripheral qualifier 0 and device type 0 (direct access): a disk.
            if (!inq.Success || d.Length < 2 || d[0] != 0x00)
            {
                next();
                return;
            }
            bool removable = (d[1] & 0x80) != 0;
            var disk = new WindowsDisk(Settings.FirstDiskNumber + _disks.Count, path, lun, 0, 512, removable);
            ReadCapacity(disk, causeId, (blocks, blockSize) =>
            {
                if (blocks > 0)
                {
                    disk.BlockCount = blocks;
                    disk.BlockSize = blockSize;
                    _disks.Add(disk);
                    Record(TraceKind.StateChange, $"Disk {disk.Number}: LUN {lun} via {path.Name}, {blocks} blocks of {blockSize} bytes", causeId);
                }
                next();
            });
        });
    }

    /// <summary>ClassReadDriveCapacity: READ CAPACITY(10), and READ CAPACITY(16) when the last LBA does not fit.</summary>
    private void ReadCapacity(WindowsDisk probe, long causeId, Action<ulong, int> done)
    {
        SendProbe(probe, CdbBuilder.ReadCapacity10(), 8, causeId, r =>
        {
            if (!r.Success || r.Last.DataIn.Length < 8)
            {
                done(0, 512);
                return;
            }
            uint last = BinaryPrimitives.ReadUInt32BigEndian(r.Last.DataIn);
            int bs = (int)BinaryPrimitives.ReadUInt32BigEndian(r.Last.DataIn.AsSpan(4));
            if (last != uint.MaxValue)
            {
                done(last + 1UL, bs);
                return;
            }
            SendProbe(probe, CdbBuilder.ReadCapacity16(), 32, r.TraceId, r16 =>
            {
                if (!r16.Success || r16.Last.DataIn.Length < 12) done(0, 512);
                else done(BinaryPrimitives.ReadUInt64BigEndian(r16.Last.DataIn) + 1,
                    (int)BinaryPrimitives.ReadUInt32BigEndian(r16.Last.DataIn.AsSpan(8)));
            });
        });
    }

    /// <summary>SAN policy: the first disk of each LUN in <see cref="WindowsHostSettings.OnlineLuns"/> is Online with a volume.</summary>
    private void BringOnline(long causeId)
    {
        var seen = new HashSet<ulong>();
        foreach (var disk in _disks)
        {
            if (!Settings.OnlineLuns.Contains(disk.PortLun) || !seen.Add(disk.PortLun)) continue;
            disk.Online = true;
            var volume = new NtfsVolume(this, disk, (char)('D' + _volumes.Count));
            _volumes.Add(volume);
            Record(TraceKind.StateChange, $"Disk {disk.Number} Online, NTFS volume {volume.Letter}:", causeId);
        }
    }

    /// <summary>Sends a discovery command (REPORT LUNS, INQUIRY, READ CAPACITY) with the class driver's probe retries and timeout.</summary>
    private void SendProbe(WindowsDisk disk, byte[] cdb, int dataInLength, long causeId, Action<ClassResult> done) =>
        Send(new ClassRequest
        {
            Disk = disk,
            Cdb = cdb,
            DataInLength = dataInLength,
            Kind = RequestKind.Probe,
            MaxRetries = MaximumRetries,
            Timeout = Settings.CommandTimeout,
            CauseId = causeId,
            Done = done,
        });
}
