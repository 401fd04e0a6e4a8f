namespace SanSim.Target;

/// <summary>A CTL port (struct ctl_port): its front end, names, on-line state, LUN map and initiators.</summary>
public sealed class CtlPort
{
    public CtlPort(int number, PortFrontend frontend, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(number);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Number = number;
        Frontend = frontend;
        Name = name;
        ListInitiators = frontend != PortFrontend.Camtgt;
    }

    /// <summary>CTL's target port number (targ_port).</summary>
    public int Number { get; }

    public PortFrontend Frontend { get; }

    /// <summary>portlist's Name column: "isp0", "iscsi", "ioctl".</summary>
    public string Name { get; set; }

    /// <summary>Physical port (pp).</summary>
    public int PhysicalPort { get; set; }

    /// <summary>Virtual port (vp); NPIV ports have vp ≠ 0.</summary>
    public int VirtualPort { get; set; }

    /// <summary>FC world wide node name as "naa.20000024ff56f970" (portlist's "Target:" line for camtgt).</summary>
    public string? Wwnn { get; set; }

    /// <summary>FC world wide port name as "naa.21000024ff56f970" (portlist's last column for camtgt).</summary>
    public string? Wwpn { get; set; }

    /// <summary>iSCSI target name (IQN).</summary>
    public string? TargetName { get; set; }

    /// <summary>iSCSI target alias.</summary>
    public string? Alias { get; set; }

    /// <summary>iSCSI portal group tag and name.</summary>
    public int PortalGroupTag { get; set; }
    public string? PortalGroupName { get; set; }

    public bool Online { get; set; } = true;

    public LunMap LunMap { get; } = new();

    /// <summary>Initiators registered on the port, by CTL initiator id.</summary>
    public SortedDictionary<int, CtlInitiator> Initiators { get; } = new();

    /// <summary>
    /// Whether portlist -i lists this port's initiators. FC initiators are registered only when the HBA
    /// driver reports them, which the field report's samples do not show: off by default for camtgt.
    /// </summary>
    public bool ListInitiators { get; set; }

    /// <summary>Extra port options, printed by portlist -v after the generated ones.</summary>
    public List<KeyValuePair<string, string>> Options { get; } = new();
}
