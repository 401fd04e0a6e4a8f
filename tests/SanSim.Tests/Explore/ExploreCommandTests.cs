using SanSim.Scenarios;
using SanSim.Tests.Cli;

namespace SanSim.Tests.Explore;

/// <summary>
/// `sansim explore` end to end: from the field report's topology with no timeline it finds the desktop's power-down
/// erring the Kubernetes node, and the shrunk scenario is no longer than the hand-written one and fails `sansim run`.
/// </summary>
public class ExploreCommandTests
{
    private ScenarioFiles _files = null!;

    [SetUp]
    public void SetUp() => _files = new ScenarioFiles();

    [TearDown]
    public void TearDown() => _files.Dispose();

    private (int Exit, string Out, string Err) Explore(params string[] extra) =>
        ScenarioFiles.Sansim(["explore", ExploreFiles.FieldReportTopologyPath(), "-o", _files.PathOf("found"), .. extra]);

    [Test]
    public void FieldReportTopology_FindsTheSpread_ShrunkNoLongerThanTheHandWrittenScenario_AndRunFailsOnIt()
    {
        var (exit, stdout, stderr) = Explore("--runs", "12", "--hours", "0.5");
        Assert.That(exit, Is.EqualTo(1), stdout + stderr);
        Assert.That(stdout, Does.Contain("spread: desktop sleep -> k8s-node-1 through LUN 12"));
        Assert.That(stdout, Does.Contain("(sansim run fails on it)"));

        string file = _files.PathOf(Path.Combine("found", "field-report-topology-spread-desktop-sleep-k8s-node-1-lun12.yaml"));
        var loaded = ScenarioLoader.LoadFile(file);
        Assert.That(loaded.Errors, Is.Empty);
        var shrunk = loaded.Scenarios.Single();
        var handWritten = ExploreFiles.Load(ExploreFiles.FieldReportScenarioPath());
        Assert.That(shrunk.Timeline, Has.Count.LessThanOrEqualTo(handWritten.Timeline.Count));
        Assert.That(shrunk.Timeline.Select(e => e.Host + " " + e.Do), Does.Contain("desktop sleep"));

        var run = ScenarioFiles.Sansim("run", file);
        Assert.That(run.Exit, Is.EqualTo(1), run.Out);
        Assert.That(run.Out, Does.Contain("desktop reaches [k8s-node-1] at error"));
    }

    [Test]
    public void TheFindingLinesReplay_TheSameFinding_WithSeedAndOneRun()
    {
        var (_, stdout, _) = Explore("--runs", "8", "--hours", "0.25", "--policy", "explicit");
        string replay = stdout.Split('\n').First(l => l.TrimStart().StartsWith("replay: ", StringComparison.Ordinal));
        string finding = stdout.Split('\n').First(l => l.StartsWith("FINDING", StringComparison.Ordinal));
        var args = replay.Trim()["replay: sansim ".Length..].Split(' ');
        var again = ScenarioFiles.Sansim([.. args, "-o", _files.PathOf("again")]);
        Assert.That(again.Exit, Is.EqualTo(1));
        string rest = finding[finding.IndexOf(": ", StringComparison.Ordinal)..];
        Assert.That(again.Out, Does.Contain("FINDING run 0 seed " + args[Array.IndexOf(args, "--seed") + 1] + rest));
    }

    [Test]
    public void ParallelOutput_IsTheSameAsSerial()
    {
        var serial = Explore("--runs", "10", "--hours", "0.25", "--parallel", "1");
        var parallel = Explore("--runs", "10", "--hours", "0.25", "--parallel", "3");
        Assert.That(serial.Out, Does.Contain("FINDING"));
        Assert.That(parallel.Out, Is.EqualTo(serial.Out));
        Assert.That(parallel.Exit, Is.EqualTo(serial.Exit));
    }

    [Test]
    public void OwnerOnlyPolicy_ContainsTheDesktop_NoFindings()
    {
        var (exit, stdout, stderr) = Explore("--runs", "6", "--hours", "0.25", "--policy", "owner-only");
        Assert.That(exit, Is.EqualTo(0), stdout + stderr);
        Assert.That(stdout, Does.Contain("6 runs, 0 with findings, 0 distinct findings"));
        Assert.That(Directory.Exists(_files.PathOf("found")), Is.False);
    }

    [TestCase("--runs", "0")]
    [TestCase("--hours", "0")]
    [TestCase("--parallel", "0")]
    [TestCase("--policy", "some-luns")]
    public void BadOption_ExitsTwo(string option, string value)
    {
        var (exit, _, stderr) = Explore(option, value);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain(value));
    }

    [Test]
    public void MissingOrMalformedTopology_ExitsTwo_NamingTheFile()
    {
        var missing = ScenarioFiles.Sansim("explore", _files.PathOf("nope.yaml"));
        Assert.That(missing.Exit, Is.EqualTo(2));
        Assert.That(missing.Err, Does.Contain("nope.yaml"));
        string bad = _files.Write("bad.yaml", ScenarioFiles.Malformed);
        var malformed = ScenarioFiles.Sansim("explore", bad);
        Assert.That(malformed.Exit, Is.EqualTo(2));
        Assert.That(malformed.Err, Does.Contain("bad.yaml:3:1"));
    }
}
