using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts.Esxi;
using SanSim.Target;

namespace SanSim.Tests.Hosts.Esxi;

/// <summary>ESXi: devices, the datastore's VM writes, and NOT READY 04/02 (behaviour.md §6).</summary>
public class EsxiHostTests
{
    private sealed class Setup
    {
        public Setup(EsxiHostSettings? settings = null, ulong seed = 42, bool twoPaths = false)
        {
            Sim = new Simulation(seed);
            Target = new CtlTarget(Sim.Trace, TargetProfile.Ctl, "freenas");
            Target.AddPort(new CtlPort(3, PortFrontend.Camtgt, "isp0") { Wwnn = "naa.20000024ff56f970", Wwpn = "naa.21000024ff56f970" });
            Target.AddPort(new CtlPort(4, PortFrontend.Camtgt, "isp1") { Wwnn = "naa.20000024ff56f971", Wwpn = "naa.21000024ff56f971" });
            Target.Luns[0] = new CtlLun(0, 65536);
            Target.Luns[1] = new CtlLun(1, 65536);
            Host = new EsxiHost(Sim, "esxi", settings ?? new EsxiHostSettings { DatastoreLun = 1 });
            A = new ScsiPath(Sim, Target, 3, "esxi", "naa.2100001b32aaaaaa");
            Host.AddPath(A);
            if (twoPaths)
            {
                B = new ScsiPath(Sim, Target, 4, "esxi", "naa.2101001b32aaaaaa");
                Host.AddPath(B);
            }
            Host.Start();
            Run(1);
        }

        public Simulation Sim { get; }
        public CtlTarget Target { get; }
        public EsxiHost Host { get; }
        public ScsiPath A { get; }
        public ScsiPath? B { get; }

        public void Run(double seconds) => Sim.Scheduler.RunUntil(Sim.Now + SimTime.FromSeconds(seconds));
    }

    [Test]
    public void Discovery_GroupsTwoPathsToOneLun_IntoOneDeviceNamedFromVpd83()
    {
        var s = new Setup(twoPaths: true);
        Assert.That(s.Host.Devices, Has.Count.EqualTo(2));
        Assert.That(s.Host.Devices.Select(d => d.Paths.Count), Is.All.EqualTo(2));
        Assert.That(s.Host.Datastore!.Name, Is.EqualTo("t10.FREEBSD_MYDEVID0001"));
        Assert.That(s.Host.Datastore.Paths.Select(p => p.RuntimeName), Is.EqualTo(new[] { "vmhba1:C0:T0:L1", "vmhba2:C0:T0:L1" }));
    }

    [Test]
    public void VmWrites_AreAcknowledged_WhileTheLunRuns()
    {
        var s = new Setup();
        s.Run(60);
        Assert.That(s.Host.VmWritesAcknowledged, Is.GreaterThan(10));
        Assert.That(s.Host.VmWritesFailed, Is.Zero);
    }

    [Test]
    public void NotReady0402_FailsTheVmWrite_AndLogsTheScsiDeviceIoLine()
    {
        var s = new Setup();
        s.Target.StopLun(s.Target.Luns[1]);
        s.Run(5);
        Assert.That(s.Host.VmWritesFailed, Is.EqualTo(1));
        var line = s.Host.Log.Lines[^1].Text;
        Assert.That(line, Does.Match(
            "^ScsiDeviceIO: XXXX: Cmd\\(0xXXXXXXXXXXXX\\) 0x2a, CmdSN 0x[0-9a-f]+ from world XXXXX to dev \"t10\\.FREEBSD_MYDEVID0001\" failed H:0x0 D:0x2 P:0x0 Valid sense data: 0x2 0x4 0x2\\.$"));
        Assert.That(s.Target.Luns[1].Stopped, Is.True, "ESXi does not start the LUN by default");
    }

    [Test]
    public void NotReady0402_IsNotAFailoverTrigger()
    {
        var s = new Setup(twoPaths: true);
        s.Target.StopLun(s.Target.Luns[1]);
        s.Run(5);
        Assert.That(s.Host.Failovers, Is.Zero);
        Assert.That(s.Host.Datastore!.ActivePath!.RuntimeName, Is.EqualTo("vmhba1:C0:T0:L1"));
        Assert.That(s.Host.VmWritesFailed, Is.EqualTo(1));
    }

    [Test]
    public void StartUnitOnNotReady_SendsStartUnit_AndTheWriteSucceeds()
    {
        var s = new Setup(new EsxiHostSettings { DatastoreLun = 1, StartUnitOnNotReady = true });
        s.Target.StopLun(s.Target.Luns[1]);
        s.Run(5);
        Assert.That(s.Host.VmWritesFailed, Is.Zero);
        Assert.That(s.Host.VmWritesAcknowledged, Is.EqualTo(1));
        Assert.That(s.Host.StartUnitsSent, Is.EqualTo(1));
        Assert.That(s.Target.Luns[1].Stopped, Is.False);
    }

    [Test]
    public void ManualIntervention0403_FailsOverToTheOtherPath()
    {
        var s = new Setup(twoPaths: true);
        s.Target.Luns[1].NoMedia = true;
        s.Run(5);
        Assert.That(s.Host.Failovers, Is.EqualTo(2), "04/03 on both paths: each is marked dead in turn");
        Assert.That(s.Host.VmWritesFailed, Is.EqualTo(1));
        Assert.That(s.Host.Datastore!.ActivePath, Is.Null);
    }

    [Test]
    public void LostConnection_FailsOverToTheOtherPath_AndTheWriteSucceeds()
    {
        var s = new Setup(twoPaths: true);
        s.A.Logout();
        s.Run(5);
        Assert.That(s.Host.Failovers, Is.EqualTo(0), "a path that is down is not the active path");
        Assert.That(s.Host.VmWritesAcknowledged, Is.EqualTo(1));
        Assert.That(s.Sim.Trace.Events.Any(e => e.Source == "lun:1" && e.Message.StartsWith("WRITE(10)", StringComparison.Ordinal) && e.Message.EndsWith("from 4:0", StringComparison.Ordinal)), Is.True);
    }

    [Test]
    public void VmkernelLine_ForALostConnection_HasHostNoConnect_AndPossibleSense()
    {
        var line = VmkernelLog.DeviceIoFailure(0x2a, 0x1f, "XXXXX", "naa.600",
            new SanSim.Hosts.Transport.ScsiResponse { Outcome = SanSim.Hosts.Transport.TransportOutcome.NoConnection }, timedOut: false);
        Assert.That(line, Does.EndWith("failed H:0x1 D:0x0 P:0x0 Possible sense data: 0x0 0x0 0x0."));
        Assert.That(line, Does.Contain("CmdSN 0x1f"));
    }

    [Test]
    public void SameSeed_GivesTheSameLogAndTrace()
    {
        static List<string> Story(ulong seed)
        {
            var s = new Setup(seed: seed);
            s.Run(30);
            s.Target.StopLun(s.Target.Luns[1]);
            s.Run(30);
            return s.Sim.Trace.Events.Select(e => e.ToString()).Concat(s.Host.Log.Lines.Select(l => l.Text)).ToList();
        }
        var a = Story(3);
        var b = Story(3);
        Assert.That(b, Is.EqualTo(a));
        Assert.That(Story(4), Is.Not.EqualTo(a));
    }
}
