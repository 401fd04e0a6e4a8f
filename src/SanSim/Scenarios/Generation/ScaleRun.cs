using SanSim.Engine;
using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Ext4;
using SanSim.Scenarios.Model;
using SanSim.Scenarios.Running;

namespace SanSim.Scenarios.Generation;

/// <summary>What a scale run did: scheduler events, data the target holds, and how the mounts ended.</summary>
/// <param name="Events">Scheduler events executed (timers, command deliveries and completions).</param>
/// <param name="WrittenBlocks">Blocks holding data across every LUN's sparse store.</param>
/// <param name="WrittenBytes">Those blocks in bytes.</param>
/// <param name="MountsReadWrite">ext4 mounts still read-write at the end.</param>
/// <param name="Mounts">ext4 mounts in all.</param>
/// <param name="WritesAccepted">Writes the hosts' filesystems accepted.</param>
/// <param name="StoreBytes">Memory the LUNs' stores hold for block data (whole slabs).</param>
/// <param name="LiveBytes">The managed heap still reachable at the end, the whole world included (after a full collection); 0 when not measured.</param>
public sealed record ScaleResult(long Events, long WrittenBlocks, long WrittenBytes, int MountsReadWrite, int Mounts, long WritesAccepted, long StoreBytes, long LiveBytes);

/// <summary>
/// Runs a scenario as a load, not as a check: the world is built and replayed to its duration as
/// <see cref="ScenarioRunner"/> does, but with the trace and the target's command records off (a run of
/// millions of commands would otherwise hold every event) and without expectations or spread analysis.
/// </summary>
public static class ScaleRun
{
    /// <summary>
    /// Replays <paramref name="scenario"/> to its duration (<paramref name="until"/> if given) and counts what
    /// happened. With <paramref name="measureLiveHeap"/> it ends with a full garbage collection to weigh what the
    /// world holds.
    /// </summary>
    public static ScaleResult Run(Scenario scenario, SimTime? until = null, bool measureLiveHeap = false, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var world = new ScenarioWorld(scenario);
        world.Sim.Trace.Enabled = false;
        world.Target.TraceCommands = false;
        world.Start();
        world.ScheduleTimeline();
        var end = until ?? scenario.Duration;
        long events = 0;
        var slice = SimTime.FromMinutes(1);
        var scheduler = world.Sim.Scheduler;
        while (scheduler.Now < end)
        {
            token.ThrowIfCancellationRequested();
            events += scheduler.RunUntil(scheduler.Now + slice < end ? scheduler.Now + slice : end);
        }
        long blocks = 0, bytes = 0, store = 0;
        foreach (var lun in world.Target.Luns.Values)
        {
            blocks += lun.Store.WrittenBlocks;
            bytes += lun.Store.WrittenBlocks * lun.BlockSize;
            store += lun.Store.AllocatedBytes;
        }
        int rw = 0, mounts = 0;
        long accepted = 0;
        foreach (var host in world.Hosts.OfType<LinuxHost>())
        {
            foreach (var mount in host.Ext4Mounts.Values)
            {
                mounts++;
                if (mount.State == Ext4MountState.ReadWrite) rw++;
                accepted += mount.Filesystem.WritesAccepted;
            }
        }
        long live = measureLiveHeap ? GC.GetTotalMemory(forceFullCollection: true) : 0;
        GC.KeepAlive(world);
        return new ScaleResult(events, blocks, bytes, rw, mounts, accepted, store, live);
    }
}
