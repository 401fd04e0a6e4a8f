using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts;
using SanSim.Hosts.Esxi;
using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Ext4;
using SanSim.Hosts.Windows;
using SanSim.Target;

namespace SanSim.Tests.Properties;

/// <summary>
/// A <see cref="SanCase"/> built from scratch: target, fabric, iSCSI sessions, hosts, fault injector, and the
/// timeline scheduled on the simulation. <see cref="Run"/> plays it to the case's end.
/// </summary>
internal sealed class SanWorld
{
    private readonly StringWriter _ctladmOut = new();
    private readonly Dictionary<string, Ext4Filesystem> _ext4 = new();

    public SanWorld(SanCase c)
    {
        Case = c;
        Sim = new Simulation(c.Seed);
        Target = new CtlTarget(Sim.Trace, TargetProfile.Ctl, "ctl");
        Fabric = new FcFabric(Sim);
        Faults = new FaultInjector(Sim);
        foreach (var l in c.Luns) Target.AddLun(new CtlLun(l.Id, l.Blocks, l.BlockSize));
        foreach (var p in c.Ports)
        {
            var port = p.Fc
                ? new CtlPort(p.Number, PortFrontend.Camtgt, "isp" + p.Number) { Wwnn = FcNames.Naa(0x2000_0024_ff00_0000UL + (ulong)p.Number), Wwpn = FcNames.Naa(0x2100_0024_ff00_0000UL + (ulong)p.Number) }
                : new CtlPort(p.Number, PortFrontend.Iscsi, "iscsi") { TargetName = $"iqn.2005-10.org.freenas.ctl:t{p.Number}", PortalGroupTag = p.Number };
            Target.AddPort(port);
            if (p.Map is not null)
            {
                port.LunMap.Enable();
                foreach (var (portLun, ctlLun) in p.Map) port.LunMap.Set(portLun, ctlLun);
            }
        }
        foreach (var h in c.Hosts) AddHost(h);
        foreach (var step in c.Timeline)
            Sim.Scheduler.At(SimTime.FromSeconds(step.At), () => step.Apply(this), step.What);
    }

    public SanCase Case { get; }
    public Simulation Sim { get; }
    public CtlTarget Target { get; }
    public FcFabric Fabric { get; }
    public FaultInjector Faults { get; }
    public Dictionary<string, Host> Hosts { get; } = new();
    public Dictionary<string, List<ScsiPath>> Paths { get; } = new();
    public Dictionary<string, FcHostPort> Hbas { get; } = new();

    /// <summary>The ext4 filesystems by host name, once mounted.</summary>
    public IReadOnlyDictionary<string, Ext4Filesystem> Ext4 => _ext4;

    /// <summary>What every ctladm invocation printed, stdout and stderr in order.</summary>
    public string CtladmOutput => _ctladmOut.ToString();

    private void AddHost(HostSpec h)
    {
        var paths = new List<ScsiPath>();
        foreach (int portNumber in h.Ports)
        {
            var spec = Case.Ports.Single(p => p.Number == portNumber);
            if (spec.Fc)
            {
                if (!Hbas.TryGetValue(h.Name, out var hba))
                    Hbas[h.Name] = hba = Fabric.AddHostPort(h.Name, 0x2100_001b_32a1_0000UL + (ulong)h.Index);
                paths.Add(Fabric.Connect(hba, Target, portNumber));
            }
            else
            {
                paths.Add(new IscsiSession(Sim, Target, portNumber, h.Name, $"iqn.1994-05.com.example:{h.Name}", 0x23d00_0000UL + (ulong)h.Index)
                {
                    ReplacementTimeout = h.ReplacementTimeout,
                });
            }
        }
        foreach (var p in paths) p.Faults = Faults;
        Host host = h.Os switch
        {
            HostOs.Linux => new LinuxHost(Sim, h.Name, new LinuxHostOptions { Kernel = h.Kernel, AllowRestart = h.AllowRestart }),
            HostOs.Windows => new WindowsHost(Sim, h.Name, new WindowsHostSettings { OnlineLuns = h.OnlineLuns, IoInterval = h.IoInterval, StopOnSleep = h.StopOnSleep }),
            _ => new EsxiHost(Sim, h.Name, new EsxiHostSettings { DatastoreLun = h.DatastoreLun, StartUnitOnNotReady = h.StartUnitOnNotReady, WriteInterval = h.VmWriteInterval }),
        };
        foreach (var p in paths) host.AddPath(p);
        Hosts[h.Name] = host;
        Paths[h.Name] = paths;
        if (host is LinuxHost linux && h.Ext4Lun is { } ext4Lun && paths.Count > 0)
        {
            var first = paths[0];
            linux.DiskAttached += disk =>
            {
                if (_ext4.ContainsKey(h.Name) || disk.Path != first || disk.PortLun != ext4Lun) return;
                var fs = new Ext4Filesystem(Sim, linux.Log, disk, h.Kernel, linux.Random.Stream("ext4"));
                _ext4[h.Name] = fs;
                if (fs.Mkfs() == 0)
                    fs.Mount(new Ext4MountOptions { Errors = h.Ext4Errors, WriteEvery = h.Ext4WriteEvery });
            };
        }
        Sim.Scheduler.At(SimTime.FromSeconds(h.StartAt), () => host.Start(), "start " + h.Name);
    }

    /// <summary>Runs "ctladm <paramref name="args"/>" as an operator on the target's console.</summary>
    public void Ctladm(params string[] args)
    {
        _ctladmOut.Write("# ctladm " + string.Join(' ', args) + "\n");
        SanSim.Target.Ctladm.Ctladm.Run(Target, args, _ctladmOut, _ctladmOut);
    }

    public T Host<T>(string name) where T : Host => (T)Hosts[name];

    /// <summary>The path of <paramref name="host"/> to <paramref name="port"/>.</summary>
    public ScsiPath Path(string host, int port) => Paths[host].First(p => p.TargetPort == port);

    /// <summary>More trace events than this in one run is an event storm: the run stops and says so.</summary>
    public const int EventBudget = 1_000_000;

    /// <summary>Plays the case to its end, a minute of virtual time at a time; throws when the event budget is spent.</summary>
    public void Run()
    {
        for (var t = SimTime.Zero; t < Case.Duration;)
        {
            t = SimTime.FromMinutes(1) + t < Case.Duration ? t + SimTime.FromMinutes(1) : Case.Duration;
            Sim.Scheduler.RunUntil(t);
            if (Sim.Trace.Events.Count > EventBudget)
                throw new InvalidOperationException($"event storm: more than {EventBudget} trace events by {t}");
        }
    }

    /// <summary>ctl_stop_lun on CTL LUN <paramref name="id"/>, when it still exists.</summary>
    public void StopLun(int id)
    {
        if (Target.Luns.TryGetValue(id, out var lun)) Target.StopLun(lun);
    }

    /// <summary>ctl_start_lun on CTL LUN <paramref name="id"/>, when it still exists.</summary>
    public void StartLun(int id)
    {
        if (Target.Luns.TryGetValue(id, out var lun)) Target.StartLun(lun);
    }

    /// <summary>Activates a zone set with one zone per (host HBA, target port) pair.</summary>
    public void ActivateZoneSet(string name, IEnumerable<(string Host, int Port)> pairs)
    {
        var zoneSet = new FcZoneSet(name);
        foreach (var (host, port) in pairs)
            if (Hbas.TryGetValue(host, out var hba) && FcFabric.TargetWwpn(Target, port) is { } wwpn)
                zoneSet.Add($"{host}-{port}", hba.Wwpn, wwpn);
        Fabric.ActivateZoneSet(zoneSet);
    }

    /// <summary>The operator's recovery of a host's ext4: umount, e2fsck -p, then mount with the same options.</summary>
    public void RecoverExt4(string host)
    {
        if (!_ext4.TryGetValue(host, out var fs)) return;
        var options = fs.Options;
        fs.Umount();
        fs.Fsck(_ => fs.Mount(options));
    }
}
