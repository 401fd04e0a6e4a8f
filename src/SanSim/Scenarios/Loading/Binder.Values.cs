using System.Globalization;
using SanSim.Engine;
using SanSim.Scenarios.Model;

namespace SanSim.Scenarios.Loading;

/// <summary>Typed reads of keys and scalars, each reporting the key path and the mark of the value it rejects.</summary>
internal sealed partial class Binder
{
    private const int MaxErrors = 200;

    private void Error(SourceMark mark, string message)
    {
        if (errors.Count < MaxErrors) errors.Add(new ScenarioError(mark, message));
    }

    /// <summary>The node as a mapping whose keys are all in <paramref name="known"/> (null: any key).</summary>
    private YMap? AsMap(YNode node, string path, string[]? known)
    {
        if (node is not YMap m)
        {
            Error(node.Mark, $"{path}: expected a mapping ({{ key: value, … }}), found {Describe(node)}");
            return null;
        }
        if (known is not null) CheckKeys(m, path, known);
        return m;
    }

    private void CheckKeys(YMap m, string path, string[] known)
    {
        foreach (var e in m.Entries)
            if (!known.Contains(e.Key))
                Error(e.KeyMark, $"{Join(path, e.Key)}: unknown key{Suggest(e.Key, known)}");
    }

    private YSeq? AsSeq(YNode node, string path)
    {
        if (node is YSeq s) return s;
        Error(node.Mark, $"{path}: expected a list ([ …, … ]), found {Describe(node)}");
        return null;
    }

    private YScalar? Scalar(YNode node, string path)
    {
        if (node is YScalar s) return s;
        Error(node.Mark, $"{path}: expected a single value, found {Describe(node)}");
        return null;
    }

    private List<T> BindList<T>(YEntry? entry, string path, Func<YNode, string, T?> bind) where T : class =>
        entry is null ? [] : BindList(entry.Value, path, bind);

    private List<T> BindList<T>(YNode node, string path, Func<YNode, string, T?> bind) where T : class
    {
        var result = new List<T>();
        if (node is YScalar { IsNull: true }) return result;
        if (AsSeq(node, path) is not { } seq) return result;
        for (int i = 0; i < seq.Items.Count; i++)
            if (bind(seq.Items[i], $"{path}[{i}]") is { } item)
                result.Add(item);
        return result;
    }

    private string? StringOf(YNode node, string path)
    {
        if (Scalar(node, path) is not { } s) return null;
        if (s.Plain && LooksTyped(s.Value))
        {
            Error(s.Mark, $"{path}: expected a string, found the {(IsBool(s.Value) ? "boolean" : s.IsNull ? "null" : "number")} {s.Value}; quote it: \"{s.Value}\"");
            return null;
        }
        return s.Value;
    }

    private int? IntOf(YNode node, string path, int min, int max)
    {
        if (Scalar(node, path) is not { } s) return null;
        if (!s.Plain || !long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
        {
            Error(s.Mark, $"{path}: expected a whole number, found {(s.Plain ? "" : "the string ")}'{s.Value}'");
            return null;
        }
        if (v < min || v > max)
        {
            Error(s.Mark, $"{path}: {v} is out of range ({min}..{max})");
            return null;
        }
        return (int)v;
    }

    private string? ReqString(YMap m, string key, string path)
    {
        if (m.Find(key) is { } e) return StringOf(e.Value, Join(path, key));
        Error(m.Mark, $"{Join(path, key)}: missing required key");
        return null;
    }

    private string? OptString(YMap m, string key, string path) =>
        m.Find(key) is { } e && !(e.Value is YScalar { IsNull: true }) ? StringOf(e.Value, Join(path, key)) : null;

    private int? ReqInt(YMap m, string key, string path, int min, int max)
    {
        if (m.Find(key) is { } e) return IntOf(e.Value, Join(path, key), min, max);
        Error(m.Mark, $"{Join(path, key)}: missing required key");
        return null;
    }

    private int? OptInt(YMap m, string key, string path, int min, int max) =>
        m.Find(key) is { } e ? IntOf(e.Value, Join(path, key), min, max) : null;

    private int? OptInt(YMap m, string key, string path, int fallback) =>
        m.Find(key) is { } e ? IntOf(e.Value, Join(path, key), int.MinValue, int.MaxValue) : fallback;

    private ulong? OptULong(YMap m, string key, string path)
    {
        if (m.Find(key) is not { } e || Scalar(e.Value, Join(path, key)) is not { } s) return null;
        if (s.Plain && ulong.TryParse(s.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var v)) return v;
        Error(s.Mark, $"{Join(path, key)}: expected a whole number from 0 up, found '{s.Value}'");
        return null;
    }

    private ulong? OptHex(YMap m, string key, string path)
    {
        if (m.Find(key) is not { } e || Scalar(e.Value, Join(path, key)) is not { } s) return null;
        var v = ValueParsers.Hex(s.Value, out var err);
        if (err is not null) Error(s.Mark, $"{Join(path, key)}: {err}");
        return v;
    }

    private bool? OptBool(YMap m, string key, string path)
    {
        if (m.Find(key) is not { } e || Scalar(e.Value, Join(path, key)) is not { } s) return null;
        if (s.Plain && s.Value is "true" or "True" or "TRUE") return true;
        if (s.Plain && s.Value is "false" or "False" or "FALSE") return false;
        Error(s.Mark, $"{Join(path, key)}: expected true or false, found '{s.Value}'");
        return null;
    }

    private SimTime? OptTime(YMap m, string key, string path)
    {
        if (m.Find(key) is not { } e || Scalar(e.Value, Join(path, key)) is not { } s) return null;
        var t = ValueParsers.Time(s.Value, out var err);
        if (err is not null) Error(s.Mark, $"{Join(path, key)}: {err}");
        return t;
    }

    private string? OptEnum(YMap m, string key, string path, string[] values)
    {
        if (m.Find(key) is not { } e || StringOf(e.Value, Join(path, key)) is not { } s) return null;
        if (values.Contains(s)) return s;
        Error(e.Value.Mark, $"{Join(path, key)}: '{s}' is not one of {string.Join(" | ", values)}{Suggest(s, values)}");
        return null;
    }

    private string? ReqEnum(YMap m, string key, string path, string[] values)
    {
        if (m.Find(key) is null)
        {
            Error(m.Mark, $"{Join(path, key)}: missing required key ({string.Join(" | ", values)})");
            return null;
        }
        return OptEnum(m, key, path, values);
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private static string Describe(YNode node) => node switch
    {
        YMap => "a mapping",
        YSeq => "a list",
        YScalar { IsNull: true } => "nothing",
        YScalar s => $"'{s.Value}'",
        _ => "something else",
    };

    private static bool IsBool(string v) => v is "true" or "True" or "TRUE" or "false" or "False" or "FALSE";

    /// <summary>Whether a plain scalar is a number, boolean or null under the YAML core schema rather than a string.</summary>
    internal static bool LooksTyped(string v) =>
        IsBool(v) || v.Length == 0 || v is "~" or "null" or "Null" or "NULL"
        || double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        || (v.StartsWith("0x", StringComparison.Ordinal) && v.Length > 2 && ulong.TryParse(v.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _));

    /// <summary>"; did you mean 'x'?" for the closest known name within a few edits, else "".</summary>
    internal static string Suggest(string given, IEnumerable<string> known)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var k in known)
        {
            int d = Distance(given, k);
            if (d < bestDistance) { best = k; bestDistance = d; }
        }
        return best is not null && bestDistance <= Math.Max(2, given.Length / 3) ? $"; did you mean '{best}'?" : "";
    }

    private static int Distance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64) return int.MaxValue;
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
