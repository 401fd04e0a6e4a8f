using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Multipath;
using SanSim.Hosts.Transport;
using SanSim.Scsi;
using SanSim.Target;

namespace SanSim.Tests.Hosts.Linux.Multipath;

/// <summary>
/// A CTL target with two FC ports (3 and 5) and LUN 0 (2048 blocks of 512 bytes unless told); a Linux host with two HBA ports,
/// one zoned path to each target port, and multipath on, so sd 6:0:0:0 [sdb] and sd 7:0:0:0 [sdc] make dm-0
/// (mpatha). A desktop on a third HBA port, logged into port 3, sends STOP UNIT and START UNIT as another initiator.
/// </summary>
internal sealed class MultipathSan
{
    public MultipathSan(NoPathRetry noPathRetry, KernelVersion kernel = KernelVersion.V6_1, ulong seed = 11, SimTime? maxPollingInterval = null, ulong lunBlocks = 2048)
    {
        Sim = new Simulation(seed);
        Target = new CtlTarget(Sim.Trace, TargetProfile.Ctl, "freenas");
        Target.AddPort(new CtlPort(3, PortFrontend.Camtgt, "isp0") { Wwnn = "naa.20000024ff56f970", Wwpn = "naa.21000024ff56f970" });
        Target.AddPort(new CtlPort(5, PortFrontend.Camtgt, "isp1") { Wwnn = "naa.20000024ff56f971", Wwpn = "naa.21000024ff56f971" });
        Lun = new CtlLun(0, lunBlocks);
        Target.Luns[0] = Lun;
        Fabric = new FcFabric(Sim);
        HbaA = Fabric.AddHostPort("node1", 0x2100001b32a1b2c3);
        HbaB = Fabric.AddHostPort("node1", 0x2101001b32a1b2c3);
        var desktopHba = Fabric.AddHostPort("desktop", 0x2100001b32d0d0d0);
        Host = new LinuxHost(Sim, "node1", new LinuxHostOptions
        {
            Kernel = kernel,
            ScsiHostNumbers = [6, 7],
            Multipath = new MultipathOptions { NoPathRetry = noPathRetry, MaxPollingInterval = maxPollingInterval },
        });
        PathA = Fabric.Connect(HbaA, Target, 3);
        PathB = Fabric.Connect(HbaB, Target, 5);
        Host.AddPath(PathA);
        Host.AddPath(PathB);
        Desktop = Fabric.Connect(desktopHba, Target, 3);
        Desktop.Login();
        Host.Start();
        Run(SimTime.FromSeconds(5));
    }

    public Simulation Sim { get; }
    public CtlTarget Target { get; }
    public CtlLun Lun { get; }
    public FcFabric Fabric { get; }
    public FcHostPort HbaA { get; }
    public FcHostPort HbaB { get; }
    public FcPath PathA { get; }
    public FcPath PathB { get; }
    public FcPath Desktop { get; }
    public LinuxHost Host { get; }

    public MultipathDevice Dm => Host.MultipathDeviceFor(0) ?? throw new AssertionException("no dm device for LUN 0");
    public Multipathd Daemon => Host.Multipathd ?? throw new AssertionException("multipathd is not running");

    public void Run(SimTime span) => Sim.Scheduler.RunUntil(Sim.Now + span);

    /// <summary>Kernel log lines written since <paramref name="from"/>.</summary>
    public List<string> KernelFrom(int from) => Host.Log.Lines.Skip(from).Select(l => l.Text).ToList();

    /// <summary>multipathd log lines written since <paramref name="from"/>.</summary>
    public List<string> DaemonFrom(int from) => Daemon.Log.Lines.Skip(from).Select(l => l.Text).ToList();

    /// <summary>Submits a bio to dm-0 and returns the record its completion fills.</summary>
    public Completion Submit(BioOp op, ulong sector, byte[] data)
    {
        var done = new Completion();
        Dm.Submit(new Bio(op, sector, data, BioFlags.None, (_, err, cause) =>
        {
            done.Error = err;
            done.Cause = cause;
            done.At = Sim.Now;
        }));
        return done;
    }

    /// <summary>A block of 8 sectors whose bytes all carry <paramref name="seed"/>.</summary>
    public static byte[] Pattern(int seed)
    {
        var data = new byte[4096];
        for (int i = 0; i < data.Length; i++) data[i] = (byte)(seed * 31 + i);
        return data;
    }

    /// <summary>The desktop sends START STOP UNIT (as Windows does on sleep and wake; again after a unit attention) and waits for the answer.</summary>
    public ScsiResponse DesktopStartStop(bool start)
    {
        for (int attempt = 0; ; attempt++)
        {
            ScsiResponse? response = null;
            Desktop.Submit(new ScsiRequest(CdbBuilder.StartStopUnit(start, immed: !start), 0), r => response = r);
            for (int i = 0; i < 1000 && response is null; i++) Sim.Scheduler.Step();
            if (response is null) throw new AssertionException("START STOP UNIT was never answered");
            if (attempt < 3 && response.Status == ScsiStatus.CheckCondition && response.Sense.Key == SenseKey.UnitAttention) continue;
            return response;
        }
    }

    internal sealed class Completion
    {
        public int? Error { get; set; }
        public long Cause { get; set; }
        public SimTime At { get; set; }
    }
}
