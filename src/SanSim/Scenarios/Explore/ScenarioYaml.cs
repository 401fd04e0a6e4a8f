using System.Globalization;
using System.Text;
using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts;
using SanSim.Hosts.Linux;
using SanSim.Policy;
using SanSim.Scenarios.Model;
using SanSim.Scsi;
using SanSim.Target;

namespace SanSim.Scenarios.Explore;

/// <summary>
/// Writes a <see cref="Scenario"/> (one variant, already resolved) back as a scenario file that
/// <see cref="ScenarioLoader"/> reads to the same model: the topology, the timeline in time order and the
/// expectations, in flow style one item a line as the library's files are written. Times are written exactly
/// (seconds with up to nine decimals), sizes in the largest whole unit.
/// </summary>
public static class ScenarioYaml
{
    /// <summary>The file's text; <paramref name="schema"/> is the path the first line gives editors for the JSON Schema, or null for none.</summary>
    public static string Write(Scenario scenario, string? schema = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var w = new StringBuilder();
        if (schema is not null) w.Append("# yaml-language-server: $schema=").Append(schema).Append('\n');
        w.Append("version: 1\n");
        w.Append("name: ").Append(Str(scenario.Name)).Append('\n');
        if (scenario.Description.Length > 0) w.Append("description: ").Append(Str(scenario.Description)).Append('\n');
        w.Append("seed: ").Append(Num(scenario.Seed)).Append('\n');
        w.Append("duration: ").Append(Time(scenario.Duration)).Append('\n');
        WriteTarget(w, scenario.Target);
        WriteHosts(w, scenario.Hosts);
        if (scenario.Fabric is { Zones: { } zones })
            w.Append("fabric:\n  zones:\n").AppendJoin("", zones.Select(z => "    - " + Zone(z) + "\n"));
        if (scenario.Owners.Count > 0)
        {
            w.Append("owners:\n");
            foreach (var group in scenario.Owners.GroupBy(o => o.Name))
                w.Append("  ").Append(Str(group.Key)).Append(": [").Append(string.Join(", ", group.Select(o => Num(o.Lun)))).Append("]\n");
        }
        if (scenario.Policy != LunPolicyKind.Explicit) w.Append("policy: ").Append(LunPolicies.Name(scenario.Policy)).Append('\n');
        if (scenario.Timeline.Count > 0)
        {
            w.Append("timeline:\n");
            foreach (var ev in scenario.Timeline) w.Append("  - ").Append(Event(ev)).Append('\n');
        }
        if (scenario.Expect.Count > 0)
        {
            w.Append("expect:\n");
            foreach (var e in scenario.Expect) w.Append("  - ").Append(Expect(e)).Append('\n');
        }
        return w.ToString();
    }

    private static void WriteTarget(StringBuilder w, TargetSpec t)
    {
        w.Append("target:\n");
        w.Append("  name: ").Append(Str(t.Name)).Append('\n');
        w.Append("  profile: ").Append(t.Profile.ToString().ToLowerInvariant()).Append('\n');
        w.Append("  luns:\n");
        foreach (var l in t.Luns)
        {
            var f = new Flow().Add("lun", Num(l.Lun)).Opt("name", l.Name).Add("size", Size(l.Blocks * (ulong)l.BlockSize, l.Blocks));
            if (l.BlockSize != 512) f.Add("blocksize", Num(l.BlockSize));
            f.Opt("serial", l.Serial).Opt("device_id", l.DeviceId);
            if (l.ReadOnly) f.Add("readonly", "true");
            if (l.Removable) f.Add("removable", "true");
            w.Append("    - ").Append(f).Append('\n');
        }
        w.Append("  ports:\n");
        foreach (var p in t.Ports)
        {
            var f = new Flow().Add("port", Num(p.Port)).Add("frontend", Frontend(p.Frontend))
                .Opt("name", p.Name).Opt("wwnn", p.Wwnn).Opt("wwpn", p.Wwpn).Opt("target", p.Target).Opt("alias", p.Alias);
            if (p.PortalGroupTag is not null || p.PortalGroupName is not null)
            {
                var pg = new Flow();
                if (p.PortalGroupTag is { } tag) pg.Add("tag", Num(tag));
                pg.Opt("name", p.PortalGroupName);
                f.Add("portal_group", pg.ToString());
            }
            if (p.Pp is { } pp) f.Add("pp", Num(pp));
            if (p.Vp is { } vp) f.Add("vp", Num(vp));
            switch (p.LunMap)
            {
                case LunMapKind.None: f.Add("lunmap", "none"); break;
                case LunMapKind.Explicit:
                    f.Add("lunmap", "{ " + string.Join(", ", p.LunMapEntries.Select(e => Num(e.Key) + ": " + Num(e.Value))) + " }");
                    break;
            }
            if (!p.Online) f.Add("online", "false");
            if (p.Options.Count > 0)
                f.Add("options", "{ " + string.Join(", ", p.Options.Select(o => Str(o.Key) + ": " + Str(o.Value))) + " }");
            w.Append("    - ").Append(f).Append('\n');
        }
    }

    private static string Frontend(PortFrontend frontend) => frontend.ToString().ToLowerInvariant();

    private static void WriteHosts(StringBuilder w, IReadOnlyList<HostSpec> hosts)
    {
        if (hosts.Count == 0) return;
        w.Append("hosts:\n");
        foreach (var h in hosts)
        {
            w.Append("  - name: ").Append(Str(h.Name)).Append('\n');
            w.Append("    os: ").Append(h.Os.ToString().ToLowerInvariant()).Append('\n');
            if (h.Os == HostOs.Linux) w.Append("    kernel: \"").Append(h.Kernel.ToVersionString()).Append("\"\n");
            if (h.Paths.Count > 0)
            {
                w.Append("    paths:\n");
                foreach (var p in h.Paths)
                {
                    var f = new Flow().Add("port", Num(p.Port)).Opt("wwpn", p.Wwpn).Opt("iqn", p.Iqn);
                    if (p.Iid is { } iid) f.Add("iid", Num(iid));
                    if (p.Isid is { } isid) f.Add("isid", "0x" + isid.ToString("x12", CultureInfo.InvariantCulture));
                    if (p.ScsiHost is { } sh) f.Add("scsi_host", Num(sh));
                    w.Append("      - ").Append(f).Append('\n');
                }
            }
            if (h.OnlineDisks.Count > 0) w.Append("    online_disks: [").AppendJoin(", ", h.OnlineDisks.Select(d => Num(d))).Append("]\n");
            if (!h.StopOnSleep) w.Append("    stop_on_sleep: false\n");
            if (h.Mounts.Count > 0)
            {
                w.Append("    mounts:\n");
                foreach (var m in h.Mounts)
                {
                    var f = new Flow().Add("lun", Num(m.Lun)).Add("device", Str(m.Device)).Add("fs", Str(m.Fs)).Add("errors", Str(m.Errors));
                    if (m.Commit != SimTime.FromSeconds(5)) f.Add("commit", Time(m.Commit));
                    if (m.WriteEvery != SimTime.FromSeconds(5)) f.Add("write_every", Time(m.WriteEvery));
                    w.Append("      - ").Append(f).Append('\n');
                }
            }
            if (h.AllowRestart) w.Append("    allow_restart: true\n");
            if (h.Multipath is { } mp)
                w.Append("    multipath: ").Append(new Flow().Add("no_path_retry", Str(mp.NoPathRetry)).Add("polling_interval", Time(mp.PollingInterval))).Append('\n');
            if (h.Datastore is { } ds) w.Append("    datastore: ").Append(Num(ds)).Append('\n');
            if (h.StartUnitOnNotReady) w.Append("    start_unit_on_not_ready: true\n");
        }
    }

    private static string Zone(ZoneSpec z) =>
        new Flow().Add("name", Str(z.Name)).Add("members", "[" + string.Join(", ", z.Members.Select(Str)) + "]").ToString();

    /// <summary>One timeline event in flow style.</summary>
    public static string Event(TimelineEvent ev)
    {
        ArgumentNullException.ThrowIfNull(ev);
        var f = new Flow().Add("at", Time(ev.At));
        if (ev.Ctladm is { } line) return f.Add("ctladm", Str(line)).ToString();
        if (ev.Zoneset is { } zs)
            return f.Add("zoneset", zs.Zones is { } zones ? "[" + string.Join(", ", zones.Select(Zone)) + "]" : "all").ToString();
        if (ev.Inject is { } inject)
        {
            var i = new Flow();
            if (inject.Lun is { } lun) i.Add("lun", Num(lun));
            if (inject.Opcode is { } op) i.Add("opcode", "0x" + op.ToString("x2", CultureInfo.InvariantCulture));
            if (inject.Sense is { } sense) i.Add("sense", sense.ToString().ToLowerInvariant());
            else if (inject.Status is { } status) i.Add("status", Status(status));
            else i.Add("timeout", "true");
            i.Add("count", inject.Count is { } c ? Num(c) : "always");
            if (inject.Hosts.Count > 0) i.Add("hosts", "[" + string.Join(", ", inject.Hosts.Select(Str)) + "]");
            return f.Add("inject", i.ToString()).ToString();
        }
        f.Opt("host", ev.Host).Opt("do", ev.Do).Opt("mount", ev.Mount);
        if (ev.Lun is { } l) f.Add("lun", Num(l));
        if (ev.Port is { } p) f.Add("port", Num(p));
        if (ev.Key is { } k) f.Add("key", "0x" + k.ToString("x", CultureInfo.InvariantCulture));
        if (ev.VictimKey is { } vk) f.Add("victim_key", "0x" + vk.ToString("x", CultureInfo.InvariantCulture));
        f.Opt("type", ev.Type);
        return f.ToString();
    }

    private static string Status(ScsiStatus status) => status switch
    {
        ScsiStatus.Busy => "busy",
        ScsiStatus.TaskSetFull => "task-set-full",
        _ => "reservation-conflict",
    };

    private static string Expect(Expectation e)
    {
        var f = new Flow();
        if (e.Policies.Count > 0) f.Add("policy", "[" + string.Join(", ", e.Policies.Select(LunPolicies.Name)) + "]");
        if (e.At is { } at) f.Add("at", Time(at));
        if (e.Spread is { } s)
        {
            var sf = new Flow().Add("from", Str(s.From)).Add("reaches", "[" + string.Join(", ", s.Reaches.Select(Str)) + "]")
                .Add("level", s.Level.ToString().ToLowerInvariant());
            return f.Add("spread", sf.ToString()).ToString();
        }
        if (e.Ctladm is { } line)
        {
            f.Add("ctladm", Str(line));
            if (e.Output is { } output) f.Add("output", Str(output));
            else f.Opt("output_contains", e.OutputContains);
            return f.ToString();
        }
        f.Opt("host", e.Host).Opt("mount", e.Mount);
        if (e.Lun is { } lun && e.Host is null) f.Add("lun", Num(lun));
        f.Opt("is", e.Is).Opt("log_contains", e.LogContains).Opt("log_lacks", e.LogLacks).Opt("log_matches", e.LogMatches);
        return f.ToString();
    }

    /// <summary>Seconds, exact to the nanosecond: "35771.99s", "600s", "0s".</summary>
    public static string Time(SimTime t)
    {
        decimal seconds = t.Nanoseconds / (decimal)SimTime.NanosPerSecond;
        return seconds.ToString("0.#########", CultureInfo.InvariantCulture) + "s";
    }

    private static string Size(ulong bytes, ulong blocks)
    {
        string[] units = ["PiB", "TiB", "GiB", "MiB", "KiB"];
        for (int i = 0; i < units.Length; i++)
        {
            int shift = 10 * (units.Length - i);
            if (bytes != 0 && bytes % (1UL << shift) == 0) return Num(bytes >> shift) + units[i];
        }
        return Num(blocks);
    }

    private static string Num(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Num(ulong n) => n.ToString(CultureInfo.InvariantCulture);

    private static readonly HashSet<string> Typed = new(["true", "false", "yes", "no", "on", "off", "y", "n", "null"], StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A string as YAML: plain when it is a name YAML reads back as the same string (a letter, then letters, digits,
    /// '.', '_' or '-', and no word YAML or the loader would take for a boolean or null), else double-quoted.
    /// </summary>
    internal static string Str(string s)
    {
        if (s.Length > 0 && char.IsAsciiLetter(s[0]) && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') && !Typed.Contains(s))
            return s;
        var b = new StringBuilder(s.Length + 2).Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                case '\n': b.Append("\\n"); break;
                case '\t': b.Append("\\t"); break;
                case '\r': b.Append("\\r"); break;
                default:
                    if (char.IsControl(c)) b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else b.Append(c);
                    break;
            }
        }
        return b.Append('"').ToString();
    }

    /// <summary>A flow mapping "{ key: value, … }" built in order.</summary>
    private sealed class Flow
    {
        private readonly List<string> _items = new();

        public Flow Add(string key, string value)
        {
            _items.Add(key + ": " + value);
            return this;
        }

        public Flow Opt(string key, string? value) => value is null ? this : Add(key, Str(value));

        public override string ToString() => "{ " + string.Join(", ", _items) + " }";
    }
}
