using SanSim.Engine;

namespace SanSim.Hosts.Windows;

/// <summary>The level of a Windows event log entry.</summary>
public enum EventLevel
{
    Information,
    Warning,
    Error,
}

/// <summary>
/// One entry of the modelled Windows System event log: the provider ("disk", "Ntfs", "Kernel-Power"), the
/// event id where a source gives it, the level and a text.
/// <para>
/// The reference has no wording for Windows' entries. Where classpnp's message table (ntiologc.h) defines the
/// message of an event id, the text follows that message with the insertion strings filled in by the model
/// (device names and addresses are the model's, not Windows'); everything else is generic wording of our own.
/// <see cref="Approximate"/> is true on every entry whose text or provider is not confirmed by a source.
/// </para>
/// </summary>
public sealed record SystemLogEntry(SimTime Time, string Source, int? EventId, EventLevel Level, string Text, bool Approximate, long TraceId)
{
    /// <summary>The entry as one log line: "Warning disk 153: …", "Information Kernel-Power: …".</summary>
    public override string ToString() =>
        $"{Level} {Source}{(EventId is { } id ? " " + id : "")}: {Text}" + (Approximate ? " [approximate]" : "");
}

/// <summary>The System event log of a <see cref="WindowsHost"/>; every entry is also a line of the host's <see cref="HostLog"/>.</summary>
public sealed class SystemEventLog
{
    private readonly List<SystemLogEntry> _entries = new();
    private readonly HostLog _log;
    private readonly Simulation _simulation;

    internal SystemEventLog(Simulation simulation, HostLog log)
    {
        _simulation = simulation;
        _log = log;
    }

    public IReadOnlyList<SystemLogEntry> Entries => _entries;

    /// <summary>Writes an entry, caused by trace event <paramref name="causeId"/>, and returns its trace id.</summary>
    internal long Write(string source, int? eventId, EventLevel level, string text, bool approximate, long causeId)
    {
        var line = new SystemLogEntry(_simulation.Now, source, eventId, level, text, approximate, 0);
        long id = _log.Write(line.ToString(), causeId);
        _entries.Add(line with { TraceId = id });
        return id;
    }
}
