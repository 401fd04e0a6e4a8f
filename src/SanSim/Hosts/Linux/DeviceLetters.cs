using System.Text;

namespace SanSim.Hosts.Linux;

/// <summary>The kernel's and multipathd's name suffixes: 0 → "a", 25 → "z", 26 → "aa", 27 → "ab" … (sd_format_disk_name).</summary>
internal static class DeviceLetters
{
    public static string Suffix(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var sb = new StringBuilder();
        index++;
        while (index > 0)
        {
            index--;
            sb.Insert(0, (char)('a' + index % 26));
            index /= 26;
        }
        return sb.ToString();
    }
}
