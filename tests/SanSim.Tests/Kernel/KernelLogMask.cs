using System.Text;
using System.Text.RegularExpressions;

namespace SanSim.Tests.Kernel;

/// <summary>
/// Makes two Linux kernel logs of the same storage failure comparable line for line: keeps the SCSI, block
/// layer, ext4 and jbd2 lines of a log (a serial console's, dmesg's or the host model's) and masks what
/// differs between runs and machines — the printk timestamp, the command tag, the SCSI address
/// (host:channel:id:lun), the disk's name, sector, block and inode numbers, and the LBA and transfer length
/// bytes of a CDB.
/// </summary>
public static partial class KernelLogMask
{
    /// <summary>The storage lines of <paramref name="log"/>, masked, in order.</summary>
    public static IReadOnlyList<string> StorageLines(string log)
    {
        var lines = new List<string>();
        foreach (string raw in log.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            var m = Timestamp().Match(line);
            if (!m.Success) continue;
            string message = line[m.Length..];
            if (IsStorage(message)) lines.Add(Mask(message));
        }
        return lines;
    }

    /// <summary>Whether a kernel message (without its timestamp) comes from SCSI, the block layer, ext4 or jbd2.</summary>
    public static bool IsStorage(string message) => StorageMessage().IsMatch(message);

    /// <summary>One message (without its timestamp) with the run-dependent fields masked.</summary>
    public static string Mask(string message)
    {
        string s = Cdb().Replace(message, m => m.Groups[1].Value + MaskCdb(m.Groups[2].Value));
        s = Tag().Replace(s, "tag#*");
        s = ScsiAddress().Replace(s, "H:C:T:L");
        s = DeviceName().Replace(s, "sdX");
        s = Numbered().Replace(s, m => m.Groups[1].Value + "#");
        return s;
    }

    /// <summary>
    /// The CDB's bytes with its logical block address and transfer length replaced by "..": bytes 2-5 and 7-8
    /// of a 10-byte CDB, 2-5 and 6-9 of a 12-byte one, 2-9 and 10-13 of a 16-byte one (SBC-4's READ/WRITE
    /// layouts); the operation code, flags, group and control bytes stay.
    /// </summary>
    public static string MaskCdb(string hexBytes)
    {
        string[] bytes = hexBytes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        (int From, int To)[] fields = bytes.Length switch
        {
            10 => [(2, 5), (7, 8)],
            12 => [(2, 5), (6, 9)],
            16 => [(2, 9), (10, 13)],
            _ => [],
        };
        var text = new StringBuilder();
        for (int i = 0; i < bytes.Length; i++)
        {
            if (i > 0) text.Append(' ');
            text.Append(fields.Any(f => i >= f.From && i <= f.To) ? ".." : bytes[i]);
        }
        return text.ToString();
    }

    /// <summary>
    /// The writing task's name in ext4's "comm NAME:" masked too, for comparing runs whose writers differ (the
    /// reference log's writer was init, the harness's is app).
    /// </summary>
    public static string MaskComm(string maskedMessage) => Comm().Replace(maskedMessage, "comm *:");

    [GeneratedRegex(@"\bcomm [^:]+:")]
    private static partial Regex Comm();

    [GeneratedRegex(@"^\[\s*\d+\.\d+\] ")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"^(scsi \d+:\d+:\d+:\d+: |sd \d+:\d+:\d+:\d+: |EXT4-fs|JBD2|I/O error, dev |blk_update_request: |print_req_error: |Buffer I/O error |Aborting journal )")]
    private static partial Regex StorageMessage();

    [GeneratedRegex(@"(CDB: (?:[A-Za-z][^)]*\) )?)((?:[0-9a-f]{2} ?)+)$")]
    private static partial Regex Cdb();

    [GeneratedRegex(@"tag#\d+")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\b\d+:\d+:\d+:\d+\b")]
    private static partial Regex ScsiAddress();

    [GeneratedRegex(@"\bsd[a-z]+\b")]
    private static partial Regex DeviceName();

    [GeneratedRegex(@"\b(sector |logical block |starting block |block |inode )\d+")]
    private static partial Regex Numbered();
}
