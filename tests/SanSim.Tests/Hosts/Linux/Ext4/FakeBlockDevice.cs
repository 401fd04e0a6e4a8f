using SanSim.Engine;
using SanSim.Hosts;
using SanSim.Hosts.Linux;

namespace SanSim.Tests.Hosts.Linux.Ext4;

/// <summary>
/// A block device for filesystem tests: keeps sectors in memory and completes each bio through the scheduler
/// after <see cref="Latency"/>. From <see cref="FailFrom"/> until <see cref="Heal"/> it fails writes (and reads,
/// when <see cref="FailReads"/>) with -EIO, writing one log line for the failed request first, as sd and the
/// block layer do, and handing that line's trace id to the completion.
/// </summary>
internal sealed class FakeBlockDevice : IBlockDevice
{
    private readonly Simulation _sim;
    private readonly HostLog _log;
    private readonly Dictionary<ulong, byte[]> _sectors = new();

    public FakeBlockDevice(Simulation sim, HostLog log, string name, ulong bytes)
    {
        _sim = sim;
        _log = log;
        Name = name;
        SectorCount = bytes / 512;
    }

    public string Name { get; }
    public ulong SectorCount { get; }
    public int LogicalBlockSize => 512;
    public SimTime Latency { get; set; } = SimTime.FromMicroseconds(200);

    /// <summary>Virtual time from which requests fail; null for a healthy device.</summary>
    public SimTime? FailFrom { get; set; }
    public bool FailReads { get; set; }

    /// <summary>Calls every completion twice, to check the filesystem takes only the first.</summary>
    public bool CompleteTwice { get; set; }

    /// <summary>Trace id of the root cause the failures are attributed to (the LUN-stopped event).</summary>
    public long FaultCauseId { get; set; }

    /// <summary>The line printed for a failed request; {0} device, {1} sector.</summary>
    public string FailureLineFormat { get; set; } = "print_req_error: I/O error, dev {0}, sector {1}";

    public List<Bio> Submitted { get; } = new();

    /// <summary>Every failed bio with the trace id that decided its failure.</summary>
    public List<(Bio Bio, long TraceId)> Failed { get; } = new();

    public void Heal() => FailFrom = null;

    public void Submit(Bio bio)
    {
        Submitted.Add(bio);
        _sim.Scheduler.After(Latency, () =>
        {
            bool fail = FailFrom is { } t && _sim.Now >= t && (bio.Op != BioOp.Read || FailReads);
            if (fail)
            {
                long line = _log.Write(string.Format(System.Globalization.CultureInfo.InvariantCulture, FailureLineFormat, Name, bio.Sector),
                    FaultCauseId != 0 ? FaultCauseId : bio.CauseId);
                Failed.Add((bio, line));
                bio.Complete(bio, -Errno.EIO, line);
                if (CompleteTwice) bio.Complete(bio, -Errno.EIO, line);
                return;
            }
            for (int i = 0; i < bio.SectorCount; i++)
            {
                ulong s = bio.Sector + (ulong)i;
                var span = bio.Data.AsSpan(i * 512, 512);
                if (bio.Op == BioOp.Write) _sectors[s] = span.ToArray();
                else if (bio.Op == BioOp.Read)
                {
                    if (_sectors.TryGetValue(s, out var d)) d.CopyTo(span);
                    else span.Clear();
                }
            }
            bio.Complete(bio, 0, 0);
            if (CompleteTwice) bio.Complete(bio, 0, 0);
        }, "fake bio");
    }

    /// <summary>Overwrites a stored sector behind the filesystem's back.</summary>
    public void Corrupt(ulong sector) => _sectors[sector] = new byte[512];
}
