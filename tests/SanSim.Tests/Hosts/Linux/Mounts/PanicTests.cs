using SanSim.Engine;
using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Ext4;

namespace SanSim.Tests.Hosts.Linux.Mounts;

/// <summary>errors=panic: the kernel dies with the panic line; no I/O and no log line after it.</summary>
public class PanicTests
{
    private static MountSan Panicked(KernelVersion kernel)
    {
        var panic = new Ext4MountOptions { Errors = Ext4ErrorsBehavior.Panic, WriteEvery = SimTime.FromSeconds(1) };
        var san = new MountSan(kernel, new Ext4MountSpec("sdb") { Options = panic }, new Ext4MountSpec("sdc"));
        san.Run(20);
        san.Target.StopLun(san.Target.Luns[0]);
        san.Run(30);
        return san;
    }

    [TestCase(KernelVersion.V4_19)]
    [TestCase(KernelVersion.V6_1)]
    public void ErrorsPanic_KillsTheHost_AndThePanicLineIsItsLastLine(KernelVersion kernel)
    {
        var san = Panicked(kernel);

        Assert.That(san.Host.Panicked, Is.True);
        Assert.That(san.Host.Log.Lines[^1].Text, Does.StartWith("Kernel panic - not syncing: "));
        Assert.That(san.Host.Log.Lines[^1].TraceId, Is.EqualTo(san.Host.PanicTraceId));
        Assert.That(san.Host.MountState("sdb"), Is.EqualTo(Ext4MountState.Panicked));
        Assert.That(san.Host.MountState("sdc"), Is.EqualTo(Ext4MountState.Panicked));
    }

    [Test]
    public void DeadHost_SendsNoMoreCommands_AndLogsNothing_EvenOnceTheLunStartsAgain()
    {
        var san = Panicked(KernelVersion.V4_19);
        int lines = san.Host.Log.Lines.Count;
        int commands = CommandsFromNode(san);

        san.Target.StartLun(san.Target.Luns[0]);
        san.Run(120);

        Assert.That(san.Host.Log.Lines, Has.Count.EqualTo(lines));
        Assert.That(CommandsFromNode(san), Is.EqualTo(commands));
        Assert.That(san.Host.RemountRw("sdc"), Is.EqualTo(-Errno.EIO));
        Assert.That(san.Host.MountExt4("sdc", new Ext4MountOptions()), Is.EqualTo(-Errno.EIO));
    }

    private static int CommandsFromNode(MountSan san) =>
        san.Sim.Trace.Events.Count(e => e.Kind == TraceKind.Command && e.Source.StartsWith("lun:", StringComparison.Ordinal));
}
