using SanSim.Cli.Reports;
using SanSim.Engine;

namespace SanSim.Tests.Report;

/// <summary>The folded time axis: quiet gaps become folds, order is kept, everything fits the width.</summary>
public class HtmlTimeAxisTests
{
    private static SimTime S(double seconds) => SimTime.FromSeconds(seconds);

    [Test]
    public void GapLongerThanTenSeconds_IsFolded_AShorterOneIsNot()
    {
        var times = new[] { S(1), S(9), S(40), S(40.5) };

        var axis = new HtmlTimeAxis(times, S(45), 1000, new HashSet<SimTime>());

        Assert.That(axis.Folds.Select(f => (f.From, f.To)), Is.EqualTo(new[] { (S(9), S(40)) }));
    }

    [Test]
    public void X_GrowsWithTime_AndTheEndFitsTheWidth()
    {
        var times = Enumerable.Range(0, 200).Select(i => S(i * 37.5 % 7200)).Distinct().ToList();

        var axis = new HtmlTimeAxis(times, S(7200), 900, new HashSet<SimTime> { S(3600) });

        var xs = times.Order().Select(axis.X).ToList();
        Assert.That(xs.Zip(xs.Skip(1), (a, b) => b - a), Is.All.GreaterThan(0));
        Assert.That(axis.X(S(7200)), Is.LessThanOrEqualTo(900.001));
    }

    [Test]
    public void FoldsAreLimitedByTheWidth_TheLongestGapsWin()
    {
        // Gaps of 12 s, 13 s, … 41 s: all quiet, more than fit.
        var times = new List<SimTime>();
        double t = 0;
        for (int i = 1; i <= 30; i++) times.Add(S(t += 11 + i));

        var axis = new HtmlTimeAxis(times, times[^1], 1040, new HashSet<SimTime>());

        int limit = HtmlTimeAxis.FoldLimit(1040);
        Assert.That(limit, Is.EqualTo(9));
        Assert.That(axis.Folds, Has.Count.EqualTo(limit));
        Assert.That(axis.Folds.Min(f => f.To - f.From), Is.EqualTo(S(11 + 30 - limit + 1)));
        Assert.That(axis.X(times[^1]), Is.LessThanOrEqualTo(1040.001));
    }

    [Test]
    public void BusyStretch_GetsAtLeastHalfTheWidth_WhateverTheBootChatter()
    {
        var boot = Enumerable.Range(0, 300).Select(i => SimTime.FromMicroseconds(i * 50));
        var times = boot.Append(S(3600)).Append(S(3600.001)).ToList();

        var axis = new HtmlTimeAxis(times, S(3700), 1000, new HashSet<SimTime> { S(3600) });

        var fold = axis.Folds[0];
        double busyWidth = axis.Folds.Count > 1 ? axis.Folds[1].X - (fold.X + fold.Width) : 1000 - (fold.X + fold.Width);
        Assert.That(busyWidth, Is.GreaterThanOrEqualTo((1000 - axis.Folds.Count * HtmlTimeAxis.FoldWidth) * HtmlTimeAxis.BusyShare - 0.001));
    }

    [Test]
    public void Clock_IsHoursMinutesSecondsMilliseconds_FromTheStart()
    {
        Assert.That(HtmlTimeAxis.Clock(SimTime.FromSeconds(35771.99)), Is.EqualTo("09:56:11.990"));
        Assert.That(HtmlTimeAxis.Clock(SimTime.Zero), Is.EqualTo("00:00:00.000"));
    }
}
