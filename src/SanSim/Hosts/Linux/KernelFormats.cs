using System.Globalization;
using SanSim.Scsi;

namespace SanSim.Hosts.Linux;

/// <summary>
/// The text of the midlayer's and block layer's messages per kernel version: scsi_print_result,
/// scsi_print_sense (scsi_logging.c), print_req_error / blk_print_req_error (block/blk-core.c, blk-mq.c) and
/// string_get_size (lib/string_helpers.c) for sd's capacity line.
/// </summary>
public static class KernelFormats
{
    /// <summary>
    /// scsi_print_result(cmd, NULL, FAILED): "FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_SENSE" (4.19),
    /// "… driverbyte=DRIVER_SENSE cmd_age=0s" (5.10), "… driverbyte=DRIVER_OK cmd_age=0s" (6.1).
    /// </summary>
    public static string FailedResult(KernelTraits traits, HostByte host, bool hasSense, long cmdAgeSeconds)
    {
        ArgumentNullException.ThrowIfNull(traits);
        string driver = traits.DriverByteAlwaysOk || !hasSense ? "DRIVER_OK" : "DRIVER_SENSE";
        string text = $"FAILED Result: hostbyte={ScsiConstants.HostByteString(host)} driverbyte={driver}";
        if (traits.ResultHasCmdAge)
            text += string.Create(CultureInfo.InvariantCulture, $" cmd_age={cmdAgeSeconds}s");
        return text;
    }

    /// <summary>scsi_format_sense_hdr: "Sense Key : Not Ready [current] " (the trailing space is the kernel's).</summary>
    public static string SenseKeyLine(byte key, bool deferred, bool descriptor)
    {
        string? name = ScsiConstants.SenseKeyString(key);
        string text = "Sense Key : " + (name is not null ? name + " " : $"0x{key:x} ") + (deferred ? "[deferred] " : "[current] ");
        if (descriptor) text += "[descriptor] ";
        return text;
    }

    /// <summary>blk_op_str for the ops a filesystem sends.</summary>
    public static (int Op, string Name) Operation(BioOp op) => op switch
    {
        BioOp.Read => (0, "READ"),
        BioOp.Write => (1, "WRITE"),
        BioOp.Flush => (2, "FLUSH"),
        _ => (0, "UNKNOWN"),
    };

    /// <summary>The block layer's line for a request that ended with an I/O error.</summary>
    public static string BlockIoError(KernelTraits traits, string disk, ulong sector, BioOp op, BioFlags flags, int physSegments)
    {
        ArgumentNullException.ThrowIfNull(traits);
        if (traits.BlockError == BlockErrorFormat.PrintReqError)
            return string.Create(CultureInfo.InvariantCulture, $"print_req_error: I/O error, dev {disk}, sector {sector}");
        var (code, name) = Operation(op);
        string tail = string.Create(CultureInfo.InvariantCulture,
            $"I/O error, dev {disk}, sector {sector} op 0x{code:x}:({name}) flags 0x{KernelTraits.RequestFlags(flags):x} phys_seg {physSegments} prio class {traits.PrioClass}");
        return traits.BlockError == BlockErrorFormat.BlkUpdateRequest ? "blk_update_request: " + tail : tail;
    }

    /// <summary>
    /// string_get_size(size, blk_size, units): the capacity as sd prints it, "268 MB" / "256 MiB" / "1.07 GB",
    /// three significant figures rounded half up.
    /// </summary>
    public static string StringGetSize(ulong size, ulong blockSize, bool binary)
    {
        string[] units = binary
            ? ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"]
            : ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
        ulong divisor = binary ? 1024UL : 1000UL;
        uint[] rounding = [500, 50, 5];
        int i = 0;
        ulong remainder = 0;
        string tmp = "";
        if (size != 0)
        {
            while (blockSize >> 32 != 0) { blockSize /= divisor; i++; }
            while (size >> 32 != 0) { size /= divisor; i++; }
            size *= blockSize;
            while (size >= divisor)
            {
                remainder = size % divisor;
                size /= divisor;
                i++;
            }
            ulong sfCap = size;
            int j = 0;
            for (; sfCap * 10 < 1000; j++) sfCap *= 10;
            if (binary)
            {
                remainder *= 1000;
                remainder >>= 10;
            }
            remainder += j < rounding.Length ? rounding[j] : 0;
            if (remainder >= 1000)
            {
                remainder -= 1000;
                size += 1;
            }
            if (j > 0)
                tmp = string.Create(CultureInfo.InvariantCulture, $".{remainder:D3}")[..(j + 1)];
        }
        string unit = i < units.Length ? units[i] : "UNK";
        return string.Create(CultureInfo.InvariantCulture, $"{(uint)size}{tmp} {unit}");
    }
}
