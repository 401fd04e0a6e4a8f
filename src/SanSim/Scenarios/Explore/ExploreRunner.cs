using System.Globalization;
using SanSim.Engine;
using SanSim.Hosts;
using SanSim.Hosts.Linux;
using SanSim.Hosts.Windows;
using SanSim.Policy;
using SanSim.Scenarios.Model;
using SanSim.Scenarios.Running;
using SanSim.Target;

namespace SanSim.Scenarios.Explore;

/// <summary>
/// Runs one scenario as <see cref="ScenarioRunner"/> does (same world, same timeline, same expectation checks) and
/// then checks the built-in invariants on the world it leaves: no error crosses from one host to another through a
/// LUN the acting host does not own; what a LUN acknowledged GOOD is what it holds; no host is stuck. Host logs are
/// not formatted, which keeps a run cheaper than the runner's.
/// </summary>
public static class ExploreRunner
{
    /// <summary>
    /// Runs <paramref name="scenario"/> and checks it. <paramref name="ownership"/> says who owns which LUN (from
    /// <see cref="SanSim.Scenarios.Policy.ScenarioTopology.Build"/>); <paramref name="traceCommands"/> false drops the
    /// target's command and completion events from the trace, which also cuts the cause chains from a host's error
    /// back to the LUN (so no spread is seen); it is there to measure the trace's cost. Never throws for a bad
    /// scenario: an exception from the simulation is a <see cref="FindingKind.Crash"/> finding.
    /// </summary>
    public static ExploreRunResult Run(Scenario scenario, PolicyTopology ownership, bool traceCommands = true, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(ownership);
        try
        {
            return RunChecked(scenario, ownership, traceCommands, token);
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or OperationCanceledException))
        {
            return new ExploreRunResult([new Finding(FindingKind.Crash, "-", null, ex.GetType().Name, null, SimTime.Zero, ex.Message)], 0, ex.Message);
        }
    }

    private static ExploreRunResult RunChecked(Scenario scenario, PolicyTopology ownership, bool traceCommands, CancellationToken token)
    {
        ScenarioWorld world;
        try
        {
            world = new ScenarioWorld(scenario);
            world.Target.TraceCommands = traceCommands;
            world.Start();
            world.ScheduleTimeline();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            return new ExploreRunResult([], 0, $"cannot build the simulated SAN: {ex.Message}");
        }

        var results = new ExpectationResult?[scenario.Expect.Count];
        var end = scenario.Duration;
        for (int i = 0; i < scenario.Expect.Count; i++)
        {
            var e = scenario.Expect[i];
            if (e.At is not { } at) continue;
            if (at > end) end = at;
            if (e.Spread is not null) continue;
            int index = i;
            world.Sim.Scheduler.At(at, () => results[index] = ExpectationChecker.Check(world, e), "expect");
        }
        string? error = RunTo(world, end, token);
        for (int i = 0; i < scenario.Expect.Count; i++)
            if (results[i] is null && scenario.Expect[i].Spread is null)
                results[i] = ExpectationChecker.Check(world, scenario.Expect[i]);

        world.Symptoms.AddErrorsFromTrace(world.Sim.Trace, world.Hosts);
        var findings = new List<Finding>();
        if (scenario.Expect.Any(e => e.Spread is not null))
        {
            foreach (var host in world.Hosts)
                foreach (var (_, path) in world.PathsOf(host.Name))
                    foreach (var request in path.HeldAt(world.Sim.Now))
                        if (request.CauseId != 0) world.Symptoms.Add(host.Name, SymptomKind.Stall, request.CauseId);
            for (int i = 0; i < scenario.Expect.Count; i++)
            {
                if (scenario.Expect[i].Spread is not { } spec) continue;
                var until = scenario.Expect[i].At ?? world.Sim.Now;
                var edges = SpreadAnalysis.Edges(world.Sim.Trace, world.Hosts, world.Symptoms.All, until);
                results[i] = ExpectationChecker.CheckSpread(world, scenario.Expect[i], spec, edges);
            }
        }
        for (int i = 0; i < results.Length; i++)
            if (results[i] is { Held: false } r)
                findings.Add(new Finding(FindingKind.Expectation, ExpectationSubject(r.Expectation, i), null, "expect[" + i.ToString(CultureInfo.InvariantCulture) + "]", null,
                    r.Expectation.At ?? world.Sim.Now, $"expected {r.Expected}; found {r.Actual}"));

        findings.AddRange(CrossOwnerErrors(world, ownership));
        findings.AddRange(DataMismatches(world));
        findings.AddRange(StuckHosts(world));
        if (error is not null)
            findings.Add(new Finding(FindingKind.Stuck, "-", null, null, null, world.Sim.Now, error));
        return new ExploreRunResult(findings, world.Sim.Trace.Events.Count, error);
    }

    /// <summary>What an expectation is about, for the finding's host column: its host, LUN, "spread from X" or its index.</summary>
    private static string ExpectationSubject(Expectation e, int index) =>
        e.Host ?? (e.Spread is { } s ? "spread from " + s.From
            : e.Lun is { } l ? "lun " + l.ToString(CultureInfo.InvariantCulture)
            : "expect[" + index.ToString(CultureInfo.InvariantCulture) + "]");

    private static string? RunTo(ScenarioWorld world, SimTime until, CancellationToken token)
    {
        var scheduler = world.Sim.Scheduler;
        var slice = SimTime.FromMinutes(1);
        while (scheduler.Now < until)
        {
            token.ThrowIfCancellationRequested();
            scheduler.RunUntil(scheduler.Now + slice < until ? scheduler.Now + slice : until);
            if (world.Sim.Trace.Events.Count > ScenarioRunner.EventBudget)
                return $"event storm: more than {ScenarioRunner.EventBudget.ToString(CultureInfo.InvariantCulture)} trace events by {scheduler.Now}";
        }
        scheduler.RunUntil(until);
        return null;
    }

    /// <summary>
    /// Each error symptom walked back to its root (as spread does): when the root is another host's action and the
    /// LUN nearest the root on the chain is not one that host owns (or the chain names no LUN), it is a finding.
    /// The first symptom of each (actor, action, host, LUN) is kept.
    /// </summary>
    private static IEnumerable<Finding> CrossOwnerErrors(ScenarioWorld world, PolicyTopology ownership)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var found = new List<Finding>();
        foreach (var symptom in world.Symptoms.All)
        {
            if (symptom.Kind != SymptomKind.Error) continue;
            var chain = world.Sim.Trace.CauseChain(symptom.TraceId);
            if (chain.Count == 0) continue;
            var root = chain[^1];
            if (SpreadAnalysis.OwnerOf(root.Source, world.Hosts) is not { } actor || actor == symptom.Host) continue;
            int? lun = null;
            for (int i = chain.Count - 1; i >= 0 && lun is null; i--)
                lun = LunOf(chain[i].Source);
            if (lun is { } owned && ownership.OwnedBy(actor).Contains(owned)) continue;
            string action = ActionOf(root.Message);
            var finding = new Finding(FindingKind.Spread, symptom.Host, actor, action, lun, chain[0].Time,
                $"{symptom.Host}: \"{chain[0].Message}\"; {actor} does not own "
                + (lun is { } l ? "LUN " + l.ToString(CultureInfo.InvariantCulture) + Owners(ownership, l) : "any LUN on the chain"));
            if (seen.Add(finding.Signature)) found.Add(finding);
        }
        return found.OrderBy(f => f.At).ThenBy(f => f.Signature, StringComparer.Ordinal);
    }

    private static string Owners(PolicyTopology ownership, int lun)
    {
        var owners = ownership.OwnersOf(lun);
        return owners.Count == 0 ? " (no host owns it)" : " (owned by " + string.Join(", ", owners) + ")";
    }

    /// <summary>"lun:12" → 12.</summary>
    private static int? LunOf(string source) =>
        source.StartsWith("lun:", StringComparison.Ordinal)
        && int.TryParse(source.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : null;

    /// <summary>The timeline verb of a host action's trace message ("scenario: sleep" → "sleep"), else the message's first word.</summary>
    internal static string ActionOf(string message)
    {
        var text = message.StartsWith("scenario: ", StringComparison.Ordinal) ? message["scenario: ".Length..] : message;
        int space = text.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? text : text[..space];
    }

    /// <summary>Windows volumes that read back other data than their disk acknowledged; ext4 sectors acknowledged GOOD that the LUN does not hold.</summary>
    private static IEnumerable<Finding> DataMismatches(ScenarioWorld world)
    {
        foreach (var host in world.Hosts)
        {
            if (host is WindowsHost windows)
            {
                foreach (var volume in windows.Volumes)
                    if (volume.Mismatches > 0)
                        yield return new Finding(FindingKind.Data, host.Name, null, null, null, world.Sim.Now,
                            $"volume {volume.Letter}: read back {volume.Mismatches.ToString(CultureInfo.InvariantCulture)} cluster(s) that differ from what Disk {volume.Disk.Number.ToString(CultureInfo.InvariantCulture)} acknowledged");
            }
            else if (host is LinuxHost linux && world.Scenario.Hosts.FirstOrDefault(h => h.Name == host.Name) is { } spec)
            {
                foreach (var mount in spec.Mounts)
                {
                    if (linux.Ext4(mount.Device) is not { } ext4 || !world.Target.Luns.TryGetValue(mount.Lun, out var lun)) continue;
                    int differing = Differing(ext4.Filesystem.Acknowledged, lun);
                    if (differing > 0)
                        yield return new Finding(FindingKind.Data, host.Name, null, null, mount.Lun, world.Sim.Now,
                            $"/dev/{mount.Device}: {differing.ToString(CultureInfo.InvariantCulture)} sector(s) acknowledged GOOD hold other data on LUN {mount.Lun.ToString(CultureInfo.InvariantCulture)}");
                }
            }
        }
    }

    private static int Differing(SectorContentMap acknowledged, CtlLun lun)
    {
        int differing = 0;
        var buffer = new byte[lun.BlockSize];
        int sectorsPerBlock = Math.Max(1, lun.BlockSize / Bio.SectorSize);
        ulong held = ulong.MaxValue;
        foreach (ulong sector in acknowledged.Keys)
        {
            // A bio's sectors are acknowledged together, so neighbours in the map usually share a block.
            ulong block = sector / (ulong)sectorsPerBlock;
            if (block != held) lun.Store.Read(block, buffer);
            held = block;
            int offset = (int)(sector % (ulong)sectorsPerBlock) * Bio.SectorSize;
            if (!buffer.AsSpan(offset, Bio.SectorSize).SequenceEqual(acknowledged[sector])) differing++;
        }
        return differing;
    }

    /// <summary>
    /// A host with commands unanswered past the stall threshold at the end (or I/O queued on a dm-multipath map
    /// that has no active path), and no error since the last timeline event: it neither failed nor progressed
    /// through the quiet end of the run.
    /// </summary>
    private static IEnumerable<Finding> StuckHosts(ScenarioWorld world)
    {
        var lastEvent = world.Scenario.Timeline.Count > 0 ? world.Scenario.Timeline[^1].At : SimTime.Zero;
        foreach (var host in world.Hosts)
        {
            long cause;
            string what;
            if (world.PathsOf(host.Name).SelectMany(p => p.Path.HeldAt(world.Sim.Now)).FirstOrDefault() is { } held)
            {
                cause = held.CauseId;
                what = $"commands held over {ObservedPath.StallThreshold}";
            }
            else if (host is LinuxHost linux && linux.MultipathDevices.FirstOrDefault(m => m.QueuedCount > 0 && m.ActivePathCount == 0) is { } map)
            {
                cause = world.Symptoms.All.LastOrDefault(s => s.Host == host.Name && s.Kind == SymptomKind.Stall).TraceId;
                what = $"{map.QueuedCount.ToString(CultureInfo.InvariantCulture)} I/O queued on a multipath map with no active path";
            }
            else
            {
                continue;
            }
            bool erredLately = world.Symptoms.All.Any(s => s.Host == host.Name && s.Kind == SymptomKind.Error
                && world.Sim.Trace.Find(s.TraceId) is { } ev && ev.Time >= lastEvent);
            if (erredLately) continue;
            var chain = world.Sim.Trace.CauseChain(cause);
            string? actor = chain.Count > 0 ? SpreadAnalysis.OwnerOf(chain[^1].Source, world.Hosts) : null;
            string? action = chain.Count > 0 ? ActionOf(chain[^1].Message) : null;
            yield return new Finding(FindingKind.Stuck, host.Name, actor, action, null, world.Sim.Now,
                $"{what}, and no error since the last timeline event at {lastEvent}"
                + (chain.Count > 0 ? $"; the oldest goes back to \"{chain[^1].Message}\"" : ""));
        }
    }
}
