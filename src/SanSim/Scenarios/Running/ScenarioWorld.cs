using System.Globalization;
using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts;
using SanSim.Hosts.Esxi;
using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Ext4;
using SanSim.Hosts.Linux.Multipath;
using SanSim.Hosts.Windows;
using SanSim.Scenarios.Model;
using SanSim.Target;

namespace SanSim.Scenarios.Running;

/// <summary>
/// The simulated world of one scenario: the CTL target with its LUNs and ports, one FC fabric, the iSCSI
/// sessions, the hosts (each path wrapped in an <see cref="ObservedPath"/>), and the fault injector every path
/// consults. Built at virtual time zero; <see cref="Start"/> brings every host up in file order.
/// </summary>
internal sealed partial class ScenarioWorld
{
    /// <summary>Trace source of the scenario's own actions (ctladm lines, fault injection).</summary>
    public const string ScenarioSource = "scenario";

    private readonly List<Host> _hosts = new();
    private readonly Dictionary<string, Host> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(PathSpec Spec, ObservedPath Path)>> _paths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FcHostPort> _hba = new(StringComparer.Ordinal);
    /// <summary>Mounts on dm-multipath maps, made by the runner once the map exists (see <see cref="MountWhenMapped"/>).</summary>
    private readonly Dictionary<string, List<Ext4MountSpec>> _multipathMounts = new(StringComparer.Ordinal);

    public ScenarioWorld(Scenario scenario)
    {
        Scenario = scenario;
        Sim = new Simulation(scenario.Seed);
        Target = new CtlTarget(Sim.Trace, scenario.Target.Profile, scenario.Target.Name);
        Fabric = new FcFabric(Sim);
        Faults = new FaultInjector(Sim);
        foreach (var lun in scenario.Target.Luns) Target.AddLun(BuildLun(lun));
        foreach (var port in scenario.Target.Ports) AddPort(port);
        RecordPolicy(scenario);
        foreach (var host in scenario.Hosts) AddHost(host);
        if (scenario.Fabric?.Zones is { } zones)
            Fabric.ActivateZoneSet(BuildZoneSet("cfg0", zones), Sim.Trace.Record(TraceKind.Action, ScenarioSource, "fabric zoning at time zero"));
    }

    /// <summary>A run under all-luns or owner-only says so in the trace, with the ctladm lines that stand for the maps it was given.</summary>
    private void RecordPolicy(Scenario scenario)
    {
        if (!scenario.PolicyApplied || scenario.Policy == SanSim.Policy.LunPolicyKind.Explicit) return;
        string name = SanSim.Policy.LunPolicies.Name(scenario.Policy);
        long id = Sim.Trace.Record(TraceKind.Action, ScenarioSource, $"LUN-map policy {name}: "
            + (scenario.PolicyCommands.Count == 0 ? "the maps as written already follow it" : "the ports start with its maps"));
        foreach (var line in scenario.PolicyCommands)
            Sim.Trace.Record(TraceKind.Action, ScenarioSource, $"policy {name}: as ctladm {line}", id);
    }

    /// <summary>The fabric's zone set made of <paramref name="zones"/>, each member parsed to its WWPN.</summary>
    private static FcZoneSet BuildZoneSet(string name, IReadOnlyList<ZoneSpec> zones)
    {
        var set = new FcZoneSet(name);
        foreach (var zone in zones)
            set.Add(zone.Name, zone.Members.Select(FcNames.TryParse).OfType<ulong>().ToArray());
        return set;
    }

    public Scenario Scenario { get; }
    public Simulation Sim { get; }
    public CtlTarget Target { get; }
    public FcFabric Fabric { get; }
    public FaultInjector Faults { get; }
    public SymptomLog Symptoms { get; } = new();

    /// <summary>The hosts in file order.</summary>
    public IReadOnlyList<Host> Hosts => _hosts;

    public Host? Host(string name) => _byName.GetValueOrDefault(name);

    /// <summary>A host's paths in file order, each with its spec.</summary>
    public IReadOnlyList<(PathSpec Spec, ObservedPath Path)> PathsOf(string host) =>
        _paths.TryGetValue(host, out var list) ? list : [];

    /// <summary>Brings every host up at time zero, in file order, before any timeline event.</summary>
    public void Start()
    {
        foreach (var host in _hosts)
        {
            host.Start();
            if (host is LinuxHost linux && linux.Options.Multipath is not null)
            {
                if (_multipathMounts.TryGetValue(host.Name, out var mounts))
                    foreach (var mount in mounts) MountWhenMapped(linux, mount);
                _ = new QueueWatch(linux, Symptoms);
            }
        }
    }

    /// <summary>How often a multipath mount looks for its map, and how long it waits (as the fstab mount of an sd device does).</summary>
    private static readonly SimTime MapPoll = SimTime.FromMilliseconds(100);

    /// <summary>
    /// A mount on a dm-multipath map (named by its alias, "mpatha", or its dm name, "dm-0"): the map appears only once
    /// multipathd has assembled it from the attached paths, so the mount waits for it, then runs mkfs and mount.
    /// </summary>
    private void MountWhenMapped(LinuxHost linux, Ext4MountSpec spec)
    {
        long id = Sim.Trace.Record(TraceKind.Action, linux.Source, $"scenario: fstab mount /dev/{spec.Device} (multipath)");
        var deadline = Sim.Now + LinuxHost.DeviceWaitTimeout;
        void Try()
        {
            if (linux.BlockDevice(spec.Device) is { SectorCount: > 0 })
            {
                linux.MountExt4(spec.Device, spec.Options, spec.Mkfs, id, mountPoint: spec.MountPoint);
                return;
            }
            if (Sim.Now >= deadline)
            {
                Sim.Trace.Record(TraceKind.Action, linux.Source, $"mount: timed out waiting for device /dev/{spec.Device}", id);
                return;
            }
            Sim.Scheduler.After(MapPoll, Try, "multipath mount");
        }
        Sim.Scheduler.After(MapPoll, Try, "multipath mount");
    }

    private static CtlLun BuildLun(LunSpec spec)
    {
        var lun = new CtlLun(spec.Lun, spec.Blocks, spec.BlockSize)
        {
            Name = spec.Name,
            ReadOnly = spec.ReadOnly,
            Removable = spec.Removable,
        };
        if (spec.Serial is { } serial) lun.Serial = serial;
        if (spec.DeviceId is { } deviceId) lun.DeviceId = deviceId;
        return lun;
    }

    private void AddPort(PortSpec spec)
    {
        string name = spec.Name ?? (spec.Frontend == PortFrontend.Iscsi ? "iscsi" : "camtgt");
        var port = new CtlPort(spec.Port, spec.Frontend, name)
        {
            Wwnn = spec.Wwnn,
            Wwpn = spec.Wwpn,
            TargetName = spec.Target,
            Alias = spec.Alias,
            Online = spec.Online,
        };
        if (spec.PortalGroupTag is { } tag) port.PortalGroupTag = tag;
        if (spec.PortalGroupName is { } pg) port.PortalGroupName = pg;
        if (spec.Pp is { } pp) port.PhysicalPort = pp;
        if (spec.Vp is { } vp) port.VirtualPort = vp;
        Target.AddPort(port);
        switch (spec.LunMap)
        {
            case LunMapKind.None:
                port.LunMap.Enable();
                break;
            case LunMapKind.Explicit:
                port.LunMap.Enable();
                foreach (var (portLun, ctlLun) in spec.LunMapEntries) port.LunMap.Set(portLun, ctlLun);
                break;
        }
        foreach (var option in spec.Options) port.Options.Add(option);
    }

    private void AddHost(HostSpec spec)
    {
        var paths = new List<(PathSpec, ObservedPath)>();
        foreach (var p in spec.Paths) paths.Add((p, new ObservedPath(Sim, BuildPath(spec.Name, p), Symptoms)));
        Host host = spec.Os switch
        {
            HostOs.Windows => new WindowsHost(Sim, spec.Name, new WindowsHostSettings
            {
                OnlineLuns = spec.OnlineDisks.SelectMany(l => PortLuns(paths, l)).Distinct().ToList(),
                StopOnSleep = spec.StopOnSleep,
            }),
            HostOs.Esxi => new EsxiHost(Sim, spec.Name, new EsxiHostSettings
            {
                DatastoreLun = spec.Datastore is { } ds ? PortLuns(paths, ds).FirstOrDefault() : 0,
                StartUnitOnNotReady = spec.StartUnitOnNotReady,
            }),
            _ => new LinuxHost(Sim, spec.Name, LinuxOptions(spec, paths, _multipathMounts[spec.Name] = new List<Ext4MountSpec>())),
        };
        foreach (var (_, path) in paths) host.AddPath(path);
        _hosts.Add(host);
        _byName[spec.Name] = host;
        _paths[spec.Name] = paths;
    }

    private ScsiPath BuildPath(string host, PathSpec spec)
    {
        ScsiPath path;
        if (spec.Iqn is { } iqn)
        {
            path = new IscsiSession(Sim, Target, spec.Port, host, iqn, spec.Isid ?? 0, spec.Iid);
        }
        else
        {
            ulong wwpn = FcNames.TryParse(spec.Wwpn) ?? FallbackWwpn();
            string key = host + "/" + wwpn.ToString("x16", CultureInfo.InvariantCulture);
            if (!_hba.TryGetValue(key, out var hba)) _hba[key] = hba = Fabric.AddHostPort(host, wwpn);
            path = Fabric.Connect(hba, Target, spec.Port);
        }
        path.Faults = Faults;
        return path;
    }

    /// <summary>A WWPN for an FC path written without one: the next free in 21:00:00:00:5a:5a:00:01 onwards.</summary>
    private ulong FallbackWwpn()
    {
        ulong wwpn = 0x2100_0000_5a5a_0001UL;
        while (Fabric.HostPorts.Any(p => p.Wwpn == wwpn)) wwpn++;
        return wwpn;
    }

    /// <summary>The port LUNs under which the paths' ports show <paramref name="ctlLun"/> at time zero, in path order.</summary>
    private IEnumerable<ulong> PortLuns(List<(PathSpec Spec, ObservedPath Path)> paths, int ctlLun)
    {
        foreach (var (spec, _) in paths)
            if (ctlLun >= 0 && Target.Ports.TryGetValue(spec.Port, out var port) && port.LunMap.ToPortLun((uint)ctlLun) is { } portLun)
                yield return portLun;
    }

    /// <summary>
    /// The Linux host's options: SCSI host numbers as given (else the next free from 2, in path order), each
    /// mount's device name pinned to the address of its CTL LUN through the first path that maps it, and the ext4
    /// and multipath settings. With multipath the mounts name the map and go to <paramref name="multipathMounts"/>.
    /// </summary>
    private LinuxHostOptions LinuxOptions(HostSpec spec, List<(PathSpec Spec, ObservedPath Path)> paths, List<Ext4MountSpec> multipathMounts)
    {
        var numbers = new List<int>();
        var given = spec.Paths.Where(p => p.ScsiHost is not null).Select(p => p.ScsiHost!.Value).ToHashSet();
        int next = 2;
        foreach (var (p, _) in paths)
        {
            if (p.ScsiHost is { } n) { numbers.Add(n); continue; }
            while (given.Contains(next) || numbers.Contains(next)) next++;
            numbers.Add(next++);
        }
        var names = new Dictionary<ScsiAddress, string>();
        var mounts = new List<Ext4MountSpec>();
        foreach (var m in spec.Mounts)
        {
            if (spec.Multipath is null)
            {
                for (int i = 0; i < paths.Count; i++)
                {
                    if (!Target.Ports.TryGetValue(paths[i].Spec.Port, out var port) || m.Lun < 0) continue;
                    if (port.LunMap.ToPortLun((uint)m.Lun) is not { } portLun) continue;
                    names.TryAdd(new ScsiAddress(numbers[i], 0, 0, portLun), m.Device);
                    break;
                }
            }
            var options = Ext4MountOptions.TryParse("errors=" + m.Errors, out var parsed, out _) ? parsed : new Ext4MountOptions();
            var mount = new Ext4MountSpec(m.Device)
            {
                Options = options with { CommitInterval = m.Commit, WriteEvery = m.WriteEvery },
            };
            (spec.Multipath is null ? mounts : multipathMounts).Add(mount);
        }
        return new LinuxHostOptions
        {
            Kernel = spec.Kernel,
            AllowRestart = spec.AllowRestart,
            ScsiHostNumbers = numbers,
            DeviceNames = names,
            Mounts = mounts,
            Multipath = spec.Multipath is { } mp ? new MultipathOptions
            {
                PollingInterval = mp.PollingInterval,
                NoPathRetry = ParseNoPathRetry(mp.NoPathRetry),
            } : null,
        };
    }

    private static NoPathRetry ParseNoPathRetry(string text) => text switch
    {
        "queue" => NoPathRetry.Queue,
        "fail" => NoPathRetry.Fail,
        _ when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 => NoPathRetry.Intervals(n),
        _ => NoPathRetry.Fail,
    };
}
