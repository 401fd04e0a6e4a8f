using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts.Transport;
using SanSim.Scsi;

namespace SanSim.Tests.Fabric;

/// <summary>Rule-based fault injection on a path to a real CTL target.</summary>
public class FaultInjectorTests
{
    private static (FabricSan San, IscsiSession Path, FaultInjector Faults) Setup(string host = "node-1", ulong isid = 1)
    {
        var san = new FabricSan();
        var faults = new FaultInjector(san.Sim.Trace);
        var path = new IscsiSession(san.Sim, san.Target, 0, host, "iqn.1994-05.com.redhat:" + host, isid) { Faults = faults };
        path.Login();
        san.Settle(path);
        return (san, path, faults);
    }

    [Test]
    public void CountedRule_FailsTheFirstNMatches_ThenLetsCommandsThrough()
    {
        var (san, path, faults) = Setup();
        var rule = faults.Add(new FaultRule("busy", FaultAction.WithStatus(ScsiStatus.Busy)) { Count = 2 });

        var results = Enumerable.Range(0, 3).Select(_ => san.Run(path, CdbBuilder.TestUnitReady()).ToString()).ToList();

        Assert.That(results, Is.EqualTo(new[] { "Busy", "Busy", "Good" }));
        Assert.That(rule.Injected, Is.EqualTo(2));
        Assert.That(rule.Active, Is.False);
    }

    [Test]
    public void AlwaysRule_FailsEveryMatch()
    {
        var (san, path, faults) = Setup();
        faults.Add(new FaultRule("full", FaultAction.WithStatus(ScsiStatus.TaskSetFull)));

        var results = Enumerable.Range(0, 5).Select(_ => san.Run(path, CdbBuilder.TestUnitReady()).Status).ToList();

        Assert.That(results, Is.All.EqualTo(ScsiStatus.TaskSetFull));
    }

    [Test]
    public void ReservationConflictRule_CompletesWithStatus18_AndNoSense()
    {
        var (san, path, faults) = Setup();
        faults.Add(new FaultRule("conflict", FaultAction.WithStatus(ScsiStatus.ReservationConflict)));

        var r = san.Run(path, CdbBuilder.TestUnitReady());

        Assert.That((byte)r.Status, Is.EqualTo(0x18));
        Assert.That(r.SenseBytes, Is.Empty);
    }

    [Test]
    public void OpcodeRule_FailsOnlyThatOpcode_WithTheGivenSense_InTheLunsSenseFormat()
    {
        var (san, path, faults) = Setup();
        faults.Add(new FaultRule("medium", FaultAction.CheckCondition(SenseKey.MediumError, 0x11, 0x00)) { Opcode = (byte)ScsiOpcode.Write10 });

        var read = san.Run(path, CdbBuilder.Read10(0, 1), dataIn: 512);
        var write = san.Run(path, CdbBuilder.Write10(0, 1), dataOut: Enumerable.Repeat((byte)0xA5, 512).ToArray());

        Assert.That(read.IsGood, Is.True);
        Assert.That(write.ToString(), Is.EqualTo("CHECK CONDITION 03/11/00"));
        Assert.That(write.SenseBytes[0] & 0x7F, Is.EqualTo(0x70), "fixed format, as the LUN reports sense");
        Assert.That(write.SenseBytes[2] & 0x0F, Is.EqualTo(0x03));
        Assert.That(write.SenseBytes[12], Is.EqualTo(0x11));
        var block = new byte[512];
        san.Target.Luns[0].Store.Read(0, block);
        Assert.That(block, Is.All.Zero, "the write never reached the LUN");
    }

    [Test]
    public void HostRule_AffectsOnlyTheNamedHostsPaths()
    {
        var san = new FabricSan();
        var faults = new FaultInjector(san.Sim.Trace);
        var a = new IscsiSession(san.Sim, san.Target, 0, "node-1", "iqn.1994-05.com.redhat:node1", 1) { Faults = faults };
        var b = new IscsiSession(san.Sim, san.Target, 0, "node-2", "iqn.1994-05.com.redhat:node2", 2) { Faults = faults };
        a.Login();
        b.Login();
        san.Settle(a);
        san.Settle(b);
        faults.Add(new FaultRule("node1", FaultAction.WithStatus(ScsiStatus.Busy)) { Hosts = new HashSet<string> { "node-1" } });

        Assert.That(san.Run(a, CdbBuilder.TestUnitReady()).Status, Is.EqualTo(ScsiStatus.Busy));
        Assert.That(san.Run(b, CdbBuilder.TestUnitReady()).IsGood, Is.True);
    }

    [Test]
    public void LunRule_MatchesTheCtlLun_ResolvedThroughThePortsLunMap()
    {
        var san = new FabricSan();
        san.Target.SetLunMap(3, 0, 1);
        var faults = new FaultInjector(san.Sim.Trace);
        var path = san.Fabric.Connect(san.Fabric.AddHostPort("desktop", 0x2100001b32a1b2c3), san.Target, 3);
        path.Faults = faults;
        path.Login();
        san.Settle(path);
        faults.Add(new FaultRule("lun1", FaultAction.CheckCondition(SenseKey.NotReady, 0x04, 0x02)) { CtlLun = 1 });
        faults.Add(new FaultRule("lun0", FaultAction.WithStatus(ScsiStatus.Busy)) { CtlLun = 0 });

        Assert.That(san.Run(path, CdbBuilder.TestUnitReady(), 0).ToString(), Is.EqualTo("CHECK CONDITION 02/04/02"));
    }

    [Test]
    public void NoAnswerRule_LeavesTheCommandOutstanding_UntilAbortTaskEndsIt()
    {
        var (san, path, faults) = Setup();
        faults.Add(new FaultRule("silent", FaultAction.NoAnswer) { Count = 1 });
        ScsiResponse? r = null;
        ulong tag = path.Submit(new ScsiRequest(CdbBuilder.TestUnitReady(), 0), x => r = x);
        san.Sim.Scheduler.RunUntil(san.Sim.Now + SimTime.FromSeconds(30));
        Assert.That(r, Is.Null);
        Assert.That(path.OutstandingCount, Is.EqualTo(1));

        TaskManagementResult? tmf = null;
        path.TaskManagement(TaskManagementFunction.AbortTask, 0, x => tmf = x, tag);
        san.Sim.Scheduler.RunUntil(san.Sim.Now + SimTime.FromSeconds(1));

        Assert.That(r?.Outcome, Is.EqualTo(TransportOutcome.Aborted));
        Assert.That(tmf, Is.EqualTo(TaskManagementResult.FunctionComplete));
        Assert.That(san.Run(path, CdbBuilder.TestUnitReady()).IsGood, Is.True, "the rule was used up");
    }

    [Test]
    public void InjectedOutcome_IsTracedUnderFault_CausedByTheRule()
    {
        var (san, path, faults) = Setup();
        var rule = faults.Add(new FaultRule("busy", FaultAction.WithStatus(ScsiStatus.Busy)), causeId: 0);

        var r = san.Run(path, CdbBuilder.TestUnitReady());

        var ev = san.Sim.Trace.Find(r.TraceId);
        Assert.That(ev, Is.Not.Null);
        Assert.That(ev!.Source, Is.EqualTo("fault"));
        Assert.That(ev.Kind, Is.EqualTo(TraceKind.Completion));
        Assert.That(ev.CauseId, Is.EqualTo(rule.TraceId));
        Assert.That(san.Sim.Trace.CauseChain(r.TraceId)[^1].Message, Does.StartWith("rule armed: busy"));
    }

    [Test]
    public void WithheldAnswer_IsTracedAsAnAction_CausedByTheRule()
    {
        var (san, path, faults) = Setup();
        var rule = faults.Add(new FaultRule("silent", FaultAction.NoAnswer));

        path.Submit(new ScsiRequest(CdbBuilder.TestUnitReady(), 0), _ => { });
        san.Sim.Scheduler.RunUntil(san.Sim.Now + SimTime.FromSeconds(1));

        var ev = san.Sim.Trace.Events.Last(e => e.Source == "fault");
        Assert.That(ev.Kind, Is.EqualTo(TraceKind.Action));
        Assert.That(ev.CauseId, Is.EqualTo(rule.TraceId));
        Assert.That(ev.Message, Does.Contain("answer withheld"));
    }

    [Test]
    public void SameRulesAndCommands_GiveTheSameTrace()
    {
        static IReadOnlyList<string> RunOnce()
        {
            var (san, path, faults) = Setup();
            faults.Add(new FaultRule("busy", FaultAction.WithStatus(ScsiStatus.Busy)) { Count = 2, Opcode = 0x00 });
            for (int i = 0; i < 4; i++) san.Run(path, CdbBuilder.TestUnitReady());
            return san.Sim.Trace.Events.Select(e => e.ToString()).ToList();
        }

        var first = RunOnce();
        var second = RunOnce();
        Assert.That(second, Is.EqualTo(first));
        Assert.That(first.Count(e => e.Contains("Completion fault:", StringComparison.Ordinal)), Is.EqualTo(2));
    }

    [Test]
    public void RemovedRule_NoLongerActs()
    {
        var (san, path, faults) = Setup();
        var rule = faults.Add(new FaultRule("busy", FaultAction.WithStatus(ScsiStatus.Busy)));

        Assert.That(faults.Remove(rule), Is.True);
        Assert.That(san.Run(path, CdbBuilder.TestUnitReady()).IsGood, Is.True);
    }

    [Test]
    public void PortRule_AffectsOnlyPathsToThatTargetPort()
    {
        var san = new FabricSan();
        var faults = new FaultInjector(san.Sim);
        var hp = san.Fabric.AddHostPort("desktop", 0x2100001b32a1b2c3);
        var physical = san.Fabric.Connect(hp, san.Target, 3);
        var virtualPort = san.Fabric.Connect(hp, san.Target, 4);
        physical.Faults = faults;
        virtualPort.Faults = faults;
        physical.Login();
        virtualPort.Login();
        san.Settle(physical);
        san.Settle(virtualPort);
        faults.Add(new FaultRule("vp", FaultAction.WithStatus(ScsiStatus.Busy)) { TargetPort = 4 });

        Assert.That(san.Run(physical, CdbBuilder.TestUnitReady()).IsGood, Is.True);
        Assert.That(san.Run(virtualPort, CdbBuilder.TestUnitReady()).Status, Is.EqualTo(ScsiStatus.Busy));
    }

    [Test]
    public void ProbabilisticRule_ActsOnSomeMatches_TheSameOnesForTheSameSeed()
    {
        static List<bool> RunOnce()
        {
            var (san, path, _) = Setup();
            var faults = new FaultInjector(san.Sim);
            path.Faults = faults;
            faults.Add(new FaultRule("flaky", FaultAction.WithStatus(ScsiStatus.Busy)) { Probability = 0.5 });
            return Enumerable.Range(0, 64).Select(_ => san.Run(path, CdbBuilder.TestUnitReady()).Status == ScsiStatus.Busy).ToList();
        }

        var first = RunOnce();
        var second = RunOnce();

        Assert.That(second, Is.EqualTo(first));
        Assert.That(first.Count(b => b), Is.InRange(10, 54));
    }
}
