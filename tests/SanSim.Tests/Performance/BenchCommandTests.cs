using SanSim.Cli;
using SanSim.Tests.Cli;

namespace SanSim.Tests.Performance;

/// <summary>`sansim bench` input checks (its measurements run in .ci/perf-checks, not here: they take seconds).</summary>
public class BenchCommandTests
{
    [Test]
    public void MissingScenarioFolder_Exit2_BeforeMeasuringAnything()
    {
        var (exit, output, error) = ScenarioFiles.Sansim("bench", "--quick", "--scenarios", Path.Combine(Path.GetTempPath(), "sansim-no-such-folder-" + Guid.NewGuid().ToString("N")));

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.StartWith("sansim bench: --scenarios "));
    }

    [Test]
    public void UnknownOption_Exit2()
    {
        var (exit, _, error) = ScenarioFiles.Sansim("bench", "--fast");

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain("--fast"));
    }
}
