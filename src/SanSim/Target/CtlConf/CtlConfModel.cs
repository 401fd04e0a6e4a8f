namespace SanSim.Target.CtlConf;

/// <summary>Where something was written in a ctl.conf file (1-based line and column).</summary>
public readonly record struct ConfLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>A configuration error: its place and what is wrong, in ctld's words where ctld has them.</summary>
public sealed record ConfError(ConfLocation Location, string Message)
{
    public override string ToString() => $"{Location}: {Message}";
}

/// <summary>A parsed ctl.conf(5): the contexts ctld knows, in the order they were written.</summary>
public sealed class CtlConfFile
{
    public string? PidFile { get; set; }
    public List<ConfAuthGroup> AuthGroups { get; } = [];
    public List<ConfPortalGroup> PortalGroups { get; } = [];
    /// <summary>Every LUN, global ones and those defined inside a target ("target,lun,N"), in definition order.</summary>
    public List<ConfLun> Luns { get; } = [];
    public List<ConfTarget> Targets { get; } = [];
    /// <summary>FC ports the simulated machine has ("#sansim: fc-port" lines).</summary>
    public List<ConfFcPort> FcPorts { get; } = [];
    /// <summary>Initiators logged in when the simulation starts ("#sansim: initiator" lines).</summary>
    public List<ConfInitiator> Initiators { get; } = [];

    public ConfLun? FindLun(string name) => Luns.Find(l => l.Name == name);
    public ConfPortalGroup? FindPortalGroup(string name) => PortalGroups.Find(p => p.Name == name);
}

/// <summary>auth-group NAME { … }.</summary>
public sealed class ConfAuthGroup(string name, ConfLocation at)
{
    public string Name { get; } = name;
    public ConfLocation At { get; } = at;
    public string? AuthType { get; set; }
    public List<string> InitiatorNames { get; } = [];
    public List<string> InitiatorPortals { get; } = [];
    public List<string> ChapUsers { get; } = [];
}

/// <summary>portal-group NAME { … }: listen addresses, discovery auth group, tag and port options.</summary>
public sealed class ConfPortalGroup(string name, ConfLocation at)
{
    public string Name { get; } = name;
    public ConfLocation At { get; } = at;
    public List<string> Listen { get; } = [];
    public string? DiscoveryAuthGroup { get; set; }
    public string? DiscoveryFilter { get; set; }
    /// <summary>The portal group tag; null lets ctld number it.</summary>
    public ushort? Tag { get; set; }
    public bool Foreign { get; set; }
    /// <summary>"option name value": port options handed to the kernel for every port of this group.</summary>
    public List<KeyValuePair<string, string>> Options { get; } = [];
}

/// <summary>lun NAME { … }, or a target's lun N { … }.</summary>
public sealed class ConfLun(string name, ConfLocation at)
{
    public string Name { get; } = name;
    public ConfLocation At { get; } = at;
    public string? Backend { get; set; }
    public int BlockSize { get; set; }
    public string? Path { get; set; }
    public string? Serial { get; set; }
    public ulong Size { get; set; }
    public string? DeviceId { get; set; }
    public int DeviceType { get; set; }
    /// <summary>ctl-lun: the CTL LUN id to ask for.</summary>
    public int? CtlLun { get; set; }
    public List<KeyValuePair<string, string>> Options { get; } = [];
}

/// <summary>portal-group NAME [AUTH-GROUP] inside a target.</summary>
public sealed record ConfTargetPortalGroup(string PortalGroup, string? AuthGroup, ConfLocation At);

/// <summary>target NAME { … }.</summary>
public sealed class ConfTarget(string name, ConfLocation at)
{
    public string Name { get; } = name;
    public ConfLocation At { get; } = at;
    public string? Alias { get; set; }
    public string? AuthGroup { get; set; }
    public List<ConfTargetPortalGroup> PortalGroups { get; } = [];
    /// <summary>"port NAME" lines: physical ports (FC) bound to the target, as written ("isp0", "isp0/1").</summary>
    public List<(string Name, ConfLocation At)> Ports { get; } = [];
    /// <summary>Target LUN number → LUN name.</summary>
    public SortedDictionary<int, string> Luns { get; } = [];
}

/// <summary>"#sansim: fc-port NAME [wwnn NAA] [wwpn NAA] [pp N] [vp N] [initiators listed|hidden] [offline]".</summary>
public sealed class ConfFcPort(string name, ConfLocation at)
{
    public string Name { get; } = name;
    public ConfLocation At { get; } = at;
    public string? Wwnn { get; set; }
    public string? Wwpn { get; set; }
    public int PhysicalPort { get; set; }
    public int VirtualPort { get; set; }
    public bool ListInitiators { get; set; }
    public bool Online { get; set; } = true;
}

/// <summary>"#sansim: initiator PORT IID NAME [os linux|windows|esxi] [owns LUN-NAME,…]": PORT is an FC port name or an iSCSI target name.</summary>
public sealed record ConfInitiator(string Port, int InitiatorId, string Name, ConfLocation At)
{
    /// <summary>The initiator's operating system when the line names it (linux, windows or esxi), for exposure lint.</summary>
    public string? Os { get; init; }
    /// <summary>The names of the ctl.conf lun blocks the initiator's host owns, for exposure lint.</summary>
    public IReadOnlyList<string> Owns { get; init; } = [];
}
