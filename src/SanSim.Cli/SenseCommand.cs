using System.CommandLine;
using System.Globalization;
using System.Text;
using SanSim.Scsi;

namespace SanSim.Cli;

/// <summary>`sansim sense &lt;hex bytes&gt;`: decodes a SCSI sense buffer (fixed or descriptor format).</summary>
internal static class SenseCommand
{
    public const string Example = "sansim sense 70 00 02 00 00 00 00 0a 00 00 00 00 04 02 00 00 00 00";

    public static Command Create()
    {
        var bytes = new Argument<string[]>("bytes")
        {
            Description = "Sense bytes in hex: separate arguments (70 00 02 ...) or one string, with or without spaces, colons or commas; a 0x prefix is optional.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var cmd = new Command("sense",
            "Decode a SCSI sense buffer given as hex bytes: format, sense key, ASC/ASCQ with T10's text, INFORMATION, field pointer and descriptors.\n\n"
            + "Example:\n  " + Example + "\n  sansim sense 72:05:24:00:00:00:00:08:02:06:00:00:c8:00:04:00");
        cmd.Arguments.Add(bytes);
        cmd.SetAction(result => Run(result.GetValue(bytes) ?? [], result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
        return cmd;
    }

    /// <summary>Decodes <paramref name="args"/> and prints the result; returns an <see cref="ExitCodes"/> value.</summary>
    internal static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (!TryParseHex(args, out var data, out var hexError))
        {
            stderr.WriteLine($"sansim sense: {hexError}");
            stderr.WriteLine($"Example: {Example}");
            return ExitCodes.InvalidInput;
        }
        if (!SenseData.TryParse(data, out var parsed, out var error))
        {
            stderr.WriteLine($"sansim sense: cannot decode {data.Length} byte(s) as sense data: {error}");
            return ExitCodes.InvalidInput;
        }
        stdout.Write(Format(parsed, data.Length));
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Reads hex bytes from the arguments. Separators: whitespace, ':' and ','. Each token may start with
    /// 0x; a one-digit token is one byte, longer tokens must have an even number of digits (two per byte).
    /// </summary>
    internal static bool TryParseHex(IReadOnlyList<string> args, out byte[] bytes, out string error)
    {
        var result = new List<byte>();
        error = "";
        int tokenIndex = 0;
        for (int a = 0; a < args.Count; a++)
        {
            foreach (var token in args[a].Split([' ', '\t', '\r', '\n', ':', ','], StringSplitOptions.RemoveEmptyEntries))
            {
                tokenIndex++;
                var digits = token.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? token[2..] : token;
                string where = $"token {tokenIndex} \"{token}\" (argument {a + 1})";
                if (digits.Length == 0)
                {
                    error = $"{where} has no hex digits after 0x";
                    bytes = [];
                    return false;
                }
                for (int i = 0; i < digits.Length; i++)
                {
                    if (!char.IsAsciiHexDigit(digits[i]))
                    {
                        error = $"{where}: '{digits[i]}' is not a hex digit";
                        bytes = [];
                        return false;
                    }
                }
                if (digits.Length == 1)
                {
                    result.Add(byte.Parse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    continue;
                }
                if (digits.Length % 2 != 0)
                {
                    error = $"{where} has an odd number of hex digits ({digits.Length}); write two digits per byte";
                    bytes = [];
                    return false;
                }
                for (int i = 0; i < digits.Length; i += 2)
                    result.Add(byte.Parse(digits.AsSpan(i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
        }
        if (result.Count == 0)
        {
            error = "no sense bytes given";
            bytes = [];
            return false;
        }
        bytes = result.ToArray();
        return true;
    }

    /// <summary>The readable decode printed on success.</summary>
    internal static string Format(ParsedSense s, int bufferLength)
    {
        var sb = new StringBuilder();
        string format = s.Format == SenseFormat.Fixed ? "fixed" : "descriptor";
        string when = s.Deferred ? "deferred" : "current";
        sb.AppendLine(CultureInfo.InvariantCulture, $"Format:       {format} ({s.ResponseCode:X2}h), {when} error; {bufferLength} byte(s), additional length {(s.AdditionalLength < 0 ? "missing" : s.AdditionalLength.ToString(CultureInfo.InvariantCulture))}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Sense key:    {(byte)s.Key:X1}h {s.Key.T10Name()} [Linux: {s.Key.LinuxName()}]");
        if (s.HasCode)
            sb.AppendLine(CultureInfo.InvariantCulture, $"ASC/ASCQ:     {s.Code.Asc:X2}h/{s.Code.Ascq:X2}h {AscTable.Describe(s.Code)}");
        else
            sb.AppendLine("ASC/ASCQ:     not present (buffer too short)");
        if (s.Information is { } info)
            sb.AppendLine(CultureInfo.InvariantCulture, $"Information:  0x{info:X} ({info})");
        else if (s.Format == SenseFormat.Fixed)
            sb.AppendLine("Information:  not valid (VALID=0)");
        if (s.CommandSpecificInformation is { } csi)
            sb.AppendLine(CultureInfo.InvariantCulture, $"Command-specific information: 0x{csi:X}");
        if (s.Field is { } f)
        {
            string bit = f.Bit is { } b ? $", bit {b}" : "";
            sb.AppendLine(CultureInfo.InvariantCulture, $"Field pointer: {(f.InCdb ? "CDB" : "parameter data")} byte {f.Byte}{bit}");
        }
        else if (s.Progress is { } p)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"Progress:     {p * 100 / 65536}% ({p}/65536)");
        }
        else if (s.SenseKeySpecific is { } sks)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"Sense key specific: {sks:X6}h");
        }
        var flags = new List<string>();
        if (s.FileMark) flags.Add("FILEMARK");
        if (s.EndOfMedium) flags.Add("EOM");
        if (s.IncorrectLength) flags.Add("ILI");
        if (s.SenseDataOverflow) flags.Add("SDAT_OVFL");
        if (flags.Count > 0)
            sb.AppendLine(CultureInfo.InvariantCulture, $"Flags:        {string.Join(' ', flags)}");
        if (s.FieldReplaceableUnitCode != 0)
            sb.AppendLine(CultureInfo.InvariantCulture, $"FRU code:     {s.FieldReplaceableUnitCode:X2}h");
        if (s.Format == SenseFormat.Descriptor)
        {
            if (s.Descriptors.Count == 0)
            {
                sb.AppendLine("Descriptors:  none");
            }
            else
            {
                sb.AppendLine("Descriptors:");
                foreach (var d in s.Descriptors)
                {
                    string hex = string.Join(' ', d.Data.Select(x => x.ToString("x2", CultureInfo.InvariantCulture)));
                    sb.AppendLine(CultureInfo.InvariantCulture, $"  {d.Type:X2}h {d.Name}, byte {d.Offset}, length {d.Length}: {hex}");
                }
            }
        }
        foreach (var w in s.Warnings)
            sb.AppendLine(CultureInfo.InvariantCulture, $"Warning:      {w}");
        return sb.ToString();
    }
}
