using System.Xml.Linq;
using SanSim.Cli;
using SanSim.Engine;
using SanSim.Scenarios.Model;
using static SanSim.Tests.Cli.ScenarioFiles;

namespace SanSim.Tests.Cli;

/// <summary>`sansim run`: exit codes, selection, shards and the reports.</summary>
public class ScenarioRunCommandTests
{
    private ScenarioFiles _files = null!;
    private string _quiet = null!;

    [SetUp]
    public void SetUp()
    {
        _files = new ScenarioFiles();
        _quiet = _files.Write("quiet-lun.yaml", QuietLun);
    }

    [TearDown]
    public void TearDown() => _files.Dispose();

    [Test]
    public void AllExpectationsHold_Exit0_OnePassLinePerRun()
    {
        var (exit, output, error) = Sansim("run", _quiet, "--variant", "base");

        Assert.That(error, Is.Empty);
        Assert.That(output, Does.StartWith("PASS quiet-lun/base  (1 expectation, virtual 1m00s)\n"));
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
    }

    [Test]
    public void AFailedExpectation_Exit1_ShowsExpectedAndActual()
    {
        var (exit, output, _) = Sansim("run", _quiet);

        Assert.That(exit, Is.EqualTo(ExitCodes.Failed));
        Assert.That(output, Does.Contain("PASS quiet-lun/base"));
        Assert.That(output, Does.Contain("FAIL quiet-lun/wrong  (1 of 1 expectation failed"));
        Assert.That(output, Does.Contain("LUN 1 is stopped"));
        Assert.That(output, Does.Contain("expected: "));
        Assert.That(output, Does.Contain("actual:   "));
        Assert.That(output, Does.EndWith("1 passed, 1 failed\n"));
    }

    [Test]
    public void MalformedFile_Exit2_ErrorNamesFileLineColumn()
    {
        string bad = _files.Write("bad.yaml", Malformed);

        var (exit, output, error) = Sansim("run", bad);

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Match("^" + System.Text.RegularExpressions.Regex.Escape(bad) + @":3:\d+: .*bogus"));
    }

    [Test]
    public void MissingPath_Exit2()
    {
        var (exit, _, error) = Sansim("run", _files.PathOf("absent.yaml"));

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain("absent.yaml"));
    }

    [Test]
    public void Filter_MatchesNameSlashVariant()
    {
        var (exit, output, _) = Sansim("run", _quiet, "--filter", "*/wr?ng");

        Assert.That(output, Does.Not.Contain("quiet-lun/base"));
        Assert.That(output, Does.Contain("FAIL quiet-lun/wrong"));
        Assert.That(exit, Is.EqualTo(ExitCodes.Failed));
    }

    [Test]
    public void Filter_MatchingNothing_Exit2()
    {
        var (exit, _, error) = Sansim("run", _quiet, "--filter", "nothing-*");

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain("no scenario matches --filter nothing-*"));
    }

    [TestCase("0/2")]
    [TestCase("3/2")]
    [TestCase("1")]
    [TestCase("a/b")]
    public void MalformedShard_Exit2(string shard)
    {
        var (exit, _, error) = Sansim("run", _quiet, "--shard", shard);

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain("--shard"));
    }

    [Test]
    public void Shards_PutEveryIdInExactlyOneShard()
    {
        var scenarios = Enumerable.Range(0, 23)
            .SelectMany(i => new[] { "base", "v1", "v2" }.Take(i % 3 + 1).Select(v => Scenario($"s{(i * 7) % 23:D2}", v)))
            .ToList();
        var ids = scenarios.Select(s => s.Name + "/" + s.Variant).ToList();

        for (int n = 1; n <= 6; n++)
        {
            var seen = new List<string>();
            for (int k = 1; k <= n; k++)
                seen.AddRange(RunCommand.Shard(scenarios, k, n).Select(s => s.Name + "/" + s.Variant));
            Assert.That(seen, Is.EquivalentTo(ids), $"{n} shards");
        }
    }

    [Test]
    public void Shard_DoesNotDependOnInputOrder()
    {
        var scenarios = Enumerable.Range(0, 10).Select(i => Scenario($"s{i}", "base")).ToList();
        var reversed = Enumerable.Reverse(scenarios).ToList();

        var a = RunCommand.Shard(scenarios, 2, 3).Select(s => s.Name).Order(StringComparer.Ordinal);
        var b = RunCommand.Shard(reversed, 2, 3).Select(s => s.Name).Order(StringComparer.Ordinal);

        Assert.That(a, Is.EqualTo(b));
        Assert.That(a, Is.EqualTo(new[] { "s1", "s4", "s7" }));
    }

    [Test]
    public void Shard_OverTheCommandLine_SplitsBaseAndVariant()
    {
        var (_, first, _) = Sansim("run", _quiet, "--shard", "1/2");
        var (_, second, _) = Sansim("run", _quiet, "--shard", "2/2");

        Assert.That(first, Does.Contain("quiet-lun/base").And.Not.Contain("quiet-lun/wrong"));
        Assert.That(second, Does.Contain("quiet-lun/wrong").And.Not.Contain("quiet-lun/base"));
    }

    [Test]
    public void Select_FilterGlob_MatchesNameOrNameSlashVariant()
    {
        var scenarios = new[] { Scenario("alpha", "base"), Scenario("alpha", "x"), Scenario("beta", "base") };

        Assert.That(RunCommand.Select(scenarios, null, "alpha").Select(s => s.Variant), Is.EqualTo(new[] { "base", "x" }));
        Assert.That(RunCommand.Select(scenarios, null, "*/base").Select(s => s.Name), Is.EqualTo(new[] { "alpha", "beta" }));
        Assert.That(RunCommand.Select(scenarios, "x", null).Select(s => s.Name), Is.EqualTo(new[] { "alpha" }));
        Assert.That(RunCommand.Select(scenarios, null, "b?ta"), Has.Count.EqualTo(1));
        Assert.That(RunCommand.Select(scenarios, null, "alph"), Is.Empty);
    }

    [Test]
    public void JsonReport_IsByteIdenticalAcrossTwoRuns()
    {
        string a = _files.PathOf("a.json");
        string b = _files.PathOf("b.json");

        Sansim("run", _quiet, "--json", a);
        Sansim("run", _quiet, "--json", b);

        byte[] first = File.ReadAllBytes(a);
        Assert.That(first, Is.Not.Empty);
        Assert.That(File.ReadAllBytes(b), Is.EqualTo(first));
    }

    [Test]
    public void JsonReport_HasEveryExpectationResult()
    {
        string json = _files.PathOf("r.json");

        Sansim("run", _quiet, "--json", json);

        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(json));
        var runs = doc.RootElement.GetProperty("runs");
        Assert.That(doc.RootElement.GetProperty("passed").GetBoolean(), Is.False);
        Assert.That(runs.GetArrayLength(), Is.EqualTo(2));
        var wrong = runs[1];
        Assert.That(wrong.GetProperty("id").GetString(), Is.EqualTo("quiet-lun/wrong"));
        var expectation = wrong.GetProperty("expectations")[0];
        Assert.That(expectation.GetProperty("kind").GetString(), Is.EqualTo("lun"));
        Assert.That(expectation.GetProperty("held").GetBoolean(), Is.False);
        Assert.That(runs[0].GetProperty("expectations")[0].GetProperty("held").GetBoolean(), Is.True);
    }

    [Test]
    public void Seed_OverridesTheFilesSeed()
    {
        string json = _files.PathOf("s.json");

        Sansim("run", _quiet, "--seed", "42", "--json", json);

        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(json));
        Assert.That(doc.RootElement.GetProperty("runs")[0].GetProperty("seed").GetUInt64(), Is.EqualTo(42UL));
    }

    [Test]
    public void JunitReport_IsWellFormed_ATestsuitePerFile_FailureCarriesTheText()
    {
        string other = _files.Write("sub/other.yaml", QuietLun.Replace("name: quiet-lun", "name: other-lun"));
        string junit = _files.PathOf("r.xml");

        var (exit, _, _) = Sansim("run", _quiet, other, "--junit", junit);

        Assert.That(exit, Is.EqualTo(ExitCodes.Failed));
        var doc = XDocument.Load(junit);
        var suites = doc.Root!.Elements("testsuite").ToList();
        Assert.That(suites.Select(s => (string?)s.Attribute("name")), Is.EqualTo(new[] { _quiet, other }));
        Assert.That(suites.Select(s => s.Elements("testcase").Count()), Is.EqualTo(new[] { 2, 2 }));
        var failure = suites[0].Elements("testcase").Single(c => (string?)c.Attribute("name") == "quiet-lun/wrong").Element("failure");
        Assert.That(failure, Is.Not.Null);
        Assert.That((string?)failure!.Attribute("message"), Does.Contain("1 of 1 expectations failed"));
        Assert.That(failure.Value, Does.Contain("expected: "));
        Assert.That(suites[0].Elements("testcase").Single(c => (string?)c.Attribute("name") == "quiet-lun/base").Element("failure"), Is.Null);
    }

    [Test]
    public void Trace_IsOneJsonEventPerLine()
    {
        string trace = _files.PathOf("t.jsonl");

        Sansim("run", FieldReport(), "--variant", "base", "--trace", trace);

        var lines = File.ReadAllLines(trace);
        Assert.That(lines, Is.Not.Empty);
        foreach (string line in lines)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(line);
            var e = doc.RootElement;
            Assert.That(e.GetProperty("run").GetString(), Is.EqualTo("field-report-windows-sleep/base"));
            Assert.That(e.GetProperty("id").GetInt64(), Is.Positive);
            Assert.That(e.TryGetProperty("time_ns", out _) && e.TryGetProperty("kind", out _) && e.TryGetProperty("source", out _)
                && e.TryGetProperty("message", out _) && e.TryGetProperty("cause", out _), Is.True, line);
        }
    }

    private static Scenario Scenario(string name, string variant) =>
        new() { Name = name, Variant = variant, Target = new TargetSpec(), Duration = SimTime.FromMinutes(1) };
}
