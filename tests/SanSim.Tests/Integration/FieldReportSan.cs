using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Ext4;
using SanSim.Hosts.Windows;
using SanSim.Target;

namespace SanSim.Tests.Integration;

/// <summary>
/// The field report's SAN, built in code: the FreeNAS CTL target with FC ports 3 and 4 (camtgt isp0/isp1, all
/// LUNs mapped) and iSCSI port 5 (LUN 0 → CTL LUN 12); LUN 1 the desktop's 2 TiB zvol, LUN 12 the 1 GiB volume
/// a Kubernetes claim uses. A Windows 10 desktop on port 3 over FC with only LUN 1 online, and the Linux 4.19
/// node k8s-node-1 on port 5 over iSCSI (initiator 3, SCSI host 6, sdb) with ext4 mounted errors=remount-ro.
/// </summary>
internal sealed class FieldReportSan
{
    public const ulong DesktopWwpn = 0x2100001b32a1b2c3;
    public const string TargetIqn = "iqn.2005-10.org.freenas.ctl:default-mosquitto-iscsi-claim";
    public const string NodeIqn = "iqn.1993-08.org.debian:01:e38f5e7da7d";
    public const ulong NodeIsid = 0x00023d000004;

    /// <summary>When the desktop goes to sleep: the field report's timestamp, the node having booted at zero.</summary>
    public static readonly SimTime SleepAt = SimTime.FromSeconds(35771.99);

    /// <summary>
    /// How often the application on the claim (mosquitto's persistence) writes. The nine-line block comes from
    /// the first write after the failed commit has aborted the journal, so it follows the stop by at most one
    /// commit interval plus this.
    /// </summary>
    public static readonly SimTime NodeWriteEvery = SimTime.FromMilliseconds(500);

    public FieldReportSan(KernelVersion kernel = KernelVersion.V4_19, ulong seed = 2020)
    {
        Sim = new Simulation(seed);
        Target = new CtlTarget(Sim.Trace, TargetProfile.Ctl, "freenas");
        Target.AddPort(new CtlPort(3, PortFrontend.Camtgt, "isp0") { Wwnn = "naa.20000024ff56f970", Wwpn = "naa.21000024ff56f970" });
        Target.AddPort(new CtlPort(4, PortFrontend.Camtgt, "isp1") { Wwnn = "naa.20000024ff56f971", Wwpn = "naa.21000024ff56f971" });
        var iscsi = Target.AddPort(new CtlPort(5, PortFrontend.Iscsi, "iscsi")
        {
            PhysicalPort = 1,
            VirtualPort = 1,
            TargetName = TargetIqn,
            Alias = "default-mosquitto-iscsi-claim",
            PortalGroupTag = 1,
            PortalGroupName = "pg1",
        });
        iscsi.Options.Add(new("ha_shared", "on"));
        iscsi.LunMap.Set(0, 12);
        DesktopLun = Target.AddLun(new CtlLun(1, (2UL << 40) / 512));
        ClaimLun = Target.AddLun(new CtlLun(12, (1UL << 30) / 512));

        Fabric = new FcFabric(Sim);
        DesktopPath = Fabric.Connect(Fabric.AddHostPort("desktop", DesktopWwpn), Target, 3);
        Desktop = new WindowsHost(Sim, "desktop", new WindowsHostSettings { OnlineLuns = [1] });
        Desktop.AddPath(DesktopPath);

        Assert.That(Ext4MountOptions.TryParse("errors=remount-ro", out var options, out _), Is.True);
        Node = new LinuxHost(Sim, "k8s-node-1", new LinuxHostOptions
        {
            Kernel = kernel,
            ScsiHostNumbers = [6],
            Mounts = [new Ext4MountSpec("sdb") { Options = options with { WriteEvery = NodeWriteEvery } }],
        });
        Session = new IscsiSession(Sim, Target, 5, "k8s-node-1", NodeIqn, NodeIsid, initiatorId: 3);
        Node.AddPath(Session);
    }

    public Simulation Sim { get; }
    public CtlTarget Target { get; }
    public CtlLun DesktopLun { get; }
    public CtlLun ClaimLun { get; }
    public FcFabric Fabric { get; }
    public FcPath DesktopPath { get; }
    public WindowsHost Desktop { get; }
    public LinuxHost Node { get; }
    public IscsiSession Session { get; }

    /// <summary>Trace id of the desktop's sleep action, once it has run.</summary>
    public long SleepActionId { get; private set; }

    /// <summary>Trace id of the desktop's wake action, once it has run.</summary>
    public long WakeActionId { get; private set; }

    /// <summary>Boots both hosts at zero and schedules the sleep at <see cref="SleepAt"/> and the wake an hour later.</summary>
    public FieldReportSan Scheduled()
    {
        Desktop.Start();
        Node.Start();
        Sim.Scheduler.At(SleepAt, () => SleepActionId = Desktop.Sleep(), "desktop sleeps");
        Sim.Scheduler.At(SleepAt + SimTime.FromSeconds(3600), () => WakeActionId = Desktop.Wake(), "desktop wakes");
        return this;
    }

    /// <summary>Runs ctladm against the target; returns its exit status, standard output and error.</summary>
    public (int Status, string Out, string Err) Ctladm(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int status = SanSim.Target.Ctladm.Ctladm.Run(Target, args, o, e);
        return (status, o.ToString(), e.ToString());
    }

    public void RunUntil(double seconds) => Sim.Scheduler.RunUntil(SimTime.FromSeconds(seconds));

    public void Run(double seconds) => Sim.Scheduler.RunUntil(Sim.Now + SimTime.FromSeconds(seconds));
}
