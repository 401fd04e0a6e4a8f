using SanSim.Engine;
using SanSim.Hosts.Linux;

namespace SanSim.Tests.Hosts.Linux;

/// <summary>A stopped CTL LUN answers 02/04/02; Linux fails the write at once and prints the FAILED block as its version does.</summary>
public class NotReadyFailureTests
{
    private static (LinuxSan San, List<string> Lines, List<int> Errors, List<long> Causes) StopAndWriteSuperblock(KernelVersion kernel)
    {
        var san = new LinuxSan(kernel);
        san.Target.StopLun(san.Lun);
        int from = san.Host.Log.Lines.Count;
        var (errors, causes) = san.Write(0, 8, BioFlags.Fua | BioFlags.Sync | BioFlags.Meta | BioFlags.Prio);
        return (san, san.LinesFrom(from), errors, causes);
    }

    private static string Tag(string failedLine) => failedLine.Split(' ')[3];

    [Test]
    public void StoppedLun_FailsWrite10_AtOnce_WithThe419FailedBlock()
    {
        var (_, lines, errors, _) = StopAndWriteSuperblock(KernelVersion.V4_19);
        string tag = Tag(lines[0]);
        Assert.That(lines, Is.EqualTo(new[]
        {
            $"sd 6:0:0:0: [sdb] {tag} FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_SENSE",
            $"sd 6:0:0:0: [sdb] {tag} Sense Key : Not Ready [current] ",
            $"sd 6:0:0:0: [sdb] {tag} Add. Sense: Logical unit not ready, initializing command required",
            $"sd 6:0:0:0: [sdb] {tag} CDB: Write(10) 2a 08 00 00 00 00 00 00 08 00",
            "print_req_error: I/O error, dev sdb, sector 0",
        }));
        Assert.That(tag, Does.Match(@"^tag#\d+$"));
        Assert.That(errors, Is.EqualTo(new[] { -Errno.EIO }));
    }

    [Test]
    public void StoppedLun_FailsWrite10_AtOnce_With510CmdAgeAndBlkUpdateRequest()
    {
        var (_, lines, errors, _) = StopAndWriteSuperblock(KernelVersion.V5_10);
        string tag = Tag(lines[0]);
        Assert.That(lines, Is.EqualTo(new[]
        {
            $"sd 6:0:0:0: [sdb] {tag} FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_SENSE cmd_age=0s",
            $"sd 6:0:0:0: [sdb] {tag} Sense Key : Not Ready [current] ",
            $"sd 6:0:0:0: [sdb] {tag} Add. Sense: Logical unit not ready, initializing command required",
            $"sd 6:0:0:0: [sdb] {tag} CDB: Write(10) 2a 08 00 00 00 00 00 00 08 00",
            "blk_update_request: I/O error, dev sdb, sector 0 op 0x1:(WRITE) flags 0x23800 phys_seg 1 prio class 0",
        }));
        Assert.That(errors, Is.EqualTo(new[] { -Errno.EIO }));
    }

    [Test]
    public void StoppedLun_FailsWrite10_AtOnce_With61DriverOkAndPlainIoError()
    {
        var (_, lines, errors, _) = StopAndWriteSuperblock(KernelVersion.V6_1);
        string tag = Tag(lines[0]);
        Assert.That(lines, Is.EqualTo(new[]
        {
            $"sd 6:0:0:0: [sdb] {tag} FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_OK cmd_age=0s",
            $"sd 6:0:0:0: [sdb] {tag} Sense Key : Not Ready [current] ",
            $"sd 6:0:0:0: [sdb] {tag} Add. Sense: Logical unit not ready, initializing command required",
            $"sd 6:0:0:0: [sdb] {tag} CDB: Write(10) 2a 08 00 00 00 00 00 00 08 00",
            "I/O error, dev sdb, sector 0 op 0x1:(WRITE) flags 0x23800 phys_seg 1 prio class 2",
        }));
        Assert.That(errors, Is.EqualTo(new[] { -Errno.EIO }));
    }

    [Test]
    public void StoppedLun_NoRetry_TargetSeesExactlyOneWrite()
    {
        var san = new LinuxSan(KernelVersion.V4_19);
        san.Target.StopLun(san.Lun);
        int before = san.Sim.Trace.Events.Count(e => e.Kind == TraceKind.Command && e.Message.Contains("WRITE"));
        san.Write(0, 8);
        int after = san.Sim.Trace.Events.Count(e => e.Kind == TraceKind.Command && e.Message.Contains("WRITE"));
        Assert.That(after - before, Is.EqualTo(1));
    }

    [Test]
    public void FailedLine_CauseChain_WalksBackToTheLunStop()
    {
        var san = new LinuxSan(KernelVersion.V4_19);
        long stop = san.Target.StopLun(san.Lun);
        int from = san.Host.Log.Lines.Count;
        var (_, causes) = san.Write(0, 8);
        var failed = san.Host.Log.Lines.Skip(from).First(l => l.Text.Contains("FAILED"));
        Assert.That(san.Sim.Trace.CauseChain(failed.TraceId).Select(e => e.Id), Does.Contain(stop));
        Assert.That(san.Sim.Trace.CauseChain(causes[0]).Select(e => e.Id), Does.Contain(failed.TraceId));
    }

    [Test]
    public void ManyFailures_FailedBlockIsRatelimited_TenPerFiveSeconds_ThenCallbacksSuppressed()
    {
        var san = new LinuxSan(KernelVersion.V6_1);
        san.Target.StopLun(san.Lun);
        int from = san.Host.Log.Lines.Count;
        for (int i = 0; i < 12; i++) san.Write((ulong)i * 8, 8, runFor: SimTime.FromMilliseconds(10));
        san.Run(SimTime.FromSeconds(6));
        san.Write(200, 8);
        var lines = san.LinesFrom(from);
        Assert.That(lines.Count(l => l.Contains("FAILED Result")), Is.EqualTo(11));
        Assert.That(lines, Does.Contain("scsi_io_completion_action: 2 callbacks suppressed"));
        Assert.That(lines, Does.Contain("blk_print_req_error: 2 callbacks suppressed"));
    }
}
