using SanSim.Cli;
using SanSim.Tests.Cli;
using static SanSim.Tests.Cli.ScenarioFiles;

namespace SanSim.Tests.Report;

/// <summary>`sansim report` and `sansim run --html`: where pages go and what the exit code says.</summary>
public class ReportCommandTests
{
    private ScenarioFiles _files = null!;

    [SetUp]
    public void SetUp() => _files = new ScenarioFiles();

    [TearDown]
    public void TearDown() => _files.Dispose();

    [Test]
    public void Help_ListsReport_AndRunListsHtml()
    {
        var (_, rootHelp, _) = Sansim("--help");
        var (_, runHelp, _) = Sansim("run", "--help");

        Assert.That(rootHelp, Does.Contain("report <file>"));
        Assert.That(runHelp, Does.Contain("--html"));
    }

    [Test]
    public void Report_HeldRun_WritesThePage_Exit0()
    {
        string quiet = _files.Write("quiet-lun.yaml", QuietLun);
        string page = _files.PathOf("out.html");

        var (exit, output, error) = Sansim("report", quiet, "-o", page);

        Assert.That(error, Is.Empty);
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
        Assert.That(output, Is.EqualTo($"PASS quiet-lun/base  (1 expectation, virtual 1m00s)\nwrote {page}\n"));
        Assert.That(File.ReadAllText(page), Does.StartWith("<!DOCTYPE html>").And.Contain("<h1>quiet-lun"));
    }

    [Test]
    public void Report_FailedRun_StillWritesThePage_Exit1()
    {
        string quiet = _files.Write("quiet-lun.yaml", QuietLun);
        string page = _files.PathOf("wrong.html");

        var (exit, _, _) = Sansim("report", quiet, "--variant", "wrong", "-o", page);

        Assert.That(exit, Is.EqualTo(ExitCodes.Failed));
        Assert.That(File.ReadAllText(page), Does.Contain("<div class=\"verdict fail\">FAIL</div>"));
    }

    [Test]
    public void Report_WithoutOutput_PrintsThePage()
    {
        string quiet = _files.Write("quiet-lun.yaml", QuietLun);

        var (exit, output, _) = Sansim("report", quiet);

        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
        Assert.That(output, Does.StartWith("<!DOCTYPE html>").And.EndWith("</html>\n"));
    }

    [Test]
    public void Report_MalformedFile_Exit2_WithFileLine()
    {
        string bad = _files.Write("bad.yaml", Malformed);

        var (exit, output, error) = Sansim("report", bad, "-o", _files.PathOf("x.html"));

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.StartWith(bad + ":3:"));
        Assert.That(File.Exists(_files.PathOf("x.html")), Is.False);
    }

    [Test]
    public void Report_UnknownVariant_Exit2_NamingTheVariants()
    {
        string quiet = _files.Write("quiet-lun.yaml", QuietLun);

        var (exit, _, error) = Sansim("report", quiet, "--variant", "nope");

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain("no variant 'nope'; variants: base, wrong"));
    }

    [Test]
    public void Report_UnwritableOutput_Exit2()
    {
        string quiet = _files.Write("quiet-lun.yaml", QuietLun);

        var (exit, _, error) = Sansim("report", quiet, "-o", Path.Combine(_files.Folder, "no-such-folder", "x.html"));

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.StartWith("sansim: cannot write "));
    }

    [Test]
    public void RunHtml_WritesOnePagePerFailingScenarioVariant_Only()
    {
        string quiet = _files.Write("quiet-lun.yaml", QuietLun);
        string folder = _files.PathOf("pages");

        var (exit, _, _) = Sansim("run", quiet, "--html", folder);

        Assert.That(exit, Is.EqualTo(ExitCodes.Failed));
        Assert.That(Directory.GetFiles(folder).Select(Path.GetFileName), Is.EqualTo(new[] { "quiet-lun--wrong.html" }));
    }

    [Test]
    public void RunHtml_AllHeld_WritesNoPage()
    {
        string quiet = _files.Write("quiet-lun.yaml", QuietLun);
        string folder = _files.PathOf("pages");

        var (exit, _, _) = Sansim("run", quiet, "--variant", "base", "--html", folder);

        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
        Assert.That(Directory.GetFiles(folder), Is.Empty);
    }
}
