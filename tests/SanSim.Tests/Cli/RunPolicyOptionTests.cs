using SanSim.Cli;
using SanSim.Tests.Scenarios.Library;
using static SanSim.Tests.Cli.ScenarioFiles;

namespace SanSim.Tests.Cli;

/// <summary>`sansim run --policy`: a whole suite under one LUN-map policy.</summary>
public class RunPolicyOptionTests
{
    private static string FieldReport => Path.Combine(ScenarioLibrary.ScenariosFolder(), "field-report-windows-sleep.yaml");

    [TestCase("all-luns")]
    [TestCase("owner-only")]
    [TestCase("explicit")]
    public void FieldReport_HoldsUnderEveryPolicy_BecauseItStatesItsOutcomePerPolicy(string policy)
    {
        var (exit, output, _) = Sansim("run", FieldReport, "--policy", policy);
        Assert.That(output, Does.EndWith("3 passed, 0 failed\n"));
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
    }

    [Test]
    public void OwnerOnly_IsNamedOnEachRunLine()
    {
        var (_, output, _) = Sansim("run", FieldReport, "--policy", "owner-only", "--variant", "base");
        Assert.That(output, Does.StartWith("PASS field-report-windows-sleep/base  (4 expectations, policy owner-only, virtual 11h00m00s)\n"));
    }

    [Test]
    public void AnExpectationForAnotherPolicy_FailsWhenForcedIntoThatPolicy()
    {
        var lib = Path.Combine(ScenarioLibrary.ScenariosFolder(), "field-report-portlist-samples.yaml");
        var (exit, output, _) = Sansim("run", lib, "--policy", "owner-only", "--variant", "base");
        Assert.That(output, Does.StartWith("FAIL field-report-portlist-samples/base"));
        Assert.That(exit, Is.EqualTo(ExitCodes.Failed));
    }

    [Test]
    public void UnknownPolicy_Exit2()
    {
        var (exit, _, error) = Sansim("run", FieldReport, "--policy", "owners");
        Assert.That(error, Does.Contain("owners"));
        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
    }
}
