namespace SanSim.Scenarios.Import;

/// <summary>A line of imported text that could not be read: <c>file:line: message</c>.</summary>
public sealed record ImportError(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}

/// <summary>An initiator a CTL port lists under <c>ctladm portlist -i</c>: its initiator id (iid) and name.</summary>
public sealed record ImportedInitiator(int Id, string Name);

/// <summary>How a port's LUN map was shown: every LUN (no map), no LUN, or the listed entries.</summary>
public enum ImportedMapKind { NotShown, All, None, Explicit }

/// <summary>One CTL target port as <c>ctladm portlist</c> printed it.</summary>
public sealed class ImportedPort
{
    public required int Number { get; init; }
    public required bool Online { get; init; }
    public required string Frontend { get; init; }
    public required string Name { get; init; }
    public required int PhysicalPort { get; init; }
    public required int VirtualPort { get; init; }
    /// <summary>The row's last column: the WWPN of an FC port, <c>target,t,0xTAG</c> of an iSCSI port.</summary>
    public required string PortId { get; init; }
    /// <summary>The <c>Target:</c> line: the WWNN of an FC port, the target IQN of an iSCSI port.</summary>
    public string? TargetId { get; set; }
    public List<ImportedInitiator> Initiators { get; } = [];
    public ImportedMapKind Map { get; set; } = ImportedMapKind.NotShown;
    /// <summary>Port LUN → CTL LUN, in printed order.</summary>
    public List<KeyValuePair<int, int>> Luns { get; } = [];
    /// <summary>Every <c>name=value</c> line of <c>-v</c>, generated ones included, in printed order.</summary>
    public List<KeyValuePair<string, string>> Options { get; } = [];
}

/// <summary>A parsed <c>ctladm portlist</c> output and which sections it showed.</summary>
public sealed record PortlistImport(IReadOnlyList<ImportedPort> Ports, bool ShowsInitiators, bool ShowsLuns, bool Verbose, string Text);

/// <summary>One CTL LUN as <c>ctladm devlist [-v]</c> printed it.</summary>
public sealed record ImportedLun(int Id, string Backend, ulong Blocks, int BlockSize, string Serial, string DeviceId,
    IReadOnlyList<KeyValuePair<string, string>> Options);
