using System.Text.RegularExpressions;
using SanSim.Cli.Reports;
using SanSim.Scenarios;
using SanSim.Tests.Scenarios.Library;

namespace SanSim.Tests.Report;

/// <summary>
/// Every scenario file × variant of the library gives a page whose parts hold together: a lane per host and LUN,
/// arrows that never run back in time by more than the width marks merge over, every log line on a mark, unique ids
/// and in-page links that land.
/// </summary>
public class HtmlReportLibraryTests
{
    [TestCaseSource(typeof(ScenarioLibrary), nameof(ScenarioLibrary.Cases))]
    public void LibraryScenario_RendersAConsistentPage(string file, string variant)
    {
        var scenario = ScenarioLoader.LoadFile(file).Scenarios.Single(s => s.Variant == variant);
        var run = ScenarioInput.Run(scenario);

        var model = HtmlReportModel.Build(run);
        string page = HtmlReport.Render(run);

        Assert.That(model.Lanes.Count(l => l.Key.StartsWith("host:", StringComparison.Ordinal)), Is.EqualTo(scenario.Hosts.Count));
        Assert.That(model.Lanes.Count(l => l.Key.StartsWith("lun:", StringComparison.Ordinal)), Is.EqualTo(scenario.Target.Luns.Count));
        foreach (var arrow in model.Arrows)
        {
            var xs = arrow.Through.Select(m => m.X).ToList();
            Assert.That(xs.Zip(xs.Skip(1), (a, b) => b - a), Is.All.GreaterThanOrEqualTo(-HtmlReportModel.MergePixels), arrow.Id + " runs back in time");
        }
        Assert.That(model.Axis.X(scenario.Duration), Is.LessThanOrEqualTo(HtmlReportModel.PlotWidth + 0.001), "the axis fits the plot");
        foreach (var log in model.Logs)
            Assert.That(log.Rows.Where(r => r.MarkId is null).Select(r => r.Text), Is.Empty, log.Host + ": log lines without a mark");
        var ids = Regex.Matches(page, @"\sid=""([^""]+)""").Select(m => m.Groups[1].Value).ToList();
        Assert.That(ids, Is.Unique);
        Assert.That(Regex.Matches(page, @"href=""#([^""]+)""").Select(m => m.Groups[1].Value).Distinct(), Is.SubsetOf(ids));
    }
}
