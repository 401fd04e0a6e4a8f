using System.Globalization;

namespace SanSim.Scenarios.Import;

/// <summary>
/// Reads back the text of <c>ctladm portlist [-i] [-l] [-v]</c> (usr.sbin/ctladm/ctladm.c, cctl_portlist): the
/// header, one row per port (<c>%-4ju %-6s %-8s %-8s %-2d %-2d %s</c>), then the port's <c>Target:</c>,
/// <c>Initiator N:</c>, <c>LUN p: c</c> / <c>No LUNs mapped</c> / <c>All LUNs mapped</c> and <c>name=value</c> lines.
/// </summary>
public static class PortlistParser
{
    private const string Header = "Port Online Frontend Name     pp vp";

    /// <summary>Parses the whole text; on any unreadable line returns its errors and no result.</summary>
    public static PortlistImport? Parse(string text, string fileName, List<ImportError> errors)
    {
        var lines = SplitLines(text);
        var ports = new List<ImportedPort>();
        bool init = false, luns = false, verbose = false;
        ImportedPort? port = null;
        int start = errors.Count;
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i];
            int no = i + 1;
            void Fail(string message) => errors.Add(new ImportError(fileName, no, message));
            if (i == 0 && line == Header) continue;
            if (line.StartsWith("      ", StringComparison.Ordinal))
            {
                string opt = line[6..];
                int eq = opt.IndexOf('=', StringComparison.Ordinal);
                if (port is null || eq <= 0) { Fail($"not a port option line (name=value under a port): '{line}'"); continue; }
                port.Options.Add(new(opt[..eq], opt[(eq + 1)..]));
                verbose = true;
            }
            else if (line.StartsWith("  ", StringComparison.Ordinal))
            {
                string body = line[2..];
                if (port is null) { Fail($"a port detail line before any port row: '{line}'"); continue; }
                if (body.StartsWith("Target: ", StringComparison.Ordinal))
                {
                    port.TargetId = body["Target: ".Length..];
                    init = true;
                }
                else if (body.StartsWith("Initiator ", StringComparison.Ordinal) && TrySplitNumbered(body["Initiator ".Length..], out int iid, out string name))
                {
                    port.Initiators.Add(new ImportedInitiator(iid, name));
                    init = true;
                }
                else if (body == "All LUNs mapped") { port.Map = ImportedMapKind.All; luns = true; }
                else if (body == "No LUNs mapped") { port.Map = ImportedMapKind.None; luns = true; }
                else if (body.StartsWith("LUN ", StringComparison.Ordinal) && TrySplitNumbered(body["LUN ".Length..], out int plun, out string ctl)
                    && int.TryParse(ctl, NumberStyles.None, CultureInfo.InvariantCulture, out int clun))
                {
                    port.Map = ImportedMapKind.Explicit;
                    port.Luns.Add(new(plun, clun));
                    luns = true;
                }
                else Fail($"not a portlist detail line (Target:, Initiator N:, LUN p: c, All/No LUNs mapped): '{line}'");
            }
            else if (line.Length == 0 && lines.Skip(i).All(l => l.Length == 0))
            {
                break;
            }
            else if (TryParseRow(line, out var row, out string? why))
            {
                if (ports.Any(p => p.Number == row!.Number)) { Fail($"port {row!.Number} is listed twice"); continue; }
                port = row;
                ports.Add(row!);
            }
            else Fail(why!);
        }
        if (errors.Count > start) return null;
        if (ports.Count == 0)
        {
            errors.Add(new ImportError(fileName, 1, "no port rows: expected the output of ctladm portlist"));
            return null;
        }
        string normal = string.Concat(lines.TakeWhile((_, i) => i < LastNonEmpty(lines) + 1).Select(l => l + "\n"));
        return new PortlistImport(ports, init, luns, verbose, normal);
    }

    private static int LastNonEmpty(List<string> lines)
    {
        for (int i = lines.Count - 1; i >= 0; i--)
            if (lines[i].Length > 0) return i;
        return -1;
    }

    internal static List<string> SplitLines(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    /// <summary>"3: 12" or "3: iqn…" → 3 and the rest.</summary>
    private static bool TrySplitNumbered(string s, out int n, out string rest)
    {
        rest = "";
        int colon = s.IndexOf(": ", StringComparison.Ordinal);
        if (colon <= 0 || !int.TryParse(s.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out n)) { n = 0; return false; }
        rest = s[(colon + 2)..];
        return rest.Length > 0;
    }

    private static bool TryParseRow(string line, out ImportedPort? port, out string? why)
    {
        port = null;
        var f = line.Split(' ', 7, StringSplitOptions.RemoveEmptyEntries);
        why = $"not a port row (port online frontend name pp vp id): '{line}'";
        if (f.Length < 6) return false;
        if (!int.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out int number)) return false;
        if (f[1] is not ("YES" or "NO")) { why = $"port {number}: the online column is '{f[1]}', not YES or NO"; return false; }
        if (!int.TryParse(f[4], NumberStyles.None, CultureInfo.InvariantCulture, out int pp)
            || !int.TryParse(f[5], NumberStyles.None, CultureInfo.InvariantCulture, out int vp))
        {
            why = $"port {number}: pp and vp must be numbers";
            return false;
        }
        port = new ImportedPort
        {
            Number = number, Online = f[1] == "YES", Frontend = f[2], Name = f[3], PhysicalPort = pp, VirtualPort = vp,
            PortId = f.Length > 6 ? f[6].Trim() : "",
        };
        why = null;
        return true;
    }
}
