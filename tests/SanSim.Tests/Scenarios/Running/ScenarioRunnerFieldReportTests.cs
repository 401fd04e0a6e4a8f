using SanSim.Engine;
using SanSim.Scenarios;
using SanSim.Scenarios.Model;
using SanSim.Target;

namespace SanSim.Tests.Scenarios.Running;

/// <summary>The field report run as a scenario: its base expectations and its isolation and profile variants.</summary>
public class ScenarioRunnerFieldReportTests
{
    private static RunResult? _base;

    private static RunResult BaseRun => _base ??= ScenarioRunner.Run(FieldReportScenario.Base());

    private static string Describe(RunResult r) =>
        string.Join("\n", r.Expectations.Where(e => !e.Held).Select(e => $"expected {e.Expected}; got {e.Actual}"));

    [Test]
    public void FieldReport_Base_AllExpectationsHold()
    {
        var r = BaseRun;

        Assert.That(r.Passed, Is.True, Describe(r));
        Assert.That(r.Expectations, Has.Count.EqualTo(4));
    }

    [Test]
    public void FieldReport_Base_NodeMountReadOnly_CausedByTheDesktopsSleep()
    {
        var mount = BaseRun.Expectations[0];

        Assert.That(mount.Held, Is.True, mount.Actual);
        Assert.That(mount.Actual, Does.StartWith("k8s-node-1: /dev/sdb ro"));
        Assert.That(mount.CauseChain[^1].Source, Is.EqualTo("host:desktop"));
        Assert.That(mount.CauseChain[^1].Kind, Is.EqualTo(TraceKind.Action));
        Assert.That(mount.CauseChain[^1].Message, Does.Contain("sleep"));
    }

    [Test]
    public void FieldReport_Base_LogLine_IsReportedInItsTimestampedForm()
    {
        var log = BaseRun.Expectations[1];

        Assert.That(log.Held, Is.True);
        Assert.That(log.Actual, Does.Match(@"^\[\d+\.\d{6}\] .*" + FieldReportScenario.ClaimSense));
        Assert.That(log.CauseChain.Select(e => e.Source), Does.Contain("host:desktop"));
    }

    [Test]
    public void FieldReport_Base_DesktopReachesNode1AtError_AndNothingReachesTheDesktop()
    {
        var edges = BaseRun.Spread;

        Assert.That(edges.Where(e => e.Level == SpreadLevel.Error).Select(e => (e.From, e.To)),
            Is.EquivalentTo(new[] { ("desktop", "k8s-node-1") }));
        Assert.That(edges.Where(e => e.To == "desktop"), Is.Empty);
        var edge = edges.Single(e => e.From == "desktop");
        Assert.That(edge.FirstAt, Is.GreaterThan(FieldReportScenario.SleepAt));
        Assert.That(BaseRun.Trace.Find(edge.RootEventId)!.Source, Is.EqualTo("host:desktop"));
    }

    [Test]
    public void FieldReport_Base_Logs_LinuxFormattedLikeDmesg_WindowsWithTimeOfDay()
    {
        var node = BaseRun.Logs.Single(l => l.Host == "k8s-node-1");
        var desktop = BaseRun.Logs.Single(l => l.Host == "desktop");

        Assert.That(BaseRun.Logs.Select(l => l.Host), Is.EqualTo(new[] { "desktop", "k8s-node-1" }));
        Assert.That(node.Lines, Has.Some.Match(@"^\[35\d{3}\.\d{6}\] sd 6:0:0:0: \[sdb\] .*"));
        Assert.That(desktop.Lines, Has.All.Match(@"^1970-01-01 \d\d:\d\d:\d\d\.\d{3} "));
    }

    [Test]
    public void FieldReport_LunmapIsolated_NodeStaysReadWrite_AndSpreadIsContained()
    {
        var r = ScenarioRunner.Run(FieldReportScenario.LunmapIsolated());

        Assert.That(r.Passed, Is.True, Describe(r));
        Assert.That(r.Spread.Where(e => e.From == "desktop" && e.Level == SpreadLevel.Error), Is.Empty);
        Assert.That(r.Trace.Events, Has.Some.Matches<TraceEvent>(e => e != null && e.Kind == TraceKind.Action && e.Source == "scenario"
            && e.Message == "ctladm lunmap -p 3 -l 1 -L 1"));
    }

    [Test]
    public void FieldReport_ScstProfile_IsContained()
    {
        var r = ScenarioRunner.Run(FieldReportScenario.Profile(TargetProfile.Scst, "scst-target"));

        Assert.That(r.Passed, Is.True, Describe(r));
    }

    [Test]
    public void FieldReport_LioProfile_StopIsRejected_AndContained()
    {
        var r = ScenarioRunner.Run(FieldReportScenario.Profile(TargetProfile.Lio, "lio-target"));

        Assert.That(r.Passed, Is.True, Describe(r));
        var stops = r.Trace.Events.Where(e => e.Kind == TraceKind.Command && e.Message.StartsWith("START STOP UNIT", StringComparison.Ordinal)
            && e.Time >= FieldReportScenario.SleepAt && e.Time < FieldReportScenario.SleepAt + SimTime.FromSeconds(60)).Select(e => e.Id).ToHashSet();
        var answers = r.Trace.Events.Where(e => e.Kind == TraceKind.Completion && stops.Contains(e.CauseId)).ToList();
        Assert.That(stops, Is.Not.Empty);
        Assert.That(answers, Has.Count.EqualTo(stops.Count));
        Assert.That(answers.Select(e => e.Message), Has.All.StartWith("CHECK CONDITION"));
    }
}
