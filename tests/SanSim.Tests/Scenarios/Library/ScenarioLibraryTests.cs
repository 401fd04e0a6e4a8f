using SanSim.Cli.Reports;
using SanSim.Scenarios;

namespace SanSim.Tests.Scenarios.Library;

/// <summary>Every scenario file × variant under scenarios/ is a test of its own; it passes when every expectation holds.</summary>
public class ScenarioLibraryTests
{
    [TestCaseSource(typeof(ScenarioLibrary), nameof(ScenarioLibrary.Cases))]
    public void Scenario_HoldsEveryExpectation(string file, string variant)
    {
        var loaded = ScenarioLoader.LoadFile(file);
        Assert.That(loaded.Errors.Select(e => e.ToString()), Is.Empty, "the file loads");

        var scenario = loaded.Scenarios.Single(s => s.Variant == variant);
        var result = ScenarioInput.Run(scenario);

        var report = new StringWriter { NewLine = "\n" };
        TextReport.Write(report, result);
        TestContext.Out.Write(report.ToString());
        Assert.That(result.Passed, Is.True, report.ToString());
    }

    [Test]
    public void Cases_NameEachFileAndVariant_AndAreUnique()
    {
        var names = ScenarioLibrary.Cases().Select(c => c.TestName).ToList();

        Assert.That(names, Is.Unique);
        Assert.That(names, Has.All.Matches<string?>(n => n is not null && n.Contains('/')));
        foreach (string file in ScenarioLibrary.Files())
        {
            string stem = Path.GetRelativePath(ScenarioLibrary.ScenariosFolder(), file).Replace('\\', '/')[..^".yaml".Length];
            Assert.That(names, Has.Some.StartsWith(stem + "/"), file);
        }
    }

    [Test]
    public void FieldReport_IsInTheLibrary_WithItsBaseAndBothVariants()
    {
        var names = ScenarioLibrary.Cases().Select(c => c.TestName).ToList();

        Assert.That(names, Does.Contain("field-report-windows-sleep/base"));
        Assert.That(names, Does.Contain("field-report-windows-sleep/lunmap-isolated"));
        Assert.That(names, Does.Contain("field-report-windows-sleep/scst-target"));
    }
}
