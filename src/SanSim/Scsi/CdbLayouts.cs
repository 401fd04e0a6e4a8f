namespace SanSim.Scsi;

/// <summary>
/// The CDB layout table, one <see cref="CdbLayout"/> per opcode and, for opcodes with a service action in
/// byte 1 (CTL_CMD_FLAG_SA5), one per service action. The rows are data (see CdbLayouts.Table.cs); the
/// decoder validates every CDB against them and REPORT SUPPORTED OPERATION CODES is generated from them.
/// </summary>
public static partial class CdbLayouts
{
    /// <summary>Mask of the service action field in byte 1 of an SA5 opcode.</summary>
    public const byte ServiceActionMask = 0x1F;

    /// <summary>Rows of opcodes without a service action, indexed by opcode.</summary>
    private static readonly CdbLayout?[] s_plain = new CdbLayout?[256];

    /// <summary>Rows of opcodes with a service action: 32 slots per opcode, indexed by opcode then service action.</summary>
    private static readonly CdbLayout?[]?[] s_bySa = new CdbLayout?[]?[256];

    /// <summary>Every row, in opcode then service-action order.</summary>
    public static IReadOnlyList<CdbLayout> All { get; }

    static CdbLayouts()
    {
        var rows = Rows();
        foreach (var row in rows)
        {
            int groupLength = CdbDecoder.GroupLength(row.Opcode);
            if (groupLength != 0 && groupLength != row.Length)
                throw new InvalidOperationException($"{row}: {row.Length}-byte mask for a {groupLength}-byte opcode group");
            if (row.HasServiceAction)
            {
                if (s_plain[row.Opcode] is not null)
                    throw new InvalidOperationException($"{row}: opcode also has a row without service action");
                var table = s_bySa[row.Opcode] ??= new CdbLayout?[32];
                if (table[row.ServiceAction] is not null)
                    throw new InvalidOperationException($"{row}: duplicate row");
                table[row.ServiceAction] = row;
            }
            else
            {
                if (s_plain[row.Opcode] is not null || s_bySa[row.Opcode] is not null)
                    throw new InvalidOperationException($"{row}: duplicate row");
                s_plain[row.Opcode] = row;
            }
        }
        All = rows.OrderBy(r => r.Opcode).ThenBy(r => r.ServiceAction).ToArray();
    }

    /// <summary>True when the table has a row (or service-action rows) for the opcode.</summary>
    public static bool IsKnownOpcode(byte opcode) => s_plain[opcode] is not null || s_bySa[opcode] is not null;

    /// <summary>True when the opcode selects its command by the service action in byte 1.</summary>
    public static bool HasServiceActions(byte opcode) => s_bySa[opcode] is not null;

    /// <summary>
    /// Finds the row for an opcode and, when the opcode has service actions, for <paramref name="serviceAction"/>
    /// (ignored otherwise). False when the table has no such row.
    /// </summary>
    public static bool TryGet(byte opcode, ushort serviceAction, out CdbLayout layout)
    {
        var table = s_bySa[opcode];
        var row = table is null
            ? s_plain[opcode]
            : serviceAction < table.Length ? table[serviceAction] : null;
        layout = row!;
        return row is not null;
    }

    /// <summary>Finds the row for an opcode that has no service action.</summary>
    public static bool TryGet(byte opcode, out CdbLayout layout) => TryGet(opcode, 0, out layout) && !layout.HasServiceAction;

    /// <summary>The rows of one opcode: one row, or one per defined service action; empty when unknown.</summary>
    public static IEnumerable<CdbLayout> ForOpcode(byte opcode) => All.Where(r => r.Opcode == opcode);

    /// <summary>The rows CTL implements for a LUN of the given type, in opcode/service-action order.</summary>
    public static IEnumerable<CdbLayout> SupportedBy(CdbDeviceTypes lunType) => All.Where(r => r.AppliesTo(lunType));
}
