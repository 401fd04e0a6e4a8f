using System.Globalization;
using SanSim.Engine;

namespace SanSim.Hosts.Linux;

/// <summary>
/// The kernel's ring buffer (dmesg) over a host's <see cref="HostLog"/>: lines are kept raw, as the kernel
/// formats the message, and <see cref="Format"/> adds the "[%5lu.%06lu] " time since boot.
/// </summary>
public sealed class KernelLog
{
    public KernelLog(HostLog log, Simulation simulation, SimTime bootTime)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(simulation);
        Log = log;
        Simulation = simulation;
        BootTime = bootTime;
    }

    public HostLog Log { get; }
    public Simulation Simulation { get; }

    /// <summary>The virtual time the kernel booted: timestamps count from it.</summary>
    public SimTime BootTime { get; }

    /// <summary>Prints one line (printk) and returns its trace id.</summary>
    public long Print(string text, long causeId = 0) => Log.Write(text, causeId);

    /// <summary>
    /// The SCSI logging buffer (scsi_log_reserve_buffer): 128 bytes, so what sdev_printk, sd_printk and scmd_printk
    /// format after the device name ("[sdb] tag#97 " included) is cut at 127 characters.
    /// </summary>
    public const int ScsiLogBufferChars = 127;

    /// <summary>dev_printk for a SCSI device through the SCSI logging buffer: "sd 6:0:0:0: text" (or "scsi 6:0:0:0: " before sd binds).</summary>
    public long SdevPrint(string driver, ScsiAddress address, string text, long causeId = 0)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > ScsiLogBufferChars) text = text[..ScsiLogBufferChars];
        return Print($"{driver} {address}: {text}", causeId);
    }

    /// <summary>
    /// printk through a ratelimit state (printk_ratelimited / __ratelimit): when the interval that just ended
    /// dropped messages, "&lt;name&gt;: N callbacks suppressed" comes first. Returns false when this one is dropped.
    /// </summary>
    public bool Ratelimited(PrintkRatelimit state, string name, long causeId = 0)
    {
        ArgumentNullException.ThrowIfNull(state);
        bool ok = state.Allow(Simulation.Now, out int suppressed);
        if (suppressed > 0)
            Print($"{name}: {suppressed} callbacks suppressed", causeId);
        return ok;
    }

    /// <summary>"[%5lu.%06lu] " + text, with the time since boot.</summary>
    public string Format(LogLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return FormatTimestamp(line.Time - BootTime) + " " + line.Text;
    }

    /// <summary>The kernel's timestamp field: "[ 35771.996877]" (seconds right-aligned in five columns).</summary>
    public static string FormatTimestamp(SimTime sinceBoot)
    {
        long ns = Math.Max(0, sinceBoot.Nanoseconds);
        long sec = ns / SimTime.NanosPerSecond;
        long usec = ns % SimTime.NanosPerSecond / SimTime.NanosPerMicrosecond;
        return string.Create(CultureInfo.InvariantCulture, $"[{sec,5}.{usec:D6}]");
    }

    /// <summary>Every line, formatted as dmesg prints it.</summary>
    public IEnumerable<string> Formatted() => Log.Lines.Select(Format);

    /// <summary>The raw texts, without timestamps.</summary>
    public IEnumerable<string> Texts => Log.Lines.Select(l => l.Text);
}
