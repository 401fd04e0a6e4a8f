namespace SanSim.Hosts.Linux.Ext4;

/// <summary>
/// printk_ratelimited call sites shared by every filesystem of one kernel: each has its own static ratelimit
/// state (DEFAULT_RATELIMIT_INTERVAL 5 s, burst 10), named after its function in "callbacks suppressed".
/// One instance per Linux host.
/// </summary>
public sealed class PrintkSites
{
    /// <summary>fs/buffer.c buffer_io_error ("Buffer I/O error on dev …").</summary>
    public PrintkRatelimit BufferIoError { get; } = new();

    /// <summary>fs/ext4/page-io.c buffer_io_error ("Buffer I/O error on device …").</summary>
    public PrintkRatelimit PageIoBufferError { get; } = new();
}
