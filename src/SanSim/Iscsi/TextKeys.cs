using System.Text;

namespace SanSim.Iscsi;

/// <summary>
/// The key=value pairs of a Login or Text data segment (RFC 7143 §6.1): UTF-8, each pair ended by a NUL,
/// order kept. Parsing is bounded and never throws; a malformed segment comes back as null.
/// </summary>
public sealed class TextKeys
{
    /// <summary>Most keys accepted in one negotiation (ctld's KEYS_MAX is 1024).</summary>
    public const int MaxKeys = 1024;

    private readonly List<KeyValuePair<string, string>> _pairs = new();

    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

    public int Count => _pairs.Count;

    /// <summary>The value of the first <paramref name="key"/>, or null.</summary>
    public string? this[string key]
    {
        get
        {
            foreach (var p in _pairs)
                if (p.Key == key) return p.Value;
            return null;
        }
    }

    public void Add(string key, string value) => _pairs.Add(new(key, value));

    /// <summary>
    /// Parses <paramref name="data"/>. Null when a pair lacks '=', a key is empty or repeated, the text is not
    /// UTF-8, or there are more than <see cref="MaxKeys"/> pairs; <paramref name="error"/> says which.
    /// </summary>
    public static TextKeys? Parse(ReadOnlySpan<byte> data, out string? error)
    {
        error = null;
        var keys = new TextKeys();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var utf8 = new UTF8Encoding(false, true);
        while (!data.IsEmpty)
        {
            int end = data.IndexOf((byte)0);
            var item = end < 0 ? data : data[..end];
            data = end < 0 ? default : data[(end + 1)..];
            if (item.IsEmpty) continue;
            int eq = item.IndexOf((byte)'=');
            if (eq <= 0)
            {
                error = "text key without '=' or with an empty name";
                return null;
            }
            string key, value;
            try
            {
                key = utf8.GetString(item[..eq]);
                value = utf8.GetString(item[(eq + 1)..]);
            }
            catch (DecoderFallbackException)
            {
                error = "text key that is not UTF-8";
                return null;
            }
            if (!seen.Add(key))
            {
                error = $"key \"{key}\" sent twice";
                return null;
            }
            if (keys.Count >= MaxKeys)
            {
                error = "too many text keys";
                return null;
            }
            keys.Add(key, value);
        }
        return keys;
    }

    /// <summary>The pairs as a data segment: "key=value\0" each.</summary>
    public byte[] ToBytes()
    {
        var sb = new StringBuilder();
        foreach (var p in _pairs) sb.Append(p.Key).Append('=').Append(p.Value).Append('\0');
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
