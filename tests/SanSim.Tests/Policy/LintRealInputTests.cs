using SanSim.Cli;
using SanSim.Tests.Cli;
using static SanSim.Tests.Cli.ScenarioFiles;
using SanSim.Tests.Scenarios.Library;

namespace SanSim.Tests.Policy;

/// <summary>`sansim lint` on what an administrator copies off a real CTL box: `ctladm portlist -i -v` output and ctl.conf files.</summary>
public class LintRealInputTests
{
    private ScenarioFiles _files = null!;

    private static string Fixture(string name) =>
        Path.Combine(ScenarioLibrary.RepoRoot(), "tests", "SanSim.Tests", "Scenarios", "Import", "Fixtures", name);

    [SetUp]
    public void CreateFolder() => _files = new ScenarioFiles();

    [TearDown]
    public void DeleteFolder() => _files.Dispose();

    private string Write(string name, string text) => _files.Write(name, text);

    [TestCase("field-report-portlist-1.txt", "portlist")]
    [TestCase("field-report-ctl.conf", "ctl.conf")]
    [TestCase("admin-ctl.conf", "ctl.conf")]
    public void Format_IsDetectedFromTheContent(string file, string format)
    {
        Assert.That(LintCommand.DetectFormat(File.ReadAllText(Fixture(file))), Is.EqualTo(format));
    }

    [Test]
    public void Portlist_FieldReportSample_FcPortsShowingAllLunsWithNoInitiator_AreLatentInfo_Exit0()
    {
        var (exit, output, _) = Sansim("lint", Fixture("field-report-portlist-1.txt"));
        Assert.That(output, Does.Match(@"(?m)^3\s+-\s+-\s+-\s+all LUNs mapped, no host\s+info$"));
        Assert.That(output, Does.Match(@"(?m)^4\s+-\s+-\s+-\s+all LUNs mapped, no host\s+info$"));
        Assert.That(output, Does.Contain("OK: field-report-portlist-1.txt (portlist:"));
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
    }

    [Test]
    public void Portlist_TheIscsiInitiatorOwnsWhatItsPortMaps_SoItIsNoFinding()
    {
        var (_, output, _) = Sansim("lint", Fixture("field-report-portlist-1.txt"), "--format", "portlist");
        Assert.That(output, Does.Not.Contain("e38f5e7da7d"));
    }

    [Test]
    public void Portlist_AnUnreadableLine_Exit2_WithItsNumber()
    {
        var text = File.ReadAllText(Fixture("field-report-portlist-1.txt")).Replace("  Target: naa.20000024ff56f970", "  Targte naa.20000024ff56f970", StringComparison.Ordinal);
        var (exit, _, error) = Sansim("lint", Write("bad.txt", text));
        Assert.That(error, Does.Match(@"bad\.txt:3: "));
        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
    }

    [Test]
    public void Portlist_FixWarnsThatFcPortsListNoInitiator_BeforeClosingThem()
    {
        var (_, output, _) = Sansim("lint", Fixture("field-report-portlist-1.txt"), "--fix");
        Assert.That(output, Does.Contain("# caution: FC ports 3, 4 list no initiator here"));
        Assert.That(output, Does.Contain("ctladm lunmap -p 3 -L 0\n"));
    }

    [Test]
    public void CtlConf_AdminFile_TheWindowsDesktopOnIsp0SeesTheClaimLun_IsStopUnitError_Exit1()
    {
        var (exit, output, _) = Sansim("lint", Fixture("admin-ctl.conf"));
        Assert.That(output, Does.Match(@"(?m)^3\s+naa\.2100001b32a1b2c3\s+12\s+iqn\.1993-08\.org\.debian:01:e38f5e7da7d\s+STOP UNIT on sleep\s+error$"));
        Assert.That(exit, Is.EqualTo(ExitCodes.Failed));
    }

    [Test]
    public void CtlConf_Fix_PrintsTheFieldReportsLunmap_AndTheTargetBlocks()
    {
        var (_, output, _) = Sansim("lint", Fixture("admin-ctl.conf"), "--fix");
        Assert.That(output, Does.Contain("ctladm lunmap -p 3 -l 1 -L 1\n"));
        Assert.That(output, Does.Contain("target naa.20000024ff56f970 {\n\tport isp0\n\tlun 1 desktop-zvol\n}\n"));
        Assert.That(output, Does.Contain("target naa.20000024ff56f971 {\n\tport isp1\n"));
    }

    [Test]
    public void CtlConf_FixBlocksAddedToTheFile_LintClean_Exit0()
    {
        string conf = File.ReadAllText(Fixture("admin-ctl.conf"));
        var (_, output, _) = Sansim("lint", Fixture("admin-ctl.conf"), "--fix");
        string blocks = output[output.IndexOf("target naa.", StringComparison.Ordinal)..];
        var (exit, fixedOutput, error) = Sansim("lint", Write("fixed.conf", conf + "\n" + blocks), "--fix");
        Assert.That(error, Is.Empty);
        Assert.That(fixedOutput, Does.Contain("OK: fixed.conf").And.Contain("0 errors, 0 warnings"));
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
    }

    [Test]
    public void CtlConf_AuthGroupInitiatorName_IsAHostOnTheTargetsPort()
    {
        string conf = File.ReadAllText(Fixture("admin-ctl.conf")).Replace("#sansim: initiator isp0 1 naa.2100001b32a1b2c3 os windows owns desktop-zvol\n", "", StringComparison.Ordinal);
        var (exit, output, _) = Sansim("lint", Write("k8s.conf", conf));
        Assert.That(output, Does.Contain("OK: k8s.conf (hosts are the initiators it names"));
        Assert.That(output, Does.Match(@"(?m)^3\s+-\s+-\s+-\s+all LUNs mapped, no host\s+info$"));
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
    }

    [Test]
    public void CtlConf_OwnsALunNoBlockDefines_Exit2_AtTheDirective()
    {
        string conf = File.ReadAllText(Fixture("admin-ctl.conf")).Replace("owns desktop-zvol", "owns desktop-zfs", StringComparison.Ordinal);
        var (exit, _, error) = Sansim("lint", Write("typo.conf", conf));
        Assert.That(error, Does.StartWith("").And.Contain("typo.conf:5:").And.Contain("owns \"desktop-zfs\", but no lun block has that name"));
        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
    }

    [Test]
    public void CtlConf_InitiatorWithAnUnknownOs_Exit2()
    {
        string conf = File.ReadAllText(Fixture("admin-ctl.conf")).Replace("os windows", "os macos", StringComparison.Ordinal);
        var (exit, _, error) = Sansim("lint", Write("os.conf", conf));
        Assert.That(error, Does.Contain("os is linux, windows or esxi, not \"macos\""));
        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
    }
}
