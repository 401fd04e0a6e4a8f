using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SanSim.Engine;
using SanSim.Scenarios;

namespace SanSim.Cli.Reports;

/// <summary>
/// The machine report (docs/run-report.schema.json): every run and every expectation result, with no
/// wall-clock time, machine name or absolute path that the input did not give, so the same files and seed
/// give the same bytes.
/// </summary>
internal static class JsonReport
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NewLine = "\n",
    };

    /// <summary>The report as UTF-8 text ending in a newline.</summary>
    public static string Render(IReadOnlyList<RunResult> runs)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartObject();
            w.WriteNumber("version", 1);
            w.WriteBoolean("passed", runs.All(r => r.Passed));
            w.WriteNumber("total", runs.Count);
            w.WriteNumber("failed", runs.Count(r => !r.Passed));
            w.WriteStartArray("runs");
            foreach (var r in runs)
                WriteRun(w, r);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteRun(Utf8JsonWriter w, RunResult r)
    {
        var s = r.Scenario;
        w.WriteStartObject();
        w.WriteString("id", TextReport.RunId(r));
        w.WriteString("name", s.Name);
        w.WriteString("variant", s.Variant);
        w.WriteString("file", s.File);
        w.WriteNumber("seed", s.Seed);
        w.WriteNumber("duration_ns", s.Duration.Nanoseconds);
        w.WriteBoolean("passed", r.Passed);
        w.WriteStartArray("expectations");
        foreach (var e in r.Expectations)
        {
            w.WriteStartObject();
            w.WriteString("kind", ExpectationText.Kind(e.Expectation));
            w.WriteString("description", ExpectationText.Describe(e.Expectation));
            w.WriteNumber("line", e.Expectation.Mark.Line);
            w.WriteNumber("column", e.Expectation.Mark.Column);
            if (e.Expectation.At is { } at) w.WriteNumber("at_ns", at.Nanoseconds);
            else w.WriteNull("at_ns");
            w.WriteBoolean("held", e.Held);
            w.WriteString("expected", e.Expected);
            w.WriteString("actual", e.Actual);
            w.WriteStartArray("cause_chain");
            foreach (var ev in e.CauseChain)
                WriteEvent(w, ev);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("spread");
        foreach (var edge in r.Spread)
        {
            w.WriteStartObject();
            w.WriteString("from", edge.From);
            w.WriteString("to", edge.To);
            w.WriteString("level", edge.Level.ToString().ToLowerInvariant());
            w.WriteNumber("first_at_ns", edge.FirstAt.Nanoseconds);
            w.WriteNumber("root_event", edge.RootEventId);
            w.WriteNumber("symptom_event", edge.SymptomEventId);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>A trace event as the report and the JSONL trace both write it.</summary>
    internal static void WriteEvent(Utf8JsonWriter w, TraceEvent ev)
    {
        w.WriteStartObject();
        w.WriteNumber("id", ev.Id);
        w.WriteNumber("time_ns", ev.Time.Nanoseconds);
        w.WriteString("kind", ev.Kind.ToString());
        w.WriteString("source", ev.Source);
        w.WriteString("message", ev.Message);
        w.WriteNumber("cause", ev.CauseId);
        w.WriteEndObject();
    }
}
