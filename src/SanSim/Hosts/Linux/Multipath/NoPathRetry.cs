using System.Globalization;

namespace SanSim.Hosts.Linux.Multipath;

/// <summary>
/// multipath.conf no_path_retry: what a map does when its last path fails. <see cref="Queue"/> queues I/O until a
/// path comes back (queue_if_no_path, never turned off); <see cref="Fail"/> fails it at once; <see cref="Intervals"/>
/// queues for N checker intervals and then turns queueing off, failing what waited. The default value of the struct
/// is multipath-tools' "undefined", which behaves as <see cref="Fail"/> (no queue_if_no_path feature in the table).
/// </summary>
public readonly record struct NoPathRetry
{
    private NoPathRetry(int value) => Value = value;

    /// <summary>multipathd's encoding: -2 queue, -1 fail, 0 undefined, N &gt; 0 checker intervals.</summary>
    public int Value { get; }

    public static NoPathRetry Queue => new(-2);
    public static NoPathRetry Fail => new(-1);

    /// <summary>Queue for <paramref name="count"/> polling intervals, then fail.</summary>
    public static NoPathRetry Intervals(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return new NoPathRetry(count);
    }

    /// <summary>Whether the table is loaded with the queue_if_no_path feature.</summary>
    public bool QueuesInitially => Value == -2 || Value > 0;

    public override string ToString() => Value switch
    {
        -2 => "queue",
        -1 => "fail",
        0 => "undef",
        _ => Value.ToString(CultureInfo.InvariantCulture),
    };
}
