using System.Globalization;

namespace SanSim.Fabric;

/// <summary>
/// One fault rule, in the manner of scsi_debug's per-device error rules: what to match (CTL LUN, opcode,
/// hosts — each "any" when unset), what to do, and how often. scsi_debug's count (negative: that many
/// times; positive: always; zero: inactive) is <see cref="Count"/> here: a number of matches, or null for
/// always.
/// </summary>
public sealed class FaultRule
{
    public FaultRule(string name, FaultAction action)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Action = action;
    }

    public string Name { get; }
    public FaultAction Action { get; }

    /// <summary>The CTL LUN (not the port LUN) to match; null matches every LUN, and commands to no LUN.</summary>
    public int? CtlLun { get; init; }

    /// <summary>The operation code (CDB byte 0) to match; null matches every command (scsi_debug's 0xff).</summary>
    public byte? Opcode { get; init; }

    /// <summary>The host names whose paths the rule applies to; null or empty: every host.</summary>
    public IReadOnlySet<string>? Hosts { get; init; }

    /// <summary>The target port to match; null matches every port.</summary>
    public int? TargetPort { get; init; }

    /// <summary>
    /// The chance (0 to 1) that a matching command is acted on, drawn from the injector's seeded stream
    /// (Chaos Mesh's percent); null: every match. A command spared by the draw does not count.
    /// </summary>
    public double? Probability { get; init; }

    /// <summary>How many matching commands the rule acts on; null: all of them.</summary>
    public int? Count { get; init; }

    /// <summary>Matching commands acted on so far.</summary>
    public int Injected { get; internal set; }

    /// <summary>Whether the rule still acts on matching commands.</summary>
    public bool Active => Count is not { } c || Injected < c;

    /// <summary>Trace id of the event that armed the rule: the cause of every outcome it injects.</summary>
    public long TraceId { get; internal set; }

    public override string ToString()
    {
        var parts = new List<string> { Name + ":" };
        parts.Add(CtlLun is { } l ? "lun " + l.ToString(CultureInfo.InvariantCulture) : "any lun");
        parts.Add(Opcode is { } o ? $"opcode 0x{o:x2}" : "any opcode");
        if (Hosts is { Count: > 0 } h) parts.Add("hosts " + string.Join(",", h.Order(StringComparer.Ordinal)));
        if (TargetPort is { } tp) parts.Add("port " + tp.ToString(CultureInfo.InvariantCulture));
        if (Probability is { } p) parts.Add("p=" + p.ToString("0.###", CultureInfo.InvariantCulture));
        parts.Add("→ " + Action);
        parts.Add(Count is { } c ? $"×{c}" : "always");
        return string.Join(" ", parts);
    }
}
