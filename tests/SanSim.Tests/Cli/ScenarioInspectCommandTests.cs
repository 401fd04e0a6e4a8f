using SanSim.Cli;
using SanSim.Tests.Target;
using static SanSim.Tests.Cli.ScenarioFiles;

namespace SanSim.Tests.Cli;

/// <summary>`sansim validate`, `explain`, `log` and `ctladm` on scenario files.</summary>
public class ScenarioInspectCommandTests
{
    private ScenarioFiles _files = null!;

    [SetUp]
    public void SetUp() => _files = new ScenarioFiles();

    [TearDown]
    public void TearDown() => _files.Dispose();

    [Test]
    public void Help_ListsTheScenarioCommands()
    {
        var (exit, output, _) = Sansim("--help");

        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
        Assert.That(output, Does.Contain("run <paths>"));
        Assert.That(output, Does.Contain("validate <paths>"));
        Assert.That(output, Does.Contain("explain <file>"));
        Assert.That(output, Does.Contain("log <file>"));
    }

    [Test]
    public void Run_WithNoPath_IsInvalidInput()
    {
        var (exit, _, error) = Sansim("run");

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain("sansim --help"));
    }

    [Test]
    public void Validate_ValidFile_Exit0()
    {
        string quiet = _files.Write("quiet-lun.yaml", QuietLun);

        var (exit, output, error) = Sansim("validate", quiet);

        Assert.That(error, Is.Empty);
        Assert.That(output, Is.EqualTo("valid: 1 file, 2 scenario × variant runs\n"));
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
    }

    [Test]
    public void Validate_Malformed_Exit2_WithFileLineColumn()
    {
        string bad = _files.Write("bad.yaml", Malformed);

        var (exit, output, error) = Sansim("validate", bad);

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Match("^" + System.Text.RegularExpressions.Regex.Escape(bad) + @":3:\d+: "));
        Assert.That(error, Does.Contain("bogus"));
        Assert.That(error, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public void Validate_TheLibrary_Exit0()
    {
        var (exit, _, error) = Sansim("validate", SanSim.Tests.Scenarios.Library.ScenarioLibrary.ScenariosFolder());

        Assert.That(error, Is.Empty);
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
    }

    [Test]
    public void Log_UnknownHost_Exit2_ListingTheHosts()
    {
        var (exit, output, error) = Sansim("log", FieldReport(), "--host", "nobody");

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Contain("no host 'nobody'"));
        Assert.That(error, Does.Contain("hosts: desktop, k8s-node-1"));
    }

    [Test]
    public void Log_UnknownVariant_Exit2_ListingTheVariants()
    {
        var (exit, _, error) = Sansim("log", FieldReport(), "--host", "desktop", "--variant", "nope");

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain("variants: base, lunmap-isolated, scst-target"));
    }

    [Test]
    public void Log_FieldReportNode_ShowsTheNotReadySense()
    {
        var (exit, output, _) = Sansim("log", FieldReport(), "--host", "k8s-node-1");

        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
        Assert.That(output, Does.Contain("Logical unit not ready, initializing command required"));
    }

    [Test]
    public void Explain_FieldReport_TellsTimelineRootAndBlastRadius()
    {
        var (exit, output, _) = Sansim("explain", FieldReport());

        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
        Assert.That(output, Does.Contain("Timeline:"));
        Assert.That(output, Does.Contain("[35771.990000] desktop: sleep"));
        Assert.That(output, Does.Contain("Blast radius"));
        Assert.That(output, Does.Match(@"\n  desktop +k8s-node-1 +error +\d+\.\d{6}\n"));
    }

    [Test]
    public void Explain_Isolated_SaysContained()
    {
        var (_, output, _) = Sansim("explain", FieldReport(), "--variant", "lunmap-isolated");

        Assert.That(output, Does.Contain("[0.000000] ctladm lunmap -p 3 -l 1 -L 1"));
        Assert.That(output, Does.Contain("contained: no host's action reached another host"));
    }

    [Test]
    public void CtladmAt_FieldReport_OneSecondIn_PrintsTheReportsFirstPortlistSample()
    {
        var (exit, output, error) = Sansim("ctladm", FieldReport(), "--at", "1s", "--", "portlist", "-i", "-v");

        Assert.That(error, Is.Empty);
        Assert.That(output, Is.EqualTo(CtladmFieldReportTests.FirstSample));
        Assert.That(exit, Is.Zero);
    }

    [Test]
    public void CtladmAt_IsolatedVariant_PrintsPort3WithItsLunMap()
    {
        var (exit, output, _) = Sansim("ctladm", FieldReport(), "--at", "1s", "--variant", "lunmap-isolated", "--", "portlist", "-i", "-v", "-p", "3");

        Assert.That(output, Is.EqualTo(CtladmFieldReportTests.SecondSample));
        Assert.That(exit, Is.Zero);
    }

    [TestCase("soon")]
    [TestCase("5x")]
    [TestCase("-1s")]
    public void CtladmAt_MalformedTime_Exit2(string at)
    {
        var (exit, _, error) = Sansim("ctladm", FieldReport(), "--at", at, "--", "portlist");

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain("--at"));
    }

    [TestCase("250ms", 250_000_000L)]
    [TestCase("5s", 5_000_000_000L)]
    [TestCase("35771.99s", 35_771_990_000_000L)]
    [TestCase("1h30m", 5_400_000_000_000L)]
    [TestCase("90", 90_000_000_000L)]
    public void ParseTime_ReadsScenarioTimes(string text, long nanoseconds)
    {
        Assert.That(CtladmCommand.ParseTime(text)?.Nanoseconds, Is.EqualTo(nanoseconds));
    }

    [Test]
    public void Ctladm_AtOnACtlConf_IsInvalidInput()
    {
        string conf = _files.Write("ctl.conf", "pidfile /var/run/ctld.pid\n");

        var (exit, _, error) = Sansim("ctladm", conf, "--at", "1s", "--", "portlist");

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain("--at and --variant apply to a scenario file"));
    }
}
