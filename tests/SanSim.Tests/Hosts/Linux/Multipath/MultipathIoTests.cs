using SanSim.Engine;
using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Multipath;

namespace SanSim.Tests.Hosts.Linux.Multipath;

/// <summary>I/O on dm-0 with both paths up and across a path's link loss.</summary>
public class MultipathIoTests
{
    [Test]
    public void BothPathsUp_WritesAreBalancedRoundRobin_AndAllGood()
    {
        var san = new MultipathSan(NoPathRetry.Queue);
        var done = Enumerable.Range(0, 10).Select(i => san.Submit(BioOp.Write, (ulong)i * 8, MultipathSan.Pattern(i))).ToList();
        san.Run(SimTime.FromSeconds(1));
        Assert.That(done.Select(d => d.Error), Is.All.EqualTo(0));
        Assert.That(san.Dm.Paths.Select(p => p.Completed), Is.EqualTo(new long[] { 5, 5 }));
        Assert.That(san.Dm.ActivePathCount, Is.EqualTo(2));
    }

    [Test]
    public void LinkDown_WritesContinueOnTheOtherPath_KernelFailsThePathOnItsIoError()
    {
        var san = new MultipathSan(NoPathRetry.Queue);
        san.Run(SimTime.FromSeconds(2));
        int k = san.Host.Log.Lines.Count;
        san.HbaA.LinkDown();
        var done = Enumerable.Range(0, 6).Select(i => san.Submit(BioOp.Write, (ulong)i * 8, MultipathSan.Pattern(i))).ToList();
        san.Run(SimTime.FromSeconds(1));
        Assert.That(done.Select(d => d.Error), Is.All.EqualTo(0));
        Assert.That(san.KernelFrom(k), Does.Contain("device-mapper: multipath: 253:0: Failing path 8:16."));
        Assert.That(san.KernelFrom(k).Where(l => l.Contains("dev dm-0")), Is.Empty);
        Assert.That(san.Dm.Paths[0].IsActive, Is.False);
        Assert.That(san.Daemon.Log.Lines.Select(l => l.Text), Does.Contain("sdb: mark as failed"));
    }

    [Test]
    public void LinkDownWithoutIo_CheckerFailsThePath_WithinTheMaxPollingInterval()
    {
        var san = new MultipathSan(NoPathRetry.Queue);
        int k = san.Host.Log.Lines.Count, d = san.Daemon.Log.Lines.Count;
        san.HbaA.LinkDown();
        san.Run(SimTime.FromSeconds(21));
        Assert.That(san.DaemonFrom(d), Does.Contain("mpatha: sdb - tur checker reports path is down"));
        Assert.That(san.DaemonFrom(d), Does.Contain("checker failed path 8:16 in map mpatha"));
        Assert.That(san.DaemonFrom(d), Does.Contain("mpatha: remaining active paths: 1"));
        Assert.That(san.KernelFrom(k), Does.Contain("device-mapper: multipath: 253:0: Failing path 8:16."));
        Assert.That(san.Dm.Paths[0].CheckerState, Is.EqualTo(PathCheckerState.Down));
    }

    [Test]
    public void LinkUp_CheckerReinstatesThePath_WithinOnePollingInterval_AndIoUsesItAgain()
    {
        var san = new MultipathSan(NoPathRetry.Queue);
        san.HbaA.LinkDown();
        san.Run(SimTime.FromSeconds(21));
        int k = san.Host.Log.Lines.Count, d = san.Daemon.Log.Lines.Count;
        san.HbaA.LinkUp();
        san.Run(SimTime.FromSeconds(6));
        Assert.That(san.KernelFrom(k), Does.Contain("device-mapper: multipath: 253:0: Reinstating path 8:16."));
        Assert.That(san.DaemonFrom(d), Is.EqualTo(new[]
        {
            "mpatha: sdb - tur checker reports path is up",
            "8:16: reinstated",
            "mpatha: remaining active paths: 2",
        }));
        long before = san.Dm.Paths[0].Completed;
        var done = Enumerable.Range(0, 4).Select(i => san.Submit(BioOp.Write, (ulong)i * 8, MultipathSan.Pattern(i))).ToList();
        san.Run(SimTime.FromSeconds(1));
        Assert.That(done.Select(x => x.Error), Is.All.EqualTo(0));
        Assert.That(san.Dm.Paths[0].Completed - before, Is.EqualTo(2));
    }

    [Test]
    public void Kernel419_PrintsFailingPath_WithoutTheMapName()
    {
        var san = new MultipathSan(NoPathRetry.Queue, KernelVersion.V4_19);
        int k = san.Host.Log.Lines.Count;
        san.HbaA.LinkDown();
        san.Submit(BioOp.Write, 0, MultipathSan.Pattern(1));
        san.Run(SimTime.FromSeconds(1));
        Assert.That(san.KernelFrom(k), Does.Contain("device-mapper: multipath: Failing path 8:16."));
    }

    [Test]
    public void AcknowledgedData_ReadsBackIdentical_AcrossAFailoverAndReinstatement()
    {
        var san = new MultipathSan(NoPathRetry.Queue);
        var acked = new Dictionary<ulong, byte[]>();
        void WriteBatch(int from, int count)
        {
            var batch = Enumerable.Range(from, count).Select(i => (Sector: (ulong)i * 8, Data: MultipathSan.Pattern(i), Done: (MultipathSan.Completion?)null)).ToList();
            for (int i = 0; i < batch.Count; i++) batch[i] = batch[i] with { Done = san.Submit(BioOp.Write, batch[i].Sector, batch[i].Data) };
            san.Run(SimTime.FromSeconds(1));
            foreach (var b in batch)
                if (b.Done!.Error == 0) acked[b.Sector] = b.Data;
        }
        WriteBatch(0, 8);
        san.HbaA.LinkDown();
        WriteBatch(8, 8);
        san.HbaA.LinkUp();
        san.Run(SimTime.FromSeconds(25));
        WriteBatch(16, 8);
        Assert.That(acked, Has.Count.EqualTo(24));
        foreach (var (sector, data) in acked)
        {
            var buffer = new byte[4096];
            var read = san.Submit(BioOp.Read, sector, buffer);
            san.Run(SimTime.FromMilliseconds(100));
            Assert.That(read.Error, Is.EqualTo(0));
            Assert.That(buffer, Is.EqualTo(data), $"sector {sector}");
        }
    }
}
