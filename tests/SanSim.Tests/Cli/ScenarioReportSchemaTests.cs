using NJsonSchema;
using SanSim.Cli;
using SanSim.Tests.Scenarios.Library;
using static SanSim.Tests.Cli.ScenarioFiles;

namespace SanSim.Tests.Cli;

/// <summary>
/// The machine reports of a failing field-report run: the JSON report and the JSONL trace follow their schemas
/// in docs/ and are byte-identical across two runs of the same file and seed.
/// </summary>
public class ScenarioReportSchemaTests
{
    private ScenarioFiles _files = null!;
    private string _json1 = null!, _json2 = null!, _trace1 = null!, _trace2 = null!;

    /// <summary>The field report expecting node 1's mount to stay rw, which it does not: one failure with a cause chain.</summary>
    [OneTimeSetUp]
    public void RunTwice()
    {
        _files = new ScenarioFiles();
        string text = File.ReadAllText(FieldReport())
            .Replace("- { host: k8s-node-1, mount: sdb, is: ro, policy: [explicit, all-luns] }", "- { host: k8s-node-1, mount: sdb, is: rw }", StringComparison.Ordinal);
        Assert.That(text, Does.Contain("- { host: k8s-node-1, mount: sdb, is: rw }"), "the field report's read-only expectation moved");
        string file = _files.Write("field-report-rw.yaml", text);
        (_json1, _json2, _trace1, _trace2) = (_files.PathOf("1.json"), _files.PathOf("2.json"), _files.PathOf("1.jsonl"), _files.PathOf("2.jsonl"));

        var (exit1, _, _) = Sansim("run", file, "--variant", "base", "--json", _json1, "--trace", _trace1);
        var (exit2, _, _) = Sansim("run", file, "--variant", "base", "--json", _json2, "--trace", _trace2);
        Assert.That((exit1, exit2), Is.EqualTo((ExitCodes.Failed, ExitCodes.Failed)));
    }

    [OneTimeTearDown]
    public void TearDown() => _files.Dispose();

    private static JsonSchema Schema(string name) =>
        JsonSchema.FromFileAsync(Path.Combine(ScenarioLibrary.RepoRoot(), "docs", name)).GetAwaiter().GetResult();

    [Test]
    public void JsonReport_WithACauseChain_IsByteIdenticalAcrossRuns()
    {
        byte[] first = File.ReadAllBytes(_json1);

        Assert.That(File.ReadAllText(_json1), Does.Contain("\"cause_chain\": [\n            {"));
        Assert.That(File.ReadAllBytes(_json2), Is.EqualTo(first));
    }

    [Test]
    public void Trace_IsByteIdenticalAcrossRuns()
    {
        Assert.That(File.ReadAllBytes(_trace2), Is.EqualTo(File.ReadAllBytes(_trace1)));
    }

    [Test]
    public void JsonReport_FollowsItsSchema()
    {
        var errors = Schema("run-report.schema.json").Validate(File.ReadAllText(_json1));

        Assert.That(errors.Select(e => e.ToString()), Is.Empty);
    }

    [Test]
    public void JsonReport_Schema_RejectsAReportMissingAField()
    {
        string broken = File.ReadAllText(_json1).Replace("\"held\":", "\"kept\":");

        var errors = Schema("run-report.schema.json").Validate(broken);

        Assert.That(errors, Is.Not.Empty);
    }

    [Test]
    public void JsonReport_Schema_ChecksCauseChainEventsAgainstTheTraceSchema()
    {
        string broken = File.ReadAllText(_json1).Replace("\"time_ns\":", "\"time\":");

        var errors = Schema("run-report.schema.json").Validate(broken);

        Assert.That(errors, Is.Not.Empty);
    }

    [Test]
    public void TraceLines_FollowTheirSchema()
    {
        var schema = Schema("trace.schema.json");
        var lines = File.ReadAllLines(_trace1);

        Assert.That(lines, Has.Length.GreaterThan(100));
        var bad = lines.Where((_, i) => i % 97 == 0 || i == lines.Length - 1)
            .SelectMany(l => schema.Validate(l).Select(e => $"{e}: {l}"))
            .ToList();
        Assert.That(bad, Is.Empty);
    }
}
