using SanSim.Engine;
using SanSim.Hosts.Linux;

namespace SanSim.Tests.Hosts.Linux;

/// <summary>A cache flush that fails: the flush request's line, then the request it served.</summary>
public class FlushFailureTests
{
    [Test]
    public void StoppedLun_FailedFlushBio_PrintsFlushThenWriteLines_On61()
    {
        var san = new LinuxSan(KernelVersion.V6_1);
        san.Target.StopLun(san.Lun);
        int from = san.Host.Log.Lines.Count;
        var errors = new List<int>();
        san.Sdb.Submit(new Bio(BioOp.Flush, 0, [], BioFlags.Preflush | BioFlags.Sync, (_, e, _) => errors.Add(e)));
        san.Run(SanSim.Engine.SimTime.FromSeconds(1));
        var lines = san.LinesFrom(from);
        Assert.That(errors, Is.EqualTo(new[] { -Errno.EIO }));
        Assert.That(lines[3], Does.EndWith("CDB: Synchronize Cache(10) 35 00 00 00 00 00 00 00 00 00"));
        Assert.That(lines.Skip(4), Is.EqualTo(new[]
        {
            "I/O error, dev sdb, sector 0 op 0x2:(FLUSH) flags 0x40000 phys_seg 0 prio class 2",
            "I/O error, dev sdb, sector 0 op 0x1:(WRITE) flags 0x800 phys_seg 0 prio class 2",
        }));
    }
}
