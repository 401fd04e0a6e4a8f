using System.Globalization;

namespace SanSim.Scenarios.Import;

/// <summary>
/// Reads back <c>ctladm devlist [-v]</c>: the header, one row per LUN (LUN, backend, size in blocks, block size,
/// serial number, device id) and, with <c>-v</c>, its <c>name=value</c> attribute lines.
/// </summary>
public static class DevlistParser
{
    /// <summary>Attributes devlist -v prints that CTL generates rather than the LUN's options.</summary>
    private static readonly HashSet<string> Generated = new(StringComparer.Ordinal) { "lun_type", "num_threads" };

    /// <summary>Parses the whole text; on any unreadable line returns its errors and no result.</summary>
    public static IReadOnlyList<ImportedLun>? Parse(string text, string fileName, List<ImportError> errors)
    {
        var lines = PortlistParser.SplitLines(text);
        var luns = new List<ImportedLun>();
        List<KeyValuePair<string, string>>? options = null;
        int start = errors.Count;
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i];
            int no = i + 1;
            if (i == 0 && line.StartsWith("LUN Backend", StringComparison.Ordinal)) continue;
            if (line.Trim().Length == 0) continue;
            if (line.StartsWith("      ", StringComparison.Ordinal))
            {
                string opt = line[6..];
                int eq = opt.IndexOf('=', StringComparison.Ordinal);
                if (options is null || eq <= 0) { errors.Add(new ImportError(fileName, no, $"not a LUN attribute line (name=value under a LUN): '{line}'")); continue; }
                if (!Generated.Contains(opt[..eq])) options.Add(new(opt[..eq], opt[(eq + 1)..]));
                continue;
            }
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 4 || f.Length > 6
                || !int.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out int id)
                || !ulong.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out ulong blocks)
                || !int.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out int bs) || bs <= 0)
            {
                errors.Add(new ImportError(fileName, no, $"not a devlist row (LUN backend blocks blocksize serial device-id): '{line}'"));
                continue;
            }
            if (luns.Any(l => l.Id == id)) { errors.Add(new ImportError(fileName, no, $"LUN {id} is listed twice")); continue; }
            options = [];
            luns.Add(new ImportedLun(id, f[1], blocks, bs, f.Length > 4 ? f[4] : "", f.Length > 5 ? f[5] : "", options));
        }
        return errors.Count > start ? null : luns;
    }
}
