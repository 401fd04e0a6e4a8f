using SanSim.Engine;
using SanSim.Hosts;

namespace SanSim.Scenarios.Running;

/// <summary>What a symptom on a host is: an error surfaced to a filesystem or application, I/O held back, or a CHECK CONDITION.</summary>
internal enum SymptomKind
{
    Error,
    Stall,
    Sense,
}

/// <summary>One symptom: the host that saw it and the trace event that records it (the start of its cause chain).</summary>
internal readonly record struct Symptom(string Host, SymptomKind Kind, long TraceId);

/// <summary>
/// The symptoms of a run, per host. Sense and stall symptoms are noted by <see cref="ObservedPath"/> as answers
/// come back; error symptoms are read from the trace at the end by <see cref="AddErrorsFromTrace"/>.
/// </summary>
internal sealed class SymptomLog
{
    private readonly List<Symptom> _symptoms = new();
    private readonly HashSet<Symptom> _seen = new();

    public IReadOnlyList<Symptom> All => _symptoms;

    public void Add(string host, SymptomKind kind, long traceId)
    {
        var s = new Symptom(host, kind, traceId);
        if (_seen.Add(s)) _symptoms.Add(s);
    }

    /// <summary>
    /// The error symptoms each host records in the trace: for Linux, ext4's and the buffer layer's error lines
    /// (EXT4-fs error/warning with an I/O error, "Aborting journal", "Remounting filesystem read-only", "Buffer
    /// I/O error", a kernel panic) and ext4 state changes to read-only or panicked; for Windows, a write that
    /// failed to the application (Ntfs); for ESXi, a VM write that failed.
    /// </summary>
    public void AddErrorsFromTrace(Trace trace, IReadOnlyList<Host> hosts)
    {
        var bySource = hosts.ToDictionary(h => h.Source, h => h, StringComparer.Ordinal);
        foreach (var ev in trace.Events)
        {
            if (!bySource.TryGetValue(ev.Source, out var host)) continue;
            if (IsError(host.Os, ev)) Add(host.Name, SymptomKind.Error, ev.Id);
        }
    }

    private static bool IsError(HostOs os, TraceEvent ev) => os switch
    {
        HostOs.Linux => ev.Kind == TraceKind.Log && IsLinuxErrorLine(ev.Message)
            || ev.Kind == TraceKind.StateChange && ev.Message.StartsWith("ext4 ", StringComparison.Ordinal)
                && (ev.Message.Contains("-> ReadOnly", StringComparison.Ordinal) || ev.Message.Contains("-> Panicked", StringComparison.Ordinal)),
        HostOs.Windows => ev.Kind == TraceKind.Log && ev.Message.Contains("failed to the application", StringComparison.Ordinal),
        HostOs.Esxi => ev.Kind == TraceKind.StateChange && ev.Message == "VM write failed",
        _ => false,
    };

    private static bool IsLinuxErrorLine(string text) =>
        text.StartsWith("EXT4-fs error", StringComparison.Ordinal)
        || text.StartsWith("EXT4-fs", StringComparison.Ordinal) && (text.Contains("I/O error", StringComparison.Ordinal) || text.Contains("Remounting filesystem read-only", StringComparison.Ordinal))
        || text.StartsWith("Aborting journal", StringComparison.Ordinal)
        || text.StartsWith("Buffer I/O error", StringComparison.Ordinal)
        || text.StartsWith("Kernel panic", StringComparison.Ordinal);
}
