using Moq;
using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts.Transport;
using SanSim.Target;

namespace SanSim.Tests.Hosts.Contracts;

/// <summary>
/// A mocked <see cref="IScsiPath"/> in front of a real <see cref="ScsiPath"/> to a CTL target (iSCSI port 0, LUNs
/// 0 and 1): it passes everything through until <see cref="CutOff"/>, after which every command completes with
/// <see cref="TransportOutcome.NoConnection"/> one microsecond later, attributed to the cut-off's trace event.
/// </summary>
internal sealed class MockedPath
{
    public MockedPath(Simulation sim, string host, ulong lunBlocks = 65536)
    {
        Sim = sim;
        Target = new CtlTarget(sim.Trace, TargetProfile.Ctl, "ctl");
        Target.AddPort(new CtlPort(0, PortFrontend.Iscsi, "iscsi") { TargetName = "iqn.2005-10.org.freenas.ctl:t", PortalGroupTag = 1 });
        Target.AddLun(new CtlLun(0, lunBlocks));
        Target.AddLun(new CtlLun(1, lunBlocks));
        Real = new ScsiPath(sim, Target, 0, host, $"iqn.1994-05.com.example:{host},i,0x1");
        Mock.SetupGet(p => p.Name).Returns(() => Real.Name);
        Mock.SetupGet(p => p.HostName).Returns(host);
        Mock.SetupGet(p => p.TargetPort).Returns(0);
        Mock.SetupGet(p => p.State).Returns(() => Real.State);
        Mock.Setup(p => p.Login(It.IsAny<long>())).Returns<long>(c => Real.Login(c));
        Mock.Setup(p => p.Logout(It.IsAny<long>())).Returns<long>(c => Real.Logout(c));
        Mock.Setup(p => p.TaskManagement(It.IsAny<TaskManagementFunction>(), It.IsAny<ulong>(), It.IsAny<Action<TaskManagementResult>>(), It.IsAny<ulong>(), It.IsAny<long>()))
            .Callback<TaskManagementFunction, ulong, Action<TaskManagementResult>, ulong, long>((f, lun, done, tag, cause) => Real.TaskManagement(f, lun, done, tag, cause));
        Mock.Setup(p => p.Submit(It.IsAny<ScsiRequest>(), It.IsAny<Action<ScsiResponse>>()))
            .Returns<ScsiRequest, Action<ScsiResponse>>((request, done) =>
            {
                if (CutOffId == 0) return Real.Submit(request, done);
                ulong tag = ++_cutTags;
                long cause = CutOffId;
                Sim.Scheduler.After(SimTime.FromMicroseconds(1), () => done(new ScsiResponse { Outcome = TransportOutcome.NoConnection, TraceId = cause }));
                return tag;
            });
    }

    private ulong _cutTags = 1000;

    public Simulation Sim { get; }
    public CtlTarget Target { get; }
    public ScsiPath Real { get; }
    public Mock<IScsiPath> Mock { get; } = new();
    public IScsiPath Object => Mock.Object;

    /// <summary>Trace id of the cut-off, 0 while the path passes commands through.</summary>
    public long CutOffId { get; private set; }

    /// <summary>From now on every command fails with NoConnection; returns the trace id of the cut-off.</summary>
    public long CutOff() => CutOffId = Sim.Trace.Record(TraceKind.StateChange, "path:test", "connection lost");

    public void RunFor(double seconds) => Sim.Scheduler.RunUntil(Sim.Now + SimTime.FromSeconds(seconds));

    /// <summary>Matches a request whose CDB starts with <paramref name="opcode"/>.</summary>
    public static ScsiRequest WithOpcode(byte opcode) => It.Is<ScsiRequest>(r => r.Cdb.Length > 0 && r.Cdb[0] == opcode);
}
