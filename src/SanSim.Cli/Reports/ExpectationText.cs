using System.Globalization;
using SanSim.Scenarios.Model;

namespace SanSim.Cli.Reports;

/// <summary>Words for scenario parts, shared by every report: what an expectation checks, what a timeline entry does.</summary>
internal static class ExpectationText
{
    /// <summary>The kind of check: mount, log_contains, log_lacks, log_matches, lun, ctladm or spread.</summary>
    public static string Kind(Expectation e) =>
        e.Spread is not null ? "spread"
        : e.Ctladm is not null ? "ctladm"
        : e.Mount is not null ? "mount"
        : e.LogContains is not null ? "log_contains"
        : e.LogLacks is not null ? "log_lacks"
        : e.LogMatches is not null ? "log_matches"
        : e.Lun is not null ? "lun"
        : "run";

    /// <summary>One line saying what the expectation checks, as a reader would write it.</summary>
    public static string Describe(Expectation e)
    {
        string when = e.At is { } at ? $" at {at}" : "";
        return Kind(e) switch
        {
            "spread" => $"spread from {e.Spread!.From} reaches [{string.Join(", ", e.Spread.Reaches)}] at level {e.Spread.Level.ToString().ToLowerInvariant()}{when}",
            "ctladm" => $"ctladm {e.Ctladm}{when} " + (e.Output is not null ? "prints exactly the given output" : $"prints \"{e.OutputContains}\""),
            "mount" => $"{e.Host}: mount {e.Mount} is {e.Is}{when}",
            "log_contains" => $"{e.Host}: log contains \"{e.LogContains}\"{when}",
            "log_lacks" => $"{e.Host}: log lacks \"{e.LogLacks}\"{when}",
            "log_matches" => $"{e.Host}: log matches /{e.LogMatches}/{when}",
            "lun" => $"LUN {e.Lun} is {e.Is}{when}",
            _ => "the scenario runs to its end",
        };
    }

    /// <summary>One line saying what a timeline entry does.</summary>
    public static string Describe(TimelineEvent t)
    {
        if (t.Ctladm is not null) return $"ctladm {t.Ctladm}";
        if (t.Inject is { } i)
        {
            string what = i.Timeout ? "no answer (timeout)"
                : i.Status is { } st ? st.ToString()
                : i.Sense is { } s ? $"sense {s}"
                : "a fault";
            string op = i.Opcode is { } o ? string.Create(CultureInfo.InvariantCulture, $"opcode 0x{o:x2}") : "any opcode";
            string lun = i.Lun is { } l ? $"LUN {l}" : "every LUN";
            string count = i.Count is { } c ? $"{c} time(s)" : "always";
            string hosts = i.Hosts.Count == 0 ? "every host" : string.Join(", ", i.Hosts);
            return $"inject {what} on {lun}, {op}, {count}, for {hosts}";
        }
        var parts = new List<string> { $"{t.Host}: {t.Do}" };
        if (t.Mount is not null) parts.Add(t.Mount);
        if (t.Lun is { } lunNo) parts.Add($"LUN {lunNo}");
        if (t.Port is { } port) parts.Add($"port {port}");
        if (t.Key is { } key) parts.Add(string.Create(CultureInfo.InvariantCulture, $"key 0x{key:x}"));
        if (t.Type is not null) parts.Add(t.Type);
        if (t.VictimKey is { } victim) parts.Add(string.Create(CultureInfo.InvariantCulture, $"victim key 0x{victim:x}"));
        return string.Join(" ", parts);
    }
}
