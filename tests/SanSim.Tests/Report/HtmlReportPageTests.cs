using System.Text.RegularExpressions;
using SanSim.Cli.Reports;
using SanSim.Scenarios;

namespace SanSim.Tests.Report;

/// <summary>The HTML page as bytes: the same for the same scenario and seed, self-contained, escaped.</summary>
public class HtmlReportPageTests
{
    [Test]
    public void SameScenarioAndSeed_GiveByteIdenticalPages()
    {
        var loaded = ScenarioLoader.LoadPaths([SanSim.Tests.Cli.ScenarioFiles.FieldReport()]);
        var scenario = loaded.Scenarios.Single(s => s.Variant == "base");

        string first = HtmlReport.Render(ScenarioInput.Run(scenario));
        string second = HtmlReport.Render(ScenarioInput.Run(scenario));

        Assert.That(second, Is.EqualTo(first));
        Assert.That(HtmlReport.Render(FieldReportRuns.Of("base")), Is.EqualTo(first));
    }

    [Test]
    public void Page_FetchesNothing_NoExternalSourceLinkOrUrl()
    {
        string page = HtmlReport.Render(FieldReportRuns.Of("base"));

        Assert.That(Regex.Matches(page, @"\b(?:src|href)\s*=\s*""(?!#)"), Is.Empty);
        Assert.That(Regex.Matches(page, @"url\((?!#)"), Is.Empty);
        Assert.That(page, Does.Not.Contain("<link"));
        Assert.That(page, Does.Not.Contain("@import"));
        Assert.That(Regex.Matches(page, "https?://").Select(m => page.Substring(m.Index, 26)).Distinct(),
            Is.EqualTo(new[] { "http://www.w3.org/2000/svg" }));
    }

    [Test]
    public void Page_IdsAreUnique_AndEveryInPageLinkHasATarget()
    {
        string page = HtmlReport.Render(FieldReportRuns.Of("base"));

        var ids = Regex.Matches(page, @"\sid=""([^""]+)""").Select(m => m.Groups[1].Value).ToList();
        var links = Regex.Matches(page, @"href=""#([^""]+)""").Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.That(ids, Is.Unique);
        Assert.That(links, Is.Not.Empty);
        Assert.That(links, Is.SubsetOf(ids));
    }

    [Test]
    public void Page_HoldsNoWallClockTime()
    {
        string page = HtmlReport.Render(FieldReportRuns.Of("base"));

        Assert.That(page, Does.Not.Contain(DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-"));
        Assert.That(page, Does.Not.Contain("generated"));
    }

    [Test]
    public void ScenarioText_IsEscaped_InTheHeadAndTheData()
    {
        var run = FieldReportRuns.Of("base");
        var odd = run with { Scenario = run.Scenario with { Description = "a <script>alert(1)</script> & \"quoted\"", Name = "x<y" } };

        string page = HtmlReport.Render(odd);

        Assert.That(page, Does.Contain("a &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;"));
        Assert.That(page, Does.Contain("<h1>x&lt;y"));
        Assert.That(Regex.Matches(page, "<script"), Has.Count.EqualTo(2));
    }

    [Test]
    public void BlastRadius_ShowsTheSpreadEdgesChain_RootFirst_AsLinksToMarks()
    {
        var run = FieldReportRuns.Of("base");
        var model = HtmlReportModel.Build(run);
        var edge = run.Spread.Single();

        var steps = HtmlReport.ChainMarks(model, edge.SymptomEventId);
        string page = HtmlReport.Render(run);

        Assert.That(steps.Select(m => (m.Lane.Title, m.Label)).Take(4), Is.EqualTo(new[]
        {
            ("desktop", "sleep"), ("desktop", "STOP UNIT → LUN 1, 12"), ("LUN 12", "LUN stopped"), ("LUN 12", "WRITE(10) ✗ 02/04/02"),
        }));
        Assert.That(steps[^1].Lane.Title, Is.EqualTo("k8s-node-1"));
        string chips = Regex.Match(page, "<ol class=\"chain\">(.*?)</ol>").Groups[1].Value;
        Assert.That(Regex.Matches(chips, "data-mark=\"(m\\d+)\"").Select(m => m.Groups[1].Value), Is.EqualTo(steps.Select(m => m.Id)));
    }

    [Test]
    public void ContainedVariant_SaysContained_InTheBlastRadius()
    {
        string page = HtmlReport.Render(FieldReportRuns.Of("lunmap-isolated"));

        Assert.That(page, Does.Contain("Contained: no host's action reached another host."));
        Assert.That(page, Does.Not.Contain("class=\"arrow spread\" id="));
    }

    [Test]
    public void FailedRun_ShowsFail_AndTheFailedExpectationWithExpectedAndActual()
    {
        var run = FieldReportRuns.Of("base");
        var failed = run with
        {
            Expectations = [.. run.Expectations, new ExpectationResult(run.Expectations[0].Expectation, false, "rw", "ro", [])],
        };

        string page = HtmlReport.Render(failed);

        Assert.That(page, Does.Contain("<div class=\"verdict fail\">FAIL</div>"));
        Assert.That(page, Does.Contain("<span class=\"badge\">FAILED</span> k8s-node-1: mount sdb is ro<div class=\"why\"><div><b>expected</b><pre>rw</pre></div><div><b>actual</b><pre>ro</pre></div></div>"));
    }

    [Test]
    public void RunThatStopped_StillRendersAPage_WithTheReason()
    {
        var scenario = FieldReportRuns.Of("base").Scenario;
        var stopped = new RunResult
        {
            Scenario = scenario,
            Expectations = [new ExpectationResult(scenario.Expect[0], false, "the scenario runs to its end", "the run stopped: boom", [])],
            Logs = [],
            Trace = SanSim.Engine.Trace.Standalone(),
            Spread = [],
            Error = "event storm at 1s",
        };

        string page = HtmlReport.Render(stopped);

        Assert.That(page, Does.Contain("The run stopped early: event storm at 1s"));
        Assert.That(page, Does.Contain("the run stopped: boom"));
        Assert.That(page, Does.Contain("Contained: no host's action reached another host."));
    }

    [Test]
    public void FileName_IsNameAndVariant_WithUnsafeCharactersReplaced()
    {
        var run = FieldReportRuns.Of("lunmap-isolated");

        Assert.That(HtmlReport.FileName(run), Is.EqualTo("field-report-windows-sleep--lunmap-isolated.html"));
        Assert.That(HtmlReport.FileName(run with { Scenario = run.Scenario with { Name = "a/b c" } }), Is.EqualTo("a_b_c--lunmap-isolated.html"));
    }
}
