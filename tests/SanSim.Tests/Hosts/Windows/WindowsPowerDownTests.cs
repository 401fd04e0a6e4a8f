using SanSim.Engine;
using SanSim.Hosts.Windows;
using SanSim.Scsi;

namespace SanSim.Tests.Hosts.Windows;

/// <summary>Sleep, hibernate and shutdown: classpnp's power-down of every disk (power.c, ClasspPowerDownCompletion).</summary>
public class WindowsPowerDownTests
{
    private static readonly byte[] SyncCache10 = [0x35, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    private static readonly byte[] StopUnitImmed = [0x1B, 0x01, 0, 0, 0x00, 0];

    [Test]
    public void Sleep_SendsSyncCache10ThenStopUnitImmed_ToOnlineAndOfflineDisks()
    {
        var san = new WindowsSan().Started();
        int before = san.DesktopPath.Sent.Count;
        san.Host.Sleep();
        san.Run(5);

        foreach (var disk in san.Host.Disks)
        {
            var cdbs = san.DesktopPath.Since(before, disk.PortLun).Select(r => r.Cdb).ToList();
            Assert.That(cdbs, Is.EqualTo(new[] { SyncCache10, StopUnitImmed }), $"Disk {disk.Number} ({(disk.Online ? "online" : "offline")})");
            var target = san.TargetCommands((int)disk.PortLun);
            Assert.That(target.TakeLast(2), Is.EqualTo(new[] { "SYNCHRONIZE CACHE(10) lba 0 len 0 from 3:0", "START STOP UNIT from 3:0" }));
        }
        Assert.That(san.Target.Luns.Values.Select(l => l.Stopped), Is.All.True, "every LUN the desktop sees is stopped");
        Assert.That(san.Host.PowerState, Is.EqualTo(WindowsPowerState.Sleeping));
    }

    [Test]
    public void Sleep_EveryPowerCommandCarriesTheSleepActionAsCause()
    {
        var san = new WindowsSan().Started();
        int before = san.DesktopPath.Sent.Count;
        long sleep = san.Host.Sleep();
        san.Run(5);
        Assert.That(san.DesktopPath.Sent.Skip(before).Select(r => r.CauseId), Is.All.EqualTo(sleep));
    }

    [Test]
    public void StopOfOfflineLun_IsTheRootOfAnotherInitiatorsNotReady()
    {
        var san = new WindowsSan().Started();
        long sleep = san.Host.Sleep();
        san.Run(5);
        var failed = san.SendOther(2, CdbBuilder.Write10(0, 8, fua: true), new byte[4096]);
        Assert.That(failed.Sense.ToString(), Is.EqualTo("02/04/02"));
        var chain = san.Sim.Trace.CauseChain(failed.TraceId);
        Assert.That(chain.Select(e => e.Kind), Is.EqualTo(new[] { TraceKind.Completion, TraceKind.StateChange, TraceKind.Command, TraceKind.Action }));
        Assert.That(chain[^1].Id, Is.EqualTo(sleep));
    }

    [Test]
    public void StopOnSleepFalse_NothingIsFlushedOrStopped()
    {
        var san = new WindowsSan(new WindowsHostSettings { OnlineLuns = [1], StopOnSleep = false }).Started();
        int before = san.DesktopPath.Sent.Count;
        san.Host.Sleep();
        san.Run(5);
        Assert.That(san.DesktopPath.Sent.Skip(before), Is.Empty);
        Assert.That(san.Target.Luns.Values.Select(l => l.Stopped), Is.All.False);
        Assert.That(san.Host.PowerState, Is.EqualTo(WindowsPowerState.Sleeping));
    }

    [Test]
    public void NoSyncCacheHack_SendsOnlyStopUnit()
    {
        var san = new WindowsSan(new WindowsHostSettings { OnlineLuns = [1], NoSyncCache = true }).Started();
        int before = san.DesktopPath.Sent.Count;
        san.Host.Sleep();
        san.Run(5);
        Assert.That(san.DesktopPath.Sent.Skip(before).Select(r => r.Cdb), Is.All.EqualTo(StopUnitImmed));
        Assert.That(san.DesktopPath.Sent.Count - before, Is.EqualTo(4));
    }

    [Test]
    public void Hibernate_FlushesButSparesTheHibernationDisk()
    {
        var san = new WindowsSan(new WindowsHostSettings { OnlineLuns = [1], HibernationLun = 1 }).Started();
        int before = san.DesktopPath.Sent.Count;
        san.Host.Hibernate();
        san.Run(5);
        Assert.That(san.DesktopPath.Since(before, 1).Select(r => r.Cdb), Is.EqualTo(new[] { SyncCache10 }));
        Assert.That(san.Lun(1).Stopped, Is.False);
        Assert.That(new[] { 0, 2, 3 }.Select(l => san.Lun(l).Stopped), Is.All.True);
        Assert.That(san.Host.PowerState, Is.EqualTo(WindowsPowerState.Hibernated));
    }

    [Test]
    public void Sleep_SparesNothing_EvenTheHibernationDisk()
    {
        var san = new WindowsSan(new WindowsHostSettings { OnlineLuns = [1], HibernationLun = 1 }).Started();
        san.Host.Sleep();
        san.Run(5);
        Assert.That(san.Lun(1).Stopped, Is.True);
    }

    [Test]
    public void Shutdown_StopsEveryDisk_AndTheHostIsOff()
    {
        var san = new WindowsSan().Started();
        san.Host.Shutdown();
        san.Run(5);
        Assert.That(san.Target.Luns.Values.Select(l => l.Stopped), Is.All.True);
        Assert.That(san.Host.PowerState, Is.EqualTo(WindowsPowerState.Off));
    }

    [Test]
    public void StopRefusedWithReservationConflict_IsIgnored_AndTheLunKeepsRunning()
    {
        var san = new WindowsSan().Started();
        san.ReserveFromOther(2, 0xABCD);
        san.Host.Sleep();
        san.Run(5);
        Assert.That(san.Lun(2).Stopped, Is.False);
        var completions = san.Sim.Trace.Events.Where(e => e.Source == "lun:2" && e.Kind == TraceKind.Completion).Select(e => e.Message).ToList();
        Assert.That(completions[^1], Is.EqualTo("RESERVATION CONFLICT"));
        Assert.That(san.DesktopPath.To(2, 0x1B), Has.Count.EqualTo(1), "RESERVATION CONFLICT is not retried");
        Assert.That(san.Host.PowerState, Is.EqualTo(WindowsPowerState.Sleeping));
        Assert.That(san.Lun(1).Stopped, Is.True);
    }

    [Test]
    public void Sleep_StopsVolumeIo()
    {
        var san = new WindowsSan().Started();
        san.Host.Sleep();
        san.Run(5);
        int before = san.DesktopPath.Sent.Count;
        san.Run(120);
        Assert.That(san.DesktopPath.Sent.Count, Is.EqualTo(before));
    }

    [Test]
    public void Sleep_WritesAPowerTransitionToTheSystemLog()
    {
        var san = new WindowsSan().Started();
        long sleep = san.Host.Sleep();
        var entry = san.Host.SystemLog.Entries[^1];
        Assert.That(entry.Source, Is.EqualTo("Kernel-Power"));
        Assert.That(entry.Approximate, Is.True);
        Assert.That(san.Sim.Trace.Find(entry.TraceId)!.CauseId, Is.EqualTo(sleep));
    }
}

/// <summary>The power-down meeting disks that are busy or already stopped.</summary>
public class WindowsPowerDownEdgeTests
{
    [Test]
    public void Sleep_WaitsForInFlightIo_BeforeFlushing()
    {
        var san = new WindowsSan().Started();
        san.DesktopPath.Inner.Faults = new SwallowWrites(1);
        san.Run(5);
        Assert.That(san.Host.Volumes[0].Disk.InFlight, Is.EqualTo(1), "a write is waiting for its timeout");
        san.Host.Sleep();
        san.Run(30);
        var lun1 = san.DesktopPath.Sent.Select((r, i) => (r, i)).Where(x => x.r.PortLun == 1).ToList();
        int lastWrite = lun1.Where(x => x.r.Cdb[0] is 0x2A or 0x28).Max(x => x.i);
        int sync = lun1.First(x => x.r.Cdb[0] == 0x35).i;
        Assert.That(sync, Is.GreaterThan(lastWrite));
        Assert.That(san.Host.PowerState, Is.EqualTo(WindowsPowerState.Sleeping));
    }

    [Test]
    public void SyncCacheOnALunStoppedBySomeoneElse_IsRetried_WithoutStartUnit_ThenStopped()
    {
        var san = new WindowsSan().Started();
        san.Target.StopLun(san.Lun(2));
        int before = san.DesktopPath.Sent.Count;
        long sleep = san.Host.Sleep();
        san.Run(5);
        var sent = san.DesktopPath.Since(before, 2);
        Assert.That(sent.Select(r => r.Cdb[0]), Is.EqualTo(new byte[] { 0x35, 0x35, 0x35, 0x35, 0x35, 0x1B }),
            "MAXIMUM_RETRIES retries of SYNCHRONIZE CACHE; the queue is power-locked, so no START UNIT");
        Assert.That(sent.Select(r => r.CauseId), Is.All.EqualTo(sleep));
        Assert.That(san.Lun(2).Stopped, Is.True);
    }

    /// <summary>Leaves the first <c>count</c> WRITEs without answer.</summary>
    private sealed class SwallowWrites(int count) : SanSim.Fabric.IFaultInjector
    {
        private int _left = count;

        public SanSim.Fabric.FaultDecision Intercept(SanSim.Fabric.ScsiPath path, SanSim.Hosts.Transport.ScsiRequest request)
        {
            if (_left == 0 || request.Cdb[0] != 0x2A) return SanSim.Fabric.FaultDecision.Pass;
            _left--;
            return new SanSim.Fabric.FaultDecision(SanSim.Fabric.FaultKind.NoAnswer);
        }
    }
}
