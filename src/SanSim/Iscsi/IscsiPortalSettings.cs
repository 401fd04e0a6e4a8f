namespace SanSim.Iscsi;

/// <summary>The target side's limits and answers for every connection of a portal (ctld and icl_soft defaults).</summary>
public sealed record IscsiPortalSettings
{
    /// <summary>The portal's address as SendTargets reports it ("127.0.0.1:3260").</summary>
    public string PortalAddress { get; init; } = "127.0.0.1:3260";

    /// <summary>Our MaxRecvDataSegmentLength after login (icl_soft's max_data_segment_length, 256 KiB).</summary>
    public int MaxRecvDataSegmentLength { get; init; } = 256 * 1024;

    /// <summary>Highest MaxBurstLength accepted (icl_soft's max_burst_length, 1 MiB).</summary>
    public int MaxBurstLength { get; init; } = 1024 * 1024;

    /// <summary>Highest FirstBurstLength accepted (icl_soft's first_burst_length, 1 MiB).</summary>
    public int FirstBurstLength { get; init; } = 1024 * 1024;

    /// <summary>How many commands past ExpCmdSN the initiator may send (MaxCmdSN = ExpCmdSN + window − 1).</summary>
    public uint CommandWindow { get; init; } = 256;

    /// <summary>Largest Expected Data Transfer Length one command may ask for.</summary>
    public int MaxTransferLength { get; init; } = 32 * 1024 * 1024;

    /// <summary>Bytes of write data a connection may hold for commands waiting for their Data-Out.</summary>
    public long MaxPendingWriteBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>CHAP credentials the initiator must present, or null for AuthMethod None.</summary>
    public ChapCredentials? Chap { get; init; }
}
