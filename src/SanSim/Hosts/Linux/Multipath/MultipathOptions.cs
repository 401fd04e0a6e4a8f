using SanSim.Engine;

namespace SanSim.Hosts.Linux.Multipath;

/// <summary>dm-multipath and multipathd settings of a Linux host (multipath.conf "defaults").</summary>
public sealed class MultipathOptions
{
    /// <summary>
    /// polling_interval: seconds between path checks (DEFAULT_CHECKINT, 5 s). multipathd's checker loop ticks once
    /// a second, so the value is used in whole seconds.
    /// </summary>
    public SimTime PollingInterval { get; init; } = SimTime.FromSeconds(5);

    /// <summary>
    /// max_polling_interval: a path that stays up is checked at twice the previous interval each time, up to this
    /// (null: 4 × <see cref="PollingInterval"/>, multipath-tools' default). Any state change goes back to the polling interval.
    /// </summary>
    public SimTime? MaxPollingInterval { get; init; }

    /// <summary>no_path_retry; multipath-tools leaves it undefined, which fails I/O when the last path fails.</summary>
    public NoPathRetry NoPathRetry { get; init; } = NoPathRetry.Fail;

    /// <summary>user_friendly_names: maps are called mpatha, mpathb … (the bindings file); otherwise by their WWID.</summary>
    public bool UserFriendlyNames { get; init; } = true;

    /// <summary>The device-mapper block major (dynamic; 253 on most systems): the "253:0" in dm-mpath's log lines.</summary>
    public int DmMajor { get; init; } = 253;

    /// <summary>The minor of the first map (dm-0 unless LVM or others took lower ones).</summary>
    public int FirstMinor { get; init; }

    /// <summary>The polling interval in checker ticks (whole seconds, at least one).</summary>
    internal int CheckIntervalTicks => Math.Max(1, (int)(PollingInterval.Nanoseconds / SimTime.NanosPerSecond));

    /// <summary>The longest interval in checker ticks.</summary>
    internal int MaxCheckIntervalTicks => MaxPollingInterval is { } m
        ? Math.Max(CheckIntervalTicks, (int)(m.Nanoseconds / SimTime.NanosPerSecond))
        : CheckIntervalTicks * 4;
}
