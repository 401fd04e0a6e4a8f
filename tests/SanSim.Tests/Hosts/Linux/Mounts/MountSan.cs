using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Ext4;
using SanSim.Target;

namespace SanSim.Tests.Hosts.Linux.Mounts;

/// <summary>
/// A CTL target with an iSCSI port 0 and two LUNs of 1 GiB (ext4 picks 4 KiB blocks), and a Linux host on it as
/// SCSI host 6 (sdb is LUN 0, sdc LUN 1) whose options list the ext4 mounts it makes at start.
/// </summary>
internal sealed class MountSan
{
    public const ulong LunBlocks = (1UL << 30) / 512;

    public MountSan(KernelVersion kernel, params Ext4MountSpec[] mounts)
    {
        Sim = new Simulation(11);
        Target = new CtlTarget(Sim.Trace, TargetProfile.Ctl, "freenas");
        Target.AddPort(new CtlPort(0, PortFrontend.Iscsi, "iscsi") { TargetName = "iqn.2005-10.org.freenas.ctl:k8s", PortalGroupTag = 1 });
        Target.AddLun(new CtlLun(0, LunBlocks));
        Target.AddLun(new CtlLun(1, LunBlocks));
        Host = new LinuxHost(Sim, "node1", new LinuxHostOptions { Kernel = kernel, ScsiHostNumbers = [6], Mounts = mounts });
        Host.AddPath(new IscsiSession(Sim, Target, 0, "node1", "iqn.1993-08.org.debian:01:node1", 0x23d000004));
        Host.Start();
        Run(1);
    }

    public Simulation Sim { get; }
    public CtlTarget Target { get; }
    public LinuxHost Host { get; }

    public void Run(double seconds) => Sim.Scheduler.RunUntil(Sim.Now + SimTime.FromSeconds(seconds));

    public List<string> Texts() => Host.Log.Lines.Select(l => l.Text).ToList();

    public int AwaitMount(string device)
    {
        int? rc = null;
        Host.Mount(device, 0, r => rc = r);
        Run(1);
        Assert.That(rc, Is.Not.Null, "mount did not complete");
        return rc!.Value;
    }

    public LinuxReadBackResult ReadBack()
    {
        LinuxReadBackResult? result = null;
        Host.VerifyReadBack(r => result = r);
        Run(5);
        Assert.That(result, Is.Not.Null, "read-back did not complete");
        return result!;
    }
}
