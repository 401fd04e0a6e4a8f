using SanSim.Fabric;
using SanSim.Scenarios.Model;
using SanSim.Target;

namespace SanSim.Scenarios.Loading;

/// <summary>FC zoning: the top-level <c>fabric: { zones: [...] }</c> and the timeline's <c>zoneset:</c> events.</summary>
internal sealed partial class Binder
{
    private static readonly string[] FabricKeys = ["zones"];
    private static readonly string[] ZoneKeys = ["name", "members"];

    private FabricSpec? BindFabric(YNode node, string path)
    {
        if (node is YScalar { IsNull: true }) return null;
        if (AsMap(node, path, FabricKeys) is not { } m) return null;
        IReadOnlyList<ZoneSpec>? zones = null;
        if (m.Find("zones") is { } z && z.Value is not YScalar { IsNull: true })
            zones = BindZones(z.Value, path + ".zones");
        return new FabricSpec { Zones = zones, Mark = m.Mark };
    }

    /// <summary>A <c>zoneset:</c> event's value: a list of zones to activate, or <c>all</c> to clear zoning.</summary>
    private ZoneSetChange? BindZoneSetChange(YNode node, string path)
    {
        if (node is YScalar s)
        {
            if (s.Plain && s.Value == "all") return new ZoneSetChange { Zones = null, Mark = s.Mark };
            Error(s.Mark, $"{path}: expected a list of zones [ {{ name: z1, members: [ naa.…, naa.… ] }} ] or all (zoning cleared), found '{s.Value}'");
            return null;
        }
        if (node is not YSeq)
        {
            Error(node.Mark, $"{path}: expected a list of zones [ {{ name: z1, members: [ naa.…, naa.… ] }} ] or all (zoning cleared)");
            return null;
        }
        return new ZoneSetChange { Zones = BindZones(node, path), Mark = node.Mark };
    }

    private List<ZoneSpec> BindZones(YNode node, string path)
    {
        var zones = BindList(node, path, BindZone);
        CheckUnique(node, path, "name");
        return zones;
    }

    private ZoneSpec? BindZone(YNode node, string path)
    {
        if (AsMap(node, path, ZoneKeys) is not { } m) return null;
        int before = errors.Count;
        var name = ReqString(m, "name", path);
        var members = new List<string>();
        if (m.Find("members") is not { } me) Error(m.Mark, $"{path}.members: missing required key (the WWPNs of the host and target ports in the zone)");
        else if (AsSeq(me.Value, path + ".members") is { } ms)
        {
            for (int i = 0; i < ms.Items.Count; i++)
            {
                string itemPath = $"{path}.members[{i}]";
                if (StringOf(ms.Items[i], itemPath) is not { } w) continue;
                if (FcNames.TryParse(w) is not { } wwpn)
                    Error(ms.Items[i].Mark, $"{itemPath}: '{w}' is not a WWPN; write naa. and 16 hex digits (naa.2100001b32a1b2c3)");
                else if (!KnownWwpns().Contains(wwpn))
                    Error(ms.Items[i].Mark, $"{itemPath}: '{w}' is neither a host path's wwpn nor an FC port's wwpn{Known(KnownWwpnNames())}");
                else
                    members.Add(w);
            }
        }
        if (errors.Count != before || name is null) return null;
        return new ZoneSpec { Name = name, Members = members, Mark = m.Mark };
    }

    /// <summary>Every WWPN a zone may name: the FC (camtgt) target ports' and the host paths'.</summary>
    private HashSet<ulong> KnownWwpns() =>
        KnownWwpnNames().Select(FcNames.TryParse).OfType<ulong>().ToHashSet();

    private IEnumerable<string> KnownWwpnNames() =>
        _target.Ports.Where(p => p.Frontend == PortFrontend.Camtgt).Select(p => p.Wwpn)
            .Concat(_hosts.SelectMany(h => h.Paths).Select(p => p.Wwpn))
            .OfType<string>().Where(w => FcNames.TryParse(w) is not null).Distinct(StringComparer.OrdinalIgnoreCase);
}
