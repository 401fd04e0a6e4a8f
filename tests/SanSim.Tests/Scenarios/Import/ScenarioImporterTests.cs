using SanSim.Scenarios;
using SanSim.Scenarios.Import;
using SanSim.Scenarios.Model;
using SanSim.Tests.Scenarios.Library;

namespace SanSim.Tests.Scenarios.Import;

/// <summary>sansim import: ctladm portlist/devlist text → a scenario skeleton that loads, runs and gives the portlist back.</summary>
[TestFixture]
public class ScenarioImporterTests
{
    internal static string Fixture(string name) =>
        Path.Combine(ScenarioLibrary.RepoRoot(), "tests", "SanSim.Tests", "Scenarios", "Import", "Fixtures", name);

    private static ImportResult ImportFixture(string name, string? devlist = null) => ScenarioImporter.Import(new ImportOptions
    {
        PortlistText = File.ReadAllText(Fixture(name)),
        PortlistFile = name,
        DevlistText = devlist,
        DevlistFile = devlist is null ? null : "devlist.txt",
    });

    private static Scenario LoadSingle(string yaml)
    {
        var loaded = ScenarioLoader.LoadText(yaml, "imported.yaml");
        Assert.That(loaded.Errors.Select(e => e.ToString()), Is.Empty, yaml);
        Assert.That(loaded.Scenarios, Has.Count.EqualTo(1));
        return loaded.Scenarios[0];
    }

    [TestCase("field-report-portlist-1.txt")]
    [TestCase("field-report-portlist-2.txt")]
    public void FieldReportSample_Imports_AndItsRunReproducesThePortlistByteForByte(string fixture)
    {
        var result = ImportFixture(fixture);
        Assert.That(result.Errors, Is.Empty);
        var scenario = LoadSingle(result.Yaml!);
        var run = ScenarioRunner.Run(scenario);
        Assert.That(run.Error, Is.Null);
        Assert.That(run.Expectations, Has.Count.EqualTo(1));
        Assert.That(run.Expectations[0].Actual, Is.EqualTo(File.ReadAllText(Fixture(fixture))));
        Assert.That(run.Passed, Is.True);
    }

    [Test]
    public void FirstSample_ISCSIInitiator_BecomesLinuxHostWithIqnIidAndIsid()
    {
        string yaml = ImportFixture("field-report-portlist-1.txt").Yaml!;
        var scenario = LoadSingle(yaml);
        Assert.That(scenario.Hosts.Select(h => h.Name), Is.EqualTo(new[] { "e38f5e7da7d" }));
        Assert.That(yaml, Does.Contain("{ port: 5, iqn: \"iqn.1993-08.org.debian:01:e38f5e7da7d\", iid: 3, isid: 0x00023d000004 }"));
    }

    [Test]
    public void SecondSample_Port3_HasExplicitMapOfLun1ToLun1()
    {
        var yaml = ImportFixture("field-report-portlist-2.txt").Yaml!;
        Assert.That(yaml, Does.Contain("lunmap: { 1: 1 }").And.Contain("wwnn: \"naa.20000024ff56f970\"").And.Contain("wwpn: \"naa.21000024ff56f970\""));
        Assert.That(yaml, Does.Contain("placeholder").Or.Contain("placeholders"));
    }

    [Test]
    public void Devlist_GivesLunSizesBlockSizeSerialAndDeviceId()
    {
        const string devlist =
            "LUN Backend       Size (Blocks)   BS Serial Number    Device ID       \n" +
            "  1 block            4294967296  512 MYSERIAL0001     MYDEVID0001     \n" +
            "      lun_type=0\n" +
            "      num_threads=14\n" +
            " 12 block               2097152  512 MYSERIAL0012     MYDEVID0012     \n";
        var errors = new List<ImportError>();
        var luns = DevlistParser.Parse(devlist, "devlist.txt", errors);
        Assert.That(errors, Is.Empty);
        Assert.That(luns!.Select(l => (l.Id, l.Blocks, l.BlockSize, l.Serial, l.DeviceId)), Is.EqualTo(new[]
        {
            (1, 4294967296UL, 512, "MYSERIAL0001", "MYDEVID0001"),
            (12, 2097152UL, 512, "MYSERIAL0012", "MYDEVID0012"),
        }));
        var result = ImportFixture("field-report-portlist-1.txt", devlist);
        var scenario = LoadSingle(result.Yaml!);
        Assert.That(ScenarioRunner.Run(scenario).Passed, Is.True);
        Assert.That(result.Yaml, Does.Contain("serial: \"MYSERIAL0012\"").And.Not.Contain("placeholder"));
    }

    [Test]
    public void UnreadableLine_IsReportedWithItsLineNumber_AndNothingIsWritten()
    {
        string text = File.ReadAllText(Fixture("field-report-portlist-1.txt")).Replace("  LUN 0: 12\n", "  LUN zero: twelve\n", StringComparison.Ordinal);
        var result = ScenarioImporter.Import(new ImportOptions { PortlistText = text, PortlistFile = "p.txt" });
        Assert.That(result.Yaml, Is.Null);
        Assert.That(result.Errors.Select(e => e.ToString()), Has.Exactly(1).StartsWith("p.txt:13: "));
    }

    [Test]
    public void SameIqnOnTwoPorts_IsOneHostWithTwoPaths_AndDifferentIqnsWithTheSameLastPart_GetUniqueNames()
    {
        const string text =
            "Port Online Frontend Name     pp vp\n" +
            "5    YES    iscsi    iscsi    1  1  iqn.2005-10.org.freenas.ctl:a,t,0x0001\n" +
            "  Target: iqn.2005-10.org.freenas.ctl:a\n" +
            "  Initiator 0: iqn.1993-08.org.debian:01:node,i,0x00023d000001\n" +
            "  Initiator 1: iqn.2016-04.com.example:node,i,0x00023d000002\n" +
            "6    YES    iscsi    iscsi    2  1  iqn.2005-10.org.freenas.ctl:a,t,0x0002\n" +
            "  Target: iqn.2005-10.org.freenas.ctl:a\n" +
            "  Initiator 0: iqn.1993-08.org.debian:01:node,i,0x00023d000003\n";
        var result = ScenarioImporter.Import(new ImportOptions { PortlistText = text, PortlistFile = "two.txt" });
        var scenario = LoadSingle(result.Yaml!);
        Assert.That(scenario.Hosts.Select(h => (h.Name, h.Paths.Count)), Is.EqualTo(new[] { ("node", 2), ("node-2", 1) }));
    }

    [Test]
    public void InitiatorWithoutIscsiForm_GetsACommentInsteadOfAHost()
    {
        const string text =
            "Port Online Frontend Name     pp vp\n" +
            "7    YES    ioctl    ioctl    0  0  \n" +
            "  Initiator 2: some-initiator\n";
        var result = ScenarioImporter.Import(new ImportOptions { PortlistText = text, PortlistFile = "odd.txt" });
        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Yaml, Does.Contain("# port 7 initiator 2 (some-initiator) is not an iSCSI initiator name"));
        Assert.That(result.Yaml, Does.Contain("hosts: []"));
    }

    [Test]
    public void MappedLunMissingFromDevlist_GetsPlaceholder_AndDevlistOptionsBecomeComments()
    {
        const string devlist =
            "LUN Backend       Size (Blocks)   BS Serial Number    Device ID       \n" +
            "  1 block            4294967296  512 MYSERIAL0001     MYDEVID0001     \n" +
            "      lun_type=0\n" +
            "      num_threads=14\n" +
            "      file=/dev/zvol/tank/desktop\n";
        var result = ImportFixture("field-report-portlist-1.txt", devlist);
        var scenario = LoadSingle(result.Yaml!);
        Assert.That(scenario.Target.Luns.Select(l => l.Lun), Is.EqualTo(new[] { 1, 12 }));
        Assert.That(result.Yaml, Does.Contain("# LUN 1 option file=/dev/zvol/tank/desktop").And.Contain("{ lun: 12, size: 1GiB }"));
        Assert.That(result.Yaml, Does.Not.Contain("lun_type"));
    }

    [TestCase("portlist -l", "Port Online Frontend Name     pp vp\n3    YES    camtgt   isp0     0  0  naa.21000024ff56f970\n  LUN 1: 1\n  LUN 2: 7\n")]
    [TestCase("portlist -l", "Port Online Frontend Name     pp vp\n3    NO     camtgt   isp0     0  0  naa.21000024ff56f970\n  No LUNs mapped\n")]
    [TestCase("portlist", "Port Online Frontend Name     pp vp\n3    YES    camtgt   isp0     0  0  naa.21000024ff56f970\n")]
    public void PortlistWithoutVerbose_ExpectsTheSameFlags_AndRoundTrips(string command, string text)
    {
        var result = ScenarioImporter.Import(new ImportOptions { PortlistText = text, PortlistFile = "p.txt" });
        Assert.That(result.Yaml, Does.Contain($"ctladm: \"{command}\"\n"));
        var run = ScenarioRunner.Run(LoadSingle(result.Yaml!));
        Assert.That(run.Expectations[0].Actual, Is.EqualTo(text));
    }
}
