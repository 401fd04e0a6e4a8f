using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts.Transport;
using SanSim.Scsi;

namespace SanSim.Tests.Fabric;

/// <summary>iSCSI session login, logout, connection loss and recovery against a real CTL target.</summary>
public class IscsiSessionTests
{
    private const string DebianIqn = "iqn.1993-08.org.debian:01:e38f5e7da7d";
    private const ulong DebianIsid = 0x00023d000004;

    private static IscsiSession Session(FabricSan san, string host = "k8s-node-1", string iqn = DebianIqn, ulong isid = DebianIsid) =>
        new(san.Sim, san.Target, 0, host, iqn, isid);

    [Test]
    public void InitiatorId_PrintsIsidAsTwelveHexDigits_AsCfiscsiDoes()
    {
        Assert.That(IscsiSession.InitiatorId(DebianIqn, DebianIsid), Is.EqualTo("iqn.1993-08.org.debian:01:e38f5e7da7d,i,0x00023d000004"));
        Assert.That(() => IscsiSession.InitiatorId(DebianIqn, 1UL << 48), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Login_ShowsTheInitiator_UnderPortlistI()
    {
        var san = new FabricSan();
        var session = Session(san);

        session.Login();

        Assert.That(session.State, Is.EqualTo(PathState.Up));
        Assert.That(session.SessionState, Is.EqualTo(IscsiSessionState.LoggedIn));
        Assert.That(san.Portlist("-i", "-p", "0"), Does.Contain("  Initiator 0: iqn.1993-08.org.debian:01:e38f5e7da7d,i,0x00023d000004\n"));
    }

    [Test]
    public void Login_AsksForTheRequestedInitiatorId()
    {
        var san = new FabricSan();
        var session = new IscsiSession(san.Sim, san.Target, 0, "k8s-node-1", DebianIqn, DebianIsid, initiatorId: 5);

        session.Login();

        Assert.That(session.Nexus!.Value.InitiatorId, Is.EqualTo(5));
    }

    [Test]
    public void Logout_TargetResetsTheITNexus_ThenRemovesTheInitiator()
    {
        var san = new FabricSan();
        var session = Session(san);
        session.Login();
        long mark = san.Sim.Trace.Events[^1].Id;

        long id = session.Logout();

        var after = san.Sim.Trace.Events.Where(e => e.Id > mark && e.Source == "port:0").Select(e => e.Message).ToList();
        Assert.That(after, Has.Count.EqualTo(2));
        Assert.That(after[0], Does.StartWith("I_T NEXUS RESET from 0:0"));
        Assert.That(after[1], Does.StartWith("initiator 0 removed"));
        Assert.That(session.State, Is.EqualTo(PathState.Down));
        Assert.That(san.Target.Ports[0].Initiators, Is.Empty);
        Assert.That(san.Sim.Trace.CauseChain(id).Select(e => e.Message), Has.Some.StartsWith("I_T NEXUS RESET"));
    }

    [Test]
    public void LoginAfterLogout_FirstCommandGetsPowerOn2901_ReportedBefore2907()
    {
        var san = new FabricSan();
        var session = Session(san);
        session.Login();
        san.Settle(session);
        session.Logout();
        session.Login();

        Assert.That(san.Run(session, CdbBuilder.TestUnitReady()).ToString(), Is.EqualTo("CHECK CONDITION 06/29/01"));
        Assert.That(san.Run(session, CdbBuilder.TestUnitReady()).IsGood, Is.True, "reporting 29/01 clears the 29/07 too");
    }

    [Test]
    public void DropShorterThanReplacementTimeout_QueuedCommandIsSentAfterReconnect_AndGetsTheTargets2901First()
    {
        var san = new FabricSan();
        var session = Session(san);
        session.Login();
        san.Settle(session);
        var dropAt = san.Sim.Now;
        session.DropConnection(reconnectAfter: SimTime.FromSeconds(10));

        Assert.That(session.State, Is.EqualTo(PathState.Recovering));
        Assert.That(session.SessionState, Is.EqualTo(IscsiSessionState.Failed));
        Assert.That(san.Target.Ports[0].Initiators, Is.Empty, "the target ended its side of the session");
        ScsiResponse? first = null;
        session.Submit(new ScsiRequest(CdbBuilder.TestUnitReady(), 0), r => first = r);
        san.Sim.Scheduler.RunUntil(dropAt + SimTime.FromSeconds(9));
        Assert.That(first, Is.Null, "the command waits while the session recovers");

        while (first is null && san.Sim.Scheduler.Step()) { }

        Assert.That(first!.ToString(), Is.EqualTo("CHECK CONDITION 06/29/01"));
        Assert.That(san.Sim.Now, Is.EqualTo(dropAt + SimTime.FromSeconds(10) + session.Latency + session.Latency));
        Assert.That(san.Run(session, CdbBuilder.TestUnitReady()).IsGood, Is.True, "the host's retry completes GOOD");
    }

    [Test]
    public void DropLongerThanReplacementTimeout_WaitingCommandFailsNoConnection_AtDropPlus120s()
    {
        var san = new FabricSan();
        var session = Session(san);
        session.Login();
        san.Settle(session);
        var dropAt = san.Sim.Now;
        long drop = session.DropConnection(reconnectAfter: SimTime.FromSeconds(300));

        var r = san.Run(session, CdbBuilder.TestUnitReady());

        Assert.That(r.Outcome, Is.EqualTo(TransportOutcome.NoConnection));
        Assert.That(san.Sim.Now, Is.EqualTo(dropAt + SimTime.FromSeconds(120)));
        Assert.That(session.State, Is.EqualTo(PathState.Down));
        Assert.That(session.SessionState, Is.EqualTo(IscsiSessionState.Free));
        Assert.That(san.Sim.Trace.CauseChain(r.TraceId).Select(e => e.Id), Does.Contain(drop));
        Assert.That(san.Run(session, CdbBuilder.TestUnitReady()).Outcome, Is.EqualTo(TransportOutcome.NoConnection), "new commands fail at once");
        Assert.That(san.Sim.Now, Is.EqualTo(dropAt + SimTime.FromSeconds(120)));

        san.Sim.Scheduler.RunUntil(dropAt + SimTime.FromSeconds(301));
        Assert.That(session.State, Is.EqualTo(PathState.Up), "iscsid still logs in again later");
    }

    [Test]
    public void ReplacementTimeout_IsConfigurable()
    {
        var san = new FabricSan();
        var session = Session(san);
        session.ReplacementTimeout = SimTime.FromSeconds(15);
        session.Login();
        san.Settle(session);
        var dropAt = san.Sim.Now;
        session.DropConnection();

        var r = san.Run(session, CdbBuilder.TestUnitReady());

        Assert.That(r.Outcome, Is.EqualTo(TransportOutcome.NoConnection));
        Assert.That(san.Sim.Now, Is.EqualTo(dropAt + SimTime.FromSeconds(15)));
    }

    [Test]
    public void CommandInFlightAtTheDrop_IsSentAgainAfterReconnect()
    {
        var san = new FabricSan();
        var session = Session(san);
        session.Login();
        san.Settle(session);
        ScsiResponse? r = null;
        session.Submit(new ScsiRequest(CdbBuilder.TestUnitReady(), 0), x => r = x);
        san.Sim.Scheduler.RunUntil(san.Sim.Now + SimTime.FromMicroseconds(75));
        session.DropConnection(reconnectAfter: SimTime.FromSeconds(2));

        san.Sim.Scheduler.RunUntil(san.Sim.Now + SimTime.FromSeconds(3));

        Assert.That(r?.ToString(), Is.EqualTo("CHECK CONDITION 06/29/01"), "the answer of the first sending was lost; the second met the new nexus");
        Assert.That(session.OutstandingCount, Is.Zero);
    }

    [Test]
    public void TargetThatHasNotNoticedTheDrop_EndsTheOldSessionAtReinstatement_BeforeRegisteringTheNewOne()
    {
        var san = new FabricSan();
        var session = Session(san);
        session.TargetNoticeDelay = SimTime.FromSeconds(5);
        session.Login();
        var dropAt = san.Sim.Now;
        session.DropConnection(reconnectAfter: SimTime.FromSeconds(1));
        Assert.That(session.TargetSessionActive, Is.True, "the target has not noticed yet");
        long mark = san.Sim.Trace.Events[^1].Id;

        san.Sim.Scheduler.RunUntil(dropAt + SimTime.FromSeconds(10));

        var port = san.Sim.Trace.Events.Where(e => e.Id > mark && e.Source == "port:0").Select(e => e.Message).ToList();
        Assert.That(port, Has.Count.EqualTo(3));
        Assert.That(port[0], Does.StartWith("I_T NEXUS RESET"));
        Assert.That(port[1], Does.StartWith("initiator 0 removed"));
        Assert.That(port[2], Does.StartWith("initiator 0 added"));
        Assert.That(san.Sim.Trace.Events.Where(e => e.Id > mark && e.Source == "port:0").All(e => e.Time == dropAt + SimTime.FromSeconds(1)), Is.True);
    }

    [Test]
    public void Relogin_KeepsTheSameInitiatorId_AsCtlFindsTheName()
    {
        var san = new FabricSan();
        var a = Session(san, "node-1", "iqn.1994-05.com.redhat:node1", 0x23d000000);
        var b = Session(san, "node-2", "iqn.1994-05.com.redhat:node2", 0x23d000001);
        a.Login();
        b.Login();
        int before = a.Nexus!.Value.InitiatorId;

        a.Logout();
        a.Login();

        Assert.That(a.Nexus!.Value.InitiatorId, Is.EqualTo(before));
    }

    [Test]
    public void Login_ToAnOfflinePort_FailsWithoutThrowing()
    {
        var san = new FabricSan();
        san.Target.Ports[0].Online = false;
        var session = Session(san);

        long id = session.Login();

        Assert.That(session.State, Is.EqualTo(PathState.Down));
        Assert.That(san.Sim.Trace.Find(id)?.Message, Does.Contain("off line"));
        Assert.That(san.Run(session, CdbBuilder.TestUnitReady()).Outcome, Is.EqualTo(TransportOutcome.NoConnection));
    }

    [Test]
    public void TaskManagement_WhileRecovering_IsNotDelivered()
    {
        var san = new FabricSan();
        var session = Session(san);
        session.Login();
        session.DropConnection();
        TaskManagementResult? result = null;

        session.TaskManagement(TaskManagementFunction.LunReset, 0, r => result = r);
        san.Sim.Scheduler.RunUntil(san.Sim.Now + SimTime.FromSeconds(1));

        Assert.That(result, Is.EqualTo(TaskManagementResult.NotDelivered));
    }

    [Test]
    public void NewSessionWithTheSameNameAndIsid_ReinstatesIt_EndingTheOldOneAtTheTargetFirst()
    {
        var san = new FabricSan();
        var before = Session(san);
        before.Login();
        int iid = before.Nexus!.Value.InitiatorId;
        long mark = san.Sim.Trace.Events[^1].Id;
        var after = Session(san);

        after.Login();

        var port = san.Sim.Trace.Events.Where(e => e.Id > mark && e.Source == "port:0").Select(e => e.Message).ToList();
        Assert.That(port, Has.Count.EqualTo(3));
        Assert.That(port[0], Does.StartWith("I_T NEXUS RESET"));
        Assert.That(port[1], Does.StartWith($"initiator {iid} removed"));
        Assert.That(port[2], Does.StartWith($"initiator {iid} added"));
        Assert.That(san.Target.Ports[0].Initiators, Has.Count.EqualTo(1));
        Assert.That(before.State, Is.EqualTo(PathState.Recovering), "the old side saw its connection closed");
        Assert.That(after.State, Is.EqualTo(PathState.Up));
    }
}
