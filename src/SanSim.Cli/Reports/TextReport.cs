using SanSim.Engine;
using SanSim.Policy;
using SanSim.Scenarios;

namespace SanSim.Cli.Reports;

/// <summary>
/// The report for people: one line per scenario × variant, and under a failure what was expected, what
/// happened and the cause chain. Only virtual time appears, so the text is the same on every machine.
/// </summary>
internal static class TextReport
{
    /// <summary>"name/variant", the base variant included, as every report names a run.</summary>
    public static string RunId(RunResult r) => r.Scenario.Name + "/" + r.Scenario.Variant;

    /// <summary>"PASS name/variant  (12 expectations, virtual 11h00m00s)" or the FAIL form with the failed count; a policy other than explicit is named after the counts.</summary>
    public static string SummaryLine(RunResult r)
    {
        int total = r.Expectations.Count;
        int failed = r.Expectations.Count(e => !e.Held);
        string counts = failed == 0
            ? $"{total} expectation{(total == 1 ? "" : "s")}"
            : $"{failed} of {total} expectation{(total == 1 ? "" : "s")} failed";
        string policy = r.Scenario.Policy == LunPolicyKind.Explicit ? "" : ", policy " + LunPolicies.Name(r.Scenario.Policy);
        return $"{(r.Passed ? "PASS" : "FAIL")} {RunId(r)}  ({counts}{policy}, virtual {r.Scenario.Duration})";
    }

    /// <summary>The summary line, then for each failed expectation its place in the file, expected, actual and cause chain.</summary>
    public static void Write(TextWriter w, RunResult r)
    {
        w.WriteLine(SummaryLine(r));
        foreach (var e in r.Expectations.Where(e => !e.Held))
            WriteFailure(w, e, "    ");
    }

    /// <summary>One failed expectation, indented by <paramref name="indent"/>.</summary>
    public static void WriteFailure(TextWriter w, ExpectationResult e, string indent)
    {
        w.WriteLine($"{indent}{e.Expectation.Mark}: {ExpectationText.Describe(e.Expectation)}");
        WriteBlock(w, indent + "  expected: ", e.Expected);
        WriteBlock(w, indent + "  actual:   ", e.Actual);
        if (e.CauseChain.Count > 0)
        {
            w.WriteLine($"{indent}  cause chain (symptom first, root last):");
            foreach (var ev in e.CauseChain)
                w.WriteLine($"{indent}    {Event(ev)}");
        }
    }

    /// <summary>"[35771.996877] #412 k8s-node-1 Log: message".</summary>
    public static string Event(TraceEvent ev) =>
        $"[{ev.Time.ToKernelTimestamp()}] #{ev.Id} {ev.Source} {ev.Kind}: {ev.Message}";

    /// <summary>A value that may span lines: the first after the label, the rest aligned under it.</summary>
    private static void WriteBlock(TextWriter w, string label, string value)
    {
        var lines = value.TrimEnd('\n').Split('\n');
        w.WriteLine(label + lines[0]);
        string pad = new(' ', label.Length);
        foreach (var line in lines.Skip(1))
            w.WriteLine(pad + line);
    }
}
