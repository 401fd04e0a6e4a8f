using SanSim.Engine;
using SanSim.Scsi;

namespace SanSim.Scenarios.Model;

/// <summary>
/// One timeline entry. Exactly one of: a host action (<see cref="Host"/> + <see cref="Do"/>), a ctladm command
/// line (<see cref="Ctladm"/>), a fault (<see cref="Inject"/>), or a zoning change (<see cref="Zoneset"/>).
/// </summary>
public sealed record TimelineEvent
{
    public required SimTime At { get; init; }
    public string? Host { get; init; }
    /// <summary>sleep | hibernate | shutdown | wake | boot | link-down | link-up | login | logout | rescan | umount | mount | remount-rw | pr-register | pr-reserve | pr-release | pr-clear | pr-preempt.</summary>
    public string? Do { get; init; }
    /// <summary>For umount/mount/remount-rw: the device ("sdb").</summary>
    public string? Mount { get; init; }
    /// <summary>For pr-* and path actions: the CTL LUN / the target port.</summary>
    public int? Lun { get; init; }
    public int? Port { get; init; }
    public ulong? Key { get; init; }
    public ulong? VictimKey { get; init; }
    /// <summary>write-exclusive | exclusive-access | write-exclusive-registrants-only | … (persistent reservation type).</summary>
    public string? Type { get; init; }
    /// <summary>A ctladm command line ("lunmap -p 3 -l 1 -L 1").</summary>
    public string? Ctladm { get; init; }
    public InjectSpec? Inject { get; init; }
    /// <summary>The FC fabric activates this zone set (or clears zoning) at <see cref="At"/>.</summary>
    public ZoneSetChange? Zoneset { get; init; }
    public SourceMark Mark { get; init; }
}

public sealed record InjectSpec
{
    public int? Lun { get; init; }
    /// <summary>null = any opcode.</summary>
    public byte? Opcode { get; init; }
    /// <summary>CHECK CONDITION with this sense, or …</summary>
    public SenseInfo? Sense { get; init; }
    /// <summary>… this status (BUSY, TASK SET FULL, RESERVATION CONFLICT), or …</summary>
    public ScsiStatus? Status { get; init; }
    /// <summary>… no answer at all.</summary>
    public bool Timeout { get; init; }
    /// <summary>null = always.</summary>
    public int? Count { get; init; }
    /// <summary>Empty = all hosts.</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];
    public SourceMark Mark { get; init; }
}
