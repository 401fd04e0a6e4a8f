using SanSim.Target;

namespace SanSim.Scenarios.Model;

public sealed record TargetSpec
{
    public string Name { get; init; } = "ctl";
    public TargetProfile Profile { get; init; } = TargetProfile.Ctl;
    public IReadOnlyList<LunSpec> Luns { get; init; } = [];
    public IReadOnlyList<PortSpec> Ports { get; init; } = [];
    public SourceMark Mark { get; init; }
}

public sealed record LunSpec
{
    /// <summary>CTL LUN number.</summary>
    public required int Lun { get; init; }
    public string? Name { get; init; }
    public required ulong Blocks { get; init; }
    public int BlockSize { get; init; } = 512;
    public string? Serial { get; init; }
    public string? DeviceId { get; init; }
    public bool ReadOnly { get; init; }
    public bool Removable { get; init; }
    public SourceMark Mark { get; init; }
}

/// <summary>How a port maps LUNs: all (no map), none (an empty map), or explicit port LUN → CTL LUN pairs.</summary>
public enum LunMapKind
{
    All,
    None,
    Explicit,
}

public sealed record PortSpec
{
    public required int Port { get; init; }
    public PortFrontend Frontend { get; init; } = PortFrontend.Camtgt;
    public string? Name { get; init; }
    public string? Wwnn { get; init; }
    public string? Wwpn { get; init; }
    /// <summary>iSCSI target name.</summary>
    public string? Target { get; init; }
    public string? Alias { get; init; }
    public int? PortalGroupTag { get; init; }
    public string? PortalGroupName { get; init; }
    public int? Pp { get; init; }
    public int? Vp { get; init; }
    public LunMapKind LunMap { get; init; } = LunMapKind.All;
    /// <summary>Port LUN → CTL LUN, in file order, when <see cref="LunMap"/> is Explicit.</summary>
    public IReadOnlyList<KeyValuePair<uint, uint>> LunMapEntries { get; init; } = [];
    public bool Online { get; init; } = true;
    /// <summary>Extra port options in file order, listed after the generated ones.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Options { get; init; } = [];
    public SourceMark Mark { get; init; }
}
