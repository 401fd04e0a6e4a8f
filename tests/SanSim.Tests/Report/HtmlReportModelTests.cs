using SanSim.Cli.Reports;
using SanSim.Engine;

namespace SanSim.Tests.Report;

/// <summary>The HTML report's model of the field report: marks, folds, arrows and log links come from what the run recorded.</summary>
public class HtmlReportModelTests
{
    private static HtmlReportModel Base() => HtmlReportModel.Build(FieldReportRuns.Of("base"));

    private static HtmlMark StopUnit(HtmlReportModel model) =>
        model.Marks.Single(m => m.Lane.Key == "host:desktop" && m.Label.StartsWith("STOP UNIT", StringComparison.Ordinal));

    private static HtmlMark Remount(HtmlReportModel model) =>
        model.Marks.Single(m => m.Lane.Key == "host:k8s-node-1" && m.Kind == HtmlMarkKind.FsError);

    [Test]
    public void Lanes_AreOnePerHostThenOnePerLun_ThenTheTarget()
    {
        var model = Base();

        Assert.That(model.Lanes.Select(l => l.Key), Is.EqualTo(new[] { "host:desktop", "host:k8s-node-1", "lun:1", "lun:12", "target" }));
        Assert.That(model.Lanes.Select(l => l.Index), Is.EqualTo(new[] { 0, 1, 2, 3, 4 }));
    }

    [Test]
    public void DesktopSleep_StopUnitToBothLuns_IsOneMarkOnTheDesktopLane()
    {
        var model = Base();

        var stop = StopUnit(model);

        Assert.That(stop.Label, Is.EqualTo("STOP UNIT → LUN 1, 12"));
        Assert.That(stop.Events.Select(e => e.Event.Kind), Is.All.EqualTo(TraceKind.Command));
        Assert.That(stop.Events.Select(e => e.Event.Source), Is.EquivalentTo(new[] { "lun:1", "lun:12" }));
        Assert.That(stop.Time.ToKernelTimestamp(), Is.EqualTo("35771.990150"));
    }

    [Test]
    public void Node1Remount_IsAnFsErrorMark_HoldingTheReadOnlyStateChange()
    {
        var model = Base();

        var remount = Remount(model);

        Assert.That(remount.Label, Is.EqualTo("sdb remounted read-only"));
        Assert.That(remount.Events.Select(e => e.Event.Message),
            Does.Contain("ext4 sdb: ReadWrite -> ReadOnly (remounted read-only after error)"));
        Assert.That(remount.Events.Select(e => e.Event.Message), Does.Contain("EXT4-fs (sdb): Remounting filesystem read-only"));
    }

    [Test]
    public void SpreadArrow_RunsFromTheSleep_ThroughStopUnitAndLunStopped_ToTheRemount()
    {
        var model = Base();
        var stop = StopUnit(model);
        var remount = Remount(model);
        var lunStopped = model.Marks.Single(m => m.Lane.Key == "lun:12" && m.Label == "LUN stopped");

        var arrows = model.Arrows.Where(a => a.Through[^1] == remount).ToList();

        Assert.That(arrows, Is.Not.Empty);
        foreach (var arrow in arrows)
        {
            Assert.That(arrow.Spread, Is.True);
            Assert.That(arrow.Through[0].Label, Is.EqualTo("sleep"));
            var through = arrow.Through.ToList();
            Assert.That(through, Does.Contain(stop));
            Assert.That(through.IndexOf(stop), Is.LessThan(through.IndexOf(lunStopped)));
            Assert.That(through.Select(m => m.Time).ToList(), Is.Ordered);
        }
    }

    [Test]
    public void EveryArrow_IsATraceCauseChain_EndingAtAHostSymptom()
    {
        var model = Base();
        var trace = FieldReportRuns.Of("base").Trace;

        Assert.That(model.Arrows, Is.Not.Empty);
        foreach (var arrow in model.Arrows)
        {
            var chain = trace.CauseChain(arrow.SymptomEventId);
            Assert.That(chain[^1].Id, Is.EqualTo(arrow.RootEventId));
            var marksOfChain = chain.Select(e => model.MarkOf[e.Id]).Reverse().Distinct().ToList();
            Assert.That(arrow.Through, Is.EqualTo(marksOfChain), arrow.Id);
            Assert.That(arrow.Through[^1].Lane.Key, Does.StartWith("host:"));
        }
    }

    [Test]
    public void QuietStretches_AreFolded_SoElevenHoursFitThePlot()
    {
        var model = Base();

        var folds = model.Axis.Folds;

        Assert.That(folds, Has.Count.EqualTo(3));
        Assert.That(folds[0].From, Is.LessThan(SimTime.FromSeconds(1)));
        Assert.That(folds[0].To.ToKernelTimestamp(), Is.EqualTo("35771.990000"));
        Assert.That(model.Axis.X(model.Run.Scenario.Duration), Is.LessThanOrEqualTo(HtmlReportModel.PlotWidth + 0.001));
        Assert.That(model.Marks.Select(m => m.X), Is.All.InRange(0.0, HtmlReportModel.PlotWidth));
    }

    [Test]
    public void MarksOfOneLane_AreInTimeOrder_AndApartByMoreThanTheMergeDistance()
    {
        var model = Base();

        foreach (var lane in model.Lanes)
        {
            var xs = model.Marks.Where(m => m.Lane == lane).Select(m => m.X).ToList();
            Assert.That(xs, Is.Ordered, lane.Key);
            Assert.That(xs.Zip(xs.Skip(1), (a, b) => b - a), Is.All.GreaterThan(HtmlReportModel.MergePixels), lane.Key);
        }
    }

    [Test]
    public void EveryNode1LogLine_LinksToTheMarkHoldingItsTraceEvent()
    {
        var model = Base();
        var run = FieldReportRuns.Of("base");

        var log = model.Logs.Single(l => l.Host == "k8s-node-1");

        Assert.That(log.Rows.Select(r => r.Text), Is.EqualTo(run.Logs.Single(l => l.Host == "k8s-node-1").Lines));
        foreach (var row in log.Rows)
        {
            Assert.That(row.MarkId, Is.Not.Null, row.Text);
            var mark = model.Marks.Single(m => m.Id == row.MarkId);
            Assert.That(mark.Events.Select(e => e.Event.Id), Does.Contain(row.TraceId), row.Text);
            Assert.That(row.Text, Does.EndWith(run.Trace.Find(row.TraceId)!.Message));
        }
        Assert.That(log.Rows.Where(r => r.Error).Select(r => r.Text), Has.Some.Contains("Remounting filesystem read-only"));
    }

    [Test]
    public void FailedWrites_OnLun12_NameTheirCommandAndSense()
    {
        var model = Base();

        var failed = model.Marks.Where(m => m.Lane.Key == "lun:12").SelectMany(m => m.Events).Where(e => e.Kind == HtmlMarkKind.Failed).ToList();

        Assert.That(failed, Has.Count.EqualTo(5));
        Assert.That(failed.Select(e => e.Label), Is.All.EqualTo("WRITE(10) ✗ 02/04/02"));
    }

    [Test]
    public void LunmapIsolated_HasNoSpreadArrow()
    {
        var model = HtmlReportModel.Build(FieldReportRuns.Of("lunmap-isolated"));

        Assert.That(model.Arrows.Where(a => a.Spread), Is.Empty);
        Assert.That(model.Marks.Where(m => m.Kind == HtmlMarkKind.FsError), Is.Empty);
    }
}
