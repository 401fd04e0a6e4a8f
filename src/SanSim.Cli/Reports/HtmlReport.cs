using System.Globalization;
using System.Text;
using System.Text.Json;
using SanSim.Engine;
using SanSim.Scenarios;

namespace SanSim.Cli.Reports;

/// <summary>
/// The report for looking at: one self-contained HTML page per scenario × variant with a swimlane per host and
/// per LUN along folded virtual time, the run's cause chains drawn as arrows from root action to symptom, the
/// blast radius, the expectations and each host's log linked to its marks. Inline SVG, CSS and script only; no
/// clock, no random, so the same scenario and seed give the same bytes.
/// </summary>
internal static class HtmlReport
{
    /// <summary>Left edge of the plot in the SVG (the lane titles are to its left).</summary>
    private const double PlotLeft = 212;
    private const double AxisHeight = 58;
    private const double LaneHeight = 72;
    private const double SvgWidth = PlotLeft + HtmlReportModel.PlotWidth + 28;
    /// <summary>How far an arrow stops short of its last mark's centre, so its tip touches the mark's edge.</summary>
    private const double TipGap = 7;

    /// <summary>The page for one run.</summary>
    public static string Render(RunResult run)
    {
        var model = HtmlReportModel.Build(run);
        var sb = new StringBuilder(64 * 1024);
        WriteHead(sb, run);
        sb.Append("<body>\n");
        WriteHeader(sb, model);
        WriteTimeline(sb, model);
        sb.Append("<div class=\"grid2\">\n");
        WriteBlastRadius(sb, model);
        WriteExpectations(sb, run);
        sb.Append("</div>\n");
        WriteLogs(sb, model);
        sb.Append("<footer>sansim report · virtual time only: the same scenario and seed give this page byte for byte</footer>\n");
        WriteData(sb, model);
        sb.Append("<script>\n").Append(HtmlAssets.Script).Append("</script>\n");
        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>Writes the page of every failing run into <paramref name="folder"/> (created if missing); returns the files written.</summary>
    public static IReadOnlyList<string> WriteFailing(string folder, IReadOnlyList<RunResult> runs)
    {
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        foreach (var run in runs.Where(r => !r.Passed))
        {
            string path = Path.Combine(folder, FileName(run));
            File.WriteAllText(path, Render(run), new UTF8Encoding(false));
            written.Add(path);
        }
        return written;
    }

    /// <summary>A file name for a run's page: "name--variant.html" with anything but letters, digits, '-', '_' and '.' made '_'.</summary>
    public static string FileName(RunResult run)
    {
        var sb = new StringBuilder();
        foreach (char c in run.Scenario.Name + "--" + run.Scenario.Variant)
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        return sb.Append(".html").ToString();
    }

    private static void WriteHead(StringBuilder sb, RunResult run)
    {
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .Append("<title>").Append(Esc(TextReport.RunId(run))).Append(" · SanSim</title>\n")
          .Append("<style>\n").Append(HtmlAssets.Css).Append("</style>\n</head>\n");
    }

    private static void WriteHeader(StringBuilder sb, HtmlReportModel model)
    {
        var run = model.Run;
        var s = run.Scenario;
        sb.Append("<header class=\"top\">\n")
          .Append("<div class=\"verdict ").Append(run.Passed ? "pass" : "fail").Append("\">").Append(run.Passed ? "PASS" : "FAIL").Append("</div>\n")
          .Append("<div class=\"titles\"><h1>").Append(Esc(s.Name)).Append(" <span class=\"variant\">/ ").Append(Esc(s.Variant)).Append("</span></h1>\n")
          .Append("<p class=\"meta\">seed ").Append(s.Seed.ToString(CultureInfo.InvariantCulture))
          .Append(" · ").Append(Esc(s.Duration.ToString())).Append(" of virtual time · target ").Append(Esc(s.Target.Name))
          .Append(" (").Append(Esc(s.Target.Profile.ToString().ToLowerInvariant())).Append(") · ")
          .Append(Count(s.Hosts.Count, "host")).Append(" · ").Append(Count(s.Target.Luns.Count, "LUN"))
          .Append(s.File.Length > 0 ? " · " + Esc(Path.GetFileName(s.File)) : "").Append("</p>\n");
        if (s.Description.Length > 0)
            sb.Append("<p class=\"desc\">").Append(Esc(s.Description.Trim())).Append("</p>\n");
        if (run.Error is not null)
            sb.Append("<p class=\"error\">The run stopped early: ").Append(Esc(run.Error)).Append("</p>\n");
        sb.Append("</div>\n</header>\n");

        int failedCommands = model.Marks.SelectMany(m => m.Events).Count(e => e.Kind == HtmlMarkKind.Failed);
        int fsErrors = model.Marks.SelectMany(m => m.Events).Count(e => e.Kind == HtmlMarkKind.FsError);
        int reached = run.Spread.Select(e => e.To).Distinct().Count();
        int failedExpectations = run.Expectations.Count(e => !e.Held);
        sb.Append("<section class=\"stats\">\n");
        Stat(sb, reached.ToString(CultureInfo.InvariantCulture), reached == 1 ? "host reached by another's action" : "hosts reached by another's action", reached > 0);
        Stat(sb, failedCommands.ToString(CultureInfo.InvariantCulture), failedCommands == 1 ? "failed command" : "failed commands", failedCommands > 0);
        Stat(sb, fsErrors.ToString(CultureInfo.InvariantCulture), fsErrors == 1 ? "filesystem or write lost" : "filesystems or writes lost", fsErrors > 0);
        Stat(sb, $"{run.Expectations.Count - failedExpectations}/{run.Expectations.Count}", "expectations held", failedExpectations > 0);
        sb.Append("</section>\n");
    }

    private static void Stat(StringBuilder sb, string value, string label, bool alert) =>
        sb.Append("<div class=\"stat").Append(alert ? " alert" : "").Append("\"><b>").Append(Esc(value)).Append("</b><span>")
          .Append(Esc(label)).Append("</span></div>\n");

    private static void WriteTimeline(StringBuilder sb, HtmlReportModel model)
    {
        double height = AxisHeight + model.Lanes.Count * LaneHeight + 14;
        sb.Append("<section class=\"card timeline\">\n<h2>What happened, host by host and LUN by LUN</h2>\n");
        sb.Append("<p class=\"hint\">Quiet stretches are folded (hatched bands). Arrows follow the trace's cause ids from the root action to each symptom; red ones cross from one host to another. Click a mark or a log line.</p>\n");
        WriteLegend(sb, model);
        sb.Append("<div class=\"scroll\">\n");
        sb.Append("<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(N(SvgWidth)).Append("\" height=\"").Append(N(height))
          .Append("\" viewBox=\"0 0 ").Append(N(SvgWidth)).Append(' ').Append(N(height)).Append("\" role=\"img\" aria-label=\"timeline\">\n");
        sb.Append(HtmlAssets.SvgDefs);

        // Lanes.
        foreach (var lane in model.Lanes)
        {
            double top = LaneTop(lane);
            string cls = lane.Key.StartsWith("host:", StringComparison.Ordinal) ? "host" : lane.Key.StartsWith("lun:", StringComparison.Ordinal) ? "lun" : "target";
            sb.Append("<g class=\"lane ").Append(cls).Append("\" data-lane=\"").Append(Esc(lane.Key)).Append("\">")
              .Append("<rect class=\"lane-bg\" x=\"0\" y=\"").Append(N(top)).Append("\" width=\"").Append(N(SvgWidth)).Append("\" height=\"").Append(N(LaneHeight)).Append("\"/>")
              .Append("<rect class=\"lane-tab\" x=\"0\" y=\"").Append(N(top)).Append("\" width=\"5\" height=\"").Append(N(LaneHeight)).Append("\"/>")
              .Append("<text class=\"lane-title\" x=\"16\" y=\"").Append(N(top + LaneHeight / 2 - 3)).Append("\">").Append(Esc(HtmlMarkText.Shorten(lane.Title, 24))).Append("</text>")
              .Append("<text class=\"lane-sub\" x=\"16\" y=\"").Append(N(top + LaneHeight / 2 + 13)).Append("\">").Append(Esc(HtmlMarkText.Shorten(lane.Subtitle, 30))).Append("</text>")
              .Append("<line class=\"lane-axis\" x1=\"").Append(N(PlotLeft - 8)).Append("\" x2=\"").Append(N(SvgWidth - 8)).Append("\" y1=\"").Append(N(top + LaneHeight / 2)).Append("\" y2=\"").Append(N(top + LaneHeight / 2)).Append("\"/>")
              .Append("</g>\n");
        }

        // Axis: ticks and gridlines, then the folds over them.
        sb.Append("<g class=\"axis\">");
        foreach (var t in model.Axis.Ticks)
        {
            double x = PlotLeft + t.X;
            double tx = Math.Clamp(x, PlotLeft + 20, SvgWidth - 52);
            sb.Append("<line class=\"grid").Append(t.Major ? " major" : "").Append("\" x1=\"").Append(N(x)).Append("\" x2=\"").Append(N(x))
              .Append("\" y1=\"").Append(N(AxisHeight - 8)).Append("\" y2=\"").Append(N(height - 10)).Append("\"/>");
            if (t.Major)
            {
                sb.Append("<text class=\"tick major\" x=\"").Append(N(tx)).Append("\" y=\"20\">").Append(Esc(t.Label)).Append("</text>")
                  .Append("<text class=\"tick kernel\" x=\"").Append(N(tx)).Append("\" y=\"36\">[").Append(t.Time.ToKernelTimestamp()).Append("]</text>");
            }
            else
            {
                sb.Append("<text class=\"tick minor\" x=\"").Append(N(tx)).Append("\" y=\"36\">").Append(Esc(t.Label)).Append("</text>");
            }
        }
        double endX = PlotLeft + model.Axis.X(model.Run.Scenario.Duration);
        sb.Append("<line class=\"end\" x1=\"").Append(N(endX)).Append("\" x2=\"").Append(N(endX)).Append("\" y1=\"").Append(N(AxisHeight - 8)).Append("\" y2=\"").Append(N(height - 10)).Append("\"/>")
          .Append("<text class=\"tick end\" x=\"").Append(N(endX)).Append("\" y=\"50\">end</text>");
        sb.Append("</g>\n");
        foreach (var f in model.Axis.Folds)
        {
            double x = PlotLeft + f.X;
            double mid = x + f.Width / 2;
            double y0 = AxisHeight - 6, y1 = height - 10;
            sb.Append("<g class=\"fold\"><rect x=\"").Append(N(x)).Append("\" y=\"").Append(N(y0)).Append("\" width=\"").Append(N(f.Width)).Append("\" height=\"").Append(N(y1 - y0)).Append("\"/>")
              .Append("<path d=\"").Append(Zigzag(x, y0, y1)).Append(' ').Append(Zigzag(x + f.Width, y0, y1)).Append("\"/>")
              .Append("<text x=\"").Append(N(mid)).Append("\" y=\"").Append(N((y0 + y1) / 2)).Append("\" transform=\"rotate(-90 ").Append(N(mid)).Append(' ').Append(N((y0 + y1) / 2))
              .Append(")\">").Append(Esc((f.To - f.From) + " quiet")).Append("</text></g>\n");
        }

        WriteBands(sb, model);

        // Arrows under the marks, marks on top, labels last.
        sb.Append("<g class=\"arrows\">\n");
        foreach (var a in model.Arrows)
        {
            sb.Append("<path class=\"arrow").Append(a.Spread ? " spread" : "").Append("\" id=\"").Append(a.Id)
              .Append("\" data-from=\"").Append(a.Through[0].Id).Append("\" data-to=\"").Append(a.Through[^1].Id)
              .Append("\" data-chain=\"").Append(string.Join(' ', a.Through.Select(m => m.Id)))
              .Append("\" marker-end=\"url(#").Append(a.Spread ? "tip-spread" : "tip").Append(")\" d=\"").Append(ArrowPath(a)).Append("\"/>\n");
        }
        sb.Append("</g>\n<g class=\"marks\">\n");
        foreach (var lane in model.Lanes)
        {
            var inLane = model.Marks.Where(m => m.Lane == lane).ToList();
            for (int i = 0; i < inLane.Count; i++)
                WriteMark(sb, inLane[i], showCount: i + 1 == inLane.Count || inLane[i + 1].X - inLane[i].X > 24);
        }
        sb.Append("</g>\n<g class=\"labels\">\n");
        foreach (var (mark, x, y) in PlaceLabels(model))
        {
            sb.Append("<text class=\"label k-").Append(HtmlMarkText.CssName(mark.Kind)).Append("\" data-mark=\"").Append(mark.Id).Append("\" x=\"").Append(N(x)).Append("\" y=\"").Append(N(y)).Append("\">")
              .Append(Esc(HtmlMarkText.Shorten(mark.Label, 34))).Append("</text>\n");
        }
        sb.Append("</g>\n</svg>\n</div>\n");
        sb.Append("<aside id=\"details\" class=\"details\"><p class=\"hint\">Click a mark to see its events and the chain of causes behind it.</p></aside>\n");
        sb.Append("</section>\n");
    }

    private static void WriteLegend(StringBuilder sb, HtmlReportModel model)
    {
        var present = model.Marks.SelectMany(m => m.Events).Select(e => e.Kind).Distinct().Order().ToList();
        sb.Append("<ul class=\"legend\">");
        foreach (var k in present)
        {
            sb.Append("<li><svg width=\"18\" height=\"18\" viewBox=\"-9 -9 18 18\"><g class=\"mark k-").Append(HtmlMarkText.CssName(k)).Append("\">")
              .Append(Shape(k, 0, 0)).Append("</g></svg>").Append(Esc(HtmlMarkText.LegendName(k))).Append("</li>");
        }
        sb.Append("<li><svg width=\"26\" height=\"18\"><rect class=\"band b-stopped\" x=\"2\" y=\"7\" width=\"22\" height=\"5\" rx=\"2.5\"/></svg>LUN stopped</li>");
        sb.Append("<li><svg width=\"26\" height=\"18\"><rect class=\"band b-asleep\" x=\"2\" y=\"7\" width=\"22\" height=\"5\" rx=\"2.5\"/></svg>host asleep or off</li>");
        sb.Append("<li><svg width=\"26\" height=\"18\"><rect class=\"band b-ro\" x=\"2\" y=\"7\" width=\"22\" height=\"5\" rx=\"2.5\"/></svg>mount read-only</li>");
        sb.Append("<li><svg width=\"26\" height=\"18\"><path class=\"arrow spread\" d=\"M2 9 L22 9\"/></svg>cause chain across hosts</li>");
        sb.Append("<li><svg width=\"26\" height=\"18\"><path class=\"arrow\" d=\"M2 9 L22 9\"/></svg>cause chain</li>");
        sb.Append("</ul>\n");
    }

    /// <summary>Spans of state as tinted bands: a LUN stopped until started, a host asleep until working, a mount read-only until mounted again.</summary>
    private static void WriteBands(StringBuilder sb, HtmlReportModel model)
    {
        double end = model.Axis.X(model.Run.Scenario.Duration);
        sb.Append("<g class=\"bands\">");
        foreach (var lane in model.Lanes)
        {
            var events = model.Marks.Where(m => m.Lane == lane).SelectMany(m => m.Events.Select(e => (Mark: m, e.Event)))
                .OrderBy(p => p.Event.Id).ToList();
            var open = new List<(string Key, string Label, string Cls, double X)>();
            foreach (var (mark, ev) in events)
            {
                if (ev.Kind != TraceKind.StateChange) continue;
                string msg = ev.Message;
                if (msg.StartsWith("LUN stopped", StringComparison.Ordinal)) Open(open, "lun", "stopped", "b-stopped", mark.X);
                else if (msg == "LUN started") Close(sb, open, "lun", mark.X, lane);
                else if (msg is "Sleeping" or "Hibernated" or "Off") Open(open, "power", msg == "Off" ? "off" : msg.ToLowerInvariant(), "b-asleep", mark.X);
                else if (msg == "Working") Close(sb, open, "power", mark.X, lane);
                else if (msg.StartsWith("ext4 ", StringComparison.Ordinal))
                {
                    string dev = msg[5..].Split(':')[0];
                    if (msg.Contains("-> ReadOnly", StringComparison.Ordinal)) Open(open, "fs:" + dev, dev + " read-only", "b-ro", mark.X);
                    else if (msg.Contains("-> Panicked", StringComparison.Ordinal)) { Close(sb, open, "fs:" + dev, mark.X, lane); Open(open, "fs:" + dev, "panicked", "b-ro", mark.X); }
                    else Close(sb, open, "fs:" + dev, mark.X, lane);
                }
            }
            foreach (var o in open.ToList())
                Close(sb, open, o.Key, end, lane);
        }
        sb.Append("</g>\n");
    }

    private static void Open(List<(string Key, string Label, string Cls, double X)> open, string key, string label, string cls, double x)
    {
        if (open.All(o => o.Key != key)) open.Add((key, label, cls, x));
    }

    private static void Close(StringBuilder sb, List<(string Key, string Label, string Cls, double X)> open, string key, double x, HtmlLane lane)
    {
        int i = open.FindIndex(o => o.Key == key);
        if (i < 0) return;
        var o = open[i];
        open.RemoveAt(i);
        int nth = open.Count;
        double top = LaneTop(lane) + LaneHeight - 9 - nth * 7;
        double x0 = PlotLeft + o.X, x1 = PlotLeft + x;
        if (x1 - x0 < 2) return;
        sb.Append("<rect class=\"band ").Append(o.Cls).Append("\" x=\"").Append(N(x0)).Append("\" y=\"").Append(N(top)).Append("\" width=\"").Append(N(x1 - x0))
          .Append("\" height=\"5\" rx=\"2.5\"><title>").Append(Esc(o.Label)).Append("</title></rect>");
    }

    private static void WriteMark(StringBuilder sb, HtmlMark m, bool showCount)
    {
        double cx = PlotLeft + m.X, cy = LaneCenter(m.Lane);
        string label = m.Label;
        sb.Append("<g class=\"mark k-").Append(HtmlMarkText.CssName(m.Kind)).Append("\" id=\"").Append(m.Id)
          .Append("\" data-lane=\"").Append(Esc(m.Lane.Key)).Append("\" data-kind=\"").Append(HtmlMarkText.CssName(m.Kind))
          .Append("\" data-time=\"").Append(m.Time.ToKernelTimestamp()).Append("\" data-label=\"").Append(Esc(label))
          .Append("\" data-events=\"").Append(string.Join(' ', m.Events.Select(e => e.Event.Id.ToString(CultureInfo.InvariantCulture))))
          .Append("\" tabindex=\"0\">");
        sb.Append("<title>").Append(Esc($"[{m.Time.ToKernelTimestamp()}] {m.Lane.Title}: {label}"));
        if (m.Events.Count > 1) sb.Append(Esc($" (and {m.Events.Count - 1} more)"));
        sb.Append("</title>");
        sb.Append("<circle class=\"hit\" cx=\"").Append(N(cx)).Append("\" cy=\"").Append(N(cy)).Append("\" r=\"10\"/>");
        sb.Append(Shape(m.Kind, cx, cy));
        if (showCount && m.Events.Count > 1)
            sb.Append("<text class=\"count\" x=\"").Append(N(cx + 8)).Append("\" y=\"").Append(N(cy - 6)).Append("\">").Append(m.Events.Count.ToString(CultureInfo.InvariantCulture)).Append("</text>");
        sb.Append("</g>\n");
    }

    /// <summary>The shape of a mark kind centred on (x, y).</summary>
    private static string Shape(HtmlMarkKind kind, double x, double y) => kind switch
    {
        HtmlMarkKind.FsError => $"<circle class=\"ring\" cx=\"{N(x)}\" cy=\"{N(y)}\" r=\"9\"/><circle class=\"shape\" cx=\"{N(x)}\" cy=\"{N(y)}\" r=\"6\"/>",
        HtmlMarkKind.Failed => $"<circle class=\"shape\" cx=\"{N(x)}\" cy=\"{N(y)}\" r=\"6\"/><path class=\"x\" d=\"M{N(x - 2.8)} {N(y - 2.8)}L{N(x + 2.8)} {N(y + 2.8)}M{N(x + 2.8)} {N(y - 2.8)}L{N(x - 2.8)} {N(y + 2.8)}\"/>",
        HtmlMarkKind.ErrorLog => $"<rect class=\"shape\" x=\"{N(x - 2.5)}\" y=\"{N(y - 8)}\" width=\"5\" height=\"16\" rx=\"1.5\"/>",
        HtmlMarkKind.UnitAttention => $"<path class=\"shape\" d=\"M{N(x)} {N(y - 7)}L{N(x + 7)} {N(y + 5.5)}L{N(x - 7)} {N(y + 5.5)}Z\"/>",
        HtmlMarkKind.TaskManagement => $"<rect class=\"shape\" x=\"{N(x - 5.5)}\" y=\"{N(y - 5.5)}\" width=\"11\" height=\"11\" rx=\"2\"/>",
        HtmlMarkKind.StateDown or HtmlMarkKind.StateUp or HtmlMarkKind.State => $"<rect class=\"shape\" x=\"{N(x - 6)}\" y=\"{N(y - 6)}\" width=\"12\" height=\"12\" rx=\"1\"/>",
        HtmlMarkKind.Action => $"<path class=\"shape\" d=\"M{N(x)} {N(y - 8)}L{N(x + 8)} {N(y)}L{N(x)} {N(y + 8)}L{N(x - 8)} {N(y)}Z\"/>",
        HtmlMarkKind.Command => $"<circle class=\"shape\" cx=\"{N(x)}\" cy=\"{N(y)}\" r=\"4.5\"/>",
        _ => $"<rect class=\"shape\" x=\"{N(x - 1.2)}\" y=\"{N(y - 6)}\" width=\"2.4\" height=\"12\"/>",
    };

    /// <summary>
    /// The arrow's path through its marks' centres: an S-curve between lanes, a bow when two marks share an x, an
    /// arc above the lane when both are on it. The last segment ends <see cref="TipGap"/> short of the centre,
    /// along the curve's final direction, so the arrowhead's tip touches the mark.
    /// </summary>
    private static string ArrowPath(HtmlArrow a)
    {
        var pts = a.Through.Select(m => (X: PlotLeft + m.X, Y: LaneCenter(m.Lane))).ToList();
        var sb = new StringBuilder();
        sb.Append('M').Append(N(pts[0].X)).Append(' ').Append(N(pts[0].Y));
        for (int i = 1; i < pts.Count; i++)
        {
            var (x0, y0) = pts[i - 1];
            var (x1, y1) = pts[i];
            double dx = x1 - x0, dy = y1 - y0;
            (double X, double Y) c1, c2;
            if (Math.Abs(dy) < 0.5)
            {
                double lift = Math.Min(30, 12 + Math.Abs(dx) / 6);
                c1 = (x0 + dx / 3, y0 - lift);
                c2 = (x1 - dx / 3, y1 - lift);
            }
            else if (Math.Abs(dx) < 4)
            {
                c1 = (x0 + 30, y0 + dy / 3);
                c2 = (x1 + 30, y1 - dy / 3);
            }
            else
            {
                c1 = (x0 + dx / 2, y0);
                c2 = (x1 - dx / 2, y1);
            }
            if (i == pts.Count - 1)
            {
                double ux = x1 - c2.X, uy = y1 - c2.Y;
                double len = Math.Sqrt(ux * ux + uy * uy);
                if (len > 1e-6)
                {
                    x1 -= ux / len * TipGap;
                    y1 -= uy / len * TipGap;
                }
            }
            sb.Append(" C").Append(N(c1.X)).Append(' ').Append(N(c1.Y)).Append(' ').Append(N(c2.X)).Append(' ').Append(N(c2.Y))
              .Append(' ').Append(N(x1)).Append(' ').Append(N(y1));
        }
        return sb.ToString();
    }

    /// <summary>
    /// Labels placed greedily, the most important marks first (those on a chain across hosts, then by kind), in a row above or below the lane's axis; a label
    /// that would overlap another is left to the mark's tooltip.
    /// </summary>
    private static List<(HtmlMark Mark, double X, double Y)> PlaceLabels(HtmlReportModel model)
    {
        var placed = new List<(HtmlMark, double, double)>();
        var onSpread = model.Arrows.Where(a => a.Spread).SelectMany(a => a.Through).ToHashSet();
        foreach (var lane in model.Lanes)
        {
            var rows = new[] { new List<(double L, double R)>(), new List<(double L, double R)>() };
            var said = new HashSet<string>(StringComparer.Ordinal);
            double cy = LaneCenter(lane);
            foreach (var m in model.Marks.Where(m => m.Lane == lane).OrderBy(m => !onSpread.Contains(m)).ThenBy(m => m.Kind).ThenBy(m => m.X).ThenBy(m => m.Head.Event.Id))
            {
                string text = HtmlMarkText.Shorten(m.Label, 34);
                if (said.Contains(text)) continue;
                bool bold = m.Kind is HtmlMarkKind.FsError or HtmlMarkKind.Failed or HtmlMarkKind.ErrorLog;
                double w = text.Length * (bold ? 7.0 : 6.5) + 4;
                double left = Math.Clamp(m.X - w / 2, 0, HtmlReportModel.PlotWidth + 20 - w);
                for (int r = 0; r < rows.Length; r++)
                {
                    if (rows[r].Any(o => left < o.R + 8 && left + w > o.L - 8)) continue;
                    rows[r].Add((left, left + w));
                    said.Add(text);
                    placed.Add((m, PlotLeft + left + w / 2, r == 0 ? cy - 14 : cy + 24));
                    break;
                }
            }
        }
        return placed.OrderBy(p => p.Item1.Lane.Index).ThenBy(p => p.Item2).ToList();
    }

    private static string Zigzag(double x, double y0, double y1)
    {
        var sb = new StringBuilder();
        sb.Append('M').Append(N(x)).Append(' ').Append(N(y0));
        bool right = true;
        for (double y = y0 + 6; y < y1; y += 6, right = !right)
            sb.Append(" L").Append(N(x + (right ? 2.5 : -2.5))).Append(' ').Append(N(y));
        return sb.ToString();
    }

    private static void WriteBlastRadius(StringBuilder sb, HtmlReportModel model)
    {
        var run = model.Run;
        sb.Append("<section class=\"card blast\">\n<h2>Blast radius</h2>\n");
        if (run.Spread.Count == 0)
        {
            sb.Append("<p class=\"contained\">Contained: no host's action reached another host.</p>\n</section>\n");
            return;
        }
        sb.Append("<table>\n<thead><tr><th>from</th><th>to</th><th>level</th><th>first at</th><th>root → symptom</th></tr></thead>\n<tbody>\n");
        foreach (var e in run.Spread.OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal))
        {
            var root = run.Trace.Find(e.RootEventId);
            var symptom = run.Trace.Find(e.SymptomEventId);
            string level = e.Level.ToString().ToLowerInvariant();
            sb.Append("<tr><td>").Append(Esc(e.From)).Append("</td><td>").Append(Esc(e.To)).Append("</td><td><span class=\"level l-").Append(level).Append("\">")
              .Append(level).Append("</span></td><td class=\"mono\">").Append(e.FirstAt.ToKernelTimestamp()).Append("</td><td>")
              .Append(MarkLink(model, e.RootEventId, root is null ? $"event #{e.RootEventId}" : root.Message))
              .Append(" → ")
              .Append(MarkLink(model, e.SymptomEventId, symptom is null ? $"event #{e.SymptomEventId}" : symptom.Message))
              .Append("</td></tr>\n");
            var steps = ChainMarks(model, e.SymptomEventId);
            if (steps.Count > 1)
            {
                sb.Append("<tr class=\"chain-row\"><td colspan=\"5\"><ol class=\"chain\">");
                foreach (var m in steps)
                {
                    sb.Append("<li><a class=\"to-mark k-").Append(HtmlMarkText.CssName(m.Kind)).Append("\" href=\"#").Append(m.Id).Append("\" data-mark=\"").Append(m.Id).Append("\"><small>")
                      .Append(Esc(m.Lane.Title)).Append("</small> ").Append(Esc(HtmlMarkText.Shorten(m.Label, 40))).Append("</a></li>");
                }
                sb.Append("</ol></td></tr>\n");
            }
        }
        sb.Append("</tbody>\n</table>\n</section>\n");
    }

    /// <summary>The marks on the cause chain of <paramref name="eventId"/>, root first, each once.</summary>
    internal static List<HtmlMark> ChainMarks(HtmlReportModel model, long eventId)
    {
        var marks = new List<HtmlMark>();
        var chain = model.Run.Trace.CauseChain(eventId);
        for (int i = chain.Count - 1; i >= 0; i--)
            if (model.MarkOf.TryGetValue(chain[i].Id, out var m) && (marks.Count == 0 || marks[^1] != m))
                marks.Add(m);
        return marks;
    }

    private static string MarkLink(HtmlReportModel model, long eventId, string text)
    {
        string shown = Esc(HtmlMarkText.Shorten(text, 90));
        return model.MarkOf.TryGetValue(eventId, out var m)
            ? $"<a class=\"to-mark\" href=\"#{m.Id}\" data-mark=\"{m.Id}\">{shown}</a>"
            : shown;
    }

    private static void WriteExpectations(StringBuilder sb, RunResult run)
    {
        sb.Append("<section class=\"card expect\">\n<h2>Expectations</h2>\n<ul class=\"expectations\">\n");
        foreach (var e in run.Expectations)
        {
            sb.Append("<li class=\"").Append(e.Held ? "held" : "failed").Append("\"><span class=\"badge\">").Append(e.Held ? "held" : "FAILED").Append("</span> ")
              .Append(Esc(ExpectationText.Describe(e.Expectation)));
            if (!e.Held)
            {
                sb.Append("<div class=\"why\"><div><b>expected</b><pre>").Append(Esc(e.Expected.TrimEnd('\n'))).Append("</pre></div>")
                  .Append("<div><b>actual</b><pre>").Append(Esc(e.Actual.TrimEnd('\n'))).Append("</pre></div></div>");
            }
            sb.Append("</li>\n");
        }
        sb.Append("</ul>\n</section>\n");
    }

    private static void WriteLogs(StringBuilder sb, HtmlReportModel model)
    {
        sb.Append("<section class=\"card logs\">\n<h2>Host logs</h2>\n");
        foreach (var log in model.Logs)
        {
            int errors = log.Rows.Count(r => r.Error);
            sb.Append("<details open id=\"log-").Append(Esc(log.Host)).Append("\"><summary><b>").Append(Esc(log.Host)).Append("</b> · ")
              .Append(Count(log.Rows.Count, "line"));
            if (errors > 0) sb.Append(" · <span class=\"errs\">").Append(Count(errors, "error line")).Append("</span>");
            sb.Append("</summary>\n<ol class=\"log\">\n");
            foreach (var row in log.Rows)
            {
                sb.Append("<li");
                if (row.TraceId != 0) sb.Append(" id=\"l").Append(row.TraceId.ToString(CultureInfo.InvariantCulture)).Append('"');
                if (row.MarkId is not null) sb.Append(" data-mark=\"").Append(row.MarkId).Append('"');
                if (row.Error) sb.Append(" class=\"err\"");
                sb.Append('>');
                if (row.MarkId is not null)
                    sb.Append("<a class=\"to-mark\" href=\"#").Append(row.MarkId).Append("\" data-mark=\"").Append(row.MarkId).Append("\" title=\"show on the timeline\">◆</a>");
                sb.Append(Esc(row.Text)).Append("</li>\n");
            }
            sb.Append("</ol>\n</details>\n");
        }
        sb.Append("</section>\n");
    }

    /// <summary>
    /// The marks' events and cause chains as JSON for the details panel (at most 40 events a mark, 24 links a
    /// chain). The default encoder escapes '&lt;', so the data cannot close its script element.
    /// </summary>
    private static void WriteData(StringBuilder sb, HtmlReportModel model)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            foreach (var m in model.Marks)
            {
                w.WriteStartObject(m.Id);
                w.WriteString("lane", m.Lane.Title);
                w.WriteString("time", m.Time.ToKernelTimestamp());
                w.WriteString("clock", HtmlTimeAxis.Clock(m.Time));
                w.WriteString("label", m.Label);
                w.WriteNumber("count", m.Events.Count);
                w.WriteStartArray("events");
                foreach (var e in m.Events.Take(40))
                {
                    w.WriteStartArray();
                    w.WriteNumberValue(e.Event.Id);
                    w.WriteStringValue(e.Event.Time.ToKernelTimestamp());
                    w.WriteStringValue(e.Event.Kind.ToString());
                    w.WriteStringValue(e.Event.Source);
                    w.WriteStringValue(e.Command is null ? e.Event.Message : e.Command.Message + " → " + e.Event.Message);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
                w.WriteStartArray("chain");
                foreach (var c in model.Run.Trace.CauseChain(m.Head.Event.Id).Skip(1).Take(24))
                {
                    w.WriteStartArray();
                    w.WriteStringValue(c.Time.ToKernelTimestamp());
                    w.WriteStringValue(c.Source);
                    w.WriteStringValue(c.Message);
                    w.WriteStringValue(model.MarkOf.TryGetValue(c.Id, out var cm) ? cm.Id : "");
                    w.WriteEndArray();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        sb.Append("<script type=\"application/json\" id=\"report-data\">").Append(Encoding.UTF8.GetString(stream.ToArray())).Append("</script>\n");
    }

    private static double LaneTop(HtmlLane lane) => AxisHeight + lane.Index * LaneHeight;
    private static double LaneCenter(HtmlLane lane) => LaneTop(lane) + LaneHeight / 2;

    private static string Count(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? "" : "s");

    /// <summary>A coordinate with at most one decimal, invariant culture.</summary>
    private static string N(double v) => Math.Round(v, 1).ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>Escapes text for HTML content and double-quoted attributes.</summary>
    internal static string Esc(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0) return text;
        var sb = new StringBuilder(text.Length + 16);
        foreach (char c in text)
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        return sb.ToString();
    }
}
