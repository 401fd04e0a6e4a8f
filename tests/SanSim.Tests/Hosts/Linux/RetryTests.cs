using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts.Linux;
using SanSim.Scsi;
using SanSim.Target;

namespace SanSim.Tests.Hosts.Linux;

/// <summary>What the midlayer retries: NOT READY "in progress", 04/02 under allow_restart, unit attentions.</summary>
public class RetryTests
{
    [Test]
    public void NotReady0401_IsRetriedWithDelay_ThenSucceedsWhenTheLunIsReady()
    {
        var san = new LinuxSan(KernelVersion.V6_1);
        bool ready = false;
        var faults = new TestFaults(cdb => !ready && cdb[0] == 0x2A ? TestFaults.Check(SenseKey.NotReady, 0x04, 0x01) : FaultDecision.Pass);
        san.Path.Faults = faults;
        san.Sim.Scheduler.After(SimTime.FromSeconds(20), () => ready = true);
        int from = san.Host.Log.Lines.Count;
        var (errors, _) = san.Write(0, 8, runFor: SimTime.FromSeconds(30));
        Assert.That(errors, Is.EqualTo(new[] { 0 }));
        Assert.That(faults.Opcodes.Count(o => o == 0x2A), Is.GreaterThan(6));
        Assert.That(san.LinesFrom(from), Is.Empty);
    }

    [Test]
    public void NotReady0401_ForeverGivesUpAfterTheRuntimeBound_WithTimingOutLine()
    {
        var san = new LinuxSan(KernelVersion.V6_1);
        san.Path.Faults = new TestFaults(cdb => cdb[0] == 0x2A ? TestFaults.Check(SenseKey.NotReady, 0x04, 0x01) : FaultDecision.Pass);
        int from = san.Host.Log.Lines.Count;
        var (errors, _) = san.Write(0, 8, runFor: SimTime.FromSeconds(200));
        var lines = san.LinesFrom(from);
        Assert.That(errors, Is.EqualTo(new[] { -Errno.EIO }));
        Assert.That(lines[0], Does.Match(@"^sd 6:0:0:0: \[sdb\] tag#\d+ timing out command, waited 180s$"));
        Assert.That(lines[1], Does.EndWith("FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_OK cmd_age=180s"));
        Assert.That(lines[3], Does.EndWith("Add. Sense: Logical unit is in process of becoming ready"));
    }

    [Test]
    public void NotReady0401_Forever_On419_GivesUpSilently_WithTheFailedBlock()
    {
        var san = new LinuxSan(KernelVersion.V4_19);
        san.Path.Faults = new TestFaults(cdb => cdb[0] == 0x2A ? TestFaults.Check(SenseKey.NotReady, 0x04, 0x01) : FaultDecision.Pass);
        int from = san.Host.Log.Lines.Count;
        var (errors, _) = san.Write(0, 8, runFor: SimTime.FromSeconds(200));
        var lines = san.LinesFrom(from);
        Assert.That(errors, Is.EqualTo(new[] { -Errno.EIO }));
        Assert.That(lines[0], Does.EndWith("FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_SENSE"));
        Assert.That(lines.Any(l => l.Contains("timing out")), Is.False);
    }

    [Test]
    public void Busy_Forever_On419_TimesOutFromTheCompletionPath_WithSdevPrefix()
    {
        var san = new LinuxSan(KernelVersion.V4_19);
        san.Path.Faults = new TestFaults(cdb => cdb[0] == 0x2A ? new FaultDecision(FaultKind.Complete, ScsiStatus.Busy) : FaultDecision.Pass);
        int from = san.Host.Log.Lines.Count;
        var (errors, _) = san.Write(0, 8, runFor: SimTime.FromSeconds(200));
        var lines = san.LinesFrom(from);
        Assert.That(errors, Is.EqualTo(new[] { -Errno.EIO }));
        Assert.That(lines[0], Is.EqualTo("sd 6:0:0:0: timing out command, waited 180s"));
        Assert.That(lines[1], Does.EndWith("FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_OK"));
    }

    [Test]
    public void AllowRestart_Heals0402_WithStartUnit_AndTheWriteSucceeds()
    {
        var san = new LinuxSan(KernelVersion.V4_19, allowRestart: true);
        san.Target.StopLun(san.Lun);
        int from = san.Host.Log.Lines.Count;
        var (errors, _) = san.Write(0, 8, runFor: SimTime.FromSeconds(5));
        Assert.That(errors, Is.EqualTo(new[] { 0 }));
        Assert.That(san.Lun.Stopped, Is.False);
        Assert.That(san.LinesFrom(from).Where(l => l.Contains("FAILED")), Is.Empty);
    }

    [Test]
    public void WithoutAllowRestart_0402_IsNotRetried_AndTheLunStaysStopped()
    {
        var san = new LinuxSan(KernelVersion.V4_19);
        san.Target.StopLun(san.Lun);
        var (errors, _) = san.Write(0, 8, runFor: SimTime.FromSeconds(5));
        Assert.That(errors, Is.EqualTo(new[] { -Errno.EIO }));
        Assert.That(san.Lun.Stopped, Is.True);
    }

    [Test]
    public void UnitAttention3F0E_PrintsLunAssignmentsLine_RetriesTheWrite_NewLunOnlyAfterRescan()
    {
        var san = new LinuxSan(KernelVersion.V4_19);
        var created = san.Target.CreateLun(new CtlLunCreateRequest { LunId = 1, SizeBytes = 1 << 20 });
        Assert.That(created.Ok, Is.True);
        int from = san.Host.Log.Lines.Count;
        var (errors, _) = san.Write(0, 8, runFor: SimTime.FromSeconds(2));
        var lines = san.LinesFrom(from);
        Assert.That(errors, Is.EqualTo(new[] { 0 }));
        Assert.That(lines[0], Is.EqualTo("sd 6:0:0:0: Warning! Received an indication that the LUN assignments on this target have changed. The Linux SCSI layer does not automatical"));
        Assert.That(san.Host.Disks.Keys, Is.EqualTo(new[] { "sdb" }));
        san.Host.Rescan();
        san.Run(SimTime.FromSeconds(2));
        Assert.That(san.Host.Disks.Keys, Does.Contain("sdc"));
        Assert.That(san.Host.Disks["sdc"].Address, Is.EqualTo(new ScsiAddress(6, 0, 0, 1)));
    }

    [Test]
    public void UnitAttention3F0E_On61_PrintsTheShortLunAssignmentsLine()
    {
        var san = new LinuxSan(KernelVersion.V6_1);
        san.Target.CreateLun(new CtlLunCreateRequest { LunId = 1, SizeBytes = 1 << 20 });
        int from = san.Host.Log.Lines.Count;
        var (errors, _) = san.Write(0, 8, runFor: SimTime.FromSeconds(2));
        Assert.That(errors, Is.EqualTo(new[] { 0 }));
        Assert.That(san.LinesFrom(from)[0], Is.EqualTo("sd 6:0:0:0: LUN assignments on this target have changed. The Linux SCSI layer does not automatically remap LUN assignments."));
    }

    [Test]
    public void Relogin_UnitAttention2901_PrintsPowerOnOrDeviceReset_AndTheWriteSucceeds()
    {
        var san = new LinuxSan(KernelVersion.V5_10);
        san.Path.Logout();
        san.Path.Login();
        int from = san.Host.Log.Lines.Count;
        var (errors, _) = san.Write(0, 8);
        Assert.That(errors, Is.EqualTo(new[] { 0 }));
        Assert.That(san.LinesFrom(from), Is.EqualTo(new[] { "sd 6:0:0:0: Power-on or device reset occurred" }));
    }

    [Test]
    public void PathDown_WriteFailsWithDidNoConnect()
    {
        var san = new LinuxSan(KernelVersion.V4_19);
        san.Path.Logout();
        int from = san.Host.Log.Lines.Count;
        var (errors, _) = san.Write(16, 8);
        var lines = san.LinesFrom(from);
        Assert.That(errors, Is.EqualTo(new[] { -Errno.EIO }));
        Assert.That(lines[0], Does.EndWith("FAILED Result: hostbyte=DID_NO_CONNECT driverbyte=DRIVER_OK"));
        Assert.That(lines[1], Does.EndWith("CDB: Write(10) 2a 00 00 00 00 10 00 00 08 00"));
        Assert.That(lines[2], Is.EqualTo("print_req_error: I/O error, dev sdb, sector 16"));
    }

    [Test]
    public void ReservationConflict_FailsAtOnce_HostByteResetToDidOk_On419()
    {
        var san = new LinuxSan(KernelVersion.V4_19);
        san.Path.Faults = new TestFaults(cdb => cdb[0] == 0x2A ? new FaultDecision(FaultKind.Complete, ScsiStatus.ReservationConflict) : FaultDecision.Pass);
        int from = san.Host.Log.Lines.Count;
        var (errors, _) = san.Write(0, 8);
        var lines = san.LinesFrom(from);
        Assert.That(errors, Is.EqualTo(new[] { -Errno.EIO }));
        Assert.That(lines[0], Is.EqualTo("sd 6:0:0:0: reservation conflict"));
        Assert.That(lines[1], Does.EndWith("FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_OK"));
    }

    [Test]
    public void Busy_IsRetried_UntilTheTargetAccepts()
    {
        var san = new LinuxSan(KernelVersion.V6_1);
        int busy = 3;
        san.Path.Faults = new TestFaults(cdb => cdb[0] == 0x2A && busy-- > 0 ? new FaultDecision(FaultKind.Complete, ScsiStatus.Busy) : FaultDecision.Pass);
        var (errors, _) = san.Write(0, 8);
        Assert.That(errors, Is.EqualTo(new[] { 0 }));
    }
}
