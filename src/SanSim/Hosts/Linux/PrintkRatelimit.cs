using SanSim.Engine;

namespace SanSim.Hosts.Linux;

/// <summary>
/// The kernel's ratelimit state (struct ratelimit_state, ___ratelimit): at most <see cref="Burst"/> messages
/// per <see cref="Interval"/>; when a new interval starts after some were dropped, the caller prints
/// "&lt;name&gt;: N callbacks suppressed" first.
/// </summary>
public sealed class PrintkRatelimit
{
    /// <summary>Start of the current interval; null before the first message.</summary>
    private SimTime? _begin;
    /// <summary>Messages allowed in the current interval.</summary>
    private int _printed;
    /// <summary>Messages dropped in the current interval.</summary>
    private int _missed;

    /// <summary>DEFAULT_RATELIMIT_INTERVAL (5 s) and DEFAULT_RATELIMIT_BURST (10) unless given.</summary>
    public PrintkRatelimit(SimTime? interval = null, int burst = 10)
    {
        Interval = interval ?? SimTime.FromSeconds(5);
        Burst = burst;
    }

    public SimTime Interval { get; }
    public int Burst { get; }

    /// <summary>
    /// Whether a message at <paramref name="now"/> may be printed. <paramref name="suppressed"/> is the number
    /// of messages dropped in the interval that just ended (to report before this one), else 0.
    /// </summary>
    public bool Allow(SimTime now, out int suppressed)
    {
        suppressed = 0;
        if (Interval.Nanoseconds == 0) return true;
        if (_begin is null) _begin = now;
        if (_begin.Value + Interval < now)
        {
            suppressed = _missed;
            _begin = now;
            _printed = 0;
            _missed = 0;
        }
        if (Burst > 0 && _printed < Burst)
        {
            _printed++;
            return true;
        }
        _missed++;
        return false;
    }
}
