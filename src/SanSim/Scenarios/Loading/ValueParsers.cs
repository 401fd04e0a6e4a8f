using System.Globalization;
using SanSim.Engine;
using SanSim.Scsi;

namespace SanSim.Scenarios.Loading;

/// <summary>The scenario format's value syntaxes: times, sizes, hex numbers and sense triples.</summary>
internal static class ValueParsers
{
    private static readonly (string Unit, long Nanos)[] TimeUnits =
    [
        ("ms", SimTime.NanosPerMillisecond),
        ("us", SimTime.NanosPerMicrosecond),
        ("h", 3600 * SimTime.NanosPerSecond),
        ("m", 60 * SimTime.NanosPerSecond),
        ("s", SimTime.NanosPerSecond),
    ];

    private static readonly (string Unit, int Shift)[] SizeUnits =
        [("KiB", 10), ("MiB", 20), ("GiB", 30), ("TiB", 40), ("PiB", 50)];

    /// <summary>"250ms", "5s", "35771.99s", "1h30m"; a bare number is seconds. Null and a reason when it is not a time.</summary>
    public static SimTime? Time(string text, out string? error)
    {
        error = null;
        text = text.Trim();
        if (text.Length == 0) { error = "a time is empty"; return null; }
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var bare))
            return FromDecimal(bare, SimTime.NanosPerSecond, out error);
        long total = 0;
        int i = 0;
        while (i < text.Length)
        {
            int start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
            if (i == start || !decimal.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
            {
                error = $"'{text}' is not a time: expected a number at '{text[start..]}' (write 250ms, 5s, 35771.99s, 1h30m or a number of seconds)";
                return null;
            }
            int unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i])) i++;
            string unit = text[unitStart..i];
            long per = 0;
            foreach (var (u, nanos) in TimeUnits)
                if (u == unit) per = nanos;
            if (per == 0)
            {
                error = unit.Length == 0
                    ? $"'{text}' is not a time: the number '{text[start..unitStart]}' has no unit"
                    : $"'{text}' is not a time: unknown unit '{unit}' (use h, m, s, ms or us)";
                return null;
            }
            var part = FromDecimal(n, per, out error);
            if (part is null) return null;
            try { total = checked(total + part.Value.Nanoseconds); }
            catch (OverflowException) { error = $"'{text}' is too long a time"; return null; }
        }
        return new SimTime(total);
    }

    private static SimTime? FromDecimal(decimal value, long per, out string? error)
    {
        error = null;
        try { return new SimTime(checked((long)decimal.Round(value * per))); }
        catch (OverflowException) { error = $"{value} is too long a time"; return null; }
    }

    /// <summary>"1GiB", "2TiB", "512MiB" (KiB..PiB) or a bare block count; the result is in blocks of <paramref name="blockSize"/> bytes.</summary>
    public static ulong? SizeBlocks(string text, int blockSize, out string? error)
    {
        error = null;
        text = text.Trim();
        if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var blocks))
        {
            if (blocks == 0) { error = "a size of 0 blocks"; return null; }
            return blocks;
        }
        int i = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        string unit = text[i..];
        int shift = -1;
        foreach (var (u, s) in SizeUnits)
            if (u == unit) shift = s;
        if (i == 0 || shift < 0 || !ulong.TryParse(text.AsSpan(0, i), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            error = $"'{text}' is not a size: write a whole number with KiB, MiB, GiB, TiB or PiB (e.g. 2TiB), or a block count";
            return null;
        }
        if (n == 0) { error = "a size of 0"; return null; }
        if (n > (ulong.MaxValue >> shift)) { error = $"'{text}' is too large"; return null; }
        ulong bytes = n << shift;
        if (bytes % (ulong)blockSize != 0) { error = $"'{text}' is not a whole number of {blockSize}-byte blocks"; return null; }
        return bytes / (ulong)blockSize;
    }

    /// <summary>"0x00023d000004" or a decimal number.</summary>
    public static ulong? Hex(string text, out string? error)
    {
        error = null;
        text = text.Trim();
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            if (text.Length > 2 && ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h)) return h;
        }
        else if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var d))
        {
            return d;
        }
        error = $"'{text}' is not a number (write 0x00023d000004 or a decimal number)";
        return null;
    }

    /// <summary>"03/11/00": sense key, ASC, ASCQ in hex.</summary>
    public static SenseInfo? Sense(string text, out string? error)
    {
        error = null;
        var parts = text.Trim().Split('/');
        if (parts.Length == 3
            && byte.TryParse(parts[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var key)
            && byte.TryParse(parts[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var asc)
            && byte.TryParse(parts[2], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var ascq)
            && parts.All(p => p.Length == 2)
            && key <= 0x0F)
        {
            return new SenseInfo((SenseKey)key, new AscAscq(asc, ascq));
        }
        error = $"'{text}' is not sense data: write key/ASC/ASCQ in hex, e.g. 03/11/00";
        return null;
    }
}
