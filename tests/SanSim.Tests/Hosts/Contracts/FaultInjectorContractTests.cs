using Moq;
using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts.Transport;
using SanSim.Scsi;
using SanSim.Target;

namespace SanSim.Tests.Hosts.Contracts;

/// <summary>When a <see cref="ScsiPath"/> consults its <see cref="IFaultInjector"/> (mocked): once per sending that reaches the target side.</summary>
public class FaultInjectorContractTests
{
    private sealed class Rig
    {
        public Rig()
        {
            Sim = new Simulation(2);
            Target = new CtlTarget(Sim.Trace, TargetProfile.Ctl, "ctl");
            Target.AddPort(new CtlPort(0, PortFrontend.Iscsi, "iscsi") { TargetName = "iqn.2005-10.org.freenas.ctl:t", PortalGroupTag = 1 });
            Target.AddLun(new CtlLun(0, 2048));
            Session = new IscsiSession(Sim, Target, 0, "node1", "iqn.1994-05.com.example:node1", 0x23d000000) { Faults = Faults.Object };
            Faults.Setup(f => f.Intercept(It.IsAny<ScsiPath>(), It.IsAny<ScsiRequest>())).Returns(FaultDecision.Pass);
        }

        public Simulation Sim { get; }
        public CtlTarget Target { get; }
        public IscsiSession Session { get; }
        public Mock<IFaultInjector> Faults { get; } = new();

        public (ScsiRequest Request, List<ScsiResponse> Answers) Send(byte[] cdb)
        {
            var answers = new List<ScsiResponse>();
            var request = new ScsiRequest(cdb, 0);
            Session.Submit(request, answers.Add);
            return (request, answers);
        }

        public void RunFor(double seconds) => Sim.Scheduler.RunUntil(Sim.Now + SimTime.FromSeconds(seconds));

        public void VerifyIntercepted(ScsiRequest request, Times times) =>
            Faults.Verify(f => f.Intercept(Session, It.Is<ScsiRequest>(r => ReferenceEquals(r, request))), times);
    }

    [Test]
    public void EveryCommandReachingTheTarget_IsInterceptedExactlyOnce()
    {
        var rig = new Rig();
        rig.Session.Login();
        var sent = Enumerable.Range(0, 5).Select(_ => rig.Send(CdbBuilder.TestUnitReady())).ToList();
        rig.RunFor(1);
        foreach (var (request, answers) in sent)
        {
            Assert.That(answers, Has.Count.EqualTo(1));
            rig.VerifyIntercepted(request, Times.Once());
        }
        rig.Faults.Verify(f => f.Intercept(It.IsAny<ScsiPath>(), It.IsAny<ScsiRequest>()), Times.Exactly(5));
    }

    [Test]
    public void CommandOnADownPath_NeverReachesTheInjector()
    {
        var rig = new Rig();
        var (request, answers) = rig.Send(CdbBuilder.TestUnitReady());
        rig.RunFor(1);
        Assert.That(answers.Single().Outcome, Is.EqualTo(TransportOutcome.NoConnection));
        rig.Faults.Verify(f => f.Intercept(It.IsAny<ScsiPath>(), It.IsAny<ScsiRequest>()), Times.Never);
    }

    [Test]
    public void CommandWaitingThroughSessionRecovery_IsInterceptedOnce_WhenSentAfterTheNewLogin()
    {
        var rig = new Rig();
        rig.Session.Login();
        rig.Session.DropConnection(SimTime.FromSeconds(10));
        var (request, answers) = rig.Send(CdbBuilder.TestUnitReady());
        rig.RunFor(5);
        rig.VerifyIntercepted(request, Times.Never());
        Assert.That(answers, Is.Empty);
        rig.RunFor(10);
        rig.VerifyIntercepted(request, Times.Once());
        Assert.That(answers, Has.Count.EqualTo(1));
    }

    [Test]
    public void InjectedAnswer_ReplacesTheTargets_AndTheTargetNeverSeesTheCommand()
    {
        var rig = new Rig();
        rig.Session.Login();
        long injected = rig.Sim.Trace.Record(TraceKind.Action, "fault", "test fault");
        var busy = new FaultDecision(FaultKind.Complete, ScsiStatus.Busy, TraceId: injected);
        rig.Faults.Setup(f => f.Intercept(It.IsAny<ScsiPath>(), It.Is<ScsiRequest>(r => r.Cdb[0] == 0x2a))).Returns(busy);
        int commandsBefore = rig.Sim.Trace.Events.Count(e => e.Kind == TraceKind.Command && e.Source == CtlTarget.LunSource(0));
        var (request, answers) = rig.Send(CdbBuilder.Write10(0, 1));
        rig.RunFor(1);
        rig.VerifyIntercepted(request, Times.Once());
        Assert.That(answers.Single().Status, Is.EqualTo(ScsiStatus.Busy));
        Assert.That(answers.Single().TraceId, Is.EqualTo(injected));
        Assert.That(rig.Sim.Trace.Events.Count(e => e.Kind == TraceKind.Command && e.Source == CtlTarget.LunSource(0)), Is.EqualTo(commandsBefore));
        Assert.That(rig.Target.Luns[0].Store.WrittenBlocks, Is.Zero);
    }

    [Test]
    public void WithheldAnswer_IsInterceptedOnce_AndEndsOnlyByTheAbort()
    {
        var rig = new Rig();
        rig.Session.Login();
        rig.Faults.Setup(f => f.Intercept(It.IsAny<ScsiPath>(), It.IsAny<ScsiRequest>())).Returns(new FaultDecision(FaultKind.NoAnswer));
        var (request, answers) = rig.Send(CdbBuilder.Read10(0, 1));
        rig.RunFor(60);
        Assert.That(answers, Is.Empty);
        TaskManagementResult? tmf = null;
        rig.Session.TaskManagement(TaskManagementFunction.AbortTask, 0, r => tmf = r, request.Tag);
        rig.RunFor(1);
        Assert.That(tmf, Is.Not.Null.And.Not.EqualTo(TaskManagementResult.NotDelivered));
        Assert.That(answers.Single().Outcome, Is.EqualTo(TransportOutcome.Aborted));
        rig.VerifyIntercepted(request, Times.Once());
    }
}
