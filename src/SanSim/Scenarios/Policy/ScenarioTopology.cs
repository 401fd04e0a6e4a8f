using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts;
using SanSim.Policy;
using SanSim.Scenarios.Model;
using SanSim.Scenarios.Running;
using SanSim.Target;

namespace SanSim.Scenarios.Policy;

/// <summary>Maps a scenario onto the exposure policy's topology, as the target stands at virtual time zero.</summary>
public static class ScenarioTopology
{
    /// <summary>
    /// The scenario's target (with the ctladm lines its timeline runs at 0s applied, in file order); its hosts with
    /// their paths (an FC path is unreachable when the zoning in force at 0s puts the host's WWPN in no zone with the
    /// port's WWPN) and the persistent reservation commands their timeline sends; and ownership: Linux mounts,
    /// Windows online disks, ESXi datastores and the owners the file declares.
    /// </summary>
    public static PolicyTopology Build(Scenario scenario)
    {
        var target = BuildTarget(scenario);
        return PolicyTopology.FromTarget(target, Hosts(scenario, target), Owners(scenario));
    }

    /// <summary>The scenario's CTL target at time zero, for running ctladm commands against (for example a lint fix).</summary>
    public static CtlTarget BuildTarget(Scenario scenario)
    {
        var world = new ScenarioWorld(scenario);
        foreach (var ev in scenario.Timeline)
        {
            if (ev.At != SimTime.Zero || ev.Ctladm is not { } line) continue;
            if (CommandLine.Split(line, out _) is { } words)
                SanSim.Target.Ctladm.Ctladm.Run(world.Target, words, TextWriter.Null, TextWriter.Null);
        }
        return world.Target;
    }

    private static List<PolicyHost> Hosts(Scenario scenario, CtlTarget target)
    {
        var zones = scenario.Fabric?.Zones;
        foreach (var ev in scenario.Timeline)
            if (ev.At == SimTime.Zero && ev.Zoneset is { } change) zones = change.Zones;
        var hosts = new List<PolicyHost>();
        foreach (var h in scenario.Hosts)
        {
            var paths = h.Paths.Select(p => new PolicyPath(p.Port, Reachable(zones, p, target))).ToList();
            var commands = scenario.Timeline
                .Where(ev => ev.Host == h.Name && ev.Lun is not null && ev.Do is "pr-register" or "pr-reserve")
                .Select(ev => new LunCommand(ev.Lun!.Value, "PERSISTENT RESERVE OUT (" + ev.Do + ")"))
                .ToList();
            hosts.Add(new PolicyHost(h.Name, h.Os, paths) { Commands = commands, StopsDisksOnPowerDown = h.StopOnSleep });
        }
        return hosts;
    }

    private static bool Reachable(IReadOnlyList<ZoneSpec>? zones, PathSpec path, CtlTarget target)
    {
        if (zones is null || path.Wwpn is null) return true;
        if (!target.Ports.TryGetValue(path.Port, out var port) || port.Frontend != PortFrontend.Camtgt || port.Wwpn is null) return true;
        ulong? host = FcNames.TryParse(path.Wwpn), tgt = FcNames.TryParse(port.Wwpn);
        if (host is null || tgt is null) return true;
        return zones.Any(z =>
        {
            var members = z.Members.Select(FcNames.TryParse).ToList();
            return members.Contains(host) && members.Contains(tgt);
        });
    }

    private static List<Ownership> Owners(Scenario scenario)
    {
        var owners = new List<Ownership>();
        foreach (var h in scenario.Hosts)
        {
            foreach (var m in h.Mounts)
                owners.Add(new Ownership(h.Name, m.Lun, $"{h.Os.ToString().ToLowerInvariant()} mount {m.Device}"));
            foreach (int disk in h.OnlineDisks)
                owners.Add(new Ownership(h.Name, disk, "windows online disk"));
            if (h.Datastore is { } ds)
                owners.Add(new Ownership(h.Name, ds, "esxi datastore"));
        }
        foreach (var declared in scenario.Owners)
            if (!owners.Any(o => o.Host == declared.Name && o.CtlLun == declared.Lun))
                owners.Add(new Ownership(declared.Name, declared.Lun, "declared"));
        return owners;
    }
}
