using System.Buffers.Binary;
using System.Text;

namespace SanSim.Engine;

/// <summary>
/// A seeded random stream (xoshiro256**). Each named sub-stream is derived from the root seed and its name
/// alone, so adding a host or a stream never shifts the draws of another.
/// </summary>
public sealed class SimRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public SimRandom(ulong seed) : this(seed, "")
    {
    }

    private SimRandom(ulong seed, string path)
    {
        Seed = seed;
        Path = path;
        ulong x = seed ^ Fnv1a(path);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>The root seed of the run.</summary>
    public ulong Seed { get; }

    /// <summary>The stream's name, sub-streams joined by '/': "" for the root, "hosts/k8s-node-1".</summary>
    public string Path { get; }

    /// <summary>An independent stream named <paramref name="name"/> under this one.</summary>
    public SimRandom Stream(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new SimRandom(Seed, Path.Length == 0 ? name : Path + "/" + name);
    }

    public ulong NextUInt64()
    {
        ulong result = RotL(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotL(_s3, 45);
        return result;
    }

    /// <summary>
    /// A stream at this one's current position, with its seed and path: it draws what this one would draw next.
    /// With <see cref="Skip"/> it lets a model reserve draws now and make them later, in the same bytes.
    /// </summary>
    public SimRandom Fork()
    {
        return (SimRandom)MemberwiseClone();
    }

    /// <summary>Advances the stream by <paramref name="draws"/> draws of <see cref="NextUInt64"/>.</summary>
    public void Skip(int draws)
    {
        for (int i = 0; i < draws; i++) NextUInt64();
    }

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
    public long NextInt64(long maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        ulong bound = (ulong)maxExclusive;
        ulong threshold = (0UL - bound) % bound;
        while (true)
        {
            ulong r = NextUInt64();
            if (r >= threshold) return (long)(r % bound);
        }
    }

    /// <summary>A uniform integer in [<paramref name="min"/>, <paramref name="maxExclusive"/>).</summary>
    public long NextInt64(long min, long maxExclusive) => min + NextInt64(maxExclusive - min);

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>
    /// Fills <paramref name="buffer"/> with one draw per 8 bytes, each draw's bytes least significant first; a
    /// tail shorter than 8 bytes takes the low bytes of one more draw.
    /// </summary>
    public void NextBytes(Span<byte> buffer)
    {
        int whole = buffer.Length & ~7;
        for (int i = 0; i < whole; i += 8)
            BinaryPrimitives.WriteUInt64LittleEndian(buffer.Slice(i, 8), NextUInt64());
        if (whole == buffer.Length) return;
        ulong r = NextUInt64();
        for (int j = whole; j < buffer.Length; j++, r >>= 8)
            buffer[j] = (byte)r;
    }

    /// <summary>
    /// A new array of <paramref name="length"/> bytes filled as <see cref="NextBytes"/> fills one; the runtime does
    /// not clear it first, since every byte is drawn.
    /// </summary>
    public byte[] NextByteArray(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var bytes = GC.AllocateUninitializedArray<byte>(length);
        NextBytes(bytes);
        return bytes;
    }

    private static ulong RotL(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong Fnv1a(string s)
    {
        ulong h = 0xCBF29CE484222325UL;
        foreach (byte b in Encoding.UTF8.GetBytes(s))
        {
            h ^= b;
            h *= 0x100000001B3UL;
        }
        return h;
    }
}
