using SanSim.Engine;
using SanSim.Scenarios;
using SanSim.Scenarios.Model;

namespace SanSim.Tests.Scenarios.Running;

/// <summary>A scenario the simulation cannot build gives a failed result with the reason, never an exception.</summary>
public class ScenarioRunnerBadInputTests
{
    private static Scenario TwoLunsNumbered12()
    {
        var s = ShortFieldReport.Build([new Expectation { Lun = 12, Is = "started" }]);
        return s with { Target = s.Target with { Luns = [.. s.Target.Luns, new LunSpec { Lun = 12, Blocks = 2048 }] } };
    }

    [Test]
    public void DuplicateLun_Run_FailsEveryExpectationWithTheReason()
    {
        var r = ScenarioRunner.Run(TwoLunsNumbered12());

        Assert.That(r.Passed, Is.False);
        Assert.That(r.Error, Does.Contain("cannot build the simulated SAN").And.Contain("LUN 12 already exists"));
        Assert.That(r.Expectations.Single().Held, Is.False);
        Assert.That(r.Expectations.Single().Actual, Is.EqualTo(r.Error));
    }

    [Test]
    public void DuplicateLun_CtladmAt_Exits2_WithTheReasonOnStderr()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int status = ScenarioRunner.CtladmAt(TwoLunsNumbered12(), SimTime.Zero, ["devlist"], stdout, stderr);

        Assert.That(status, Is.EqualTo(2));
        Assert.That(stderr.ToString(), Does.StartWith("sansim: field-report-short: cannot build the simulated SAN"));
        Assert.That(stdout.ToString(), Is.Empty);
    }

    [Test]
    public void FcPathsWithoutWwpn_GetDistinctGeneratedOnes()
    {
        var s = ShortFieldReport.Build([new Expectation { Spread = new SpreadSpec { From = "desktop", Reaches = ["k8s-node-1"] } }]);
        var second = s.Hosts[0] with { Name = "desktop-2", Paths = [new PathSpec { Port = 4 }] };
        var first = s.Hosts[0] with { Paths = [new PathSpec { Port = 3 }] };

        var r = ScenarioRunner.Run(s with { Hosts = [first, s.Hosts[1], second] });

        Assert.That(r.Error, Is.Null);
        Assert.That(r.Passed, Is.True, string.Join("\n", r.Expectations.Select(e => e.Actual)));
    }
}
