using System.Globalization;
using SanSim.Engine;

namespace SanSim.Target.CtlConf;

/// <summary>Options for turning a ctl.conf into a target.</summary>
public sealed record CtlConfBuildOptions
{
    /// <summary>
    /// The first port number the configuration's ports get. A running FreeBSD kernel has already taken 0–2
    /// for its own ports (ioctl, tpc, camsim), which the model leaves out as the field report's listing does;
    /// FC ports follow in driver unit order (isp0 = 3, isp1 = 4), then the iSCSI ports ctld creates.
    /// </summary>
    public int FirstPortNumber { get; init; } = 3;

    /// <summary>The name of the target in the trace ("target:NAME").</summary>
    public string TargetName { get; init; } = "ctl";
}

/// <summary>The target a configuration produced, or the error that stopped it.</summary>
public sealed record CtlConfBuildResult(CtlTarget? Target, ConfError? Error)
{
    public bool Ok => Target is not null;
}

/// <summary>
/// Applies a parsed ctl.conf the way ctld and the kernel would on a freshly booted machine:
/// <list type="number">
/// <item>FC ports exist before ctld runs (isp(4) registers them at attach): every "#sansim: fc-port" and every
/// FC port a target names, in driver-unit order, numbered from <see cref="CtlConfBuildOptions.FirstPortNumber"/>.
/// A named port that no fc-port line describes gets the default names WWNN 0x2000005353000000 + k and
/// WWPN 0x2100005353000000 + k, k being its place in that order ("5353" is "SS", for SanSim).</item>
/// <item>ctld checks every LUN (conf_verify_lun) and creates them in definition order (kernel_lun_add): the
/// lun's options, then file=path and ctld_name=name, as LUN options.</item>
/// <item>For each target in order, each portal group it names (or "default" when it names no port at all)
/// becomes an iSCSI port (CTL_PORT_REQ): pp is the portal group tag (explicit "tag", else numbered from 256
/// in definition order, "default" first), vp counts the iSCSI ports created, options are cfiscsi_target,
/// cfiscsi_portal_group_tag, cfiscsi_target_alias, ctld_portal_group_name and the portal group's options.</item>
/// <item>Every port of a target, iSCSI or "port isp0", gets a LUN map holding exactly the target's LUNs
/// (CTL_LUN_MAP: an empty map, then one entry per LUN) and is set online.</item>
/// <item>"#sansim: initiator" lines log initiators in.</item>
/// </list>
/// </summary>
public static class CtlConfBuilder
{
    /// <summary>Parses <paramref name="text"/> and builds its target.</summary>
    public static CtlConfBuildResult Load(string text, string fileName, Trace? trace = null, CtlConfBuildOptions? options = null)
    {
        var parsed = CtlConfParser.Parse(text, fileName);
        return parsed.Conf is null ? new CtlConfBuildResult(null, parsed.Error) : Build(parsed.Conf, trace, options);
    }

    public static CtlConfBuildResult Build(CtlConfFile conf, Trace? trace = null, CtlConfBuildOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(conf);
        options ??= new CtlConfBuildOptions();
        try
        {
            return new CtlConfBuildResult(new Applier(conf, trace, options).Apply(), null);
        }
        catch (CtlConfParser.ConfException e)
        {
            return new CtlConfBuildResult(null, e.Error);
        }
    }

    private sealed class Applier(CtlConfFile conf, Trace? trace, CtlConfBuildOptions options)
    {
        private readonly CtlTarget _target = new(trace, name: options.TargetName);
        private readonly Dictionary<string, int> _ctlLunOf = new();
        private int _nextPort = options.FirstPortNumber;
        private long _cause;

        public CtlTarget Apply()
        {
            _cause = _target.Trace.Record(TraceKind.Action, "ctld", "configuration applied");
            var fcPorts = CreateFcPorts();
            CreateLuns();
            var tags = PortalGroupTags();
            int iscsiPorts = 0;
            foreach (var t in conf.Targets)
            {
                var pgs = t.PortalGroups.Select(p => p.PortalGroup).ToList();
                if (pgs.Count == 0 && t.Ports.Count == 0)
                    pgs.Add("default");
                foreach (string pgName in pgs)
                {
                    var pg = conf.FindPortalGroup(pgName)!;
                    ushort tag = tags[pgName];
                    var port = new CtlPort(_nextPort++, PortFrontend.Iscsi, "iscsi")
                    {
                        PhysicalPort = tag,
                        VirtualPort = ++iscsiPorts,
                        TargetName = t.Name,
                        Alias = t.Alias,
                        PortalGroupTag = tag,
                        PortalGroupName = pg.Name,
                        Online = false,
                    };
                    port.Options.AddRange(pg.Options);
                    _target.AddPort(port);
                    _target.Trace.Record(TraceKind.StateChange, CtlTarget.PortSource(port.Number),
                        $"iSCSI port created: {t.Name}, portal group {pg.Name} tag {tag}", _cause);
                    MapTargetLuns(port, t);
                    _target.SetPortOnline(port.Number, true, _cause);
                }
                foreach (var (name, at) in t.Ports)
                {
                    var key = ParsePortName(name, at);
                    MapTargetLuns(fcPorts[key], t);
                }
            }
            LogInitiatorsIn();
            return _target;
        }

        private static (string Name, int Pp, int Vp) ParsePortName(string s, ConfLocation at)
        {
            var parts = s.Split('/');
            if (parts.Length > 3 || parts[0].Length == 0)
                throw CtlConfParser.Fail(at, $"invalid port name \"{s}\"");
            int pp = 0, vp = 0;
            if ((parts.Length > 1 && !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out pp)) ||
                (parts.Length > 2 && !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out vp)))
                throw CtlConfParser.Fail(at, $"invalid port name \"{s}\"");
            return (parts[0], pp, vp);
        }

        /// <summary>Sorts "isp0" before "isp1" before "isp10": driver name, then unit number.</summary>
        private static (string Driver, int Unit) UnitKey(string name)
        {
            int i = name.Length;
            while (i > 0 && char.IsAsciiDigit(name[i - 1])) i--;
            return (name[..i], i < name.Length && int.TryParse(name[i..], NumberStyles.None, CultureInfo.InvariantCulture, out int u) ? u : -1);
        }

        private Dictionary<(string, int, int), CtlPort> CreateFcPorts()
        {
            var all = new Dictionary<(string, int, int), ConfFcPort?>();
            foreach (var p in conf.FcPorts)
                all[(p.Name, p.PhysicalPort, p.VirtualPort)] = p;
            foreach (var t in conf.Targets)
                foreach (var (name, at) in t.Ports)
                    all.TryAdd(ParsePortName(name, at), null);

            var ordered = all.Keys
                .OrderBy(k => UnitKey(k.Item1).Driver, StringComparer.Ordinal)
                .ThenBy(k => UnitKey(k.Item1).Unit)
                .ThenBy(k => k.Item2).ThenBy(k => k.Item3)
                .ToList();
            var ports = new Dictionary<(string, int, int), CtlPort>();
            for (int k = 0; k < ordered.Count; k++)
            {
                var key = ordered[k];
                var decl = all[key];
                var port = new CtlPort(_nextPort++, PortFrontend.Camtgt, key.Item1)
                {
                    PhysicalPort = key.Item2,
                    VirtualPort = key.Item3,
                    Wwnn = decl?.Wwnn ?? Ctladm.CtlPortInfo.Naa(0x2000005353000000UL + (ulong)k),
                    Wwpn = decl?.Wwpn ?? Ctladm.CtlPortInfo.Naa(0x2100005353000000UL + (ulong)k),
                    ListInitiators = decl?.ListInitiators ?? false,
                    Online = decl?.Online ?? true,
                };
                _target.AddPort(port);
                _target.Trace.Record(TraceKind.StateChange, CtlTarget.PortSource(port.Number),
                    $"FC port {port.Name} attached, WWPN {port.Wwpn}", _cause);
                ports[key] = port;
            }
            return ports;
        }

        private void CreateLuns()
        {
            foreach (var lun in conf.Luns)
            {
                string backend = lun.Backend ?? "block";
                if (backend == "block" && lun.Path is null)
                    throw CtlConfParser.Fail(lun.At, $"missing path for lun \"{lun.Name}\"");
                if (backend == "ramdisk" && lun.Path is not null)
                    throw CtlConfParser.Fail(lun.At, $"path must not be specified for ramdisk-backed lun \"{lun.Name}\"");
                if (backend == "ramdisk" && lun.Size == 0)
                    throw CtlConfParser.Fail(lun.At, $"missing size for ramdisk-backed lun \"{lun.Name}\"");
                int blockSize = lun.BlockSize == 0 ? 512 : lun.BlockSize;
                if (lun.Size != 0 && lun.Size % (ulong)blockSize != 0)
                    throw CtlConfParser.Fail(lun.At, $"invalid size for lun \"{lun.Name}\"; must be multiple of blocksize");
                if (lun.Size == 0)
                    throw CtlConfParser.Fail(lun.At, $"sansim: lun \"{lun.Name}\" needs a size (the simulation has no backing store to read it from)");

                var opts = new List<KeyValuePair<string, string>>(lun.Options.Where(o => o.Key is not ("file" or "ctld_name")));
                if (lun.Path is not null) opts.Add(new("file", lun.Path));
                opts.Add(new("ctld_name", lun.Name));
                var r = _target.CreateLun(new CtlLunCreateRequest
                {
                    Backend = backend,
                    LunId = lun.CtlLun,
                    SizeBytes = lun.Size,
                    BlockSize = blockSize,
                    Serial = lun.Serial,
                    DeviceId = lun.DeviceId,
                    DeviceType = lun.DeviceType,
                    Name = lun.Name,
                    Options = opts,
                }, _cause);
                if (!r.Ok)
                    throw CtlConfParser.Fail(lun.At, $"failed to add lun \"{lun.Name}\": {r.Error}");
                _ctlLunOf[lun.Name] = r.Lun!.Id;
            }
        }

        /// <summary>ctld's tags: an explicit "tag", else the next number from 256, in definition order.</summary>
        private Dictionary<string, ushort> PortalGroupTags()
        {
            var tags = new Dictionary<string, ushort>();
            ushort last = 0xff;
            foreach (var pg in conf.PortalGroups)
                tags[pg.Name] = pg.Tag ?? ++last;
            return tags;
        }

        private void MapTargetLuns(CtlPort port, ConfTarget t)
        {
            _target.EnableEmptyLunMap(port.Number, _cause);
            foreach (var (n, name) in t.Luns)
                _target.SetLunMap(port.Number, (uint)n, (uint)_ctlLunOf[name], _cause);
        }

        private void LogInitiatorsIn()
        {
            foreach (var i in conf.Initiators)
            {
                var port = _target.Ports.Values.FirstOrDefault(p =>
                    (p.Frontend == PortFrontend.Camtgt && p.Name == i.Port) ||
                    (p.Frontend == PortFrontend.Iscsi && p.TargetName == i.Port));
                if (port is null)
                    throw CtlConfParser.Fail(i.At, $"initiator: no FC port or iSCSI target \"{i.Port}\"");
                if (port.Initiators.ContainsKey(i.InitiatorId))
                    throw CtlConfParser.Fail(i.At, $"initiator: port {port.Number} already has initiator {i.InitiatorId}");
                _target.AddInitiator(port.Number, i.Name, i.InitiatorId, _cause);
            }
        }
    }
}
