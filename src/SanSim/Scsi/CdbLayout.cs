namespace SanSim.Scsi;

/// <summary>
/// The peripheral device types a command applies to, as CTL's CTL_CMD_FLAG_OK_ON_PROC/DIRECT/CDROM flags
/// (ctl_cmd_applicable). <see cref="None"/> marks a row CTL has no handler for.
/// </summary>
[Flags]
public enum CdbDeviceTypes : byte
{
    None = 0,
    /// <summary>Processor device (T_PROCESSOR).</summary>
    Processor = 1,
    /// <summary>Direct-access block device (T_DIRECT).</summary>
    Direct = 2,
    /// <summary>CD/DVD device (T_CDROM).</summary>
    CdRom = 4,
    /// <summary>CTL_CMD_FLAG_OK_ON_BOTH: every LUN type CTL serves.</summary>
    All = Processor | Direct | CdRom,
}

/// <summary>Direction of a command's data transfer, as CTL's CTL_FLAG_DATA_* bits.</summary>
public enum CdbDataDirection : byte
{
    None = 0,
    /// <summary>Data-in: target to initiator.</summary>
    In = 1,
    /// <summary>Data-out: initiator to target.</summary>
    Out = 2,
}

/// <summary>
/// One row of the CDB layout table (after CTL's <c>struct ctl_cmd_entry</c>): the opcode, the service action
/// for opcodes that have one, the CDB length, and the usage mask of bytes 1..Length-1 (control byte included):
/// a bit that is clear in the mask must be zero in the CDB. The opcode byte followed by the mask is the
/// CDB USAGE DATA that REPORT SUPPORTED OPERATION CODES returns.
/// </summary>
public sealed class CdbLayout
{
    private readonly byte[] _usage;

    internal CdbLayout(byte opcode, ushort? serviceAction, string name, CdbDeviceTypes deviceTypes,
        CdbDataDirection dataDirection, byte[] usage)
    {
        if (usage.Length is < 5 or > 15)
            throw new ArgumentException($"usage mask of {name} has {usage.Length} bytes", nameof(usage));
        Opcode = opcode;
        HasServiceAction = serviceAction.HasValue;
        ServiceAction = serviceAction ?? 0;
        Name = name;
        DeviceTypes = deviceTypes;
        DataDirection = dataDirection;
        _usage = usage;
    }

    /// <summary>Operation code (byte 0).</summary>
    public byte Opcode { get; }

    /// <summary>True when the opcode selects its command by a 5-bit service action in byte 1 (CTL_CMD_FLAG_SA5).</summary>
    public bool HasServiceAction { get; }

    /// <summary>Service action of this row; 0 when <see cref="HasServiceAction"/> is false.</summary>
    public ushort ServiceAction { get; }

    /// <summary>T10 name of the command, e.g. "READ(10)" or "READ CAPACITY(16)".</summary>
    public string Name { get; }

    /// <summary>LUN types CTL runs this command on; <see cref="CdbDeviceTypes.None"/> when CTL does not implement it.</summary>
    public CdbDeviceTypes DeviceTypes { get; }

    /// <summary>Direction of the command's data transfer.</summary>
    public CdbDataDirection DataDirection { get; }

    /// <summary>True when CTL has a handler for this row (it is listed by REPORT SUPPORTED OPERATION CODES).</summary>
    public bool CtlImplements => DeviceTypes != CdbDeviceTypes.None;

    /// <summary>CDB length in bytes.</summary>
    public int Length => _usage.Length + 1;

    /// <summary>Usage mask of CDB bytes 1..<see cref="Length"/>-1; index 0 is byte 1.</summary>
    public ReadOnlySpan<byte> UsageMask => _usage;

    /// <summary>The operation as the enum names it (a value outside the enum for opcodes it does not list).</summary>
    public ScsiOpcode Operation => (ScsiOpcode)Opcode;

    /// <summary>True when this row applies to a LUN of the given peripheral device type (ctl_cmd_applicable).</summary>
    public bool AppliesTo(CdbDeviceTypes lunType) => (DeviceTypes & lunType) != 0;

    /// <summary>
    /// Writes the CDB USAGE DATA field of a REPORT SUPPORTED OPERATION CODES one-command descriptor: the
    /// opcode followed by the usage mask. Returns the number of bytes written (at most the destination's length).
    /// </summary>
    public int WriteUsageData(Span<byte> destination)
    {
        if (destination.IsEmpty) return 0;
        destination[0] = Opcode;
        int n = Math.Min(_usage.Length, destination.Length - 1);
        _usage.AsSpan(0, n).CopyTo(destination[1..]);
        return n + 1;
    }

    /// <summary>The CDB USAGE DATA as a new array (opcode, then mask).</summary>
    public byte[] UsageData()
    {
        var data = new byte[Length];
        WriteUsageData(data);
        return data;
    }

    public override string ToString() => HasServiceAction
        ? $"{Opcode:X2}/{ServiceAction:X2} {Name}"
        : $"{Opcode:X2} {Name}";
}
