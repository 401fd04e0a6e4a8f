using SanSim.Policy;
using SanSim.Scenarios;
using SanSim.Scenarios.Policy;
using SanSim.Tests.Scenarios.Library;

namespace SanSim.Tests.Policy;

/// <summary>`sansim lint` on the field report scenario, its variants and fix, and on ctl.conf files.</summary>
public class LintCommandTests
{
    private string _dir = "";

    private static string FieldReport => Path.Combine(ScenarioLibrary.ScenariosFolder(), "field-report-windows-sleep.yaml");

    private static (int Exit, string Out, string Err) Sansim(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        int exit = SanSim.Cli.Cli.Run(SanSim.Cli.Cli.CreateRoot(), args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [SetUp]
    public void CreateFolder()
    {
        _dir = Path.Combine(Path.GetTempPath(), "sansim-lint-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void FieldReport_DesktopSeesLun12ThroughPort3_IsStopUnitError_Exit1()
    {
        var (exit, output, _) = Sansim("lint", FieldReport);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Match(@"(?m)^3\s+desktop\s+12\s+k8s-node-1\s+STOP UNIT on sleep\s+error$"));
        Assert.That(output, Does.Contain("FAIL: field-report-windows-sleep, profile ctl: 1 error"));
    }

    [Test]
    public void FieldReport_WithLunmapFixVariant_HasNoStopUnitFinding_Exit0()
    {
        var (exit, output, _) = Sansim("lint", FieldReport, "--variant", "lunmap-isolated");
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(output, Does.Not.Contain("STOP UNIT"));
        Assert.That(output, Does.Contain("OK: field-report-windows-sleep/lunmap-isolated"));
    }

    [Test]
    public void FieldReport_OnScst_StopUnitIsInfoOnly_Exit0()
    {
        var (exit, output, _) = Sansim("lint", FieldReport, "--variant", "scst-target");
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(output, Does.Match(@"(?m)^3\s+desktop\s+12\s+k8s-node-1\s+STOP UNIT on sleep\s+info$"));
    }

    [Test]
    public void Fix_FieldReport_PrintsPort3LunmapOfDesktopLun_AndExitsAsLint()
    {
        var (exit, output, _) = Sansim("lint", FieldReport, "--fix");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("ctladm lunmap -p 3 -l 1 -L 1\n"));
        Assert.That(output, Does.Contain("ctladm lunmap -p 4 -L 0\n"));
    }

    [Test]
    public void Fix_AppliedWithCtladmToTheScenarioTarget_LeavesNoFinding()
    {
        var scenario = ScenarioLoader.LoadFile(FieldReport).Scenarios.Single(s => s.Variant == "base");
        var before = ScenarioTopology.Build(scenario);
        var target = ScenarioTopology.BuildTarget(scenario);
        foreach (string command in LunPolicies.Commands(before, LunPolicyKind.OwnerOnly))
        {
            int status = SanSim.Target.Ctladm.Ctladm.Run(target, command.Split(' '), TextWriter.Null, TextWriter.Null);
            Assert.That(status, Is.EqualTo(0), command);
        }
        var after = PolicyTopology.FromTarget(target, before.Hosts, before.Owners);
        Assert.That(ExposureAnalyzer.Analyze(after), Is.Empty);
        Assert.That(LunPolicies.Commands(after, LunPolicyKind.OwnerOnly), Is.Empty);
    }

    [Test]
    public void SampleCtlConf_FcPortsShowingAllLuns_AreLatentInfo_Exit0()
    {
        var (exit, output, _) = Sansim("lint", Path.Combine(ScenarioLibrary.RepoRoot(), "samples", "ctl.conf"), "--fix");
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(output, Does.Match(@"(?m)^3\s+-\s+-\s+-\s+all LUNs mapped, no host\s+info$"));
        Assert.That(output, Does.Match(@"(?m)^4\s+-\s+-\s+-\s+all LUNs mapped, no host\s+info$"));
        Assert.That(output, Does.Contain("ctladm lunmap -p 3 -L 0\n"));
    }

    [Test]
    public void CtlConf_TargetNamingItsFcPort_IsClean()
    {
        string conf = "#sansim: fc-port isp0 wwnn naa.2000000000000001 wwpn naa.2100000000000001\n"
            + "lun \"a\" {\n\tctl-lun 0\n\tpath /dev/zvol/tank/a\n\tsize 1G\n}\n"
            + "target naa.2000000000000001 {\n\tport isp0\n\tlun 0 \"a\"\n}\n";
        var (exit, output, err) = Sansim("lint", Write("fc.conf", conf));
        Assert.That(exit, Is.EqualTo(0), err);
        Assert.That(output, Does.Contain("0 errors, 0 warnings, 0 info"));
    }

    [Test]
    public void CtlConf_Malformed_Exit2_WithFileLineColumn()
    {
        string path = Write("bad.conf", "lun \"a\" {\n\tctl-lun 0\n\tsize 1G\n");
        var (exit, _, err) = Sansim("lint", path, "--format", "ctl.conf");
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(err, Does.Match(@"bad\.conf:\d+:\d+"));
    }

    [Test]
    public void Scenario_Malformed_Exit2_WithFileLineColumn()
    {
        string path = Write("bad.yaml", "version: 1\nname: x\ntarget:\n  luns: [ { lun: nope } ]\nhosts: []\n");
        var (exit, _, err) = Sansim("lint", path);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(err, Does.Match(@"bad\.yaml:\d+:\d+"));
    }

    [Test]
    public void MissingFile_Exit2()
    {
        var (exit, _, err) = Sansim("lint", Path.Combine(_dir, "absent.yaml"));
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(err, Does.Contain("absent.yaml"));
    }
}
