using SanSim.Engine;
using SanSim.Hosts.Transport;

namespace SanSim.Hosts.Windows;

/// <summary>Which classpnp path sends a request; it decides the retry delays and whether START UNIT may be sent.</summary>
internal enum RequestKind
{
    /// <summary>Reads and writes (transfer packets, retry.c): retried after the interpreted interval, 0 = at once.</summary>
    Io,
    /// <summary>Start-device commands (ClassSendSrbSynchronous): a NOT READY 04/xx waits at least 2 s before the retry.</summary>
    Probe,
    /// <summary>Power IRP commands (power.c, RetryPowerRequest): interval 0 waits the minimum 0.2 s; the queue is power-locked.</summary>
    Power,
    /// <summary>ClassSendStartUnit: asynchronous, never retried.</summary>
    StartUnit,
}

/// <summary>The end of a request after its retries.</summary>
internal sealed record ClassResult(bool Success, string Status, ScsiResponse Last, long TraceId);

/// <summary>One request in flight through the class driver's retry logic.</summary>
internal sealed class ClassRequest
{
    public required WindowsDisk Disk { get; init; }
    public required byte[] Cdb { get; init; }
    public byte[]? DataOut { get; init; }
    public int DataInLength { get; init; }
    public required RequestKind Kind { get; init; }
    public required int MaxRetries { get; init; }
    public required SimTime Timeout { get; init; }
    public required Action<ClassResult> Done { get; init; }

    /// <summary>Trace id the next attempt carries as its cause: the original cause, then each failed attempt's completion.</summary>
    public long CauseId { get; set; }
    public int RetriesDone { get; set; }

    public bool IsReadWrite => Cdb[0] is 0x08 or 0x0A or 0x28 or 0x2A or 0xA8 or 0xAA or 0x88 or 0x8A;
    public bool IsWrite => Cdb[0] is 0x0A or 0x2A or 0xAA or 0x8A;

    /// <summary>First LBA of a READ/WRITE(10/16), for messages.</summary>
    public ulong Lba => Cdb.Length switch
    {
        10 => (ulong)(Cdb[2] << 24 | Cdb[3] << 16 | Cdb[4] << 8 | Cdb[5]),
        16 => System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(Cdb.AsSpan(2)),
        _ => 0,
    };
}
