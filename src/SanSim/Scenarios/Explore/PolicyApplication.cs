using SanSim.Engine;
using SanSim.Policy;
using SanSim.Scenarios.Model;
using SanSim.Scenarios.Policy;

namespace SanSim.Scenarios.Explore;

/// <summary>
/// A LUN map policy (all-luns, owner-only, explicit) applied to a scenario: the ports' maps at time zero become
/// the policy's, as if the administrator had run the policy's `ctladm lunmap` commands before any host logged in.
/// </summary>
public static class PolicyApplication
{
    /// <summary>
    /// <paramref name="scenario"/> with every port's LUN map replaced by what <paramref name="kind"/> gives for it:
    /// all-luns drops every map (CTL's default), owner-only maps on each port exactly the LUNs its hosts own
    /// (<see cref="LunPolicies.OwnerOnlyMap"/>; ownership from <see cref="ScenarioTopology.Build"/>), explicit keeps
    /// the maps as written. The 0s `ctladm lunmap` lines of the timeline are folded into the maps first, so they
    /// are dropped from the timeline of a changed scenario.
    /// </summary>
    public static Scenario Apply(Scenario scenario, LunPolicyKind kind)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (kind == LunPolicyKind.Explicit) return scenario;
        var topology = ScenarioTopology.Build(scenario);
        var ports = new List<PortSpec>();
        foreach (var spec in scenario.Target.Ports)
        {
            var port = topology.Ports.FirstOrDefault(p => p.Number == spec.Port);
            if (port is null)
            {
                ports.Add(spec);
                continue;
            }
            IReadOnlyDictionary<uint, uint>? map = kind == LunPolicyKind.AllLuns ? null
                : LunPolicies.OwnerOnlyMap(topology, port) ?? (port.AllLuns ? null : port.Map);
            ports.Add(map is null
                ? spec with { LunMap = LunMapKind.All, LunMapEntries = [] }
                : spec with
                {
                    LunMap = map.Count == 0 ? LunMapKind.None : LunMapKind.Explicit,
                    LunMapEntries = map.OrderBy(e => e.Key).Select(e => new KeyValuePair<uint, uint>(e.Key, e.Value)).ToList(),
                });
        }
        return scenario with
        {
            Target = scenario.Target with { Ports = ports },
            Timeline = scenario.Timeline.Where(ev => !IsStartLunmap(ev)).ToList(),
        };
    }

    private static bool IsStartLunmap(TimelineEvent ev) =>
        ev.At == SimTime.Zero && ev.Ctladm is { } line && line.TrimStart().StartsWith("lunmap", StringComparison.Ordinal);
}
