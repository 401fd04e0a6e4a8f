using System.Collections.Frozen;
using System.Globalization;

namespace SanSim.Scsi;

/// <summary>One row of the T10 ASC/ASCQ table: a single code, or a range of ASCQs sharing one text.</summary>
public readonly record struct AscEntry(byte Asc, byte FirstAscq, byte LastAscq, string Text)
{
    /// <summary>True when the ASCQ is a parameter (the text names it NN), e.g. 40/NN DIAGNOSTIC FAILURE ON COMPONENT NN.</summary>
    public bool IsRange => FirstAscq != LastAscq;

    public bool Contains(AscAscq code) => code.Asc == Asc && code.Ascq >= FirstAscq && code.Ascq <= LastAscq;

    public override string ToString() => IsRange
        ? $"{Asc:X2}/{FirstAscq:X2}-{LastAscq:X2} {Text}"
        : $"{Asc:X2}/{FirstAscq:X2} {Text}";
}

/// <summary>
/// The T10 additional sense code table (SPC-5, additional sense codes in numeric order): the text T10 assigns to each ASC/ASCQ pair.
/// Lookups go through a frozen dictionary built once; ranged codes fill the ASCQ in for NN.
/// </summary>
public static partial class AscTable
{
    private static readonly AscEntry[] EntryArray = ParseRows(Rows);
    private static readonly FrozenDictionary<ushort, string> Singles = EntryArray
        .Where(e => !e.IsRange)
        .ToFrozenDictionary(e => (ushort)((e.Asc << 8) | e.FirstAscq), e => e.Text);
    private static readonly AscEntry[] Ranges = EntryArray.Where(e => e.IsRange).ToArray();

    /// <summary>Number of rows in the table (a ranged code such as 40/80-FF counts once).</summary>
    public static int Count => EntryArray.Length;

    /// <summary>Every row, sorted by ASC then ASCQ.</summary>
    public static IReadOnlyList<AscEntry> Entries => EntryArray;

    /// <summary>
    /// The T10 text for a code T10 assigns (ranged codes with NN replaced by the ASCQ, e.g. "85H"), or for a
    /// vendor-specific code (ASC 80h-FFh, or an unlisted ASCQ 80h-FFh) a "VENDOR SPECIFIC" text naming both
    /// bytes. False for reserved codes.
    /// </summary>
    public static bool TryGet(AscAscq code, out string text)
    {
        if (Singles.TryGetValue(code.Value, out var single))
        {
            text = single;
            return true;
        }
        foreach (var r in Ranges)
        {
            if (r.Contains(code))
            {
                text = FillParameter(r.Text, code.Ascq);
                return true;
            }
        }
        if (code.Asc >= 0x80)
        {
            text = $"VENDOR SPECIFIC ASC ({Hex(code)})";
            return true;
        }
        if (code.Ascq >= 0x80)
        {
            text = $"VENDOR SPECIFIC ASCQ ({Hex(code)})";
            return true;
        }
        text = "";
        return false;
    }

    /// <summary>The T10 text when there is one, else "RESERVED ASC/ASCQ (ASC=0xNN ASCQ=0xNN)".</summary>
    public static string Describe(AscAscq code) =>
        TryGet(code, out var text) ? text : $"RESERVED ASC/ASCQ ({Hex(code)})";

    /// <summary>True when T10 lists the code itself (not only as vendor specific).</summary>
    public static bool IsAssigned(AscAscq code)
    {
        if (Singles.ContainsKey(code.Value))
            return true;
        foreach (var r in Ranges)
        {
            if (r.Contains(code))
                return true;
        }
        return false;
    }

    private static string Hex(AscAscq code) => $"ASC=0x{code.Asc:X2} ASCQ=0x{code.Ascq:X2}";

    /// <summary>Replaces the whole word NN with the ASCQ in T10's hex notation ("85H").</summary>
    private static string FillParameter(string text, byte ascq)
    {
        string value = ascq.ToString("X2", CultureInfo.InvariantCulture) + "H";
        var sb = new System.Text.StringBuilder(text.Length + 2);
        for (int i = 0; i < text.Length; i++)
        {
            bool word = i + 1 < text.Length && text[i] == 'N' && text[i + 1] == 'N'
                && (i == 0 || !char.IsLetterOrDigit(text[i - 1]))
                && (i + 2 == text.Length || !char.IsLetterOrDigit(text[i + 2]));
            if (word)
            {
                sb.Append(value);
                i++;
            }
            else
            {
                sb.Append(text[i]);
            }
        }
        return sb.ToString();
    }

    private static AscEntry[] ParseRows(string rows)
    {
        var list = new List<AscEntry>(800);
        foreach (var raw in rows.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
                continue;
            // "AA QQ TEXT" or "AA QQ-QQ TEXT"
            byte asc = ParseHex(line.AsSpan(0, 2));
            byte first = ParseHex(line.AsSpan(3, 2));
            byte last = first;
            int textStart = 6;
            if (line[5] == '-')
            {
                last = ParseHex(line.AsSpan(6, 2));
                textStart = 9;
            }
            list.Add(new AscEntry(asc, first, last, line[textStart..]));
        }
        return list.ToArray();
    }

    private static byte ParseHex(ReadOnlySpan<char> s) => byte.Parse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
