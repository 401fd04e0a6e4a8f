using SanSim.Engine;
using SanSim.Hosts;
using SanSim.Scenarios;
using SanSim.Scenarios.Model;
using SanSim.Scsi;

namespace SanSim.Tests.Scenarios.Running;

/// <summary>Timeline events: each records an Action whose id causes what it sets off; ctladm, faults, reservations, links and mounts.</summary>
public class ScenarioRunnerTimelineTests
{
    /// <summary>The field report's SAN with only <paramref name="timeline"/> on it, for <paramref name="seconds"/>.</summary>
    private static Scenario San(double seconds, IReadOnlyList<Expectation> expect, params TimelineEvent[] timeline) =>
        FieldReportScenario.Base(expect) with
        {
            Name = "timeline",
            Duration = SimTime.FromSeconds(seconds),
            Timeline = timeline,
        };

    private static TimelineEvent At(double s, string host, string what) => new() { At = SimTime.FromSeconds(s), Host = host, Do = what };

    private static string Failures(RunResult r) =>
        string.Join("\n", r.Expectations.Where(e => !e.Held).Select(e => $"expected {e.Expected}; got {e.Actual}"));

    [Test]
    public void SameScenarioTwice_GivesIdenticalTraceAndLogs()
    {
        var a = ScenarioRunner.Run(ShortFieldReport.Build());
        var b = ScenarioRunner.Run(ShortFieldReport.Build());

        Assert.That(a.Trace.Events, Has.Count.GreaterThan(200));
        Assert.That(b.Trace.Events, Is.EqualTo(a.Trace.Events));
        Assert.That(b.Logs.Select(l => l.Lines), Is.EqualTo(a.Logs.Select(l => l.Lines)));
        Assert.That(b.Spread, Is.EqualTo(a.Spread));
    }

    [Test]
    public void TimelineCtladm_RecordsTheLineAndItsOutput_AndCausesCtladmsOwnAction()
    {
        var r = ScenarioRunner.Run(San(10, [], new TimelineEvent { At = SimTime.FromSeconds(2), Ctladm = "lunmap -p 3 -l 1 -L 1" },
            new TimelineEvent { At = SimTime.FromSeconds(3), Ctladm = "nosuchcommand" }));

        var line = r.Trace.Events.Single(e => e.Source == "scenario" && e.Message == "ctladm lunmap -p 3 -l 1 -L 1");
        Assert.That(line.Kind, Is.EqualTo(TraceKind.Action));
        Assert.That(line.CauseId, Is.Zero);
        Assert.That(r.Trace.Events.Where(e => e.CauseId == line.Id).Select(e => (e.Source, e.Message)),
            Is.SupersetOf(new[] { ("scenario", "ctladm exit 0"), ("ctladm", "ctladm lunmap -p 3 -l 1 -L 1") }));
        var map = r.Trace.Events.Where(e => e.Time == SimTime.FromSeconds(2) && e.Source.StartsWith("port:", StringComparison.Ordinal)).ToList();
        Assert.That(map, Is.Not.Empty);
        Assert.That(r.Trace.CauseChain(map[0].Id)[^1], Is.EqualTo(line));
        var bad = r.Trace.Events.Single(e => e.Source == "scenario" && e.Message == "ctladm nosuchcommand");
        Assert.That(r.Trace.Events.Single(e => e.CauseId == bad.Id && e.Message.StartsWith("ctladm exit", StringComparison.Ordinal)).Message,
            Does.StartWith("ctladm exit 1: ctladm: option nosuchcommand not found"));
    }

    [Test]
    public void CtladmAt_RunsToTheTime_ThenCtladmAgainstTheTarget()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int status = ScenarioRunner.CtladmAt(ShortFieldReport.Build(), SimTime.FromSeconds(1), ["portlist", "-i", "-v"], stdout, stderr);

        Assert.That(status, Is.Zero);
        Assert.That(stdout.ToString(), Is.EqualTo(FieldReportSamples.FirstPortlist));
        Assert.That(stderr.ToString(), Is.Empty);
    }

    [Test]
    public void CtladmAt_PassesCtladmsExitStatusThrough()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int status = ScenarioRunner.CtladmAt(ShortFieldReport.Build(), SimTime.FromSeconds(1), ["nosuchcommand"], stdout, stderr);

        Assert.That(status, Is.EqualTo(1));
        Assert.That(stderr.ToString(), Does.Contain("nosuchcommand"));
    }

    [Test]
    public void InjectedMediumError_OnNodeWrites_MakesTheMountReadOnly_WithTheRuleAsRoot_AndNoHostSpread()
    {
        var inject = new TimelineEvent
        {
            At = SimTime.FromSeconds(20),
            Inject = new InjectSpec { Lun = 12, Opcode = 0x2a, Sense = new SenseInfo(SenseKey.MediumError, new AscAscq(0x11, 0x00)), Hosts = ["k8s-node-1"] },
        };
        var r = ScenarioRunner.Run(San(120, [new Expectation { Host = "k8s-node-1", Mount = "sdb", Is = "ro" }], inject));

        Assert.That(r.Passed, Is.True, Failures(r));
        Assert.That(r.Expectations[0].CauseChain[^1].Source, Is.EqualTo("scenario"));
        Assert.That(r.Expectations[0].CauseChain[^1].Message, Does.StartWith("inject "));
        Assert.That(r.Spread, Is.Empty);
    }

    [Test]
    public void PersistentReservation_ByTheNode_MakesTheDesktopsStopConflict_AndTheNodeStaysReadWrite()
    {
        var r = ScenarioRunner.Run(San(200,
            [
                new Expectation { Host = "k8s-node-1", Mount = "sdb", Is = "rw" },
                new Expectation { Lun = 12, Is = "started" },
                new Expectation { Spread = new SpreadSpec { From = "desktop", Reaches = [] } },
            ],
            At(5, "k8s-node-1", "pr-register") with { Lun = 12, Key = 0x1 },
            At(6, "k8s-node-1", "pr-reserve") with { Lun = 12, Key = 0x1, Type = "exclusive-access" },
            At(60, "desktop", "sleep")));

        Assert.That(r.Passed, Is.True, Failures(r));
        Assert.That(r.Trace.Events.Where(e => e.Source == "host:k8s-node-1" && e.Message.StartsWith("pr-", StringComparison.Ordinal)).Select(e => e.Message),
            Is.EqualTo(new[] { "pr-register: Good", "pr-reserve: Good" }));
        Assert.That(r.Trace.Events, Has.Some.Matches<TraceEvent>(e => e != null && e.Source == "lun:12" && e.Message == "RESERVATION CONFLICT"
            && e.Time >= SimTime.FromSeconds(60)));
    }

    [Test]
    public void IscsiLinkDown_DropsTheSession_CausedByTheNodesAction_AndLinkUpLogsInAgain()
    {
        var r = ScenarioRunner.Run(San(60, [], At(10, "k8s-node-1", "link-down"), At(20, "k8s-node-1", "link-up")));

        var dropped = r.Trace.Events.Single(e => e.Message.EndsWith("connection dropped", StringComparison.Ordinal));
        Assert.That(dropped.Time, Is.EqualTo(SimTime.FromSeconds(10)));
        Assert.That(r.Trace.CauseChain(dropped.Id)[^1].Message, Is.EqualTo("scenario: link-down"));
        Assert.That(r.Trace.Events, Has.Some.Matches<TraceEvent>(e => e != null && e.Time == SimTime.FromSeconds(20)
            && e.Source == "path:k8s-node-1:5" && e.Message.Contains("login", StringComparison.Ordinal)));
    }

    [Test]
    public void FcLinkDown_OnTheDesktop_ReachesNobody_EvenAtSense()
    {
        var r = ScenarioRunner.Run(San(120,
            [new Expectation { Spread = new SpreadSpec { From = "desktop", Reaches = [], Level = SpreadLevel.Sense } }],
            At(10, "desktop", "link-down"), At(30, "desktop", "link-up")));

        Assert.That(r.Passed, Is.True, Failures(r));
        Assert.That(r.Trace.Events, Has.Some.Matches<TraceEvent>(e => e != null && e.Message.EndsWith("link down", StringComparison.Ordinal)));
    }

    [Test]
    public void AfterTheWake_RemountRwIsRefused_ThenUmountFsckMountBringsItBackReadWrite()
    {
        var extra = new[]
        {
            new TimelineEvent { At = SimTime.FromSeconds(1300), Host = "k8s-node-1", Do = "remount-rw", Mount = "sdb" },
            new TimelineEvent { At = SimTime.FromSeconds(1310), Host = "k8s-node-1", Do = "umount", Mount = "sdb" },
            new TimelineEvent { At = SimTime.FromSeconds(1320), Host = "k8s-node-1", Do = "mount", Mount = "sdb" },
        };
        var r = ScenarioRunner.Run(ShortFieldReport.Build(
            [
                new Expectation { At = SimTime.FromSeconds(1305), Host = "k8s-node-1", Mount = "sdb", Is = "ro" },
                new Expectation { At = SimTime.FromSeconds(1315), Host = "k8s-node-1", Mount = "sdb", Is = "unmounted" },
                new Expectation { Host = "k8s-node-1", Mount = "sdb", Is = "rw" },
            ], extra));

        Assert.That(r.Passed, Is.True, Failures(r));
        Assert.That(r.Trace.Events, Has.Some.Matches<TraceEvent>(e => e != null && e.Source == "host:k8s-node-1"
            && e.Message.StartsWith("scenario: remount-rw returned -", StringComparison.Ordinal)));
    }

    [Test]
    public void DesktopSleep_ReachesTheNodeAtSenseToo()
    {
        var r = ScenarioRunner.Run(ShortFieldReport.Build([new Expectation { Spread = new SpreadSpec { From = "desktop", Reaches = ["k8s-node-1"], Level = SpreadLevel.Sense } }]));

        Assert.That(r.Passed, Is.True, Failures(r));
    }

    [Test]
    public void InjectedTimeout_OnOneNodeWrite_EndsInTaskManagement_AndTheNodeRecovers()
    {
        var inject = new TimelineEvent
        {
            At = SimTime.FromSeconds(20),
            Inject = new InjectSpec { Lun = 12, Opcode = 0x2a, Timeout = true, Count = 1 },
        };
        var r = ScenarioRunner.Run(San(300, [new Expectation { Host = "k8s-node-1", Mount = "sdb", Is = "rw" }], inject));

        Assert.That(r.Passed, Is.True, Failures(r));
        var withheld = r.Trace.Events.Single(e => e.Source == "fault" && e.Message.EndsWith("answer withheld", StringComparison.Ordinal));
        var tmf = r.Trace.Events.First(e => e.Kind == TraceKind.TaskManagement && e.Time > withheld.Time);
        Assert.That(tmf.Time - withheld.Time, Is.GreaterThanOrEqualTo(SimTime.FromSeconds(30)));
        Assert.That(tmf.Source, Is.AnyOf("path:k8s-node-1:5", "port:5"));
    }

    [Test]
    public void ACancelledToken_StopsTheRun()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.That(() => ScenarioRunner.Run(ShortFieldReport.Build(), cts.Token), Throws.InstanceOf<OperationCanceledException>());
    }
}
