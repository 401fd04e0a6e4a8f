using SanSim.Scenarios.Model;

namespace SanSim.Scenarios.Loading;

/// <summary>
/// A variant's <c>set:</c> deep-merged into the base document: mappings merge key by key; the lists of ports,
/// LUNs, hosts, paths, mounts and zones merge item by item on their identity key (an unmatched item is added,
/// <c>remove: true</c> deletes the match); any other value is replaced. Merged nodes keep the mark of the
/// document they came from, so errors point at the variant's own lines.
/// </summary>
internal static class VariantMerge
{
    private static readonly Dictionary<string, string> IdentityKeys = new(StringComparer.Ordinal)
    {
        ["ports"] = "port", ["luns"] = "lun", ["hosts"] = "name", ["paths"] = "port", ["mounts"] = "lun", ["zones"] = "name",
    };

    public static YNode Merge(YNode baseNode, YNode overlay, string key, string path, List<ScenarioError> errors)
    {
        if (baseNode is YMap bm && overlay is YMap om)
        {
            var result = new YMap { Mark = bm.Mark };
            foreach (var e in bm.Entries)
            {
                var over = om.Find(e.Key);
                result.Entries.Add(new YEntry
                {
                    Key = e.Key,
                    KeyMark = over?.KeyMark ?? e.KeyMark,
                    Value = over is null ? e.Value : Merge(e.Value, over.Value, e.Key, path + "." + e.Key, errors),
                });
            }
            foreach (var e in om.Entries)
                if (bm.Find(e.Key) is null)
                    result.Entries.Add(new YEntry { Key = e.Key, KeyMark = e.KeyMark, Value = StripRemove(e.Value) });
            return result;
        }
        if (baseNode is YSeq bs && overlay is YSeq os && IdentityKeys.TryGetValue(key, out var id))
            return MergeList(bs, os, id, path, errors);
        return StripRemove(overlay);
    }

    private static YSeq MergeList(YSeq baseSeq, YSeq overlay, string id, string path, List<ScenarioError> errors)
    {
        var items = new List<YNode>(baseSeq.Items);
        for (int i = 0; i < overlay.Items.Count; i++)
        {
            var item = overlay.Items[i];
            string itemPath = $"{path}[{i}]";
            if (item is not YMap im || im.Find(id)?.Value is not YScalar idValue)
            {
                errors.Add(new ScenarioError(item.Mark, $"{itemPath}: an item merged into this list needs its '{id}' to say which one it changes"));
                continue;
            }
            int match = items.FindIndex(b => b is YMap bm && bm.Find(id)?.Value is YScalar bv && bv.Value == idValue.Value);
            bool remove = im.Find("remove")?.Value is YScalar { Plain: true, Value: "true" };
            if (remove)
            {
                if (match < 0) errors.Add(new ScenarioError(im.Find("remove")!.KeyMark, $"{itemPath}.remove: no item with {id} {idValue.Value} to remove"));
                else items.RemoveAt(match);
            }
            else if (match < 0)
            {
                items.Add(StripRemove(im));
            }
            else
            {
                items[match] = Merge(items[match], StripRemove(im), "", itemPath, errors);
            }
        }
        return new YSeq { Mark = overlay.Mark, Items = items };
    }

    /// <summary>Drops a "remove: false" marker; "remove" with any other value stays so the binder reports it.</summary>
    private static YNode StripRemove(YNode node)
    {
        if (node is not YMap m || m.Find("remove")?.Value is not YScalar { Plain: true, Value: "false" }) return node;
        return new YMap { Mark = m.Mark, Entries = m.Entries.Where(e => e.Key != "remove").ToList() };
    }
}
