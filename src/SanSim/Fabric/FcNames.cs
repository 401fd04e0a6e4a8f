using System.Globalization;

namespace SanSim.Fabric;

/// <summary>FC names as CTL writes them.</summary>
public static class FcNames
{
    /// <summary>"naa." and the WWPN in lower-case hex, at least 8 digits (ctl.c's port list prints "naa.%08jx").</summary>
    public static string Naa(ulong wwpn) => "naa." + wwpn.ToString("x8", CultureInfo.InvariantCulture);

    /// <summary>The WWPN in "naa.…" (or bare hex), or null when it is not one.</summary>
    public static ulong? TryParse(string? name)
    {
        if (string.IsNullOrEmpty(name)) return null;
        var hex = name.StartsWith("naa.", StringComparison.OrdinalIgnoreCase) ? name.AsSpan(4) : name.AsSpan();
        return hex.Length is > 0 and <= 16 && ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong v) ? v : null;
    }
}
