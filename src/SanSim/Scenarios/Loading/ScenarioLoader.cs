using SanSim.Scenarios.Loading;
using SanSim.Scenarios.Model;

namespace SanSim.Scenarios;

/// <summary>
/// Reads scenario files (YAML) into validated <see cref="Scenario"/> records: the base scenario and then each
/// variant in file order. Every problem is reported as "file:line:column: message" naming the key; bad input
/// never throws.
/// </summary>
public static class ScenarioLoader
{
    /// <summary>Loads one file.</summary>
    public static ScenarioLoadResult LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new ScenarioLoadResult([], [new ScenarioError(new SourceMark(path ?? "", 1, 1), $"cannot read the file: {ex.Message}")]);
        }
        return LoadText(text, path);
    }

    /// <summary>Loads scenario text; <paramref name="fileName"/> is what errors and <see cref="Scenario.File"/> name.</summary>
    public static ScenarioLoadResult LoadText(string yaml, string fileName)
    {
        fileName ??= "";
        var errors = new List<ScenarioError>();
        var scenarios = new List<Scenario>();
        try
        {
            Load(yaml ?? "", fileName, scenarios, errors);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            errors.Add(new ScenarioError(new SourceMark(fileName, 1, 1), $"the loader could not read this file ({ex.GetType().Name}: {ex.Message})"));
        }
        var distinct = errors.Distinct().ToList();
        return distinct.Count > 0 ? new ScenarioLoadResult([], distinct) : new ScenarioLoadResult(scenarios, []);
    }

    /// <summary>Loads files and folders (every *.yaml below a folder, sorted by path, ordinal); scenario names must be unique across them.</summary>
    public static ScenarioLoadResult LoadPaths(IEnumerable<string> filesOrFolders)
    {
        var files = new List<string>();
        var errors = new List<ScenarioError>();
        foreach (var p in filesOrFolders ?? [])
        {
            if (Directory.Exists(p))
                files.AddRange(Directory.EnumerateFiles(p, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            else if (File.Exists(p))
                files.Add(p);
            else
                errors.Add(new ScenarioError(new SourceMark(p ?? "", 1, 1), "no such file or folder"));
        }
        var scenarios = new List<Scenario>();
        var names = new Dictionary<string, Scenario>(StringComparer.Ordinal);
        foreach (var f in files.DistinctBy(Path.GetFullPath))
        {
            var r = LoadFile(f);
            errors.AddRange(r.Errors);
            foreach (var s in r.Scenarios)
            {
                if (s.Variant == "base" && names.TryGetValue(s.Name, out var other) && other.File != s.File)
                    errors.Add(new ScenarioError(s.Mark, $"name: '{s.Name}' is also the name of the scenario in {other.File}; names are unique in a suite"));
                else if (s.Variant == "base") names[s.Name] = s;
                scenarios.Add(s);
            }
        }
        return errors.Count > 0 ? new ScenarioLoadResult([], errors) : new ScenarioLoadResult(scenarios, []);
    }

    private static void Load(string yaml, string file, List<Scenario> scenarios, List<ScenarioError> errors)
    {
        var root = YamlTree.Parse(yaml, file, errors);
        if (root is null) return;
        if (root is not YMap map)
        {
            errors.Add(new ScenarioError(root.Mark, "a scenario file is a mapping of keys (name, target, hosts, …)"));
            return;
        }
        var baseDoc = new YMap { Mark = map.Mark, Entries = map.Entries.Where(e => e.Key != "variants").ToList() };
        var baseScenario = BindOne(baseDoc, file, errors, "base", null, null, null, "base");
        if (baseScenario is not null) scenarios.Add(baseScenario);

        if (map.Find("variants") is not { } variantsEntry) return;
        if (variantsEntry.Value is YScalar { IsNull: true }) return;
        if (variantsEntry.Value is not YSeq variants)
        {
            errors.Add(new ScenarioError(variantsEntry.Value.Mark, "variants: expected a list of variants"));
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < variants.Items.Count; i++)
        {
            string path = $"variants[{i}]";
            if (variants.Items[i] is not YMap v)
            {
                errors.Add(new ScenarioError(variants.Items[i].Mark, $"{path}: expected a mapping with name and set, timeline or expect"));
                continue;
            }
            int before = errors.Count;
            foreach (var e in v.Entries)
                if (!Binder.VariantKeys.Contains(e.Key))
                    errors.Add(new ScenarioError(e.KeyMark, $"{path}.{e.Key}: unknown key{Binder.Suggest(e.Key, Binder.VariantKeys)}"));
            string? name = null;
            if (v.Find("name")?.Value is not YScalar { IsNull: false } n || (n.Plain && Binder.LooksTyped(n.Value)))
                errors.Add(new ScenarioError(v.Find("name")?.Value.Mark ?? v.Mark, $"{path}.name: a variant needs a name (a string)"));
            else if (n.Value == "base" || !seen.Add(n.Value))
                errors.Add(new ScenarioError(n.Mark, $"{path}.name: '{n.Value}' is {(n.Value == "base" ? "the name of the plain file's variant" : "already a variant's name")}"));
            else
                name = n.Value;

            YMap doc = baseDoc;
            if (v.Find("set") is { } set)
            {
                if (set.Value is not YMap setMap)
                {
                    errors.Add(new ScenarioError(set.Value.Mark, $"{path}.set: expected a mapping to merge into the scenario"));
                }
                else
                {
                    foreach (var e in setMap.Entries.Where(e => e.Key is "name" or "variants"))
                        errors.Add(new ScenarioError(e.KeyMark, $"{path}.set.{e.Key}: a variant cannot change the scenario's {e.Key}"));
                    doc = (YMap)VariantMerge.Merge(baseDoc, new YMap { Mark = setMap.Mark, Entries = setMap.Entries.Where(e => e.Key is not ("name" or "variants")).ToList() }, "", path + ".set", errors);
                }
            }
            if (v.Find("policy") is { } pe)
            {
                if (pe.Value is YScalar { IsNull: false } ps && Binder.PolicyNames.Contains(ps.Value))
                    doc = new YMap { Mark = doc.Mark, Entries = doc.Entries.Where(e => e.Key != "policy").Append(new YEntry { Key = "policy", KeyMark = pe.KeyMark, Value = ps }).ToList() };
                else
                    errors.Add(new ScenarioError(pe.Value.Mark, $"{path}.policy: expected one of {string.Join(" | ", Binder.PolicyNames)}"));
            }
            string? description = null;
            if (v.Find("description") is { } de)
            {
                if (de.Value is YScalar { IsNull: false } d) description = d.Value;
                else errors.Add(new ScenarioError(de.Value.Mark, $"{path}.description: expected a string"));
            }
            if (errors.Count != before || name is null) continue;
            var scenario = BindOne(doc, file, errors, name, description, v.Find("timeline")?.Value, v.Find("expect")?.Value, path);
            if (scenario is not null) scenarios.Add(scenario);
        }
    }

    private static Scenario? BindOne(YMap doc, string file, List<ScenarioError> errors, string variant, string? description, YNode? variantTimeline, YNode? variantExpect, string variantPath)
    {
        var parts = new List<(YNode, string)>();
        if (doc.Find("timeline") is { } t) parts.Add((t.Value, "timeline"));
        if (variantTimeline is not null) parts.Add((variantTimeline, variantPath + ".timeline"));
        (YNode, string)? expect = variantExpect is not null ? (variantExpect, variantPath + ".expect")
            : doc.Find("expect") is { } e ? (e.Value, "expect") : null;
        return new Binder(file, errors).Bind(doc, parts, expect, variant, description);
    }
}
