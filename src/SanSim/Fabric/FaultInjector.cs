using System.Globalization;
using SanSim.Engine;
using SanSim.Hosts.Transport;
using SanSim.Scsi;

namespace SanSim.Fabric;

/// <summary>What a fault rule does to a command it matches.</summary>
public readonly record struct FaultAction(FaultKind Kind, ScsiStatus Status = ScsiStatus.Good, SenseInfo Sense = default)
{
    /// <summary>Complete at once with <paramref name="status"/> and no sense (BUSY, TASK SET FULL, RESERVATION CONFLICT).</summary>
    public static FaultAction WithStatus(ScsiStatus status) => new(FaultKind.Complete, status);

    /// <summary>CHECK CONDITION with sense key / ASC / ASCQ.</summary>
    public static FaultAction CheckCondition(SenseKey key, byte asc, byte ascq) =>
        new(FaultKind.Complete, ScsiStatus.CheckCondition, new SenseInfo(key, new AscAscq(asc, ascq)));

    /// <summary>No answer at all: the command stays outstanding until aborted or the path is lost.</summary>
    public static FaultAction NoAnswer => new(FaultKind.NoAnswer);

    public override string ToString() => Kind switch
    {
        FaultKind.NoAnswer => "no answer",
        FaultKind.Complete when Status == ScsiStatus.CheckCondition => $"CHECK CONDITION {Sense}",
        FaultKind.Complete => Status.ToString(),
        _ => "pass",
    };
}

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
        parts.Add("→ " + Action);
        parts.Add(Count is { } c ? $"×{c}" : "always");
        return string.Join(" ", parts);
    }
}

/// <summary>
/// A deterministic rule-based <see cref="IFaultInjector"/>. Rules are tried in the order they were added;
/// the first active rule that matches decides. Every injected outcome is recorded in the trace under
/// source "fault" (a Completion for a status, an Action for a withheld answer) with the rule's own trace
/// id as its cause, so a chain from any symptom leads back to the rule.
/// </summary>
public sealed class FaultInjector : IFaultInjector
{
    private readonly List<FaultRule> _rules = new();

    public FaultInjector(Trace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        Trace = trace;
    }

    public Trace Trace { get; }

    /// <summary>Trace source of injected outcomes.</summary>
    public const string Source = "fault";

    public IReadOnlyList<FaultRule> Rules => _rules;

    /// <summary>Arms <paramref name="rule"/>: records it (TraceKind.Action, caused by <paramref name="causeId"/>) and returns it.</summary>
    public FaultRule Add(FaultRule rule, long causeId = 0)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (_rules.Contains(rule)) return rule;
        rule.TraceId = Trace.Record(TraceKind.Action, Source, "rule armed: " + rule, causeId);
        _rules.Add(rule);
        return rule;
    }

    /// <summary>Disarms <paramref name="rule"/>; false when it was not armed here.</summary>
    public bool Remove(FaultRule rule) => _rules.Remove(rule);

    public FaultDecision Intercept(ScsiPath path, ScsiRequest request)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(request);
        if (_rules.Count == 0) return FaultDecision.Pass;
        int? ctlLun = path.Target.ResolveLun(path.TargetPort, request.PortLun)?.Id;
        int opcode = request.Cdb.Length > 0 ? request.Cdb[0] : -1;
        foreach (var rule in _rules)
        {
            if (!rule.Active) continue;
            if (rule.CtlLun is { } l && l != ctlLun) continue;
            if (rule.Opcode is { } o && o != opcode) continue;
            if (rule.Hosts is { Count: > 0 } hosts && !hosts.Contains(path.HostName)) continue;
            rule.Injected++;
            return Inject(rule, path, request, ctlLun);
        }
        return FaultDecision.Pass;
    }

    private FaultDecision Inject(FaultRule rule, ScsiPath path, ScsiRequest request, int? ctlLun)
    {
        string lun = ctlLun is { } l ? "lun " + l.ToString(CultureInfo.InvariantCulture) : "no lun";
        string op = request.Cdb.Length > 0 ? $"0x{request.Cdb[0]:x2}" : "empty CDB";
        string what = $"{rule.Name}: {path.Name} tag {request.Tag} {lun} opcode {op}";
        var action = rule.Action;
        if (action.Kind == FaultKind.None) return FaultDecision.Pass;
        long id = action.Kind == FaultKind.NoAnswer
            ? Trace.Record(TraceKind.Action, Source, what + ": answer withheld", rule.TraceId)
            : Trace.Record(TraceKind.Completion, Source, what + ": " + action, rule.TraceId);
        return action.Kind == FaultKind.NoAnswer
            ? new FaultDecision(FaultKind.NoAnswer, TraceId: id)
            : new FaultDecision(FaultKind.Complete, action.Status, action.Sense, id);
    }
}
