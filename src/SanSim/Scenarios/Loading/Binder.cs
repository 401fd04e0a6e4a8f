using System.Globalization;
using System.Text.RegularExpressions;
using SanSim.Engine;
using SanSim.Hosts;
using SanSim.Hosts.Linux;
using SanSim.Policy;
using SanSim.Scenarios.Model;
using SanSim.Scsi;
using SanSim.Target;
using SanSim.Target.Ctladm;

namespace SanSim.Scenarios.Loading;

/// <summary>
/// Binds one scenario document (a variant already merged in) to the model, checking every key, type and
/// reference on the way. Problems go to the error list with the place and the key; nothing throws.
/// </summary>
internal sealed partial class Binder(string file, List<ScenarioError> errors)
{
    public static readonly string[] TopKeys = ["version", "name", "description", "seed", "duration", "target", "hosts", "fabric", "owners", "policy", "timeline", "expect", "variants"];
    public static readonly string[] VariantKeys = ["name", "description", "policy", "set", "timeline", "expect"];
    /// <summary>The names of the LUN-map policies a scenario, a variant or an expectation may give.</summary>
    public static readonly string[] PolicyNames = ["all-luns", "owner-only", "explicit"];
    private static readonly string[] TargetKeys = ["name", "profile", "luns", "ports"];
    private static readonly string[] LunKeys = ["lun", "name", "size", "blocksize", "serial", "device_id", "readonly", "removable"];
    private static readonly string[] PortKeys = ["port", "frontend", "name", "wwnn", "wwpn", "target", "alias", "portal_group", "pp", "vp", "lunmap", "online", "options"];
    private static readonly string[] PortalGroupKeys = ["tag", "name"];
    private static readonly string[] HostKeys = ["name", "os", "paths", "online_disks", "stop_on_sleep", "kernel", "mounts", "allow_restart", "multipath", "datastore", "start_unit_on_not_ready"];
    private static readonly string[] PathKeys = ["port", "wwpn", "iqn", "iid", "isid", "scsi_host"];
    private static readonly string[] MountKeys = ["lun", "device", "fs", "errors", "commit", "write_every"];
    private static readonly string[] MultipathKeys = ["no_path_retry", "polling_interval"];
    private static readonly string[] EventKeys = ["at", "host", "do", "mount", "lun", "port", "key", "victim_key", "type", "ctladm", "inject", "zoneset"];
    private static readonly string[] InjectKeys = ["lun", "opcode", "sense", "status", "timeout", "count", "hosts"];
    private static readonly string[] ExpectKeys = ["at", "host", "mount", "is", "log_contains", "log_lacks", "log_matches", "lun", "ctladm", "output", "output_contains", "spread", "policy"];
    private static readonly string[] SpreadKeys = ["from", "reaches", "level"];

    /// <summary>The host actions and the event fields each needs (required) and may take (optional).</summary>
    private static readonly Dictionary<string, (string[] Required, string[] Optional)> Actions = new(StringComparer.Ordinal)
    {
        ["sleep"] = ([], []), ["hibernate"] = ([], []), ["shutdown"] = ([], []), ["wake"] = ([], []),
        ["boot"] = ([], []), ["rescan"] = ([], []),
        ["link-down"] = ([], ["port"]), ["link-up"] = ([], ["port"]), ["login"] = ([], ["port"]), ["logout"] = ([], ["port"]),
        ["umount"] = (["mount"], []), ["mount"] = (["mount"], []), ["remount-rw"] = (["mount"], []),
        ["pr-register"] = (["lun", "key"], []), ["pr-reserve"] = (["lun", "key", "type"], []),
        ["pr-release"] = (["lun", "key", "type"], []), ["pr-clear"] = (["lun", "key"], []),
        ["pr-preempt"] = (["lun", "key", "victim_key", "type"], []),
    };

    private static readonly string[] PrTypes =
    [
        "write-exclusive", "exclusive-access", "write-exclusive-registrants-only", "exclusive-access-registrants-only",
        "write-exclusive-all-registrants", "exclusive-access-all-registrants",
    ];

    /// <summary>The highest CTL LUN id (ctl_max_luns − 1).</summary>
    private const int MaxLun = CtlTarget.MaxLuns - 1;

    private TargetSpec _target = new();
    private List<HostSpec> _hosts = [];

    public int ErrorCount => errors.Count;

    /// <summary>Binds <paramref name="root"/>; <paramref name="timelineParts"/> are the timeline lists in file order (base, then variant), each checked for order on its own.</summary>
    public Scenario? Bind(YMap root, IReadOnlyList<(YNode Node, string Path)> timelineParts, (YNode Node, string Path)? expect, string variant, string? variantDescription)
    {
        int before = errors.Count;
        CheckKeys(root, "", TopKeys.Where(k => k != "variants" || variant == "base").ToArray());
        int version = OptInt(root, "version", "", 1) ?? 1;
        if (version != 1 && root.Find("version") is { } v)
            Error(v.Value.Mark, $"version: only version 1 is known, found {version}");
        string? name = ReqString(root, "name", "");
        string description = OptString(root, "description", "") ?? "";
        ulong seed = OptULong(root, "seed", "") ?? 0;
        SimTime? duration = OptTime(root, "duration", "");

        if (root.Find("target") is { } t) _target = BindTarget(t.Value, "target");
        else Error(root.Mark, "target: missing required key");
        _hosts = BindList(root.Find("hosts"), "hosts", BindHost);
        CheckUnique(root.Find("hosts")?.Value, "hosts", "name");
        var fabric = root.Find("fabric") is { } fe ? BindFabric(fe.Value, "fabric") : null;
        var owners = BindOwners(root.Find("owners"));
        var policy = LunPolicies.Parse(OptEnum(root, "policy", "", PolicyNames) ?? "explicit") ?? LunPolicyKind.Explicit;

        var timeline = new List<TimelineEvent>();
        foreach (var (node, path) in timelineParts)
        {
            timeline.AddRange(BindList(node, path, BindEvent));
            CheckOrder(node, path);
        }
        var ordered = timeline.Select((e, i) => (e, i)).OrderBy(x => x.e.At).ThenBy(x => x.i).Select(x => x.e).ToList();
        var expectations = expect is { } ex ? BindList(ex.Node, ex.Path, BindExpectation) : [];

        SimTime last = ordered.Count > 0 ? ordered[^1].At : SimTime.Zero;
        if (duration is { } d && root.Find("duration") is { } de)
        {
            if (ordered.Count > 0 && last > d)
                Error(de.Value.Mark, $"duration: {d} ends before the last timeline event at {last}");
        }
        var end = duration ?? last + SimTime.FromMinutes(10);
        foreach (var e in expectations)
            if (e.At is { } at && at > end)
                Error(e.Mark, $"expect: at {at} is after the end of the run ({end})");

        if (errors.Count != before || name is null) return null;
        return new Scenario
        {
            Version = version,
            Name = name,
            Variant = variant,
            Description = variantDescription ?? description,
            Seed = seed,
            Duration = end,
            Target = _target,
            Hosts = _hosts,
            Fabric = fabric,
            Timeline = ordered,
            Expect = expectations,
            Owners = owners,
            Policy = policy,
            File = file,
            Mark = root.Mark,
        };
    }

    /// <summary>Events are listed in time order: an <c>at</c> earlier than the one before it is an error at that <c>at</c>.</summary>
    private void CheckOrder(YNode node, string path)
    {
        if (node is not YSeq seq) return;
        SimTime? previous = null;
        for (int i = 0; i < seq.Items.Count; i++)
        {
            if (seq.Items[i] is not YMap m || m.Find("at")?.Value is not YScalar s) continue;
            if (ValueParsers.Time(s.Value, out _) is not { } at) continue;
            if (previous is { } p && at < p)
                Error(s.Mark, $"{path}[{i}].at: {at} comes before the previous event's {p}; list events in time order");
            else
                previous = at;
        }
    }

    private TargetSpec BindTarget(YNode node, string path)
    {
        if (AsMap(node, path, TargetKeys) is not { } m) return new TargetSpec();
        var profile = OptEnum(m, "profile", path, ["ctl", "scst", "tgt", "lio"]) switch
        {
            "scst" => TargetProfile.Scst,
            "tgt" => TargetProfile.Tgt,
            "lio" => TargetProfile.Lio,
            _ => TargetProfile.Ctl,
        };
        var luns = BindList(m.Find("luns"), path + ".luns", BindLun);
        CheckUnique(m.Find("luns")?.Value, path + ".luns", "lun");
        CheckUnique(m.Find("luns")?.Value, path + ".luns", "name");
        _target = new TargetSpec { Luns = luns };
        var ports = BindList(m.Find("ports"), path + ".ports", BindPort);
        CheckUnique(m.Find("ports")?.Value, path + ".ports", "port");
        CheckPortNames(m.Find("ports")?.Value, path + ".ports");
        return new TargetSpec
        {
            Name = OptString(m, "name", path) ?? "ctl",
            Profile = profile,
            Luns = luns,
            Ports = ports,
            Mark = m.Mark,
        };
    }

    /// <summary>
    /// No two ports share a name on the same physical and virtual port. NPIV channels of one HBA are CTL ports
    /// with the same name and physical port but their own virtual port (scsi_ctl.c names a port after its SIM
    /// and unit, and takes vp from the bus id), so a name alone may repeat.
    /// </summary>
    private void CheckPortNames(YNode? list, string path)
    {
        if (list is not YSeq seq) return;
        var seen = new Dictionary<(string, string, string), int>();
        for (int i = 0; i < seq.Items.Count; i++)
        {
            if (seq.Items[i] is not YMap m || m.Find("name")?.Value is not YScalar { IsNull: false } v) continue;
            string Part(string key) => m.Find(key)?.Value is YScalar s ? s.Value : "0";
            var id = (v.Value, Part("pp"), Part("vp"));
            if (seen.TryGetValue(id, out int first))
                Error(v.Mark, $"{path}[{i}].name: duplicate name {v.Value} on pp {id.Item2} vp {id.Item3} (also {path}[{first}]); NPIV ports share a name but differ in vp");
            else
                seen[id] = i;
        }
    }

    private LunSpec? BindLun(YNode node, string path)
    {
        if (AsMap(node, path, LunKeys) is not { } m) return null;
        int? lun = ReqInt(m, "lun", path, 0, MaxLun);
        int blockSize = OptInt(m, "blocksize", path, 512) ?? 512;
        if (blockSize is not (512 or 4096) && m.Find("blocksize") is { } bs)
            Error(bs.Value.Mark, $"{path}.blocksize: must be 512 or 4096, found {blockSize}");
        ulong? blocks = null;
        if (m.Find("size") is not { } size) Error(m.Mark, $"{path}.size: missing required key");
        else if (Scalar(size.Value, path + ".size") is { } s)
        {
            blocks = ValueParsers.SizeBlocks(s.Value, blockSize, out var err);
            if (err is not null) Error(s.Mark, $"{path}.size: {err}");
        }
        var name = OptString(m, "name", path);
        var serial = OptString(m, "serial", path);
        var deviceId = OptString(m, "device_id", path);
        bool ro = OptBool(m, "readonly", path) ?? false;
        bool removable = OptBool(m, "removable", path) ?? false;
        if (lun is null || blocks is null) return null;
        return new LunSpec
        {
            Lun = lun.Value, Name = name, Blocks = blocks.Value, BlockSize = blockSize, Serial = serial,
            DeviceId = deviceId, ReadOnly = ro, Removable = removable, Mark = m.Mark,
        };
    }

    private PortSpec? BindPort(YNode node, string path)
    {
        if (AsMap(node, path, PortKeys) is not { } m) return null;
        int? port = ReqInt(m, "port", path, 0, 1023);
        var frontend = PortFrontend.Camtgt;
        if (OptEnum(m, "frontend", path, ["camtgt", "iscsi", "ioctl", "tpc"]) is { } f)
            PortFrontendNames.TryParse(f, out frontend);
        int? pgTag = null;
        string? pgName = null;
        if (m.Find("portal_group") is { } pg && AsMap(pg.Value, path + ".portal_group", PortalGroupKeys) is { } pgm)
        {
            pgTag = OptInt(pgm, "tag", path + ".portal_group", 0, 65535);
            pgName = OptString(pgm, "name", path + ".portal_group");
        }
        var (kind, entries) = BindLunMap(m.Find("lunmap"), path + ".lunmap");
        var options = new List<KeyValuePair<string, string>>();
        if (m.Find("options") is { } o && AsMap(o.Value, path + ".options", null) is { } om)
        {
            foreach (var e in om.Entries)
                if (Scalar(e.Value, $"{path}.options.{e.Key}") is { } sv)
                    options.Add(new(e.Key, sv.Value));
        }
        var result = new PortSpec
        {
            Port = port ?? 0,
            Frontend = frontend,
            Name = OptString(m, "name", path),
            Wwnn = OptString(m, "wwnn", path),
            Wwpn = OptString(m, "wwpn", path),
            Target = OptString(m, "target", path),
            Alias = OptString(m, "alias", path),
            PortalGroupTag = pgTag,
            PortalGroupName = pgName,
            Pp = OptInt(m, "pp", path, 0, int.MaxValue),
            Vp = OptInt(m, "vp", path, 0, int.MaxValue),
            LunMap = kind,
            LunMapEntries = entries,
            Online = OptBool(m, "online", path) ?? true,
            Options = options,
            Mark = m.Mark,
        };
        if (frontend == PortFrontend.Iscsi && result.Target is null)
            Error(m.Mark, $"{path}.target: an iscsi port needs its target name (iqn…)");
        return port is null ? null : result;
    }

    private (LunMapKind, IReadOnlyList<KeyValuePair<uint, uint>>) BindLunMap(YEntry? entry, string path)
    {
        if (entry is null) return (LunMapKind.All, []);
        if (entry.Value is YScalar s)
        {
            if (s.Value == "all") return (LunMapKind.All, []);
            if (s.Value == "none") return (LunMapKind.None, []);
            Error(s.Mark, $"{path}: expected all, none or a mapping {{ port LUN: CTL LUN }}, found '{s.Value}'");
            return (LunMapKind.All, []);
        }
        if (AsMap(entry.Value, path, null) is not { } m) return (LunMapKind.All, []);
        var pairs = new List<KeyValuePair<uint, uint>>();
        foreach (var e in m.Entries)
        {
            if (!uint.TryParse(e.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var portLun) || portLun >= CtlTarget.LunMapSize)
            {
                Error(e.KeyMark, $"{path}.{e.Key}: a port LUN must be a number from 0 to {CtlTarget.LunMapSize - 1}");
                continue;
            }
            if (IntOf(e.Value, $"{path}.{e.Key}", 0, MaxLun) is { } ctlLun)
            {
                CheckLun(ctlLun, e.Value.Mark, $"{path}.{e.Key}");
                pairs.Add(new(portLun, (uint)ctlLun));
            }
        }
        return (LunMapKind.Explicit, pairs);
    }

    private HostSpec? BindHost(YNode node, string path)
    {
        if (AsMap(node, path, HostKeys) is not { } m) return null;
        string? name = ReqString(m, "name", path);
        var os = ReqEnum(m, "os", path, ["windows", "linux", "esxi"]) switch
        {
            "windows" => HostOs.Windows,
            "esxi" => HostOs.Esxi,
            _ => HostOs.Linux,
        };
        var kernel = KernelVersion.V6_1;
        if (m.Find("kernel") is { } k)
        {
            if (os != HostOs.Linux) Error(k.KeyMark, $"{path}.kernel: only a linux host has a kernel version");
            if (k.Value is YScalar ks && ks.Plain && double.TryParse(ks.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                Error(ks.Mark, $"{path}.kernel: a bare number ({ks.Value}) loses its digits in YAML; quote it: \"{ks.Value}\"");
            else if (Scalar(k.Value, path + ".kernel") is { } kv && !KernelVersions.TryParse(kv.Value, out kernel))
                Error(kv.Mark, $"{path}.kernel: unknown kernel '{kv.Value}'; use \"4.19\", \"5.10\" or \"6.1\"");
        }
        var paths = BindList(m.Find("paths"), path + ".paths", BindPath);
        CheckUnique(m.Find("paths")?.Value, path + ".paths", "port");
        var online = new List<int>();
        if (m.Find("online_disks") is { } od && AsSeq(od.Value, path + ".online_disks") is { } ods)
        {
            for (int i = 0; i < ods.Items.Count; i++)
                if (IntOf(ods.Items[i], $"{path}.online_disks[{i}]", 0, MaxLun) is { } l)
                {
                    CheckLun(l, ods.Items[i].Mark, $"{path}.online_disks[{i}]");
                    online.Add(l);
                }
        }
        var mounts = BindList(m.Find("mounts"), path + ".mounts", BindMount);
        CheckUnique(m.Find("mounts")?.Value, path + ".mounts", "lun");
        CheckUnique(m.Find("mounts")?.Value, path + ".mounts", "device");
        MultipathSpec? multipath = null;
        if (m.Find("multipath") is { } mp && AsMap(mp.Value, path + ".multipath", MultipathKeys) is { } mpm)
        {
            string retry = "fail";
            if (mpm.Find("no_path_retry") is { } npr && Scalar(npr.Value, path + ".multipath.no_path_retry") is { } nprs)
            {
                if (nprs.Value is "queue" or "fail" || (uint.TryParse(nprs.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0))
                    retry = nprs.Value;
                else
                    Error(nprs.Mark, $"{path}.multipath.no_path_retry: expected queue, fail or a number of checker intervals, found '{nprs.Value}'");
            }
            multipath = new MultipathSpec
            {
                NoPathRetry = retry,
                PollingInterval = OptTime(mpm, "polling_interval", path + ".multipath") ?? SimTime.FromSeconds(5),
                Mark = mpm.Mark,
            };
        }
        int? datastore = OptInt(m, "datastore", path, 0, MaxLun);
        if (datastore is { } ds) CheckLun(ds, m.Find("datastore")!.Value.Mark, path + ".datastore");
        var spec = new HostSpec
        {
            Name = name ?? "",
            Os = os,
            Paths = paths,
            OnlineDisks = online,
            StopOnSleep = OptBool(m, "stop_on_sleep", path) ?? true,
            Kernel = kernel,
            Mounts = mounts,
            AllowRestart = OptBool(m, "allow_restart", path) ?? false,
            Multipath = multipath,
            Datastore = datastore,
            StartUnitOnNotReady = OptBool(m, "start_unit_on_not_ready", path) ?? false,
            Mark = m.Mark,
        };
        return name is null ? null : spec;
    }

    private PathSpec? BindPath(YNode node, string path)
    {
        if (AsMap(node, path, PathKeys) is not { } m) return null;
        int? port = ReqInt(m, "port", path, 0, 1023);
        var wwpn = OptString(m, "wwpn", path);
        var iqn = OptString(m, "iqn", path);
        ulong? isid = null;
        if (m.Find("isid") is { } ie && Scalar(ie.Value, path + ".isid") is { } isv)
        {
            isid = ValueParsers.Hex(isv.Value, out var err);
            if (err is not null) Error(isv.Mark, $"{path}.isid: {err}");
            else if (isid > 0xFFFF_FFFF_FFFFUL) Error(isv.Mark, $"{path}.isid: an ISID is 6 bytes; {isv.Value} is larger");
        }
        if (port is { } p)
        {
            var target = _target.Ports.FirstOrDefault(x => x.Port == p);
            var portMark = m.Find("port")!.Value.Mark;
            if (target is null)
                Error(portMark, $"{path}.port: no port {p} in target.ports{Known(_target.Ports.Select(x => x.Port.ToString(CultureInfo.InvariantCulture)))}");
            else if (target.Frontend == PortFrontend.Iscsi && iqn is null)
                Error(m.Mark, $"{path}.iqn: port {p} is iscsi; the path needs the initiator's iqn");
            else if (target.Frontend == PortFrontend.Camtgt && wwpn is null)
                Error(m.Mark, $"{path}.wwpn: port {p} is FC (camtgt); the path needs the host port's wwpn");
        }
        var spec = new PathSpec
        {
            Port = port ?? 0,
            Wwpn = wwpn,
            Iqn = iqn,
            Iid = OptInt(m, "iid", path, 0, int.MaxValue),
            Isid = isid,
            ScsiHost = OptInt(m, "scsi_host", path, 0, int.MaxValue),
            Mark = m.Mark,
        };
        return port is null ? null : spec;
    }

    private MountSpec? BindMount(YNode node, string path)
    {
        if (AsMap(node, path, MountKeys) is not { } m) return null;
        int? lun = ReqInt(m, "lun", path, 0, MaxLun);
        if (lun is { } l) CheckLun(l, m.Find("lun")!.Value.Mark, path + ".lun");
        var device = ReqString(m, "device", path);
        var fs = OptEnum(m, "fs", path, ["ext4"]) ?? "ext4";
        var errorsMode = OptEnum(m, "errors", path, ["remount-ro", "continue", "panic"]) ?? "remount-ro";
        var commit = OptTime(m, "commit", path) ?? SimTime.FromSeconds(5);
        var writeEvery = OptTime(m, "write_every", path) ?? SimTime.FromSeconds(5);
        if (lun is null || device is null) return null;
        return new MountSpec { Lun = lun.Value, Device = device, Fs = fs, Errors = errorsMode, Commit = commit, WriteEvery = writeEvery, Mark = m.Mark };
    }

    private TimelineEvent? BindEvent(YNode node, string path)
    {
        if (AsMap(node, path, EventKeys) is not { } m) return null;
        int before = errors.Count;
        SimTime? at = null;
        if (m.Find("at") is null) Error(m.Mark, $"{path}.at: missing required key");
        else at = OptTime(m, "at", path);
        var host = OptString(m, "host", path);
        var action = OptString(m, "do", path);
        var ctladm = OptString(m, "ctladm", path);
        bool hasInject = m.Find("inject") is not null;
        bool hasZoneset = m.Find("zoneset") is not null;
        int kinds = (host is not null || action is not null ? 1 : 0) + (ctladm is not null ? 1 : 0) + (hasInject ? 1 : 0) + (hasZoneset ? 1 : 0);
        if (kinds != 1)
        {
            Error(m.Mark, kinds == 0
                ? $"{path}: an event needs one of host + do, ctladm, inject or zoneset"
                : $"{path}: an event is one of host + do, ctladm, inject or zoneset, not several");
            return null;
        }
        string[] allowed = ["at"];
        InjectSpec? inject = null;
        ZoneSetChange? zoneset = null;
        HostSpec? hostSpec = null;
        if (hasZoneset)
        {
            allowed = ["at", "zoneset"];
            zoneset = BindZoneSetChange(m.Find("zoneset")!.Value, path + ".zoneset");
        }
        else if (ctladm is not null)
        {
            allowed = ["at", "ctladm"];
            CheckCtladm(ctladm, m.Find("ctladm")!.Value.Mark, path + ".ctladm");
        }
        else if (hasInject)
        {
            allowed = ["at", "inject"];
            inject = BindInject(m.Find("inject")!.Value, path + ".inject");
        }
        else
        {
            if (host is null) Error(m.Mark, $"{path}.host: missing required key (the host that does '{action}')");
            else hostSpec = CheckHost(host, m.Find("host")!.Value.Mark, path + ".host");
            if (action is null)
            {
                Error(m.Mark, $"{path}.do: missing required key; one of {string.Join(", ", Actions.Keys)}");
                return null;
            }
            if (!Actions.TryGetValue(action, out var shape))
            {
                var doNode = m.Find("do")!.Value;
                Error(doNode.Mark, $"{path}.do: unknown action '{action}'{Suggest(action, Actions.Keys)}");
                return null;
            }
            allowed = ["at", "host", "do", .. shape.Required, .. shape.Optional];
            foreach (var req in shape.Required)
                if (m.Find(req) is null)
                    Error(m.Mark, $"{path}.{req}: missing required key for do: {action}");
        }
        foreach (var e in m.Entries)
            if (!allowed.Contains(e.Key))
                Error(e.KeyMark, $"{path}.{e.Key}: does not apply to this event ({(hasZoneset ? "zoneset" : ctladm is not null ? "ctladm" : hasInject ? "inject" : "do: " + action)})");

        var mount = OptString(m, "mount", path);
        if (mount is not null && hostSpec is not null && hostSpec.Mounts.All(x => x.Device != mount))
            Error(m.Find("mount")!.Value.Mark, $"{path}.mount: host {hostSpec.Name} has no mount on '{mount}'{Known(hostSpec.Mounts.Select(x => x.Device))}");
        int? lun = OptInt(m, "lun", path, 0, MaxLun);
        if (lun is { } l) CheckLun(l, m.Find("lun")!.Value.Mark, path + ".lun");
        int? port = OptInt(m, "port", path, 0, 1023);
        if (port is { } p && hostSpec is not null && hostSpec.Paths.All(x => x.Port != p))
            Error(m.Find("port")!.Value.Mark, $"{path}.port: host {hostSpec.Name} has no path to port {p}{Known(hostSpec.Paths.Select(x => x.Port.ToString(CultureInfo.InvariantCulture)))}");
        ulong? key = OptHex(m, "key", path);
        ulong? victim = OptHex(m, "victim_key", path);
        string? type = OptEnum(m, "type", path, PrTypes);
        if (errors.Count != before || at is null) return null;
        return new TimelineEvent
        {
            At = at.Value, Host = host, Do = action, Mount = mount, Lun = lun, Port = port, Key = key,
            VictimKey = victim, Type = type, Ctladm = ctladm, Inject = inject, Zoneset = zoneset, Mark = m.Mark,
        };
    }

    private InjectSpec? BindInject(YNode node, string path)
    {
        if (AsMap(node, path, InjectKeys) is not { } m) return null;
        int? lun = OptInt(m, "lun", path, 0, MaxLun);
        if (lun is { } l) CheckLun(l, m.Find("lun")!.Value.Mark, path + ".lun");
        byte? opcode = null;
        if (m.Find("opcode") is { } oe && Scalar(oe.Value, path + ".opcode") is { } os && os.Value != "any")
        {
            var v = ValueParsers.Hex(os.Value, out var err);
            if (err is not null || v > 0xFF) Error(os.Mark, $"{path}.opcode: expected an operation code 0x00..0xff or any, found '{os.Value}'");
            else opcode = (byte)v!.Value;
        }
        SenseInfo? sense = null;
        if (m.Find("sense") is { } se && Scalar(se.Value, path + ".sense") is { } ss)
        {
            sense = ValueParsers.Sense(ss.Value, out var err);
            if (err is not null) Error(ss.Mark, $"{path}.sense: {err}");
        }
        ScsiStatus? status = OptEnum(m, "status", path, ["busy", "task-set-full", "reservation-conflict"]) switch
        {
            "busy" => ScsiStatus.Busy,
            "task-set-full" => ScsiStatus.TaskSetFull,
            "reservation-conflict" => ScsiStatus.ReservationConflict,
            _ => null,
        };
        bool timeout = OptBool(m, "timeout", path) ?? false;
        int answers = (m.Find("sense") is not null ? 1 : 0) + (m.Find("status") is not null ? 1 : 0) + (timeout ? 1 : 0);
        if (answers != 1)
            Error(m.Mark, $"{path}: give exactly one of sense, status or timeout: true");
        int? count = null;
        if (m.Find("count") is { } ce && Scalar(ce.Value, path + ".count") is { } cs && cs.Value != "always")
            count = IntOf(cs, path + ".count", 1, int.MaxValue);
        var hosts = new List<string>();
        if (m.Find("hosts") is { } he && AsSeq(he.Value, path + ".hosts") is { } hs)
            for (int i = 0; i < hs.Items.Count; i++)
                if (StringOf(hs.Items[i], $"{path}.hosts[{i}]") is { } h && CheckHost(h, hs.Items[i].Mark, $"{path}.hosts[{i}]") is not null)
                    hosts.Add(h);
        return new InjectSpec { Lun = lun, Opcode = opcode, Sense = sense, Status = status, Timeout = timeout, Count = count, Hosts = hosts, Mark = m.Mark };
    }

    private Expectation? BindExpectation(YNode node, string path)
    {
        if (AsMap(node, path, ExpectKeys) is not { } m) return null;
        int before = errors.Count;
        var at = OptTime(m, "at", path);
        string[] kinds = ["spread", "ctladm", "mount", "log_contains", "log_lacks", "log_matches", "lun"];
        var given = kinds.Where(k => m.Find(k) is not null).ToList();
        if (given.Count == 0)
        {
            Error(m.Mark, $"{path}: an expectation needs one of {string.Join(", ", kinds)}");
            return null;
        }
        if (given.Count > 1)
        {
            Error(m.Find(given[1])!.KeyMark, $"{path}.{given[1]}: one check per expectation; this one already has {given[0]}");
            return null;
        }
        string kind = given[0];
        string[] allowed = kind switch
        {
            "spread" => ["at", "spread", "policy"],
            "ctladm" => ["at", "ctladm", "output", "output_contains", "policy"],
            "mount" => ["at", "host", "mount", "is", "policy"],
            "lun" => ["at", "lun", "is", "policy"],
            _ => ["at", "host", kind, "policy"],
        };
        foreach (var e in m.Entries)
            if (!allowed.Contains(e.Key))
                Error(e.KeyMark, $"{path}.{e.Key}: does not apply to a {kind} expectation");

        string? host = null;
        HostSpec? hostSpec = null;
        if (kind is "mount" or "log_contains" or "log_lacks" or "log_matches")
        {
            host = ReqString(m, "host", path);
            if (host is not null) hostSpec = CheckHost(host, m.Find("host")!.Value.Mark, path + ".host");
        }
        string? mount = null, isValue = null, ctladm = null, output = null, outputContains = null;
        int? lun = null;
        SpreadSpec? spread = null;
        switch (kind)
        {
            case "mount":
                mount = ReqString(m, "mount", path);
                isValue = ReqEnum(m, "is", path, ["rw", "ro", "unmounted"]);
                if (mount is not null && hostSpec is not null && hostSpec.Mounts.All(x => x.Device != mount))
                    Error(m.Find("mount")!.Value.Mark, $"{path}.mount: host {hostSpec.Name} has no mount on '{mount}'{Known(hostSpec.Mounts.Select(x => x.Device))}");
                break;
            case "lun":
                lun = ReqInt(m, "lun", path, 0, MaxLun);
                if (lun is { } l) CheckLun(l, m.Find("lun")!.Value.Mark, path + ".lun");
                isValue = ReqEnum(m, "is", path, ["started", "stopped"]);
                break;
            case "ctladm":
                ctladm = ReqString(m, "ctladm", path);
                if (ctladm is not null) CheckCtladm(ctladm, m.Find("ctladm")!.Value.Mark, path + ".ctladm");
                output = OptString(m, "output", path);
                outputContains = OptString(m, "output_contains", path);
                if ((output is null) == (outputContains is null))
                    Error(m.Mark, $"{path}: a ctladm expectation takes exactly one of output or output_contains");
                break;
            case "spread":
                spread = BindSpread(m.Find("spread")!.Value, path + ".spread");
                break;
        }
        var logContains = OptString(m, "log_contains", path);
        var logLacks = OptString(m, "log_lacks", path);
        var logMatches = OptString(m, "log_matches", path);
        if (logMatches is not null)
        {
            try { _ = new Regex(logMatches, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)); }
            catch (ArgumentException ex) { Error(m.Find("log_matches")!.Value.Mark, $"{path}.log_matches: not a valid regular expression: {ex.Message}"); }
        }
        var policies = BindPolicies(m.Find("policy"), path + ".policy");
        if (errors.Count != before) return null;
        return new Expectation
        {
            At = at, Host = host, Mount = mount, Is = isValue, LogContains = logContains, LogLacks = logLacks,
            LogMatches = logMatches, Lun = lun, Ctladm = ctladm, Output = output, OutputContains = outputContains,
            Spread = spread, Policies = policies, Mark = m.Mark,
        };
    }

    /// <summary>An expectation's <c>policy:</c>, one name or a list of names; absent = every policy.</summary>
    private List<LunPolicyKind> BindPolicies(YEntry? entry, string path)
    {
        var result = new List<LunPolicyKind>();
        if (entry is null) return result;
        var items = entry.Value is YSeq seq ? seq.Items.Select((n, i) => (n, $"{path}[{i}]")).ToList() : [(entry.Value, path)];
        foreach (var (node, itemPath) in items)
        {
            if (StringOf(node, itemPath) is not { } name) continue;
            if (LunPolicies.Parse(name) is { } kind)
            {
                if (!result.Contains(kind)) result.Add(kind);
            }
            else
            {
                Error(node.Mark, $"{itemPath}: '{name}' is not one of {string.Join(" | ", PolicyNames)}{Suggest(name, PolicyNames)}");
            }
        }
        if (entry.Value is YSeq { Items.Count: 0 })
            Error(entry.Value.Mark, $"{path}: an empty list would never check this expectation; leave policy out to check it under every policy");
        return result;
    }

    /// <summary>
    /// <c>owners: { name: [lun, …] }</c> (a single LUN may stand without brackets): each LUN must be one of the target's;
    /// the name is a host of the scenario or any other owner (a Kubernetes claim, an application).
    /// </summary>
    private List<DeclaredOwner> BindOwners(YEntry? entry)
    {
        var result = new List<DeclaredOwner>();
        if (entry is null || entry.Value is YScalar { IsNull: true }) return result;
        if (AsMap(entry.Value, "owners", null) is not { } m) return result;
        foreach (var e in m.Entries)
        {
            string path = "owners." + e.Key;
            if (e.Key.Length == 0) { Error(e.KeyMark, "owners: an owner needs a name"); continue; }
            var items = e.Value is YSeq seq ? seq.Items.Select((n, i) => (n, $"{path}[{i}]")).ToList() : [(e.Value, path)];
            if (e.Value is YSeq { Items.Count: 0 } || e.Value is YScalar { IsNull: true })
            {
                Error(e.Value.Mark, $"{path}: list the CTL LUNs {e.Key} owns, e.g. [12]");
                continue;
            }
            foreach (var (node, itemPath) in items)
            {
                if (IntOf(node, itemPath, 0, MaxLun) is not { } lun) continue;
                CheckLun(lun, node.Mark, itemPath);
                if (result.Any(o => o.Name == e.Key && o.Lun == lun))
                    Error(node.Mark, $"{itemPath}: LUN {lun} is listed twice for {e.Key}");
                else
                    result.Add(new DeclaredOwner(e.Key, lun, node.Mark));
            }
        }
        return result;
    }

    private SpreadSpec? BindSpread(YNode node, string path)
    {
        if (AsMap(node, path, SpreadKeys) is not { } m) return null;
        var from = ReqString(m, "from", path);
        if (from is not null) CheckHost(from, m.Find("from")!.Value.Mark, path + ".from");
        var reaches = new List<string>();
        if (m.Find("reaches") is not { } re) Error(m.Mark, $"{path}.reaches: missing required key ([] when the failure stays contained)");
        else if (AsSeq(re.Value, path + ".reaches") is { } rs)
        {
            for (int i = 0; i < rs.Items.Count; i++)
            {
                if (StringOf(rs.Items[i], $"{path}.reaches[{i}]") is not { } h) continue;
                if (CheckHost(h, rs.Items[i].Mark, $"{path}.reaches[{i}]") is null) continue;
                if (h == from) Error(rs.Items[i].Mark, $"{path}.reaches[{i}]: '{h}' is the host the spread starts from");
                else if (reaches.Contains(h)) Error(rs.Items[i].Mark, $"{path}.reaches[{i}]: '{h}' is listed twice");
                else reaches.Add(h);
            }
        }
        var level = OptEnum(m, "level", path, ["error", "stall", "sense"]) switch
        {
            "stall" => SpreadLevel.Stall,
            "sense" => SpreadLevel.Sense,
            _ => SpreadLevel.Error,
        };
        return from is null ? null : new SpreadSpec { From = from, Reaches = reaches, Level = level, Mark = m.Mark };
    }

    private void CheckCtladm(string line, SourceMark mark, string path)
    {
        var words = ShellWords.Split(line, out var err);
        if (words is null) { Error(mark, $"{path}: '{line}' does not parse: {err}"); return; }
        if (words.Count > 0 && words[0] == "ctladm") words.RemoveAt(0);
        if (Ctladm.CheckSyntax(words) is { } complaint)
            Error(mark, $"{path}: '{line}' is not a ctladm command line the simulator accepts: {complaint}");
    }

    private HostSpec? CheckHost(string name, SourceMark mark, string path)
    {
        var h = _hosts.FirstOrDefault(x => x.Name == name);
        if (h is null) Error(mark, $"{path}: no host named '{name}'{Suggest(name, _hosts.Select(x => x.Name))}{Known(_hosts.Select(x => x.Name))}");
        return h;
    }

    private void CheckLun(int lun, SourceMark mark, string path)
    {
        if (_target.Luns.All(l => l.Lun != lun))
            Error(mark, $"{path}: no LUN {lun} in target.luns{Known(_target.Luns.Select(l => l.Lun.ToString(CultureInfo.InvariantCulture)))}");
    }

    /// <summary>No two items of a list share a value of <paramref name="field"/>; the later one is reported at its value.</summary>
    private void CheckUnique(YNode? list, string path, string field)
    {
        if (list is not YSeq seq) return;
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < seq.Items.Count; i++)
        {
            if (seq.Items[i] is not YMap m || m.Find(field)?.Value is not YScalar { IsNull: false } v) continue;
            if (seen.TryGetValue(v.Value, out int first))
                Error(v.Mark, $"{path}[{i}].{field}: duplicate {field} {v.Value} (also {path}[{first}])");
            else
                seen[v.Value] = i;
        }
    }

    private static string Known(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 0 ? " (none defined)" : $" (defined: {string.Join(", ", list)})";
    }
}
