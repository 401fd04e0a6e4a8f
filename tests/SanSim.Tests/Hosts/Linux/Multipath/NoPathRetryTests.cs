using SanSim.Engine;
using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Multipath;

namespace SanSim.Tests.Hosts.Linux.Multipath;

/// <summary>
/// The LUN stopped by another initiator's STOP UNIT: both paths answer 04/02, the kernel fails them, and no_path_retry
/// decides whether the filesystem's writes wait, fail at once, or fail after N checker intervals.
/// </summary>
public class NoPathRetryTests
{
    [Test]
    public void StoppedLun_QueueMode_WritesWaitWithoutEio_AndCompleteAfterStartUnitOnceTheCheckerSeesAPathUp()
    {
        var san = new MultipathSan(NoPathRetry.Queue);
        Assert.That(san.DesktopStartStop(start: false).IsGood, Is.True);
        int k = san.Host.Log.Lines.Count;
        var write = san.Submit(BioOp.Write, 64, MultipathSan.Pattern(7));
        san.Run(SimTime.FromSeconds(120));
        Assert.That(write.Error, Is.Null, "the write must wait, not fail");
        Assert.That(san.Dm.QueuedCount, Is.EqualTo(1));
        Assert.That(san.Dm.ActivePathCount, Is.EqualTo(0));
        var kernel = san.KernelFrom(k);
        Assert.That(kernel, Does.Contain("device-mapper: multipath: 253:0: Failing path 8:16."));
        Assert.That(kernel, Does.Contain("device-mapper: multipath: 253:0: Failing path 8:32."));
        Assert.That(kernel.Where(l => l.Contains("dev dm-0")), Is.Empty, "no I/O error reaches dm-0");

        var startedAt = san.Sim.Now;
        Assert.That(san.DesktopStartStop(start: true).IsGood, Is.True);
        san.Run(SimTime.FromSeconds(6));
        Assert.That(write.Error, Is.EqualTo(0));
        Assert.That(write.At - startedAt, Is.LessThanOrEqualTo(SimTime.FromSeconds(5)));
        Assert.That(san.Dm.ActivePathCount, Is.EqualTo(2));

        var buffer = new byte[4096];
        var read = san.Submit(BioOp.Read, 64, buffer);
        san.Run(SimTime.FromMilliseconds(100));
        Assert.That(read.Error, Is.EqualTo(0));
        Assert.That(buffer, Is.EqualTo(MultipathSan.Pattern(7)));
    }

    [Test]
    public void StoppedLun_CheckerReportsEveryPathDown_WhileTheLunStaysStopped()
    {
        var san = new MultipathSan(NoPathRetry.Queue);
        san.DesktopStartStop(start: false);
        int d = san.Daemon.Log.Lines.Count;
        san.Run(SimTime.FromSeconds(30));
        var daemon = san.DaemonFrom(d);
        Assert.That(daemon, Does.Contain("mpatha: sdb - tur checker reports path is down"));
        Assert.That(daemon, Does.Contain("mpatha: sdc - tur checker reports path is down"));
        Assert.That(daemon, Does.Contain("mpatha: remaining active paths: 0"));
        Assert.That(san.Dm.Paths.Select(p => p.CheckerState), Is.All.EqualTo(PathCheckerState.Down));
    }

    [Test]
    public void StoppedLun_FailMode_FailsTheWriteWithEio_AtOnce()
    {
        var san = new MultipathSan(NoPathRetry.Fail);
        san.DesktopStartStop(start: false);
        int k = san.Host.Log.Lines.Count;
        var start = san.Sim.Now;
        var write = san.Submit(BioOp.Write, 64, MultipathSan.Pattern(7));
        san.Run(SimTime.FromSeconds(1));
        Assert.That(write.Error, Is.EqualTo(-Errno.EIO));
        Assert.That(write.At - start, Is.LessThan(SimTime.FromMilliseconds(10)));
        Assert.That(san.KernelFrom(k), Does.Contain("I/O error, dev dm-0, sector 64 op 0x1:(WRITE) flags 0x0 phys_seg 1 prio class 2"));
    }

    [Test]
    public void StoppedLun_ThreeIntervals_FailsTheQueuedWriteWithEio_AfterThreeCheckerIntervals()
    {
        var san = new MultipathSan(NoPathRetry.Intervals(3));
        san.DesktopStartStop(start: false);
        int d = san.Daemon.Log.Lines.Count;
        var start = san.Sim.Now;
        var write = san.Submit(BioOp.Write, 64, MultipathSan.Pattern(7));
        san.Run(SimTime.FromSeconds(14));
        Assert.That(write.Error, Is.Null, "still queued during the three intervals");
        san.Run(SimTime.FromSeconds(3));
        Assert.That(write.Error, Is.EqualTo(-Errno.EIO));
        Assert.That(write.At - start, Is.GreaterThanOrEqualTo(SimTime.FromSeconds(15)));
        Assert.That(write.At - start, Is.LessThanOrEqualTo(SimTime.FromSeconds(17)));
        var daemon = san.DaemonFrom(d);
        Assert.That(daemon, Does.Contain("mpatha: Entering recovery mode: max_retries=3"));
        Assert.That(daemon, Does.Contain("mpatha: Disable queueing"));
        Assert.That(san.Dm.QueueIfNoPath, Is.False);
    }

    [Test]
    public void ThreeIntervals_PathBackAfterQueueingWasDisabled_TurnsQueueingOnAgain()
    {
        var san = new MultipathSan(NoPathRetry.Intervals(3));
        san.DesktopStartStop(start: false);
        san.Submit(BioOp.Write, 64, MultipathSan.Pattern(7));
        san.Run(SimTime.FromSeconds(20));
        int d = san.Daemon.Log.Lines.Count;
        san.DesktopStartStop(start: true);
        san.Run(SimTime.FromSeconds(6));
        Assert.That(san.DaemonFrom(d), Does.Contain("mpatha: queue_if_no_path enabled"));
        Assert.That(san.DaemonFrom(d), Does.Contain("mpatha: Recovered to normal mode"));
        Assert.That(san.Dm.QueueIfNoPath, Is.True);
    }

    [Test]
    public void FailingPathLine_CauseChain_WalksBackToTheDesktopsStopUnit()
    {
        var san = new MultipathSan(NoPathRetry.Queue);
        san.DesktopStartStop(start: false);
        int k = san.Host.Log.Lines.Count;
        san.Submit(BioOp.Write, 64, MultipathSan.Pattern(7));
        san.Run(SimTime.FromSeconds(1));
        var failing = san.Host.Log.Lines.Skip(k).First(l => l.Text.Contains("Failing path 8:32"));
        var chain = san.Sim.Trace.CauseChain(failing.TraceId);
        Assert.That(chain.Any(e => e.Kind == TraceKind.Command && e.Message.Contains("START STOP UNIT", StringComparison.OrdinalIgnoreCase)), Is.True,
            string.Join("\n", chain));
    }
}
