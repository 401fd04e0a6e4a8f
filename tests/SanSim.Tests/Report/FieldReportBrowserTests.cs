using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using SanSim.Cli.Reports;

namespace SanSim.Tests.Report;

/// <summary>
/// The field report's page as headless Chromium lays it out: the page's script measures each arrow against the
/// marks as drawn and writes what it found into the DOM, which this fixture reads back with --dump-dom.
/// </summary>
public class FieldReportBrowserTests
{
    private static string _folder = "";
    private static string _page = "";

    [OneTimeSetUp]
    public static void WritePage()
    {
        _folder = Path.Combine(Path.GetTempPath(), "sansim-report-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _page = Path.Combine(_folder, "field-report.html");
        File.WriteAllText(_page, HtmlReport.Render(FieldReportRuns.Of("base")));
    }

    [OneTimeTearDown]
    public static void RemovePage()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void ArrowFromDesktopStopUnit_ReachesNode1RemountMark()
    {
        string chromium = HeadlessChromium.Require();

        string dom = HeadlessChromium.DumpDom(chromium, _page);

        Assert.That(dom, Does.Contain("<body data-layout=\"done\">"), "the page's script did not run to its end");
        var marks = Tags(dom, "g").Where(t => t.ContainsKey("data-box")).ToList();
        var stop = marks.Single(m => m["data-lane"] == "host:desktop" && m["data-label"].StartsWith("STOP UNIT", StringComparison.Ordinal));
        var remount = marks.Single(m => m["data-lane"] == "host:k8s-node-1" && m["data-kind"] == "fs-error");
        Assert.That(stop["data-label"], Does.EndWith("12"));
        Assert.That(remount["data-label"], Is.EqualTo("sdb remounted read-only"));

        var arrows = Tags(dom, "path").Where(t => t.ContainsKey("data-end-mark")).ToList();
        var reaching = arrows.Where(a => a["data-end-mark"] == remount["id"]
                                         && a["data-hits"].Split(' ').Contains(stop["id"])).ToList();

        Assert.That(reaching, Is.Not.Empty, "no drawn arrow passes the desktop's STOP UNIT and ends on node 1's remount");
        var arrow = reaching[0];
        Assert.That(arrow["class"], Does.Contain("spread"));
        var (x, y) = Point(arrow["data-end"]);
        var box = Box(remount["data-box"]);
        Assert.That(x, Is.InRange(box.Left, box.Right));
        Assert.That(y, Is.InRange(box.Top, box.Bottom));
        var hits = arrow["data-hits"].Split(' ').ToList();
        Assert.That(hits.IndexOf(stop["id"]), Is.LessThan(hits.IndexOf(remount["id"])));
    }

    [Test]
    public void Screenshot_IsAPngOfTheWindowSize()
    {
        string chromium = HeadlessChromium.Require();
        string png = Path.Combine(TestContext.CurrentContext.WorkDirectory, "field-report.png");

        HeadlessChromium.Screenshot(chromium, _page, png);

        var bytes = File.ReadAllBytes(png);
        Assert.That(bytes.AsSpan(0, 8).ToArray(), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }));
        Assert.That(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), Is.EqualTo(HeadlessChromium.Width));
        Assert.That(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)), Is.EqualTo(HeadlessChromium.Height));
        TestContext.AddTestAttachment(png, "the field report's page");
    }

    /// <summary>The attributes of every start tag named <paramref name="name"/> in the dumped DOM.</summary>
    private static IEnumerable<Dictionary<string, string>> Tags(string dom, string name)
    {
        foreach (Match tag in Regex.Matches(dom, "<" + name + @"\s([^>]*)>"))
        {
            var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match a in Regex.Matches(tag.Groups[1].Value, @"([\w-]+)=""([^""]*)"""))
                attributes[a.Groups[1].Value] = System.Net.WebUtility.HtmlDecode(a.Groups[2].Value);
            yield return attributes;
        }
    }

    private static (double X, double Y) Point(string text)
    {
        var p = text.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return (p[0], p[1]);
    }

    private static (double Left, double Top, double Right, double Bottom) Box(string text)
    {
        var p = text.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return (p[0], p[1], p[2], p[3]);
    }
}
