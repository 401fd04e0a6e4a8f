namespace SanSim.Hosts.Linux.Multipath;

/// <summary>What multipathd's checker last decided about a path (PATH_UP, PATH_DOWN, PATH_GHOST).</summary>
public enum PathCheckerState
{
    Up,
    Down,
    /// <summary>PATH_GHOST: a standby port (NOT READY 04/0B); usable, counted as active.</summary>
    Ghost,
}

/// <summary>
/// One path of a multipath map: an sd disk seen through one I_T nexus. The kernel's view (struct pgpath:
/// <see cref="IsActive"/>, <see cref="FailCount"/>) and multipathd's view (<see cref="CheckerState"/> and its
/// polling schedule) are kept apart, as they are on a real host.
/// </summary>
public sealed class MultipathPath
{
    internal MultipathPath(MultipathDevice device, ScsiDisk disk)
    {
        Device = device;
        Disk = disk;
    }

    public MultipathDevice Device { get; }
    public ScsiDisk Disk { get; }

    /// <summary>"8:16", how dm-mpath and multipathd name the path.</summary>
    public string DevT => Disk.DevT;

    /// <summary>pgpath->is_active: the kernel may send I/O on it.</summary>
    public bool IsActive { get; internal set; } = true;

    /// <summary>pgpath->fail_count: how often the kernel failed it.</summary>
    public int FailCount { get; internal set; }

    /// <summary>multipathd's pp->state.</summary>
    public PathCheckerState CheckerState { get; internal set; } = PathCheckerState.Up;

    /// <summary>Checker ticks (seconds) until the next check (pp->tick).</summary>
    internal int Tick { get; set; }

    /// <summary>The current checking interval in ticks (pp->checkint).</summary>
    internal int CheckInterval { get; set; }

    /// <summary>A TEST UNIT READY of the checker is on its way.</summary>
    internal bool CheckRunning { get; set; }

    /// <summary>Requests sent on this path and not yet completed.</summary>
    public int InFlight { get; internal set; }

    /// <summary>Requests this path completed successfully.</summary>
    public long Completed { get; internal set; }

    public override string ToString() => $"{Disk.Name} {DevT} {(IsActive ? "active" : "failed")} {CheckerState}";
}
