using SanSim.Cli;
using SanSim.Scenarios;

namespace SanSim.Tests.Scenarios.Import;

/// <summary>`sansim import` through the command line: exit codes, output and the $schema line.</summary>
[TestFixture]
public class ImportCommandTests
{
    private string dir = "";

    [SetUp]
    public void CreateFolder()
    {
        dir = Path.Combine(Path.GetTempPath(), "sansim-import-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(dir, recursive: true);

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = SanSim.Cli.Cli.Run(SanSim.Cli.Cli.CreateRoot(), ["import", .. args], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Test]
    public void FieldReportPortlist_ExitsZero_AndPrintsScenarioThatLoads()
    {
        var (exit, output, _) = Run("--portlist", ScenarioImporterTests.Fixture("field-report-portlist-1.txt"));
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
        Assert.That(output, Does.StartWith("version: 1\nname: \"field-report-portlist-1\"\n"));
        Assert.That(ScenarioLoader.LoadText(output, "x.yaml").Errors, Is.Empty);
    }

    [Test]
    public void UnreadableLine_ExitsTwo_NamingFileAndLine()
    {
        string file = Path.Combine(dir, "portlist.txt");
        File.WriteAllText(file, "Port Online Frontend Name     pp vp\n3    MAYBE  camtgt   isp0     0  0  naa.21000024ff56f970\n");
        var (exit, output, err) = Run("--portlist", file);
        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(output, Is.Empty);
        Assert.That(err, Does.StartWith(file + ":2: "));
    }

    [Test]
    public void MissingPortlistFile_ExitsTwo()
    {
        var (exit, _, err) = Run("--portlist", Path.Combine(dir, "absent.txt"));
        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(err, Does.Contain("cannot read"));
    }

    [Test]
    public void OutputInsideScenariosFolder_GetsRelativeSchemaLine()
    {
        Directory.CreateDirectory(Path.Combine(dir, "scenarios", "schema"));
        Directory.CreateDirectory(Path.Combine(dir, "scenarios", "mine"));
        File.WriteAllText(Path.Combine(dir, "scenarios", "schema", "scenario.schema.json"), "{}");
        string target = Path.Combine(dir, "scenarios", "mine", "box.yaml");
        var (exit, _, _) = Run("--portlist", ScenarioImporterTests.Fixture("field-report-portlist-2.txt"), "-o", target, "--name", "my-box");
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
        string yaml = File.ReadAllText(target);
        Assert.That(yaml, Does.StartWith("# yaml-language-server: $schema=../schema/scenario.schema.json\nversion: 1\nname: \"my-box\"\n"));
        Assert.That(ScenarioLoader.LoadFile(target).Errors, Is.Empty);
    }

    [Test]
    public void OutputOutsideScenarios_HasNoSchemaLine_UnlessGiven()
    {
        string plain = Path.Combine(dir, "a.yaml");
        string given = Path.Combine(dir, "b.yaml");
        string fixture = ScenarioImporterTests.Fixture("field-report-portlist-2.txt");
        Assert.That(Run("--portlist", fixture, "-o", plain).Exit, Is.EqualTo(ExitCodes.Ok));
        Assert.That(Run("--portlist", fixture, "-o", given, "--schema", "/x/scenario.schema.json").Exit, Is.EqualTo(ExitCodes.Ok));
        Assert.That(File.ReadAllText(plain), Does.StartWith("version: 1\n"));
        Assert.That(File.ReadAllText(given), Does.StartWith("# yaml-language-server: $schema=/x/scenario.schema.json\n"));
    }

    [Test]
    public void CtlConf_NamesAndSizesTheLunItsTargetMaps_AndTheRunStillReproducesThePortlist()
    {
        var (exit, output, _) = Run("--portlist", ScenarioImporterTests.Fixture("field-report-portlist-1.txt"),
            "--ctl-conf", ScenarioImporterTests.Fixture("field-report-ctl.conf"));
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
        Assert.That(output, Does.Contain("{ lun: 12, name: \"default-mosquitto-iscsi-claim\", size: 8388608, blocksize: 512 }"));
        Assert.That(output, Does.Not.Contain("placeholder"));
        var loaded = ScenarioLoader.LoadText(output, "x.yaml");
        Assert.That(loaded.Errors, Is.Empty);
        Assert.That(ScenarioRunner.Run(loaded.Scenarios[0]).Passed, Is.True);
    }

    [Test]
    public void BrokenCtlConf_ExitsTwo_NamingItsLine()
    {
        string conf = Path.Combine(dir, "ctl.conf");
        File.WriteAllText(conf, "lun x {\n\tsize\n");
        var (exit, _, err) = Run("--portlist", ScenarioImporterTests.Fixture("field-report-portlist-1.txt"), "--ctl-conf", conf);
        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(err, Does.StartWith(conf + ":"));
    }
}
