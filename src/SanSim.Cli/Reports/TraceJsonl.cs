using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SanSim.Scenarios;

namespace SanSim.Cli.Reports;

/// <summary>
/// The trace as JSON Lines (docs/trace.schema.json): one event per line, each naming the run it belongs to,
/// with id, virtual time in nanoseconds, kind, source, message and the id of its cause (0 for a root).
/// </summary>
internal static class TraceJsonl
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Appends every event of <paramref name="run"/> to <paramref name="w"/>, one line each.</summary>
    public static void Write(TextWriter w, RunResult run)
    {
        string id = TextReport.RunId(run);
        using var buffer = new MemoryStream();
        foreach (var ev in run.Trace.Events)
        {
            buffer.SetLength(0);
            using (var j = new Utf8JsonWriter(buffer, Options))
            {
                j.WriteStartObject();
                j.WriteString("run", id);
                j.WriteNumber("id", ev.Id);
                j.WriteNumber("time_ns", ev.Time.Nanoseconds);
                j.WriteString("kind", ev.Kind.ToString());
                j.WriteString("source", ev.Source);
                j.WriteString("message", ev.Message);
                j.WriteNumber("cause", ev.CauseId);
                j.WriteEndObject();
            }
            w.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            w.Write('\n');
        }
    }
}
