using SanSim.Engine;
using SanSim.Scsi;

namespace SanSim.Hosts.Windows;

/// <summary>
/// An NTFS-like volume on an Online disk: every <see cref="WindowsHostSettings.IoInterval"/> an "application"
/// writes one cluster at an offset drawn from the host's random stream, and reads it back to check that what the
/// disk acknowledged is what it holds. A write that classpnp gives up on fails to the application.
/// </summary>
public sealed partial class NtfsVolume
{
    private readonly WindowsHost _host;
    /// <summary>Contents of every cluster the disk acknowledged, by first LBA.</summary>
    private readonly SectorContentMap _acknowledged;
    private ScheduledEvent? _next;
    private bool _busy;

    internal NtfsVolume(WindowsHost host, WindowsDisk disk, char letter)
    {
        _host = host;
        Disk = disk;
        Letter = letter;
        BlocksPerCluster = Math.Max(1, host.Settings.ClusterBytes / disk.BlockSize);
        ulong start = host.Settings.VolumeStartLba;
        Clusters = disk.BlockCount > start ? (long)((disk.BlockCount - start) / (ulong)BlocksPerCluster) : 0;
        _acknowledged = new SectorContentMap(BlocksPerCluster * disk.BlockSize);
    }

    public WindowsDisk Disk { get; }
    public char Letter { get; }
    public int BlocksPerCluster { get; }
    public long Clusters { get; }

    public int WritesAcknowledged { get; private set; }

    /// <summary>Writes that failed to the application after classpnp's retries.</summary>
    public int WritesFailed { get; private set; }
    public int ReadsVerified { get; private set; }
    public int ReadsFailed { get; private set; }

    /// <summary>Read-backs whose data differed from what the disk had acknowledged.</summary>
    public int Mismatches { get; private set; }

    /// <summary>The NTSTATUS of the last failed write, or null.</summary>
    public string? LastFailure { get; private set; }

    internal void Pause()
    {
        _next?.Cancel();
        _next = null;
    }

    internal void Resume()
    {
        if (_host.Settings.IoInterval.Nanoseconds <= 0 || Clusters <= 0 || _next is not null) return;
        _next = _host.Simulation.Scheduler.After(_host.Settings.IoInterval, Tick, $"{_host.Name} {Letter}: write");
    }

    private void Tick()
    {
        _next = null;
        if (_host.PowerState != WindowsPowerState.Working) return;
        Resume();
        if (_busy) return;
        _busy = true;
        ulong lba = _host.Settings.VolumeStartLba + (ulong)(_host.Random.NextInt64(Clusters) * BlocksPerCluster);
        var data = _host.Random.NextByteArray(BlocksPerCluster * Disk.BlockSize);
        _host.Send(new ClassRequest
        {
            Disk = Disk,
            Cdb = lba + (ulong)BlocksPerCluster <= uint.MaxValue
                ? CdbBuilder.Write10(lba, (ushort)BlocksPerCluster)
                : CdbBuilder.Write16(lba, (uint)BlocksPerCluster),
            DataOut = data,
            Kind = RequestKind.Io,
            MaxRetries = _host.Settings.IoRetries,
            Timeout = _host.Settings.CommandTimeout,
            Done = r => Written(lba, data, r),
        });
    }

    private void Written(ulong lba, byte[] data, ClassResult result)
    {
        if (!result.Success)
        {
            WritesFailed++;
            LastFailure = result.Status;
            _host.SystemLog.Write("Ntfs", null, EventLevel.Warning,
                $"A write to volume {Letter}: at logical block address 0x{lba:x} of Disk {Disk.Number} failed to the application ({result.Status}).",
                approximate: true, result.TraceId);
            _busy = false;
            return;
        }
        WritesAcknowledged++;
        _acknowledged.Set(lba, data);
        if (_host.PowerState != WindowsPowerState.Working)
        {
            _busy = false;
            return;
        }
        ReadCluster(lba, result.TraceId, r => Verified(lba, r));
    }

    /// <summary>Reads one cluster through the class driver (READ(10), or READ(16) past 2 TiB), with its retries.</summary>
    private void ReadCluster(ulong lba, long causeId, Action<ClassResult> done) =>
        _host.Send(new ClassRequest
        {
            Disk = Disk,
            Cdb = lba + (ulong)BlocksPerCluster <= uint.MaxValue
                ? CdbBuilder.Read10(lba, (ushort)BlocksPerCluster)
                : CdbBuilder.Read16(lba, (uint)BlocksPerCluster),
            DataInLength = BlocksPerCluster * Disk.BlockSize,
            Kind = RequestKind.Io,
            MaxRetries = _host.Settings.IoRetries,
            Timeout = _host.Settings.CommandTimeout,
            CauseId = causeId,
            Done = done,
        });

    private void Verified(ulong lba, ClassResult result)
    {
        _busy = false;
        if (!result.Success)
        {
            ReadsFailed++;
            return;
        }
        if (result.Last.DataIn.AsSpan().SequenceEqual(_acknowledged[lba]))
        {
            ReadsVerified++;
            return;
        }
        Mismatches++;
        _host.SystemLog.Write("Ntfs", null, EventLevel.Error,
            $"Data read back from volume {Letter}: at logical block address 0x{lba:x} differs from what Disk {Disk.Number} acknowledged.",
            approximate: true, result.TraceId);
    }
}
