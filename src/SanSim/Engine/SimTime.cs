using System.Globalization;

namespace SanSim.Engine;

/// <summary>A point or span of virtual time in nanoseconds. Never derived from the wall clock.</summary>
public readonly record struct SimTime(long Nanoseconds) : IComparable<SimTime>
{
    public const long NanosPerMicrosecond = 1_000;
    public const long NanosPerMillisecond = 1_000_000;
    public const long NanosPerSecond = 1_000_000_000;

    public static readonly SimTime Zero = new(0);
    public static readonly SimTime MaxValue = new(long.MaxValue);

    public static SimTime FromSeconds(double seconds) => new(checked((long)Math.Round(seconds * NanosPerSecond)));
    public static SimTime FromMilliseconds(long ms) => new(checked(ms * NanosPerMillisecond));
    public static SimTime FromMicroseconds(long us) => new(checked(us * NanosPerMicrosecond));
    public static SimTime FromMinutes(long minutes) => new(checked(minutes * 60 * NanosPerSecond));
    public static SimTime FromHours(long hours) => new(checked(hours * 3600 * NanosPerSecond));

    public double TotalSeconds => Nanoseconds / (double)NanosPerSecond;

    public int CompareTo(SimTime other) => Nanoseconds.CompareTo(other.Nanoseconds);
    public static bool operator <(SimTime a, SimTime b) => a.Nanoseconds < b.Nanoseconds;
    public static bool operator >(SimTime a, SimTime b) => a.Nanoseconds > b.Nanoseconds;
    public static bool operator <=(SimTime a, SimTime b) => a.Nanoseconds <= b.Nanoseconds;
    public static bool operator >=(SimTime a, SimTime b) => a.Nanoseconds >= b.Nanoseconds;
    public static SimTime operator +(SimTime a, SimTime b) => new(checked(a.Nanoseconds + b.Nanoseconds));
    public static SimTime operator -(SimTime a, SimTime b) => new(checked(a.Nanoseconds - b.Nanoseconds));

    /// <summary>Seconds with six decimals, as the Linux kernel log prints its timestamps ("35771.996877").</summary>
    public string ToKernelTimestamp() =>
        string.Create(CultureInfo.InvariantCulture, $"{Nanoseconds / NanosPerSecond}.{Nanoseconds % NanosPerSecond / NanosPerMicrosecond:D6}");

    /// <summary>A compact human form: "1h02m03.5s", "250ms", "0s".</summary>
    public override string ToString()
    {
        long ns = Nanoseconds;
        if (ns == 0) return "0s";
        string sign = ns < 0 ? "-" : "";
        ns = Math.Abs(ns);
        if (ns < NanosPerMillisecond) return string.Create(CultureInfo.InvariantCulture, $"{sign}{ns / 1000.0:0.###}us");
        if (ns < NanosPerSecond) return string.Create(CultureInfo.InvariantCulture, $"{sign}{ns / 1e6:0.###}ms");
        long h = ns / (3600 * NanosPerSecond);
        long m = ns / (60 * NanosPerSecond) % 60;
        double s = ns % (60 * NanosPerSecond) / 1e9;
        if (h > 0) return string.Create(CultureInfo.InvariantCulture, $"{sign}{h}h{m:D2}m{s:00.###}s");
        if (m > 0) return string.Create(CultureInfo.InvariantCulture, $"{sign}{m}m{s:00.###}s");
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{s:0.###}s");
    }
}
