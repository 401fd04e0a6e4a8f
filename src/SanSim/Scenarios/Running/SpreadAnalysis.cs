using SanSim.Engine;
using SanSim.Hosts;
using SanSim.Scenarios.Model;

namespace SanSim.Scenarios.Running;

/// <summary>
/// Who reached whom, from the trace's cause chains only: each symptom of host B is walked back to its root; when
/// the root belongs to another host A (an event whose source is A, such as A's sleep, or one of A's paths), A
/// reached B at the symptom's level. The edge keeps the worst level and the first symptom at that level.
/// </summary>
internal static class SpreadAnalysis
{
    public static IReadOnlyList<SpreadEdge> Edges(Trace trace, IReadOnlyList<Host> hosts, IReadOnlyList<Symptom> symptoms, SimTime until)
    {
        var edges = new Dictionary<(string From, string To), SpreadEdge>();
        foreach (var symptom in symptoms)
        {
            var chain = trace.CauseChain(symptom.TraceId);
            if (chain.Count == 0 || chain[0].Time > until) continue;
            var root = chain[^1];
            if (OwnerOf(root.Source, hosts) is not { } from || from == symptom.Host) continue;
            var level = symptom.Kind switch
            {
                SymptomKind.Error => SpreadLevel.Error,
                SymptomKind.Stall => SpreadLevel.Stall,
                _ => SpreadLevel.Sense,
            };
            var edge = new SpreadEdge(from, symptom.Host, level, chain[0].Time, root.Id, symptom.TraceId);
            var key = (from, symptom.Host);
            if (!edges.TryGetValue(key, out var old) || Better(edge, old)) edges[key] = edge;
        }
        return edges.Values
            .OrderBy(e => e.From, StringComparer.Ordinal)
            .ThenBy(e => e.To, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>A worse level wins; at the same level, the earlier symptom.</summary>
    private static bool Better(SpreadEdge candidate, SpreadEdge current) =>
        candidate.Level < current.Level
        || candidate.Level == current.Level && (candidate.FirstAt < current.FirstAt
            || candidate.FirstAt == current.FirstAt && candidate.SymptomEventId < current.SymptomEventId);

    /// <summary>The host a trace source belongs to: "host:NAME" or one of its paths, "path:NAME:PORT".</summary>
    public static string? OwnerOf(string source, IReadOnlyList<Host> hosts)
    {
        foreach (var host in hosts)
        {
            if (source == host.Source) return host.Name;
            if (source.StartsWith("path:" + host.Name + ":", StringComparison.Ordinal)
                && source.LastIndexOf(':') == ("path:" + host.Name).Length)
                return host.Name;
        }
        return null;
    }

    /// <summary>The hosts <paramref name="from"/> reached at <paramref name="level"/> or worse (error is worse than stall, stall than sense).</summary>
    public static IReadOnlyList<string> Reached(IReadOnlyList<SpreadEdge> edges, string from, SpreadLevel level) =>
        edges.Where(e => e.From == from && e.Level <= level).Select(e => e.To).Order(StringComparer.Ordinal).ToList();
}
