using System.Globalization;

namespace SanSim.Target.Ctladm;

/// <summary>The C library number parsers ctladm relies on: strtol/strtoull with base 0, and expand_number(3).</summary>
internal static class CNumbers
{
    /// <summary>
    /// strtoll(s, NULL, 0) / strtoull: leading blanks, an optional sign, "0x" for hex, a leading 0 for octal;
    /// parsing stops at the first character that does not fit; no digits gives 0. The result wraps as C's
    /// unsigned conversions do.
    /// </summary>
    public static ulong StrToU64(string s) => ParsePrefix(s, out _, out _);

    /// <summary>strtoll truncated to 32 bits, as assigning it to a uint32_t field does.</summary>
    public static uint StrToU32(string s) => unchecked((uint)ParsePrefix(s, out _, out _));

    /// <summary>strtol assigned to an int.</summary>
    public static int StrToInt(string s) => unchecked((int)ParsePrefix(s, out _, out _));

    private static ulong ParsePrefix(string s, out int end, out bool overflow)
    {
        int i = 0;
        overflow = false;
        while (i < s.Length && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))) i++;
        bool negative = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-')) { negative = s[i] == '-'; i++; }
        int radix = 10;
        if (i + 1 < s.Length && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X') && i + 2 < s.Length && Uri.IsHexDigit(s[i + 2]))
        {
            radix = 16;
            i += 2;
        }
        else if (i < s.Length && s[i] == '0')
        {
            radix = 8;
        }
        int start = i;
        ulong value = 0;
        for (; i < s.Length; i++)
        {
            int d = DigitValue(s[i]);
            if (d < 0 || d >= radix) break;
            ulong next = unchecked(value * (ulong)radix + (ulong)d);
            if (value > (ulong.MaxValue - (ulong)d) / (ulong)radix) overflow = true;
            value = next;
        }
        end = i == start ? 0 : i;
        if (overflow) value = ulong.MaxValue;
        return negative ? unchecked(0 - value) : value;
    }

    private static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'z' => c - 'a' + 10,
        >= 'A' and <= 'Z' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>
    /// expand_number(3): a number (base 0) with an optional unit letter b, k, m, g, t, p or e (either case,
    /// powers of 1024) and nothing after it. Returns the errno on failure: EINVAL or ERANGE.
    /// </summary>
    public static int ExpandNumber(string s, out ulong result)
    {
        result = 0;
        ulong value = ParsePrefix(s, out int end, out bool overflow);
        if (end == 0) return CtlErrno.EINVAL;
        if (overflow) return Errno.ERANGE;
        int shift;
        char unit = end < s.Length ? char.ToLower(s[end], CultureInfo.InvariantCulture) : '\0';
        switch (unit)
        {
            case 'e': shift = 60; break;
            case 'p': shift = 50; break;
            case 't': shift = 40; break;
            case 'g': shift = 30; break;
            case 'm': shift = 20; break;
            case 'k': shift = 10; break;
            case 'b': case '\0': shift = 0; break;
            default: return CtlErrno.EINVAL;
        }
        if (unit != '\0' && end + 1 < s.Length) return CtlErrno.EINVAL;
        if (shift > 0 && (value >> (64 - shift)) != 0) return Errno.ERANGE;
        result = value << shift;
        return 0;
    }
}

/// <summary>FreeBSD errno values and their strerror(3) texts, as warn(3) prints them.</summary>
internal static class Errno
{
    public const int ENOENT = 2;
    public const int ERANGE = 34;

    public static string StrError(int errno) => errno switch
    {
        ENOENT => "No such file or directory",
        CtlErrno.ENXIO => "Device not configured",
        CtlErrno.EBUSY => "Device busy",
        CtlErrno.EINVAL => "Invalid argument",
        ERANGE => "Result too large",
        _ => $"Unknown error: {errno}",
    };
}
