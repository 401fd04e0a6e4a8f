using SanSim.Hosts.Transport;

namespace SanSim.Hosts.Esxi;

/// <summary>One path of a device: the I_T nexus and the LUN the device has behind it.</summary>
public sealed record EsxiPath(IScsiPath Path, ulong Lun)
{
    /// <summary>Marked dead by a failover trigger.</summary>
    public bool Dead { get; internal set; }

    /// <summary>ESXi's runtime name of the path: "vmhba{adapter}:C0:T{target}:L{lun}".</summary>
    public string RuntimeName { get; internal init; } = "";
}

/// <summary>
/// A SCSI device as ESXi's PSA sees it: one LUN, identified by its device designator, reached through one or more
/// paths (NMP picks the active one).
/// </summary>
public sealed class EsxiDevice
{
    private readonly List<EsxiPath> _paths = new();

    internal EsxiDevice(string name, ulong blockCount, int blockSize)
    {
        Name = name;
        BlockCount = blockCount;
        BlockSize = blockSize;
    }

    /// <summary>
    /// The device name: "naa." + hex when VPD 83h has an NAA designator, else "t10." + the T10 vendor id designator without its trailing padding,
    /// with spaces as '_' (the t10 form is approximate).
    /// </summary>
    public string Name { get; }
    public ulong BlockCount { get; }
    public int BlockSize { get; }
    public IReadOnlyList<EsxiPath> Paths => _paths;

    /// <summary>The path NMP sends on, or null when every path is dead.</summary>
    public EsxiPath? ActivePath => _paths.Find(p => !p.Dead && p.Path.State == PathState.Up);

    /// <summary>CmdSN of the next command (a per-device serial number in the vmkernel log).</summary>
    internal uint NextCommandSerial { get; set; } = 1;

    internal void AddPath(EsxiPath path) => _paths.Add(path);

    public override string ToString() => $"{Name} ({_paths.Count} paths)";
}
