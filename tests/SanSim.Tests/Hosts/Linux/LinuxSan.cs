using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts.Linux;
using SanSim.Target;

namespace SanSim.Tests.Hosts.Linux;

/// <summary>
/// A CTL target with an iSCSI port 0 and LUN 0 (2048 blocks of 512 bytes), and one Linux host logged in over a
/// real <see cref="ScsiPath"/> as SCSI host 6, so its disk is sd 6:0:0:0 [sdb]. A second initiator on the same
/// port is there to see unit attentions the host causes.
/// </summary>
internal sealed class LinuxSan
{
    public LinuxSan(KernelVersion kernel = KernelVersion.V4_19, bool allowRestart = false, ulong seed = 7, bool start = true)
    {
        Sim = new Simulation(seed);
        Target = new CtlTarget(Sim.Trace, TargetProfile.Ctl, "freenas");
        Target.AddPort(new CtlPort(0, PortFrontend.Iscsi, "iscsi") { TargetName = "iqn.2005-10.org.freenas.ctl:k8s", PortalGroupTag = 1 });
        Lun = new CtlLun(0, 2048);
        Target.Luns[0] = Lun;
        Host = new LinuxHost(Sim, "node1", new LinuxHostOptions { Kernel = kernel, AllowRestart = allowRestart, ScsiHostNumbers = [6] });
        Path = new ScsiPath(Sim, Target, 0, "node1", "iqn.1994-05.com.redhat:node1,i,0x23d000000");
        Host.AddPath(Path);
        if (start)
        {
            Host.Start();
            Run(SimTime.FromSeconds(5));
        }
    }

    public Simulation Sim { get; }
    public CtlTarget Target { get; }
    public CtlLun Lun { get; }
    public LinuxHost Host { get; }
    public ScsiPath Path { get; }

    public ScsiDisk Sdb => Host.Disks["sdb"];

    public void Run(SimTime span) => Sim.Scheduler.RunUntil(Sim.Now + span);

    /// <summary>Raw kernel log lines written since <paramref name="from"/>.</summary>
    public List<string> LinesFrom(int from) => Host.Log.Lines.Skip(from).Select(l => l.Text).ToList();

    /// <summary>Writes <paramref name="sectors"/> sectors at <paramref name="sector"/> and returns the completion (errno, cause) once run.</summary>
    public (List<int> Errors, List<long> Causes) Write(ulong sector, int sectors, BioFlags flags = BioFlags.None, SimTime? runFor = null)
    {
        var errors = new List<int>();
        var causes = new List<long>();
        var bio = new Bio(BioOp.Write, sector, new byte[sectors * 512], flags, (_, err, cause) => { errors.Add(err); causes.Add(cause); });
        Sdb.Submit(bio);
        Run(runFor ?? SimTime.FromSeconds(1));
        return (errors, causes);
    }
}
