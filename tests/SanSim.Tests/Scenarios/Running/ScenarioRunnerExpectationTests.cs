using SanSim.Engine;
using SanSim.Scenarios;
using SanSim.Scenarios.Model;

namespace SanSim.Tests.Scenarios.Running;

/// <summary>Expectations: when they are checked, what a failed one reports, and which ctladm lines they may run.</summary>
public class ScenarioRunnerExpectationTests
{
    private static ExpectationResult Single(Expectation e, IReadOnlyList<TimelineEvent>? extra = null)
    {
        var r = ScenarioRunner.Run(ShortFieldReport.Build([e], extra));
        Assert.That(r.Expectations, Has.Count.EqualTo(1));
        return r.Expectations[0];
    }

    [Test]
    public void FailedMountExpectation_ReportsExpectedActualAndTheChainToTheSleep()
    {
        var result = Single(new Expectation { Host = "k8s-node-1", Mount = "sdb", Is = "rw" });

        Assert.That(result.Held, Is.False);
        Assert.That(result.Expected, Is.EqualTo("k8s-node-1: /dev/sdb rw"));
        Assert.That(result.Actual, Does.StartWith("k8s-node-1: /dev/sdb ro since "));
        Assert.That(result.CauseChain[0].Message, Does.Contain("-> ReadOnly"));
        Assert.That(result.CauseChain.Select(e => e.Kind), Does.Contain(TraceKind.Completion));
        Assert.That(result.CauseChain[^1].Source, Is.EqualTo("host:desktop"));
        Assert.That(result.CauseChain[^1].Message, Is.EqualTo("scenario: sleep"));
    }

    [Test]
    public void MountExpectation_AtATimeBeforeTheSleep_SeesReadWrite()
    {
        var result = Single(new Expectation { At = ShortFieldReport.SleepAt - SimTime.FromSeconds(1), Host = "k8s-node-1", Mount = "sdb", Is = "rw" });

        Assert.That(result.Held, Is.True, result.Actual);
    }

    [Test]
    public void LunExpectation_RightAfterTheSleep_SeesLun12Stopped_WithTheChainToTheSleep()
    {
        var result = Single(new Expectation { At = ShortFieldReport.SleepAt + SimTime.FromSeconds(1), Lun = 12, Is = "stopped" });

        Assert.That(result.Held, Is.True, result.Actual);
        Assert.That(result.CauseChain[^1].Message, Is.EqualTo("scenario: sleep"));
    }

    [Test]
    public void FailedLogContains_SaysNoLineHasIt_AndShowsTheLastLine()
    {
        var result = Single(new Expectation { Host = "k8s-node-1", LogContains = "no such text anywhere" });

        Assert.That(result.Held, Is.False);
        Assert.That(result.Expected, Is.EqualTo("k8s-node-1's log has a line containing \"no such text anywhere\""));
        Assert.That(result.Actual, Does.StartWith("none of ").And.Contain("lines does; the last is: ["));
    }

    [Test]
    public void FailedLogLacks_NamesTheOffendingLine_AndItsChain()
    {
        var result = Single(new Expectation { Host = "k8s-node-1", LogLacks = "Remounting filesystem read-only" });

        Assert.That(result.Held, Is.False);
        Assert.That(result.Actual, Does.Contain("EXT4-fs (sdb): Remounting filesystem read-only"));
        Assert.That(result.CauseChain[^1].Message, Is.EqualTo("scenario: sleep"));
    }

    [Test]
    public void LogMatches_SeesTheTimestampedForm()
    {
        var result = Single(new Expectation { Host = "k8s-node-1", LogMatches = @"^\[\s*\d+\.\d{6}\] EXT4-fs \(sdb\): Remounting" });

        Assert.That(result.Held, Is.True, result.Actual);
    }

    [Test]
    public void LogMatches_WithABadPattern_FailsWithAMessage()
    {
        var result = Single(new Expectation { Host = "k8s-node-1", LogMatches = "([" });

        Assert.That(result.Held, Is.False);
        Assert.That(result.Actual, Does.StartWith("invalid regular expression"));
    }

    [Test]
    public void CtladmExpectation_AtOneSecond_MatchesTheFieldReportsFirstPortlistSample()
    {
        var result = Single(new Expectation { At = SimTime.FromSeconds(1), Ctladm = "portlist -i -v", Output = FieldReportSamples.FirstPortlist });

        Assert.That(result.Held, Is.True, result.Actual);
    }

    [Test]
    public void CtladmExpectation_AfterLunmap_MatchesTheSecondSample()
    {
        var result = Single(
            new Expectation { At = SimTime.FromSeconds(1), Ctladm = "portlist -i -v -p 3", Output = FieldReportSamples.SecondPortlist },
            [new TimelineEvent { At = SimTime.Zero, Ctladm = "lunmap -p 3 -l 1 -L 1" }]);

        Assert.That(result.Held, Is.True, result.Actual);
    }

    [Test]
    public void CtladmExpectation_OutputContains()
    {
        var result = Single(new Expectation { Ctladm = "portlist -i -v -p 5", OutputContains = "  Initiator 3: iqn.1993-08.org.debian:01:e38f5e7da7d,i,0x00023d000004" });

        Assert.That(result.Held, Is.True, result.Actual);
    }

    [Test]
    public void CtladmExpectation_ThatWouldChangeTheTarget_IsRejected()
    {
        var result = Single(new Expectation { Ctladm = "stop 12", OutputContains = "" });

        Assert.That(result.Held, Is.False);
        Assert.That(result.Actual, Does.StartWith("ctladm stop may change the target"));
    }

    [Test]
    public void FailedSpread_ShowsWhoWasReached_AndTheChainOfTheUnexpectedHost()
    {
        var result = Single(new Expectation { Spread = new SpreadSpec { From = "desktop", Reaches = [] } });

        Assert.That(result.Held, Is.False);
        Assert.That(result.Expected, Is.EqualTo("desktop reaches [] at error"));
        Assert.That(result.Actual, Does.StartWith("desktop reaches [k8s-node-1] at error (k8s-node-1 at error from "));
        Assert.That(result.CauseChain[^1].Message, Is.EqualTo("scenario: sleep"));
    }

    [Test]
    public void Spread_NodeReachesNobody()
    {
        var result = Single(new Expectation { Spread = new SpreadSpec { From = "k8s-node-1", Reaches = [], Level = SpreadLevel.Sense } });

        Assert.That(result.Held, Is.True, result.Actual);
    }
}
