using SanSim.Cli;
using SanSim.Tests.Cli;
using static SanSim.Tests.Cli.ScenarioFiles;
using SanSim.Tests.Scenarios.Library;

namespace SanSim.Tests.Policy;

/// <summary>The README's "Check your own CTL box" walk, step by step, on the field report's portlist sample.</summary>
public class CheckYourOwnCtlBoxTests
{
    private const string Devlist =
        "LUN Backend       Size (Blocks)   BS Serial Number    Device ID       \n" +
        "  1 block            4294967296  512 MYSERIAL0001     MYDEVID0001     \n" +
        " 12 block               2097152  512 MYSERIAL0012     MYDEVID0012     \n";

    private ScenarioFiles _files = null!;

    [SetUp]
    public void CopyTheBoxOutput()
    {
        _files = new ScenarioFiles();
        _files.Write("portlist.txt", File.ReadAllText(Path.Combine(ScenarioLibrary.RepoRoot(), "tests", "SanSim.Tests", "Scenarios", "Import", "Fixtures", "field-report-portlist-1.txt")));
        _files.Write("devlist.txt", Devlist);
    }

    [TearDown]
    public void DeleteFolder() => _files.Dispose();

    private string P(string name) => _files.PathOf(name);

    private static string Edit(string text, string from, string to)
    {
        Assert.That(text, Does.Contain(from));
        int at = text.IndexOf(from, StringComparison.Ordinal);
        return text[..at] + to + text[(at + from.Length)..];
    }

    [Test]
    public void FromPortlistOutput_ToLintFix_ToAContainedReplay()
    {
        var (lintExit, lintOut, _) = Sansim("lint", P("portlist.txt"), "--fix");
        Assert.That(lintExit, Is.EqualTo(ExitCodes.Ok), "step 2: only latent findings");
        Assert.That(lintOut, Does.Contain("# caution: FC ports 3, 4 list no initiator here"));

        var (importExit, _, importErr) = Sansim("import", "--portlist", P("portlist.txt"), "--devlist", P("devlist.txt"), "-o", P("box.yaml"));
        Assert.That(importExit, Is.EqualTo(ExitCodes.Ok), importErr);
        string box = File.ReadAllText(P("box.yaml"));
        Assert.That(box, Does.Contain("owners:\n  \"e38f5e7da7d\": [12]\n"));
        box = Edit(box, "hosts:\n", "hosts:\n  - name: desktop\n    os: windows\n    paths: [ { port: 3, wwpn: naa.2100001b32a1b2c3 } ]\n    online_disks: [1]\n");
        File.WriteAllText(P("box.yaml"), box);

        var (fixExit, fixOut, _) = Sansim("lint", P("box.yaml"), "--fix");
        Assert.That(fixOut, Does.Match(@"(?m)^3\s+desktop\s+12\s+e38f5e7da7d\s+STOP UNIT on sleep\s+error$"));
        Assert.That(fixOut, Does.Contain("ctladm lunmap -p 3 -l 1 -L 1\n").And.Contain("ctladm lunmap -p 4 -L 0\n"));
        Assert.That(fixExit, Is.EqualTo(ExitCodes.Failed));

        box = Edit(box, "duration: 10s\n", "duration: 10m\n");
        box = Edit(box, "    os: linux\n", "    os: linux\n    mounts: [ { lun: 12, device: sdb } ]\n");
        box = Edit(box, "timeline: []\n", "timeline:\n  - { at: 1m, host: desktop, do: sleep }\n");
        box = Edit(box, "expect:\n", "expect:\n  - { spread: { from: desktop, reaches: [e38f5e7da7d] }, policy: [explicit, all-luns] }\n  - { spread: { from: desktop, reaches: [] }, policy: owner-only }\n");
        File.WriteAllText(P("box.yaml"), box);

        var (asIs, asIsOut, _) = Sansim("run", P("box.yaml"));
        var (fixedRun, fixedOut, _) = Sansim("run", P("box.yaml"), "--policy", "owner-only");
        Assert.Multiple(() =>
        {
            Assert.That(asIs, Is.EqualTo(ExitCodes.Ok), asIsOut);
            Assert.That(asIsOut, Does.StartWith("PASS portlist/base  (2 expectations"));
            Assert.That(fixedRun, Is.EqualTo(ExitCodes.Ok), fixedOut);
            Assert.That(fixedOut, Does.StartWith("PASS portlist/base  (1 expectation, policy owner-only"));
        });
    }
}
