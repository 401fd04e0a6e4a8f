using System.Buffers.Binary;
using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts.Transport;
using SanSim.Hosts.Windows;
using SanSim.Scsi;
using SanSim.Target;

namespace SanSim.Tests.Hosts.Windows;

/// <summary>
/// The field report's SAN for host tests: a CTL target with FC port 3 (isp0, no LUN map) and iSCSI port 5,
/// LUNs 0-3, and a Windows desktop whose only path reaches port 3. LUN 1 is the desktop's own disk.
/// </summary>
internal sealed class WindowsSan
{
    public const ulong Blocks = 65536;

    public WindowsSan(WindowsHostSettings? settings = null, ulong seed = 42, int luns = 4)
    {
        Sim = new Simulation(seed);
        Target = new CtlTarget(Sim.Trace, TargetProfile.Ctl, "freenas");
        Target.AddPort(new CtlPort(3, PortFrontend.Camtgt, "isp0") { Wwnn = "naa.20000024ff56f970", Wwpn = "naa.21000024ff56f970" });
        Target.AddPort(new CtlPort(5, PortFrontend.Iscsi, "iscsi") { TargetName = "iqn.2005-10.org.freenas.ctl:k8s", PortalGroupTag = 1 });
        for (int i = 0; i < luns; i++) Target.Luns[i] = new CtlLun(i, Blocks);
        Host = new WindowsHost(Sim, "desktop", settings ?? new WindowsHostSettings { OnlineLuns = [1] });
        DesktopPath = new RecordingPath(new ScsiPath(Sim, Target, 3, "desktop", "naa.2100001b32a1b2c3"));
        Host.AddPath(DesktopPath);
        Other = new ScsiPath(Sim, Target, 5, "k8s-node-1", "iqn.1994-05.com.redhat:node1,i,0x23d000000");
    }

    public Simulation Sim { get; }
    public CtlTarget Target { get; }
    public WindowsHost Host { get; }
    public RecordingPath DesktopPath { get; }

    /// <summary>Another initiator's path (a Kubernetes node over iSCSI), for commands from someone else.</summary>
    public ScsiPath Other { get; }

    public CtlLun Lun(int id) => Target.Luns[id];

    /// <summary>Runs the simulation <paramref name="seconds"/> of virtual time further.</summary>
    public void Run(double seconds) => Sim.Scheduler.RunUntil(Sim.Now + SimTime.FromSeconds(seconds));

    /// <summary>Boots the desktop and runs until discovery is done.</summary>
    public WindowsSan Started()
    {
        Host.Start();
        Run(30);
        Assert.That(Host.PowerState, Is.EqualTo(WindowsPowerState.Working));
        return this;
    }

    /// <summary>Sends one command through <see cref="Other"/> and runs until it completes.</summary>
    public ScsiResponse SendOther(ulong lun, byte[] cdb, byte[]? dataOut = null, int dataIn = 0)
    {
        if (Other.State != PathState.Up) Other.Login();
        ScsiResponse? result = null;
        for (int i = 0; i < 8 && (result is null || result.Status == ScsiStatus.CheckCondition && result.Sense.Key == SenseKey.UnitAttention); i++)
        {
            result = null;
            Other.Submit(new ScsiRequest(cdb, lun, dataOut, dataIn), r => result = r);
            Run(1);
        }
        return result!;
    }

    /// <summary>Registers key <paramref name="key"/> for <see cref="Other"/> on <paramref name="lun"/> and takes a WRITE EXCLUSIVE reservation.</summary>
    public void ReserveFromOther(ulong lun, ulong key)
    {
        var register = new byte[24];
        BinaryPrimitives.WriteUInt64BigEndian(register.AsSpan(8), key);
        Assert.That(SendOther(lun, CdbBuilder.PersistentReserveOut(0x00), register).IsGood, Is.True, "REGISTER");
        var reserve = new byte[24];
        BinaryPrimitives.WriteUInt64BigEndian(reserve, key);
        Assert.That(SendOther(lun, CdbBuilder.PersistentReserveOut(0x01, type: 0x01), reserve).IsGood, Is.True, "RESERVE");
    }

    /// <summary>Commands the target recorded for LUN <paramref name="lun"/>, in order.</summary>
    public List<string> TargetCommands(int lun) => Sim.Trace.Events
        .Where(e => e.Kind == TraceKind.Command && e.Source == CtlTarget.LunSource(lun))
        .Select(e => e.Message).ToList();
}

/// <summary>An <see cref="IScsiPath"/> that records every request a host sends before passing it on.</summary>
internal sealed class RecordingPath : IScsiPath
{
    private readonly ScsiPath _inner;

    public RecordingPath(ScsiPath inner) => _inner = inner;

    public ScsiPath Inner => _inner;
    public List<ScsiRequest> Sent { get; } = new();

    public string Name => _inner.Name;
    public string HostName => _inner.HostName;
    public int TargetPort => _inner.TargetPort;
    public PathState State => _inner.State;

    public event Action<IScsiPath, long>? StateChanged
    {
        add => _inner.StateChanged += value;
        remove => _inner.StateChanged -= value;
    }

    public ulong Submit(ScsiRequest request, Action<ScsiResponse> done)
    {
        Sent.Add(request);
        return _inner.Submit(request, done);
    }

    public void TaskManagement(TaskManagementFunction function, ulong portLun, Action<TaskManagementResult> done, ulong tag = 0, long causeId = 0) =>
        _inner.TaskManagement(function, portLun, done, tag, causeId);

    public long Login(long causeId = 0) => _inner.Login(causeId);

    public long Logout(long causeId = 0) => _inner.Logout(causeId);

    /// <summary>Requests sent to <paramref name="lun"/> with opcode <paramref name="opcode"/>.</summary>
    public List<ScsiRequest> To(ulong lun, byte opcode) => Sent.Where(r => r.PortLun == lun && r.Cdb[0] == opcode).ToList();

    /// <summary>Requests sent to <paramref name="lun"/> after index <paramref name="from"/> of <see cref="Sent"/>.</summary>
    public List<ScsiRequest> Since(int from, ulong lun) => Sent.Skip(from).Where(r => r.PortLun == lun).ToList();
}
