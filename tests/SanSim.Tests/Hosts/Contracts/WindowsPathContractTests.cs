using Moq;
using SanSim.Engine;
using SanSim.Hosts.Transport;
using SanSim.Hosts.Windows;

namespace SanSim.Tests.Hosts.Contracts;

/// <summary>How a Windows host's class driver uses its <see cref="IScsiPath"/> (mocked) when the path loses its connection.</summary>
public class WindowsPathContractTests
{
    private const byte Write10 = 0x2a;

    /// <summary>A desktop with LUN 1 online, booted; then the path is cut and the simulation runs until the first write failed.</summary>
    private static (MockedPath Path, WindowsHost Host, long CutOff, int EntriesBefore) WriteAfterCutOff()
    {
        var sim = new Simulation(11);
        var path = new MockedPath(sim, "desktop");
        var host = new WindowsHost(sim, "desktop", new WindowsHostSettings { OnlineLuns = [1], IoInterval = SimTime.FromSeconds(60) });
        host.AddPath(path.Object);
        host.Start();
        path.RunFor(30);
        Assert.That(host.PowerState, Is.EqualTo(WindowsPowerState.Working));
        Assert.That(host.Volumes, Has.Count.EqualTo(1));
        int before = host.SystemLog.Entries.Count;
        long cut = path.CutOff();
        while (host.Volumes[0].WritesFailed == 0 && sim.Scheduler.Step()) { }
        path.RunFor(1);
        return (path, host, cut, before);
    }

    [Test]
    public void NoConnectionDuringWrite_LogsOneApproximateNotReadyEvent15_CausedByTheLoss()
    {
        var (_, host, cut, before) = WriteAfterCutOff();
        var disk = host.SystemLog.Entries.Skip(before).Where(e => e.Source == "disk").ToList();
        Assert.That(disk, Has.Count.EqualTo(1));
        Assert.That(disk[0].EventId, Is.EqualTo(ClassSense.EventNotReady));
        Assert.That(disk[0].Approximate, Is.True);
        int n = host.Volumes[0].Disk.Number;
        Assert.That(disk[0].Text, Is.EqualTo($@"The device, \Device\Harddisk{n}\DR{n}, is not ready for access yet."));
        Assert.That(host.Simulation.Trace.CauseChain(disk[0].TraceId).Select(e => e.Id), Does.Contain(cut));
    }

    [Test]
    public void NoConnectionDuringWrite_IsNotRetried_AndFailsToTheApplication()
    {
        var (path, host, _, _) = WriteAfterCutOff();
        path.Mock.Verify(p => p.Submit(MockedPath.WithOpcode(Write10), It.IsAny<Action<ScsiResponse>>()), Times.Once);
        Assert.That(host.Volumes[0].WritesFailed, Is.EqualTo(1));
        Assert.That(host.Volumes[0].LastFailure, Is.EqualTo("STATUS_DEVICE_NOT_CONNECTED"));
        Assert.That(host.SystemLog.Entries.Where(e => e.Source == "Ntfs"), Has.Exactly(1).Property(nameof(SystemLogEntry.Approximate)).True);
    }

    [Test]
    public void Sleep_SendsSynchronizeCacheThenStopUnitImmed_OnceToEachDisk()
    {
        var sim = new Simulation(11);
        var path = new MockedPath(sim, "desktop");
        var host = new WindowsHost(sim, "desktop", new WindowsHostSettings { OnlineLuns = [1] });
        host.AddPath(path.Object);
        host.Start();
        path.RunFor(30);
        var sent = new List<(ulong Lun, byte Op, byte Immed)>();
        path.Mock.Setup(p => p.Submit(It.IsAny<ScsiRequest>(), It.IsAny<Action<ScsiResponse>>()))
            .Callback<ScsiRequest, Action<ScsiResponse>>((r, _) => sent.Add((r.PortLun, r.Cdb[0], r.Cdb.Length > 1 ? (byte)(r.Cdb[1] & 1) : (byte)0)))
            .Returns<ScsiRequest, Action<ScsiResponse>>((r, done) => path.Real.Submit(r, done));
        host.Sleep();
        path.RunFor(30);
        foreach (ulong lun in new ulong[] { 0, 1 })
            Assert.That(sent.Where(s => s.Lun == lun && s.Op is 0x35 or 0x1b), Is.EqualTo(new[] { (lun, (byte)0x35, (byte)0), (lun, (byte)0x1b, (byte)1) }), $"LUN {lun}");
    }
}
