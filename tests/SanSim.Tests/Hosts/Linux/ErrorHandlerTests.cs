using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts.Linux;
using SanSim.Scsi;
using SanSim.Target;

namespace SanSim.Tests.Hosts.Linux;

/// <summary>A silent target: command timeout, ABORT TASK, then LUN RESET, target reset, host reset and offline.</summary>
public class ErrorHandlerTests
{
    [Test]
    public void Timeout_EscalatesAsAbortTaskThenLunReset_AndTheOtherInitiatorSees2900()
    {
        var san = new LinuxSan(KernelVersion.V6_1);
        var other = san.Target.AddInitiator(0, "iqn.1994-05.com.redhat:node2,i,0x23d000001");
        for (int i = 0; i < 4; i++) san.Target.Execute(other, 0, CdbBuilder.RequestSense(), [], new byte[252]);
        int silentWrites = 2;
        san.Path.Faults = new TestFaults(cdb => cdb[0] == 0x2A && silentWrites-- > 0 ? TestFaults.Silent : FaultDecision.Pass);
        int traceFrom = san.Sim.Trace.Events.Count;
        var (errors, _) = san.Write(0, 8, runFor: SimTime.FromSeconds(120));
        Assert.That(errors, Is.EqualTo(new[] { 0 }));
        var tmfs = san.Sim.Trace.Events.Skip(traceFrom)
            .Where(e => e.Kind == TraceKind.TaskManagement && e.Source.StartsWith("port:", StringComparison.Ordinal))
            .Select(e => e.Message.Split(" lun")[0].Split(" tag")[0]).ToList();
        Assert.That(tmfs, Is.EqualTo(new[] { "ABORT TASK", "LUN RESET" }));
        var c = san.Target.Execute(other, 0, CdbBuilder.TestUnitReady(), [], []);
        Assert.That(c.ToString(), Is.EqualTo("CHECK CONDITION 06/29/00"));
    }

    [Test]
    public void SilentTarget_EndsWithDeviceOfflined_ThenRejectsIo()
    {
        var san = new LinuxSan(KernelVersion.V4_19);
        san.Path.Faults = new TestFaults(_ => TestFaults.Silent);
        int from = san.Host.Log.Lines.Count;
        var (errors, _) = san.Write(0, 8, runFor: SimTime.FromSeconds(300));
        var lines = san.LinesFrom(from);
        Assert.That(errors, Is.EqualTo(new[] { -Errno.EIO }));
        Assert.That(lines[0], Is.EqualTo("sd 6:0:0:0: Device offlined - not ready after error recovery"));
        Assert.That(lines[1], Does.EndWith("FAILED Result: hostbyte=DID_TIME_OUT driverbyte=DRIVER_OK"));
        Assert.That(lines[2], Does.EndWith("CDB: Write(10) 2a 00 00 00 00 00 00 00 08 00"));
        Assert.That(lines[3], Is.EqualTo("print_req_error: I/O error, dev sdb, sector 0"));
        Assert.That(san.Sdb.State, Is.EqualTo(ScsiDeviceState.Offline));

        int next = san.Host.Log.Lines.Count;
        var (again, _) = san.Write(8, 8);
        Assert.That(again, Is.EqualTo(new[] { -Errno.EIO }));
        Assert.That(san.LinesFrom(next), Is.EqualTo(new[]
        {
            "sd 6:0:0:0: rejecting I/O to offline device",
            "print_req_error: I/O error, dev sdb, sector 8",
        }));
    }

    [TestCase(KernelVersion.V4_19, 2)]
    [TestCase(KernelVersion.V6_1, 1)]
    public void OfflineDevice_RejectingLine_PerRequestIn419_OncePerOfflinePeriodLater(KernelVersion kernel, int expected)
    {
        var san = new LinuxSan(kernel);
        san.Path.Faults = new TestFaults(_ => TestFaults.Silent);
        san.Write(0, 8, runFor: SimTime.FromSeconds(300));
        int from = san.Host.Log.Lines.Count;
        san.Write(8, 8);
        san.Write(16, 8);
        Assert.That(san.LinesFrom(from).Count(l => l.EndsWith("rejecting I/O to offline device", StringComparison.Ordinal)), Is.EqualTo(expected));
    }

    [Test]
    public void SilentTarget_ResetsReachTheTargetInOrder()
    {
        var san = new LinuxSan(KernelVersion.V5_10);
        san.Path.Faults = new TestFaults(_ => TestFaults.Silent);
        int traceFrom = san.Sim.Trace.Events.Count;
        san.Write(0, 8, runFor: SimTime.FromSeconds(300));
        var tmfs = san.Sim.Trace.Events.Skip(traceFrom)
            .Where(e => e.Kind == TraceKind.TaskManagement && e.Source.StartsWith("port:", StringComparison.Ordinal))
            .Select(e => e.Message.Split(" lun")[0].Split(" tag")[0].Split(" from")[0]).Distinct().ToList();
        Assert.That(tmfs, Is.EqualTo(new[] { "ABORT TASK", "LUN RESET", "TARGET RESET" }));
        Assert.That(san.Sim.Trace.Events.Skip(traceFrom).Any(e => e.Kind == TraceKind.StateChange && e.Message.Contains("logged out")), Is.True);
    }
}
