using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts.Linux;
using SanSim.Target;

namespace SanSim.Tests.Hosts.Linux;

/// <summary>
/// The host byte of a command the transport could not deliver follows the transport: FC uses
/// fc_remote_port_chkready (rport gone: DID_NO_CONNECT; blocked past fast_io_fail_tmo: DID_TRANSPORT_FAILFAST),
/// iSCSI past replacement_timeout gives DID_TRANSPORT_FAILFAST. The FAILED line names it in every version.
/// </summary>
public class TransportHostByteTests
{
    private static (LinuxHost Host, FcPath Path, Simulation Sim) FcRig(SimTime fastIoFail)
    {
        var sim = new Simulation(3);
        var target = new CtlTarget(sim.Trace, TargetProfile.Ctl, "freenas");
        target.AddPort(new CtlPort(3, PortFrontend.Camtgt, "isp0") { Wwnn = "naa.20000024ff56f970", Wwpn = "naa.21000024ff56f970" });
        target.Luns[0] = new CtlLun(0, 2048);
        var fabric = new FcFabric(sim);
        var hba = fabric.AddHostPort("node1", 0x2100001b32a1b2c3);
        var host = new LinuxHost(sim, "node1", new LinuxHostOptions { ScsiHostNumbers = [6] });
        var path = fabric.Connect(hba, target, 3);
        path.FastIoFailTimeout = fastIoFail;
        host.AddPath(path);
        host.Start();
        sim.Scheduler.RunUntil(SimTime.FromSeconds(5));
        return (host, path, sim);
    }

    private static List<string> WriteAfterLinkDown(LinuxHost host, FcPath path, Simulation sim)
    {
        int from = host.Log.Lines.Count;
        path.HostPort.LinkDown();
        host.Disks["sdb"].Submit(new Bio(BioOp.Write, 8, new byte[4096], BioFlags.None, (_, _, _) => { }));
        sim.Scheduler.RunUntil(sim.Now + SimTime.FromSeconds(20));
        return host.Log.Lines.Skip(from).Select(l => l.Text).ToList();
    }

    [Test]
    public void FcRemotePortGone_FailsWith_DidNoConnect()
    {
        var (host, path, sim) = FcRig(SimTime.Zero);

        var lines = WriteAfterLinkDown(host, path, sim);

        Assert.That(lines, Has.Some.Contains("FAILED Result: hostbyte=DID_NO_CONNECT driverbyte=DRIVER_OK"));
    }

    [Test]
    public void FcFastIoFailExpired_FailsWith_DidTransportFailfast()
    {
        var (host, path, sim) = FcRig(SimTime.FromSeconds(5));

        var lines = WriteAfterLinkDown(host, path, sim);

        Assert.That(lines, Has.Some.Contains("FAILED Result: hostbyte=DID_TRANSPORT_FAILFAST driverbyte=DRIVER_OK"));
        Assert.That(lines, Has.None.Contains("DID_NO_CONNECT"));
    }

    [TestCase(KernelVersion.V4_19, "FAILED Result: hostbyte=DID_TRANSPORT_FAILFAST driverbyte=DRIVER_OK")]
    [TestCase(KernelVersion.V5_10, "FAILED Result: hostbyte=DID_TRANSPORT_FAILFAST driverbyte=DRIVER_OK cmd_age=120s")]
    [TestCase(KernelVersion.V6_1, "FAILED Result: hostbyte=DID_TRANSPORT_FAILFAST driverbyte=DRIVER_OK cmd_age=120s")]
    public void IscsiPastReplacementTimeout_FailedLine_PerKernel(KernelVersion kernel, string expected)
    {
        var sim = new Simulation(3);
        var target = new CtlTarget(sim.Trace, TargetProfile.Ctl, "freenas");
        target.AddPort(new CtlPort(0, PortFrontend.Iscsi, "iscsi") { TargetName = "iqn.2005-10.org.freenas.ctl:k8s", PortalGroupTag = 1 });
        target.Luns[0] = new CtlLun(0, 2048);
        var host = new LinuxHost(sim, "node1", new LinuxHostOptions { Kernel = kernel, ScsiHostNumbers = [6] });
        var session = new IscsiSession(sim, target, 0, "node1", "iqn.1994-05.com.redhat:node1", 0x23d000000);
        host.AddPath(session);
        host.Start();
        sim.Scheduler.RunUntil(SimTime.FromSeconds(5));
        int from = host.Log.Lines.Count;

        session.LinkDown();
        host.Disks["sdb"].Submit(new Bio(BioOp.Write, 8, new byte[4096], BioFlags.None, (_, _, _) => { }));
        sim.Scheduler.RunUntil(sim.Now + SimTime.FromSeconds(130));

        var lines = host.Log.Lines.Skip(from).Select(l => l.Text).ToList();
        Assert.That(lines, Has.Some.EndsWith(expected));
    }
}
