using SanSim.Engine;

namespace SanSim.Hosts;

/// <summary>
/// A host's log (Linux kernel log, Windows System log, ESXi vmkernel log). Every line is also a trace event
/// (<see cref="TraceKind.Log"/>) with its cause, so a symptom in the log can be walked back to its root.
/// </summary>
public sealed class HostLog
{
    private readonly List<LogLine> _lines = new();
    private readonly Simulation _simulation;

    public HostLog(Simulation simulation, string hostName)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        _simulation = simulation;
        Source = "host:" + hostName;
    }

    /// <summary>Trace source of the host ("host:k8s-node-1").</summary>
    public string Source { get; }

    public IReadOnlyList<LogLine> Lines => _lines;

    /// <summary>Appends <paramref name="text"/> (one line, exactly as the OS prints it, without timestamp) and returns its trace id.</summary>
    public long Write(string text, long causeId = 0)
    {
        ArgumentNullException.ThrowIfNull(text);
        long id = _simulation.Trace.Record(TraceKind.Log, Source, text, causeId);
        _lines.Add(new LogLine(_simulation.Now, text, id));
        return id;
    }
}
