using SanSim.Engine;
using SanSim.Hosts.Linux;

namespace SanSim.Tests.Hosts.Linux;

/// <summary>Bios sd refuses before any command: beyond the end of the disk.</summary>
public class BioCheckTests
{
    [Test]
    public void WriteBeyondTheEnd_FailsWithEio_WithoutACommand()
    {
        var san = new LinuxSan(KernelVersion.V6_1);
        int commands = san.Sim.Trace.Events.Count(e => e.Kind == SanSim.Engine.TraceKind.Command);
        var (errors, _) = san.Write(2044, 8);
        Assert.That(errors, Is.EqualTo(new[] { -Errno.EIO }));
        Assert.That(san.Sim.Trace.Events.Count(e => e.Kind == SanSim.Engine.TraceKind.Command), Is.EqualTo(commands));
    }

    [Test]
    public void ReadBack_ReturnsWhatWasWritten()
    {
        var san = new LinuxSan(KernelVersion.V6_1);
        var data = new byte[4096];
        Array.Fill(data, (byte)0x5A);
        int? err = null;
        san.Sdb.Submit(new Bio(BioOp.Write, 16, data, BioFlags.Fua, (_, e, _) => err = e));
        san.Run(SanSim.Engine.SimTime.FromSeconds(1));
        Assert.That(err, Is.EqualTo(0));
        var back = new byte[4096];
        san.Sdb.Submit(new Bio(BioOp.Read, 16, back, BioFlags.None, (_, e, _) => err = e));
        san.Run(SanSim.Engine.SimTime.FromSeconds(1));
        Assert.That(back, Is.EqualTo(data));
    }

    [Test]
    public void Flush_SendsSynchronizeCache_AndPreflushWriteSendsItFirst()
    {
        var san = new LinuxSan(KernelVersion.V6_1);
        int from = san.Sim.Trace.Events.Count;
        san.Write(0, 8, BioFlags.Preflush | BioFlags.Fua);
        var commands = san.Sim.Trace.Events.Skip(from).Where(e => e.Kind == SanSim.Engine.TraceKind.Command).Select(e => e.Message).ToList();
        Assert.That(commands, Has.Count.EqualTo(2));
        Assert.That(commands[0], Does.Contain("SYNCHRONIZE CACHE"));
        Assert.That(commands[1], Does.Contain("WRITE"));
    }
}
