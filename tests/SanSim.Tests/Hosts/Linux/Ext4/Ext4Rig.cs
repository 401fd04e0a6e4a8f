using SanSim.Engine;
using SanSim.Hosts;
using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Ext4;

namespace SanSim.Tests.Hosts.Linux.Ext4;

/// <summary>One simulated Linux kernel log, a fake disk and an ext4 filesystem on it, made and mounted.</summary>
internal sealed class Ext4Rig
{
    public const ulong MiB = 1UL << 20;

    public Ext4Rig(KernelVersion version, string device = "sdb", ulong bytes = 1024 * MiB, Ext4MountOptions? options = null, ulong seed = 42)
    {
        Sim = new Simulation(seed);
        Log = new HostLog(Sim, "node1");
        Device = new FakeBlockDevice(Sim, Log, device, bytes);
        Events = new Ext4EventsRecorder();
        Fs = new Ext4Filesystem(Sim, Log, Device, version, Sim.Random.Stream("node1"), Events);
        Assert.That(Fs.Mkfs(), Is.Zero);
        int? mounted = null;
        Assert.That(Fs.Mount(options, 0, r => mounted = r), Is.Zero);
        Sim.Scheduler.RunUntil(Sim.Now + SimTime.FromMilliseconds(10));
        Assert.That(mounted, Is.Zero);
    }

    public Simulation Sim { get; }
    public HostLog Log { get; }
    public FakeBlockDevice Device { get; }
    public Ext4EventsRecorder Events { get; }
    public Ext4Filesystem Fs { get; }

    public void RunUntil(double seconds) => Sim.Scheduler.RunUntil(SimTime.FromSeconds(seconds));

    /// <summary>The LUN stops at <paramref name="seconds"/>: every write from then on fails.</summary>
    public long FailWritesFrom(double seconds)
    {
        Device.FaultCauseId = Sim.Trace.Record(TraceKind.Action, "target", "LUN 0 stopped");
        Device.FailFrom = SimTime.FromSeconds(seconds);
        return Device.FaultCauseId;
    }

    public List<string> Texts() => Log.Lines.Select(l => l.Text).ToList();

    /// <summary>Lines ext4, jbd2 and the buffer layer print (not the block device's own).</summary>
    public List<string> FsTexts() => Texts().Where(IsFsLine).ToList();

    public static bool IsFsLine(string t) =>
        t.StartsWith("EXT4-fs", StringComparison.Ordinal) || t.StartsWith("JBD2", StringComparison.Ordinal)
        || t.StartsWith("Buffer I/O", StringComparison.Ordinal) || t.StartsWith("Aborting journal", StringComparison.Ordinal)
        || t.StartsWith("Kernel panic", StringComparison.Ordinal) || t.Contains("callbacks suppressed", StringComparison.Ordinal);

    public T Await<T>(Action<Action<T>> start) where T : class
    {
        T? result = null;
        start(r => result = r);
        for (int i = 0; i < 100 && result is null; i++) Sim.Scheduler.RunUntil(Sim.Now + SimTime.FromMilliseconds(10));
        Assert.That(result, Is.Not.Null, "operation did not complete");
        return result!;
    }

    public int AwaitInt(Action<Action<int>> start)
    {
        int? result = null;
        start(r => result = r);
        for (int i = 0; i < 100 && result is null; i++) Sim.Scheduler.RunUntil(Sim.Now + SimTime.FromMilliseconds(10));
        Assert.That(result, Is.Not.Null, "operation did not complete");
        return result!.Value;
    }
}
