using System.Globalization;
using SanSim.Engine;
using SanSim.Hosts.Transport;
using SanSim.Scsi;

namespace SanSim.Fabric;

/// <summary>
/// A deterministic rule-based <see cref="IFaultInjector"/>. Rules are tried in the order they were added;
/// the first active rule that matches decides. Every injected outcome is recorded in the trace under
/// source "fault" (a Completion for a status, an Action for a withheld answer) with the rule's own trace
/// id as its cause, so a chain from any symptom leads back to the rule.
/// </summary>
public sealed class FaultInjector : IFaultInjector
{
    private readonly List<FaultRule> _rules = new();

    /// <summary>Draws for rules with a <see cref="FaultRule.Probability"/>.</summary>
    private readonly SimRandom _random;

    /// <summary>An injector recording into <paramref name="trace"/>; <paramref name="random"/> (default: a stream of seed 0) decides probabilistic rules.</summary>
    public FaultInjector(Trace trace, SimRandom? random = null)
    {
        ArgumentNullException.ThrowIfNull(trace);
        Trace = trace;
        _random = random ?? new SimRandom(0).Stream("faults");
    }

    /// <summary>An injector recording into the simulation's trace and drawing from its "faults" stream.</summary>
    public FaultInjector(Simulation simulation)
        : this((simulation ?? throw new ArgumentNullException(nameof(simulation))).Trace, simulation.Random.Stream("faults"))
    {
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
            if (rule.TargetPort is { } tp && tp != path.TargetPort) continue;
            if (rule.Probability is { } p && !_random.Chance(p)) continue;
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
