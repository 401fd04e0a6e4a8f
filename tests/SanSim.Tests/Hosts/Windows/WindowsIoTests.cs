using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts.Transport;
using SanSim.Hosts.Windows;
using SanSim.Scsi;
using SanSim.Target;

namespace SanSim.Tests.Hosts.Windows;

/// <summary>The NTFS volume's I/O through classpnp's retries (retry.c, ClassInterpretSenseInfo).</summary>
public class WindowsIoTests
{
    [Test]
    public void LunStoppedBySomeoneElse_IsHealedByStartUnitOnTheNextWrite_AndTheWriteSucceeds()
    {
        var san = new WindowsSan().Started();
        var volume = san.Host.Volumes[0];
        long stop = san.Target.StopLun(san.Lun(1));
        san.Run(10);

        Assert.That(san.Lun(1).Stopped, Is.False);
        Assert.That(volume.Disk.StartUnitsOnNotReady, Is.EqualTo(1));
        Assert.That(volume.WritesFailed, Is.Zero);
        Assert.That(volume.WritesAcknowledged, Is.GreaterThan(0));
        var started = san.Sim.Trace.Events.First(e => e.Source == "lun:1" && e.Message == "LUN started");
        Assert.That(san.Sim.Trace.CauseChain(started.Id).Select(e => e.Id), Has.Member(stop), "the START UNIT walks back to the stop");
    }

    [Test]
    public void NotReady0402_IsNotWrittenToTheSystemLog()
    {
        var san = new WindowsSan().Started();
        int entries = san.Host.SystemLog.Entries.Count;
        san.Target.StopLun(san.Lun(1));
        san.Run(10);
        Assert.That(san.Host.SystemLog.Entries, Has.Count.EqualTo(entries), "logError and logRetryableError are both false for 04/02");
    }

    [Test]
    public void StartUnitRefusedByLio_WriteFailsToTheApplicationAfterFourRetries()
    {
        var san = new WindowsSan().Started();
        san.Target.Profile = TargetProfile.Lio;
        san.Target.StopLun(san.Lun(1));
        int before = san.DesktopPath.Sent.Count;
        san.Run(5);

        var volume = san.Host.Volumes[0];
        Assert.That(volume.WritesFailed, Is.EqualTo(1));
        Assert.That(volume.LastFailure, Is.EqualTo("STATUS_DEVICE_NOT_READY"));
        Assert.That(san.DesktopPath.Since(before, 1).Count(r => r.Cdb[0] == 0x2A), Is.EqualTo(5));
        Assert.That(volume.Disk.StartUnitsOnNotReady, Is.EqualTo(5));
        var entry = san.Host.SystemLog.Entries[^1];
        Assert.That((entry.Source, entry.Level, entry.Approximate), Is.EqualTo(("Ntfs", EventLevel.Warning, true)));
    }

    [Test]
    public void ReservationConflictOnWrite_FailsAtOnce_WithoutRetry()
    {
        var san = new WindowsSan().Started();
        san.ReserveFromOther(1, 0x1234);
        int before = san.DesktopPath.Sent.Count;
        san.Run(5);
        var volume = san.Host.Volumes[0];
        Assert.That(volume.LastFailure, Is.EqualTo("STATUS_DEVICE_BUSY"));
        Assert.That(san.DesktopPath.Since(before, 1).Count(r => r.Cdb[0] == 0x2A), Is.EqualTo(1));
    }

    [Test]
    public void ResetUnitAttentionOnWrite_IsRetried_AndLogsEvent153Once()
    {
        var san = new WindowsSan().Started();
        san.Other.Login();
        san.Other.TaskManagement(TaskManagementFunction.LunReset, 1, _ => { });
        san.Run(5);
        var volume = san.Host.Volumes[0];
        Assert.That(volume.WritesFailed, Is.Zero);
        var retried = san.Host.SystemLog.Entries.Where(e => e.EventId == ClassSense.EventIoOperationRetried).ToList();
        Assert.That(retried, Has.Count.EqualTo(1));
        Assert.That(retried[0].Source, Is.EqualTo("disk"));
        Assert.That(retried[0].Approximate, Is.True);
    }

    [Test]
    public void CommandTimeout_AbortsAndRetries_TheWriteSucceeds()
    {
        var san = new WindowsSan().Started();
        san.DesktopPath.Inner.Faults = new SwallowFirstWrite();
        san.Run(30);
        var volume = san.Host.Volumes[0];
        Assert.That(volume.WritesFailed, Is.Zero);
        Assert.That(san.Sim.Trace.Events.Any(e => e.Kind == TraceKind.TaskManagement && e.Message.Contains("timed out after 10s", StringComparison.Ordinal)), Is.True);
        Assert.That(san.Host.SystemLog.Entries.Count(e => e.EventId == ClassSense.EventIoOperationRetried), Is.EqualTo(1));
    }

    [Test]
    public void AcknowledgedData_ReadsBackIdentical()
    {
        var san = new WindowsSan().Started();
        san.Run(300);
        var volume = san.Host.Volumes[0];
        Assert.That(volume.WritesAcknowledged, Is.GreaterThan(50));
        Assert.That(volume.ReadsVerified, Is.EqualTo(volume.WritesAcknowledged));
        Assert.That(volume.Mismatches, Is.Zero);
    }

    [Test]
    public void OfflineDisks_GetNoReadsOrWrites_ButDoGetPowerCommands()
    {
        var san = new WindowsSan().Started();
        san.Run(120);
        san.Host.Sleep();
        san.Run(5);
        san.Host.Wake();
        san.Run(60);
        foreach (ulong lun in new ulong[] { 0, 2, 3 })
        {
            var opcodes = san.DesktopPath.Sent.Where(r => r.PortLun == lun).Select(r => r.Cdb[0]).Distinct().ToList();
            Assert.That(opcodes, Has.No.Member((byte)0x2A).And.No.Member((byte)0x28), $"LUN {lun}");
            Assert.That(opcodes, Has.Member((byte)0x35).And.Member((byte)0x1B), $"LUN {lun}");
        }
        Assert.That(san.DesktopPath.To(1, 0x2A), Is.Not.Empty);
    }

    [Test]
    public void WriteOffsets_ComeFromTheHostsRandomStream_InsideTheVolume()
    {
        var san = new WindowsSan().Started();
        san.Run(100);
        var writes = san.DesktopPath.To(1, 0x2A);
        Assert.That(writes.Select(w => w.Cdb[2] << 24 | w.Cdb[3] << 16 | w.Cdb[4] << 8 | w.Cdb[5]),
            Is.All.GreaterThanOrEqualTo(2048).And.All.LessThan((int)WindowsSan.Blocks));
        Assert.That(writes.Select(w => w.Cdb[5] % 8), Is.All.Zero, "cluster aligned");
        Assert.That(writes.Select(w => BitConverter.ToString(w.Cdb)).Distinct().Count(), Is.GreaterThan(1));
    }

    /// <summary>Leaves the first WRITE without answer, as a silent target would.</summary>
    private sealed class SwallowFirstWrite : IFaultInjector
    {
        private bool _done;

        public FaultDecision Intercept(ScsiPath path, ScsiRequest request)
        {
            if (_done || request.Cdb[0] != 0x2A) return FaultDecision.Pass;
            _done = true;
            return new FaultDecision(FaultKind.NoAnswer);
        }
    }
}
