using SanSim.Engine;

namespace SanSim.Cli.Reports;

/// <summary>A quiet stretch of virtual time cut out of the axis and drawn as a narrow band.</summary>
internal sealed record HtmlFold(double X, double Width, SimTime From, SimTime To);

/// <summary>A labelled point on the axis; <paramref name="Major"/> starts a busy stretch (absolute time), the rest are offsets into it.</summary>
internal sealed record HtmlTick(double X, SimTime Time, string Label, bool Major);

/// <summary>
/// The folded time axis: every time something happened gets an x, consecutive times apart by an amount that
/// grows with the log of the gap (a microsecond and a second both stay readable), and every gap longer than
/// <see cref="QuietGap"/> is cut down to a fold of fixed width. So ten hours with three busy moments fit one
/// screen, and the order of events is never lost.
/// </summary>
internal sealed class HtmlTimeAxis
{
    /// <summary>A gap longer than this is quiet and folded.</summary>
    public static readonly SimTime QuietGap = SimTime.FromSeconds(10);

    /// <summary>At most this many folds, and no more than fill 40% of the width; the longest gaps win, shorter ones stay on the axis.</summary>
    public const int MaxFolds = 16;

    /// <summary>How many folds a width of <paramref name="width"/> pixels takes: 9 for the report's plot.</summary>
    public static int FoldLimit(double width) => Math.Clamp((int)(width * 0.4 / FoldWidth), 1, MaxFolds);

    /// <summary>Width of one fold in pixels.</summary>
    public const double FoldWidth = 46;

    /// <summary>No stretch is drawn narrower than this many pixels, so its clock label fits.</summary>
    public const double MinStretch = 100;

    /// <summary>The busy stretches (a failure, an error or a root action) share at least this part of the width, so boot chatter cannot crowd them.</summary>
    public const double BusyShare = 0.5;

    /// <summary>Pixels of padding at each end of a busy stretch, in axis units.</summary>
    private const double PadUnits = 1.5;

    private readonly SimTime[] _times;
    private readonly double[] _xs;

    public IReadOnlyList<HtmlFold> Folds { get; }
    public IReadOnlyList<HtmlTick> Ticks { get; }
    public double Width { get; }

    /// <param name="times">Every time a mark sits at (any order, repeats allowed).</param>
    /// <param name="end">The end of the run, the last point of the axis.</param>
    /// <param name="width">Pixels available.</param>
    /// <param name="busy">Times whose stretch gets full weight; stretches without any get half (boot noise).</param>
    public HtmlTimeAxis(IEnumerable<SimTime> times, SimTime end, double width, IReadOnlySet<SimTime> busy)
    {
        Width = width;
        var sorted = times.Append(SimTime.Zero).Append(end).Distinct().Order().ToArray();
        _times = sorted;
        _xs = new double[sorted.Length];

        int n = sorted.Length;
        var gaps = new long[Math.Max(0, n - 1)];
        for (int i = 0; i + 1 < n; i++) gaps[i] = (sorted[i + 1] - sorted[i]).Nanoseconds;

        var foldAt = new bool[gaps.Length];
        foreach (int i in Enumerable.Range(0, gaps.Length)
                     .Where(i => gaps[i] > QuietGap.Nanoseconds)
                     .OrderByDescending(i => gaps[i]).ThenBy(i => i)
                     .Take(FoldLimit(width)))
            foldAt[i] = true;

        // Stretches: runs of points between folds; each weighs 1 if it holds a busy time, else 0.5.
        var stretchOf = new int[n];
        int stretch = 0;
        for (int i = 0; i < n; i++)
        {
            stretchOf[i] = stretch;
            if (i < gaps.Length && foldAt[i]) stretch++;
        }
        int stretches = stretch + 1;
        var weight = new double[stretches];
        for (int s = 0; s < stretches; s++) weight[s] = 0.5;
        for (int i = 0; i < n; i++)
            if (busy.Contains(sorted[i])) weight[stretchOf[i]] = 1;
        var marked = times.ToHashSet();
        var holdsMarks = new bool[stretches];
        for (int i = 0; i < n; i++)
            if (marked.Contains(sorted[i])) holdsMarks[stretchOf[i]] = true;

        var units = new double[gaps.Length];
        var stretchUnits = new double[stretches];
        for (int s = 0; s < stretches; s++) stretchUnits[s] = 2 * PadUnits * weight[s];
        for (int i = 0; i < gaps.Length; i++)
        {
            if (foldAt[i]) continue;
            units[i] = Units(gaps[i]) * weight[stretchOf[i]];
            stretchUnits[stretchOf[i]] += units[i];
        }
        int folds = foldAt.Count(f => f);
        double available = width - folds * FoldWidth;
        double least = Math.Min(MinStretch, available / stretches);
        int busyStretches = Enumerable.Range(0, stretches).Count(s => holdsMarks[s] && weight[s] >= 1);
        int quietStretches = Enumerable.Range(0, stretches).Count(s => holdsMarks[s] && weight[s] < 1);
        double busyLeast = busyStretches == 0 ? least
            : Math.Max(least, Math.Min(available * BusyShare, available - quietStretches * least) / busyStretches);
        var minWidth = new double[stretches];
        for (int s = 0; s < stretches; s++)
            minWidth[s] = !holdsMarks[s] ? 0 : weight[s] >= 1 ? busyLeast : least;
        var scale = StretchScales(stretchUnits, minWidth, available);

        var foldList = new List<HtmlFold>();
        double x = PadUnits * weight[0] * scale[0];
        for (int i = 0; i < n; i++)
        {
            _xs[i] = x;
            if (i + 1 >= n) break;
            if (foldAt[i])
            {
                int s0 = stretchOf[i], s1 = stretchOf[i + 1];
                double w0 = PadUnits * weight[s0] * scale[s0];
                double w1 = PadUnits * weight[s1] * scale[s1];
                foldList.Add(new HtmlFold(x + w0, FoldWidth, sorted[i], sorted[i + 1]));
                x += w0 + FoldWidth + w1;
            }
            else
            {
                x += units[i] * scale[stretchOf[i]];
            }
        }
        Folds = foldList;
        Ticks = MakeTicks(sorted, _xs, foldAt);
    }

    /// <summary>The x of a time that was given to the constructor (or, for another time, of the last given time before it).</summary>
    public double X(SimTime t)
    {
        int i = Array.BinarySearch(_times, t);
        if (i < 0) i = Math.Max(0, ~i - 1);
        return _xs[i];
    }

    /// <summary>
    /// Pixels per unit for each stretch: one scale for all, except that a stretch it would make narrower than its
    /// minimum gets exactly that and the others share what is left. The minimum is <see cref="MinStretch"/>, none
    /// for a stretch without marks (the run's end alone), and for a busy stretch its part of <see cref="BusyShare"/>.
    /// </summary>
    private static double[] StretchScales(double[] stretchUnits, double[] minWidth, double available)
    {
        int count = stretchUnits.Length;
        var fixedWidth = new bool[count];
        var scale = new double[count];
        for (int round = 0; round <= count; round++)
        {
            double fixedTotal = 0, freeUnits = 0;
            for (int s = 0; s < count; s++)
            {
                if (fixedWidth[s]) fixedTotal += minWidth[s];
                else freeUnits += stretchUnits[s];
            }
            double common = (available - fixedTotal) / Math.Max(freeUnits, 1e-9);
            bool changed = false;
            for (int s = 0; s < count; s++)
            {
                if (fixedWidth[s]) continue;
                if (stretchUnits[s] * common < minWidth[s]) { fixedWidth[s] = true; changed = true; }
            }
            if (changed) continue;
            for (int s = 0; s < count; s++)
                scale[s] = fixedWidth[s] ? minWidth[s] / Math.Max(stretchUnits[s], 1e-9) : common;
            break;
        }
        return scale;
    }

    /// <summary>Axis units for a gap: 1 + log10(1 + gap in µs), so 1 µs ≈ 1.3, 1 ms ≈ 4, 1 s ≈ 7.</summary>
    private static double Units(long gapNs) => 1 + Math.Log10(1 + gapNs / 1000.0);

    private static List<HtmlTick> MakeTicks(SimTime[] times, double[] xs, bool[] foldAt)
    {
        var ticks = new List<HtmlTick>();
        SimTime start = SimTime.Zero;
        double lastX = double.NegativeInfinity;
        for (int i = 0; i < times.Length; i++)
        {
            bool major = i == 0 || foldAt[i - 1];
            if (major)
            {
                start = times[i];
                while (ticks.Count > 0 && !ticks[^1].Major && xs[i] - ticks[^1].X < 100)
                    ticks.RemoveAt(ticks.Count - 1);
                ticks.Add(new HtmlTick(xs[i], times[i], Clock(times[i]), true));
                lastX = xs[i];
            }
            else if (xs[i] - lastX >= 84 && "+" + (times[i] - start) is var label && label != ticks[^1].Label)
            {
                ticks.Add(new HtmlTick(xs[i], times[i], label, false));
                lastX = xs[i];
            }
        }
        return ticks;
    }

    /// <summary>A virtual time as a clock reading from the start of the run: "09:56:11.990".</summary>
    public static string Clock(SimTime t)
    {
        long ms = t.Nanoseconds / SimTime.NanosPerMillisecond;
        return FormattableString.Invariant($"{ms / 3_600_000:D2}:{ms / 60_000 % 60:D2}:{ms / 1000 % 60:D2}.{ms % 1000:D3}");
    }
}
