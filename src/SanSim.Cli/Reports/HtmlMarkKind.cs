using System.Globalization;
using SanSim.Engine;

namespace SanSim.Cli.Reports;

/// <summary>
/// What a mark on the HTML timeline shows. The order is the priority: when several events share one mark,
/// the first kind in this order names it (a read-only remount outranks the log lines around it).
/// </summary>
internal enum HtmlMarkKind
{
    /// <summary>A filesystem or application lost data or went read-only: ext4 remount, panic, a failed Windows or VM write.</summary>
    FsError,
    /// <summary>A command ended in CHECK CONDITION (other than a unit attention) or RESERVATION CONFLICT.</summary>
    Failed,
    /// <summary>A host log line that reports an error (the buffer layer's or ext4's I/O error lines, jbd2's abort).</summary>
    ErrorLog,
    /// <summary>A unit attention: established on a LUN, or reported to a command (sense key 6h).</summary>
    UnitAttention,
    /// <summary>A task management function (ABORT TASK, LUN RESET, I_T NEXUS RESET).</summary>
    TaskManagement,
    /// <summary>Something went away: LUN stopped, path or port down, initiator removed, host asleep.</summary>
    StateDown,
    /// <summary>Something came back: LUN started, path up, port online, host working.</summary>
    StateUp,
    /// <summary>Any other state change (discovery, mkfs, map changes).</summary>
    State,
    /// <summary>A scenario's or administrator's action (sleep, wake, ctladm, fault rule).</summary>
    Action,
    /// <summary>A SCSI command on the way to a root cause (STOP UNIT, PERSISTENT RESERVE OUT).</summary>
    Command,
    /// <summary>Any other host log line.</summary>
    Log,
}

/// <summary>How trace events become marks: which kind each is and the few words written beside it.</summary>
internal static class HtmlMarkText
{
    /// <summary>The kind of <paramref name="ev"/> as a mark; null when the event is not one on its own (a GOOD completion, a plain command).</summary>
    public static HtmlMarkKind? KindOf(TraceEvent ev)
    {
        string m = ev.Message;
        switch (ev.Kind)
        {
            case TraceKind.Completion:
                if (m == "GOOD") return null;
                return SenseKeyOf(m) == "06" ? HtmlMarkKind.UnitAttention : HtmlMarkKind.Failed;
            case TraceKind.UnitAttention:
                return HtmlMarkKind.UnitAttention;
            case TraceKind.TaskManagement:
                return HtmlMarkKind.TaskManagement;
            case TraceKind.Action:
                return HtmlMarkKind.Action;
            case TraceKind.Log:
                return IsErrorLine(m) ? HtmlMarkKind.ErrorLog : HtmlMarkKind.Log;
            case TraceKind.StateChange:
                if (IsFsError(m)) return HtmlMarkKind.FsError;
                if (IsDown(m)) return HtmlMarkKind.StateDown;
                if (IsUp(m)) return HtmlMarkKind.StateUp;
                return HtmlMarkKind.State;
            default:
                return null;
        }
    }

    /// <summary>The kebab-case name written into the page's data-kind attributes and CSS classes.</summary>
    public static string CssName(HtmlMarkKind kind) => kind switch
    {
        HtmlMarkKind.FsError => "fs-error",
        HtmlMarkKind.Failed => "failed",
        HtmlMarkKind.ErrorLog => "error-log",
        HtmlMarkKind.UnitAttention => "ua",
        HtmlMarkKind.TaskManagement => "tmf",
        HtmlMarkKind.StateDown => "down",
        HtmlMarkKind.StateUp => "up",
        HtmlMarkKind.State => "state",
        HtmlMarkKind.Action => "action",
        HtmlMarkKind.Command => "command",
        _ => "log",
    };

    /// <summary>What the legend calls each kind.</summary>
    public static string LegendName(HtmlMarkKind kind) => kind switch
    {
        HtmlMarkKind.FsError => "data lost / read-only",
        HtmlMarkKind.Failed => "failed command",
        HtmlMarkKind.ErrorLog => "error in a log",
        HtmlMarkKind.UnitAttention => "unit attention",
        HtmlMarkKind.TaskManagement => "task management",
        HtmlMarkKind.StateDown => "stopped / down",
        HtmlMarkKind.StateUp => "started / up",
        HtmlMarkKind.State => "state change",
        HtmlMarkKind.Action => "action",
        HtmlMarkKind.Command => "command",
        _ => "log line",
    };

    /// <summary>
    /// The error symptoms a host's log or state shows, as the scenario runner counts them for spread: ext4's and
    /// the buffer layer's error lines, jbd2's abort, a kernel panic; Windows' failed write to the application.
    /// </summary>
    public static bool IsErrorLine(string text) =>
        text.StartsWith("EXT4-fs error", StringComparison.Ordinal)
        || text.StartsWith("EXT4-fs", StringComparison.Ordinal) && (text.Contains("I/O error", StringComparison.Ordinal) || text.Contains("Remounting filesystem read-only", StringComparison.Ordinal))
        || text.StartsWith("Aborting journal", StringComparison.Ordinal)
        || text.StartsWith("Buffer I/O error", StringComparison.Ordinal)
        || text.StartsWith("Kernel panic", StringComparison.Ordinal)
        || text.Contains("failed to the application", StringComparison.Ordinal);

    private static bool IsFsError(string m) =>
        m.StartsWith("ext4 ", StringComparison.Ordinal) && (m.Contains("-> ReadOnly", StringComparison.Ordinal) || m.Contains("-> Panicked", StringComparison.Ordinal))
        || m == "VM write failed"
        || m.StartsWith("host dead", StringComparison.Ordinal);

    private static bool IsDown(string m) =>
        m.StartsWith("LUN stopped", StringComparison.Ordinal) || m == "LUN removed" || m == "port offline"
        || m.Contains(" removed: ", StringComparison.Ordinal) || m.EndsWith("(Down)", StringComparison.Ordinal)
        || m.Contains("Up -> Down", StringComparison.Ordinal) || m.EndsWith("link down", StringComparison.Ordinal)
        || m.Contains("remote port lost", StringComparison.Ordinal) || m.Contains("login failed", StringComparison.Ordinal)
        || m is "Sleeping" or "Hibernated" or "Off" || m.Contains("timed out", StringComparison.Ordinal);

    private static bool IsUp(string m) =>
        m == "LUN started" || m == "port online" || m.Contains(" added: ", StringComparison.Ordinal)
        || m.EndsWith("(Up)", StringComparison.Ordinal) || m.Contains("Down -> Up", StringComparison.Ordinal)
        || m.EndsWith("link up", StringComparison.Ordinal) || m == "Working";

    /// <summary>The sense key of a completion "CHECK CONDITION 02/04/02 …" ("02"), or null.</summary>
    public static string? SenseKeyOf(string completion)
    {
        int i = completion.IndexOf("CHECK CONDITION ", StringComparison.Ordinal);
        if (i < 0 || completion.Length < i + 18) return null;
        return completion.Substring(i + 16, 2);
    }

    /// <summary>"02/04/02" of a completion, or its status word (RESERVATION CONFLICT, BUSY).</summary>
    public static string StatusOf(string completion)
    {
        int i = completion.IndexOf("CHECK CONDITION ", StringComparison.Ordinal);
        if (i >= 0)
        {
            var rest = completion.AsSpan(i + 16);
            int space = rest.IndexOf(' ');
            return (space < 0 ? rest : rest[..space]).ToString();
        }
        int colon = completion.LastIndexOf(": ", StringComparison.Ordinal);
        return colon >= 0 ? completion[(colon + 2)..] : completion;
    }

    /// <summary>The command's name from a command event ("WRITE(10) lba 0 len 8 from 5:3" → "WRITE(10)").</summary>
    public static string CommandName(string command)
    {
        foreach (string stop in new[] { " lba ", " from ", " tag " })
        {
            int i = command.IndexOf(stop, StringComparison.Ordinal);
            if (i > 0) command = command[..i];
        }
        return command;
    }

    /// <summary>The few words written beside a mark for <paramref name="ev"/>.</summary>
    public static string Label(TraceEvent ev, HtmlMarkKind kind, TraceEvent? command, string? effect)
    {
        string m = ev.Message;
        switch (kind)
        {
            case HtmlMarkKind.FsError when m.StartsWith("ext4 ", StringComparison.Ordinal):
                {
                    string dev = m[5..].Split(':')[0];
                    return m.Contains("-> ReadOnly", StringComparison.Ordinal) ? $"{dev} remounted read-only" : $"{dev}: kernel panic";
                }
            case HtmlMarkKind.Failed:
            case HtmlMarkKind.UnitAttention when ev.Kind == TraceKind.Completion:
                {
                    string name = command is null ? "" : CommandName(command.Message) + " ";
                    string status = StatusOf(m);
                    return kind == HtmlMarkKind.UnitAttention ? $"{name}UA {status}" : $"{name}✗ {status}";
                }
            case HtmlMarkKind.UnitAttention:
                {
                    int i = m.IndexOf(" established", StringComparison.Ordinal);
                    return "UA " + (i > 0 ? m[..i] : m);
                }
            case HtmlMarkKind.Command when ev.Kind == TraceKind.Completion:
                return (command is null ? "" : CommandName(command.Message) + " ") + m;
            case HtmlMarkKind.Command:
                {
                    string name = CommandName(m);
                    if (name == "START STOP UNIT" && effect is not null)
                        name = effect.StartsWith("LUN stopped", StringComparison.Ordinal) ? "STOP UNIT" : effect == "LUN started" ? "START UNIT" : name;
                    string lun = ev.Source.StartsWith("lun:", StringComparison.Ordinal) ? " → LUN " + ev.Source[4..] : "";
                    return name + lun;
                }
            case HtmlMarkKind.Action:
                return m.StartsWith("scenario: ", StringComparison.Ordinal) ? m[10..] : m;
            case HtmlMarkKind.StateDown:
            case HtmlMarkKind.StateUp:
            case HtmlMarkKind.State:
                {
                    if (ev.Source.StartsWith("path:", StringComparison.Ordinal))
                    {
                        int arrow = m.IndexOf('→');
                        int colon = arrow < 0 ? -1 : m.IndexOf(": ", arrow, StringComparison.Ordinal);
                        return "path " + (colon < 0 ? m : m[(colon + 2)..]);
                    }
                    if (ev.Source.StartsWith("port:", StringComparison.Ordinal))
                        return $"port {ev.Source[5..]}: {m}";
                    return m;
                }
            default:
                return m;
        }
    }

    /// <summary>The CTL LUN a fault completion names ("… lun 12 opcode 0x2a: …"), or null.</summary>
    public static string? FaultLun(string message)
    {
        int i = message.IndexOf(" lun ", StringComparison.Ordinal);
        if (i < 0) return null;
        int start = i + 5, end = start;
        while (end < message.Length && char.IsAsciiDigit(message[end])) end++;
        return end > start && int.TryParse(message.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out int lun)
            ? lun.ToString(CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>Cuts <paramref name="text"/> to <paramref name="max"/> characters with an ellipsis.</summary>
    public static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
