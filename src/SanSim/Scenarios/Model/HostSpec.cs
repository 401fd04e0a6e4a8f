using SanSim.Engine;
using SanSim.Hosts;
using SanSim.Hosts.Linux;

namespace SanSim.Scenarios.Model;

public sealed record HostSpec
{
    public required string Name { get; init; }
    public HostOs Os { get; init; }
    public IReadOnlyList<PathSpec> Paths { get; init; } = [];
    /// <summary>Windows: the CTL LUNs brought online; the rest it sees stay offline.</summary>
    public IReadOnlyList<int> OnlineDisks { get; init; } = [];
    /// <summary>Windows: whether sleep, hibernate and shutdown send STOP UNIT.</summary>
    public bool StopOnSleep { get; init; } = true;
    /// <summary>Linux: the kernel version; "6.1" (the reference kernel log's) when the file gives none.</summary>
    public KernelVersion Kernel { get; init; } = KernelVersion.V6_1;
    public IReadOnlyList<MountSpec> Mounts { get; init; } = [];
    public bool AllowRestart { get; init; }
    public MultipathSpec? Multipath { get; init; }
    /// <summary>ESXi: the CTL LUN of its VMFS datastore.</summary>
    public int? Datastore { get; init; }
    /// <summary>ESXi: send START UNIT on 04/02.</summary>
    public bool StartUnitOnNotReady { get; init; }
    public SourceMark Mark { get; init; }
}

public sealed record PathSpec
{
    /// <summary>The target port the path leads to.</summary>
    public required int Port { get; init; }
    /// <summary>FC: the host port's WWPN ("naa.2100001b32a1b2c3").</summary>
    public string? Wwpn { get; init; }
    /// <summary>iSCSI: initiator name, CTL initiator id, ISID.</summary>
    public string? Iqn { get; init; }
    public int? Iid { get; init; }
    public ulong? Isid { get; init; }
    /// <summary>Linux: the SCSI host number of this path.</summary>
    public int? ScsiHost { get; init; }
    public SourceMark Mark { get; init; }
}

public sealed record MountSpec
{
    /// <summary>The CTL LUN mounted; the host reaches it through whatever port LUN its path maps.</summary>
    public required int Lun { get; init; }
    public required string Device { get; init; }
    public string Fs { get; init; } = "ext4";
    /// <summary>remount-ro | continue | panic.</summary>
    public string Errors { get; init; } = "remount-ro";
    public SimTime Commit { get; init; } = SimTime.FromSeconds(5);
    public SimTime WriteEvery { get; init; } = SimTime.FromSeconds(5);
    public SourceMark Mark { get; init; }
}

public sealed record MultipathSpec
{
    /// <summary>"queue", "fail" or a number of checker intervals.</summary>
    public string NoPathRetry { get; init; } = "fail";
    public SimTime PollingInterval { get; init; } = SimTime.FromSeconds(5);
    public SourceMark Mark { get; init; }
}
