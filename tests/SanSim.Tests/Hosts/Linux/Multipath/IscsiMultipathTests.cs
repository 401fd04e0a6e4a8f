using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Multipath;
using SanSim.Target;

namespace SanSim.Tests.Hosts.Linux.Multipath;

/// <summary>Two iSCSI sessions to two portals of one target: one map, and a dropped session fails over after replacement_timeout.</summary>
public class IscsiMultipathTests
{
    private sealed class Rig
    {
        public Rig()
        {
            Sim = new Simulation(5);
            Target = new CtlTarget(Sim.Trace, TargetProfile.Ctl, "freenas");
            Target.AddPort(new CtlPort(0, PortFrontend.Iscsi, "iscsi") { TargetName = "iqn.2005-10.org.freenas.ctl:k8s", PortalGroupTag = 1 });
            Target.AddPort(new CtlPort(1, PortFrontend.Iscsi, "iscsi") { TargetName = "iqn.2005-10.org.freenas.ctl:k8s", PortalGroupTag = 2 });
            Target.Luns[0] = new CtlLun(0, 2048);
            Host = new LinuxHost(Sim, "node1", new LinuxHostOptions
            {
                ScsiHostNumbers = [6, 7],
                NoConnectionHostByte = HostByte.DidTransportFailfast,
                Multipath = new MultipathOptions { NoPathRetry = NoPathRetry.Queue },
            });
            SessionA = new IscsiSession(Sim, Target, 0, "node1", "iqn.1994-05.com.redhat:node1", 0x23d000000) { ReplacementTimeout = SimTime.FromSeconds(5) };
            SessionB = new IscsiSession(Sim, Target, 1, "node1", "iqn.1994-05.com.redhat:node1", 0x23d000001) { ReplacementTimeout = SimTime.FromSeconds(5) };
            Host.AddPath(SessionA);
            Host.AddPath(SessionB);
            Host.Start();
            Sim.Scheduler.RunUntil(Sim.Now + SimTime.FromSeconds(5));
        }

        public Simulation Sim { get; }
        public CtlTarget Target { get; }
        public LinuxHost Host { get; }
        public IscsiSession SessionA { get; }
        public IscsiSession SessionB { get; }
    }

    [Test]
    public void TwoSessions_ToOneLun_MakeOneMapWithTwoPaths()
    {
        var rig = new Rig();
        Assert.That(rig.Host.MultipathDevices, Has.Count.EqualTo(1));
        Assert.That(rig.Host.MultipathDevices[0].Paths.Select(p => p.Disk.Name), Is.EqualTo(new[] { "sdb", "sdc" }));
    }

    [Test]
    public void DroppedSession_WriteWaitsForReplacementTimeout_ThenCompletesOnTheOtherPath()
    {
        var rig = new Rig();
        var dm = rig.Host.MultipathDevices[0];
        rig.SessionA.DropConnection();
        var start = rig.Sim.Now;
        var errors = new List<int>();
        SimTime at = SimTime.Zero;
        dm.Submit(new Bio(BioOp.Write, 0, MultipathSan.Pattern(3), BioFlags.None, (_, err, _) => { errors.Add(err); at = rig.Sim.Now; }));
        rig.Sim.Scheduler.RunUntil(rig.Sim.Now + SimTime.FromSeconds(10));
        Assert.That(errors, Is.EqualTo(new[] { 0 }));
        Assert.That(at - start, Is.GreaterThanOrEqualTo(SimTime.FromSeconds(5)));
        Assert.That(rig.Host.Log.Lines.Select(l => l.Text), Does.Contain("device-mapper: multipath: 253:0: Failing path 8:16."));
        Assert.That(dm.Paths[1].Completed, Is.EqualTo(1));
    }
}
