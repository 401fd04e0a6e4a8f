using SanSim.Engine;
using SanSim.Policy;
using SanSim.Scenarios.Model;
using SanSim.Scenarios.Running;

namespace SanSim.Scenarios.Policy;

/// <summary>Runs a scenario under a LUN-map policy: the maps the policy gives, and only the expectations stated for it.</summary>
public static class ScenarioPolicies
{
    /// <summary>
    /// The scenario as it runs under its <see cref="Scenario.Policy"/>. Under <see cref="LunPolicyKind.Explicit"/> the maps
    /// stay as written. Under the other policies every port starts with the policy's map: the maps the target has at 0s
    /// (the file's 0s <c>ctladm lunmap</c> lines applied, which are then dropped) are replaced, so hosts find their LUNs
    /// at the port LUNs the policy gives from their first scan; <see cref="Scenario.PolicyCommands"/> keeps the ctladm
    /// lines an administrator would run for the same change. Expectations stated for other policies are dropped.
    /// Applying it twice changes nothing more.
    /// </summary>
    public static Scenario Apply(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.PolicyApplied) return scenario;
        var expect = scenario.Expect.Where(e => e.AppliesUnder(scenario.Policy)).ToList();
        var applied = scenario with { Expect = expect, PolicyApplied = true };
        if (scenario.Policy == LunPolicyKind.Explicit) return applied;

        PolicyTopology topology;
        try
        {
            topology = ScenarioTopology.Build(scenario);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            return applied;
        }
        var ports = scenario.Target.Ports.Select(spec =>
            topology.Ports.FirstOrDefault(p => p.Number == spec.Port) is { } port ? WithMap(spec, port, topology, scenario.Policy) : spec).ToList();
        var timeline = scenario.Timeline.Where(ev => !(ev.At == SimTime.Zero && IsLunmap(ev.Ctladm))).ToList();
        return applied with
        {
            Target = scenario.Target with { Ports = ports },
            Timeline = timeline,
            PolicyCommands = LunPolicies.Commands(topology, scenario.Policy),
        };
    }

    /// <summary>With a policy other than the file's: <paramref name="policy"/> replaces it, then <see cref="Apply(Scenario)"/>.</summary>
    public static Scenario Apply(Scenario scenario, LunPolicyKind policy)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return Apply(scenario with { Policy = policy });
    }

    private static PortSpec WithMap(PortSpec spec, PolicyPort port, PolicyTopology topology, LunPolicyKind policy)
    {
        IReadOnlyDictionary<uint, uint>? map = policy == LunPolicyKind.AllLuns ? null
            : LunPolicies.OwnerOnlyMap(topology, port) ?? (port.AllLuns ? null : port.Map);
        if (map is null) return spec with { LunMap = LunMapKind.All, LunMapEntries = [] };
        if (map.Count == 0) return spec with { LunMap = LunMapKind.None, LunMapEntries = [] };
        return spec with { LunMap = LunMapKind.Explicit, LunMapEntries = map.OrderBy(e => e.Key).ToList() };
    }

    private static bool IsLunmap(string? line) =>
        line is not null && CommandLine.Split(line, out _) is { Count: > 0 } words && words[0] == "lunmap";
}
