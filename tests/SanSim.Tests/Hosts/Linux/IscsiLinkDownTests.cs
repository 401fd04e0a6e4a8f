using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts.Linux;
using SanSim.Target;

namespace SanSim.Tests.Hosts.Linux;

/// <summary>
/// A Linux host on a real iSCSI session whose link goes down for longer than the replacement timeout: the SCSI
/// command timer is re-armed while the session recovers (libiscsi iscsi_eh_cmd_timed_out), so no abort, reset or
/// relogin happens, and the held WRITE fails when replacement_timeout expires with DID_TRANSPORT_FAILFAST.
/// </summary>
public class IscsiLinkDownTests
{
    private sealed class Rig
    {
        public Rig()
        {
            Sim = new Simulation(7);
            Target = new CtlTarget(Sim.Trace, TargetProfile.Ctl, "freenas");
            Target.AddPort(new CtlPort(0, PortFrontend.Iscsi, "iscsi") { TargetName = "iqn.2005-10.org.freenas.ctl:k8s", PortalGroupTag = 1 });
            Target.Luns[0] = new CtlLun(0, 2048);
            Host = new LinuxHost(Sim, "node1", new LinuxHostOptions { ScsiHostNumbers = [6] });
            Session = new IscsiSession(Sim, Target, 0, "node1", "iqn.1994-05.com.redhat:node1", 0x23d000000);
            Host.AddPath(Session);
            Host.Start();
            Sim.Scheduler.RunUntil(SimTime.FromSeconds(5));
        }

        public Simulation Sim { get; }
        public CtlTarget Target { get; }
        public LinuxHost Host { get; }
        public IscsiSession Session { get; }
    }

    private static (List<int> Errors, List<SimTime> At, int LogFrom, long Mark) WriteAcrossLinkLoss(Rig rig)
    {
        var errors = new List<int>();
        var at = new List<SimTime>();
        rig.Sim.Scheduler.RunUntil(SimTime.FromSeconds(30));
        long mark = rig.Sim.Trace.Events[^1].Id;
        int logFrom = rig.Host.Log.Lines.Count;
        rig.Session.LinkDown();
        rig.Host.Disks["sdb"].Submit(new Bio(BioOp.Write, 8, new byte[4096], BioFlags.None, (_, err, _) =>
        {
            errors.Add(err);
            at.Add(rig.Sim.Now);
        }));
        rig.Sim.Scheduler.At(SimTime.FromSeconds(300), () => rig.Session.LinkUp());
        rig.Sim.Scheduler.RunUntil(SimTime.FromSeconds(299));
        return (errors, at, logFrom, mark);
    }

    [Test]
    public void LoginWhileLinkDown_IsRefused_AndSessionStaysRecovering()
    {
        var rig = new Rig();
        rig.Session.LinkDown();

        rig.Session.Login();

        Assert.That(rig.Session.State, Is.EqualTo(SanSim.Hosts.Transport.PathState.Recovering));
        Assert.That(rig.Session.SessionState, Is.EqualTo(IscsiSessionState.Failed));
        Assert.That(rig.Sim.Trace.Events[^1].Message, Does.EndWith("login failed: link down"));
    }

    [Test]
    public void LinkUp_LogsTheSessionBackIn()
    {
        var rig = new Rig();
        rig.Session.LinkDown();

        rig.Session.LinkUp();

        Assert.That(rig.Session.State, Is.EqualTo(SanSim.Hosts.Transport.PathState.Up));
    }

    [Test]
    public void WriteHeldInRecovery_FailsAtReplacementTimeout_WithoutAbortOrRelogin()
    {
        var rig = new Rig();

        var (errors, at, _, mark) = WriteAcrossLinkLoss(rig);

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Is.Negative, "the write fails");
        Assert.That(at[0], Is.EqualTo(SimTime.FromSeconds(150)), "link down at 30 s + replacement_timeout 120 s");
        var after = rig.Sim.Trace.Events.Where(e => e.Id > mark).ToList();
        Assert.That(after.Where(e => e.Kind == TraceKind.TaskManagement && e.Source == rig.Session.Source), Is.Empty, "no task management from the host");
        Assert.That(after.Where(e => e.Time < SimTime.FromSeconds(300)).Select(e => e.Message), Has.None.Contains("logout"));
        Assert.That(after.Select(e => e.Message), Has.None.Contains("login,"));
        Assert.That(after.Select(e => e.Message), Has.None.Contains("command timed out"));
    }

    [Test]
    public void WriteFailedPastReplacementTimeout_PrintsHostbyteDidTransportFailfast()
    {
        var rig = new Rig();

        var (_, _, logFrom, _) = WriteAcrossLinkLoss(rig);

        var lines = rig.Host.Log.Lines.Skip(logFrom).Select(l => l.Text).ToList();
        Assert.That(lines, Has.Some.Contains("FAILED Result: hostbyte=DID_TRANSPORT_FAILFAST driverbyte=DRIVER_OK"));
        Assert.That(lines, Has.None.Contains("DID_NO_CONNECT"));
    }
}
