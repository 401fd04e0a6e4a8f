using SanSim.Target.CtlConf;
using System.Globalization;
using System.Text;

namespace SanSim.Scenarios.Import;

/// <summary>Where the imported text came from and how the skeleton is named.</summary>
public sealed record ImportOptions
{
    public required string PortlistText { get; init; }
    public required string PortlistFile { get; init; }
    public string? DevlistText { get; init; }
    public string? DevlistFile { get; init; }
    /// <summary>The ctl.conf ctld was started with: names, sizes and block sizes of the LUNs its iSCSI targets map.</summary>
    public string? CtlConfText { get; init; }
    public string? CtlConfFile { get; init; }
    /// <summary>The scenario's name; by default the portlist file's name without its extension.</summary>
    public string? Name { get; init; }
    /// <summary>The value of the first line's <c>$schema=</c>, or null to leave the line out.</summary>
    public string? SchemaPath { get; init; }
}

/// <summary>The scenario YAML, or the unreadable lines.</summary>
public sealed record ImportResult(string? Yaml, IReadOnlyList<ImportError> Errors)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// Turns <c>ctladm portlist</c> (and optionally <c>ctladm devlist</c>) output copied off a CTL box into a scenario
/// skeleton: the target's ports and LUN maps, its LUNs, the initiators the portlist shows as hosts, and an expectation
/// that the same portlist comes back.
/// </summary>
public static class ScenarioImporter
{
    /// <summary>Port options the CTL frontends generate; they are rebuilt from the port's fields, not kept as options.</summary>
    private static readonly HashSet<string> Generated = new(StringComparer.Ordinal)
    {
        "port_type", "cfiscsi_state", "cfiscsi_target", "cfiscsi_portal_group_tag", "cfiscsi_target_alias", "ctld_portal_group_name",
    };

    public static ImportResult Import(ImportOptions options)
    {
        var errors = new List<ImportError>();
        var portlist = PortlistParser.Parse(options.PortlistText, options.PortlistFile, errors);
        IReadOnlyList<ImportedLun>? devlist = null;
        if (options.DevlistText is not null)
            devlist = DevlistParser.Parse(options.DevlistText, options.DevlistFile ?? "devlist", errors);
        CtlConfFile? conf = null;
        if (options.CtlConfText is not null)
        {
            var parsed = CtlConfParser.Parse(options.CtlConfText, options.CtlConfFile ?? "ctl.conf");
            if (parsed.Error is { } e) errors.Add(new ImportError(e.Location.File, e.Location.Line, e.Message));
            conf = parsed.Conf;
        }
        if (portlist is null || errors.Count > 0) return new ImportResult(null, errors);
        return new ImportResult(Write(portlist, devlist, ConfLuns(portlist, conf), options), []);
    }

    /// <summary>
    /// CTL LUN → the ctl.conf lun block it is: through each iSCSI port's map (port LUN n of target T is ctl.conf's
    /// "lun n" of target T) and through ctl-lun.
    /// </summary>
    private static Dictionary<int, ConfLun> ConfLuns(PortlistImport pl, CtlConfFile? conf)
    {
        var found = new Dictionary<int, ConfLun>();
        if (conf is null) return found;
        foreach (var lun in conf.Luns)
            if (lun.CtlLun is int id) found.TryAdd(id, lun);
        foreach (var p in pl.Ports)
        {
            string? target = p.Options.FirstOrDefault(kv => kv.Key == "cfiscsi_target").Value ?? p.TargetId;
            if (p.Frontend != "iscsi" || target is null) continue;
            var t = conf.Targets.Find(x => x.Name == target);
            if (t is null) continue;
            foreach (var (plun, clun) in p.Luns)
                if (t.Luns.TryGetValue(plun, out string? name) && conf.FindLun(name) is { } lun)
                    found.TryAdd(clun, lun);
        }
        return found;
    }

    private static string Write(PortlistImport pl, IReadOnlyList<ImportedLun>? devlist, Dictionary<int, ConfLun> conf, ImportOptions o)
    {
        var sb = new StringBuilder();
        if (o.SchemaPath is not null) sb.Append("# yaml-language-server: $schema=").Append(o.SchemaPath).Append('\n');
        string name = o.Name ?? Path.GetFileNameWithoutExtension(o.PortlistFile);
        if (name.Length == 0) name = "imported";
        sb.Append("version: 1\n");
        sb.Append("name: ").Append(Q(name)).Append('\n');
        string from = "ctladm portlist output " + Path.GetFileName(o.PortlistFile)
            + (o.DevlistFile is not null ? ", ctladm devlist output " + Path.GetFileName(o.DevlistFile) : "")
            + (o.CtlConfFile is not null ? ", ctl.conf " + Path.GetFileName(o.CtlConfFile) : "");
        sb.Append("description: ").Append(Q($"Imported by sansim import from {from}: the target's ports, LUN maps and LUNs, and the initiators the portlist shows as hosts.")).Append('\n');
        sb.Append("seed: 1\nduration: 10s\ntarget:\n  name: imported\n  profile: ctl\n  luns:\n");
        WriteLuns(sb, pl, devlist, conf);
        sb.Append("  ports:\n");
        foreach (var p in pl.Ports) WritePort(sb, p);
        WriteHosts(sb, pl);
        sb.Append("timeline: []\nexpect:\n  - at: 1s\n    policy: explicit\n");
        var args = new List<string> { "portlist" };
        if (pl.ShowsInitiators) args.Add("-i");
        if (pl.Verbose) args.Add("-v");
        else if (pl.ShowsLuns) args.Add("-l");
        sb.Append("    ctladm: ").Append(Q(string.Join(' ', args))).Append('\n');
        sb.Append("    output: |\n");
        foreach (var line in PortlistParser.SplitLines(pl.Text))
            sb.Append("      ").Append(line).Append('\n');
        return sb.ToString();
    }

    /// <summary>The devlist's LUNs (their options as comments: the scenario format has none), then any LUN a map names that the devlist lacks, with a placeholder size.</summary>
    private static void WriteLuns(StringBuilder sb, PortlistImport pl, IReadOnlyList<ImportedLun>? devlist, Dictionary<int, ConfLun> conf)
    {
        var listed = devlist ?? [];
        foreach (var l in listed)
        {
            foreach (var (key, value) in l.Options)
                sb.Append(CultureInfo.InvariantCulture, $"    # LUN {l.Id} option {key}={value} (devlist -v) is not carried into the scenario\n");
            sb.Append(CultureInfo.InvariantCulture, $"    - {{ lun: {l.Id}, ");
            if (conf.TryGetValue(l.Id, out var named)) sb.Append("name: ").Append(Q(named.Name)).Append(", ");
            sb.Append(CultureInfo.InvariantCulture, $"size: {Math.Max(l.Blocks, 1UL)}, blocksize: {l.BlockSize}");
            if (l.Serial.Length > 0) sb.Append(", serial: ").Append(Q(l.Serial));
            if (l.DeviceId.Length > 0) sb.Append(", device_id: ").Append(Q(l.DeviceId));
            sb.Append(" }\n");
        }
        var ids = pl.Ports.SelectMany(p => p.Luns.Select(e => e.Value)).Distinct().Where(id => listed.All(l => l.Id != id)).Order().ToList();
        if (ids.Count == 0 && listed.Count == 0) ids.Add(0);
        foreach (int id in ids.Where(conf.ContainsKey))
        {
            var c = conf[id];
            int bs = c.BlockSize == 0 ? 512 : c.BlockSize;
            string size = c.Size != 0 && c.Size % (ulong)bs == 0 ? (c.Size / (ulong)bs).ToString(CultureInfo.InvariantCulture) : "1GiB";
            sb.Append(CultureInfo.InvariantCulture, $"    - {{ lun: {id}, name: {Q(c.Name)}, size: {size}, blocksize: {bs} }}\n");
        }
        ids.RemoveAll(conf.ContainsKey);
        if (ids.Count == 0) return;
        sb.Append("    # sizes are placeholders (1GiB): the portlist does not show them; import with --devlist for the real ones\n");
        foreach (int id in ids)
            sb.Append(CultureInfo.InvariantCulture, $"    - {{ lun: {id}, size: 1GiB }}\n");
    }

    private static void WritePort(StringBuilder sb, ImportedPort p)
    {
        sb.Append(CultureInfo.InvariantCulture, $"    - port: {p.Number}\n");
        sb.Append("      frontend: ").Append(Q(p.Frontend)).Append('\n');
        sb.Append("      name: ").Append(Q(p.Name)).Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"      pp: {p.PhysicalPort}\n      vp: {p.VirtualPort}\n");
        if (!p.Online) sb.Append("      online: false\n");
        string? Opt(string key) => p.Options.FirstOrDefault(kv => kv.Key == key).Value;
        if (p.Frontend == "iscsi")
        {
            string? target = Opt("cfiscsi_target") ?? p.TargetId;
            if (target is not null) sb.Append("      target: ").Append(Q(target)).Append('\n');
            if (Opt("cfiscsi_target_alias") is { } alias) sb.Append("      alias: ").Append(Q(alias)).Append('\n');
            string? tag = Opt("cfiscsi_portal_group_tag");
            string? pgName = Opt("ctld_portal_group_name");
            if (tag is not null || pgName is not null)
            {
                var parts = new List<string>();
                if (tag is not null) parts.Add("tag: " + tag);
                if (pgName is not null) parts.Add("name: " + Q(pgName));
                sb.Append("      portal_group: { ").Append(string.Join(", ", parts)).Append(" }\n");
            }
        }
        else
        {
            if (p.TargetId is not null) sb.Append("      wwnn: ").Append(Q(p.TargetId)).Append('\n');
            if (p.PortId.Length > 0) sb.Append("      wwpn: ").Append(Q(p.PortId)).Append('\n');
        }
        switch (p.Map)
        {
            case ImportedMapKind.None: sb.Append("      lunmap: none\n"); break;
            case ImportedMapKind.All: sb.Append("      lunmap: all\n"); break;
            case ImportedMapKind.Explicit:
                sb.Append("      lunmap: { ")
                  .Append(string.Join(", ", p.Luns.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Key}: {e.Value}"))))
                  .Append(" }\n");
                break;
        }
        var extra = p.Options.Where(kv => !Generated.Contains(kv.Key)).ToList();
        if (extra.Count > 0)
            sb.Append("      options: { ").Append(string.Join(", ", extra.Select(kv => Q(kv.Key) + ": " + Q(kv.Value)))).Append(" }\n");
    }

    /// <summary>iSCSI initiators (<c>iqn,i,0xISID</c>) become Linux hosts, one per initiator name, with a path per port; other initiators get a comment.</summary>
    private static void WriteHosts(StringBuilder sb, PortlistImport pl)
    {
        var hosts = new List<(string Name, string Iqn, List<(int Port, string Text)> Paths)>();
        var skipped = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in pl.Ports)
        {
            foreach (var i in p.Initiators)
            {
                var parts = i.Name.Split(',');
                if (parts.Length != 3 || parts[1] != "i" || !parts[2].StartsWith("0x", StringComparison.Ordinal))
                {
                    skipped.Add(string.Create(CultureInfo.InvariantCulture, $"  # port {p.Number} initiator {i.Id} ({i.Name}) is not an iSCSI initiator name: no host made for it\n"));
                    continue;
                }
                string path = string.Create(CultureInfo.InvariantCulture, $"{{ port: {p.Number}, iqn: {Q(parts[0])}, iid: {i.Id}, isid: {parts[2]} }}");
                int at = hosts.FindIndex(h => h.Iqn == parts[0]);
                if (at >= 0) { hosts[at].Paths.Add((p.Number, path)); continue; }
                string baseName = HostName(parts[0]);
                string name = baseName;
                for (int n = 2; !used.Add(name); n++) name = $"{baseName}-{n}";
                hosts.Add((name, parts[0], [(p.Number, path)]));
            }
        }
        sb.Append(hosts.Count == 0 ? "hosts: []\n" : "hosts:\n");
        foreach (var line in skipped) sb.Append(line);
        foreach (var h in hosts)
        {
            sb.Append("  - name: ").Append(Q(h.Name)).Append("\n    os: linux\n    paths:\n");
            foreach (var path in h.Paths) sb.Append("      - ").Append(path.Text).Append('\n');
        }
        WriteOwners(sb, hosts.Select(h => (h.Name, h.Paths.Select(p => p.Port).ToList())).ToList(), pl);
    }

    /// <summary>
    /// <c>owners:</c> as the maps suggest: an initiator owns the CTL LUNs its ports map explicitly (a port that shows
    /// every LUN says nothing of ownership). Written with a comment, since only the administrator knows for sure.
    /// </summary>
    private static void WriteOwners(StringBuilder sb, List<(string Name, List<int> Ports)> hosts, PortlistImport pl)
    {
        var owned = new List<(string Name, List<int> Luns)>();
        foreach (var (name, ports) in hosts)
        {
            var luns = pl.Ports.Where(p => ports.Contains(p.Number) && p.Map == ImportedMapKind.Explicit)
                .SelectMany(p => p.Luns.Select(kv => kv.Value)).Distinct().Order().ToList();
            if (luns.Count > 0) owned.Add((name, luns));
        }
        if (owned.Count == 0) return;
        sb.Append("# Ownership as the maps suggest (each initiator owns the LUNs its ports map); correct it before trusting sansim lint.\n");
        sb.Append("owners:\n");
        foreach (var (name, luns) in owned)
            sb.Append("  ").Append(Q(name)).Append(": [").Append(string.Join(", ", luns.Select(l => l.ToString(CultureInfo.InvariantCulture)))).Append("]\n");
    }

    /// <summary>The initiator name's last ':'-separated part, in lower-case letters, digits and dashes.</summary>
    private static string HostName(string initiator)
    {
        string last = initiator[(initiator.LastIndexOf(':') + 1)..];
        var sb = new StringBuilder();
        foreach (char c in last.ToLowerInvariant())
            sb.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        string s = sb.ToString().Trim('-');
        return s.Length > 0 ? s : "host";
    }

    /// <summary>A double-quoted YAML scalar.</summary>
    private static string Q(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
