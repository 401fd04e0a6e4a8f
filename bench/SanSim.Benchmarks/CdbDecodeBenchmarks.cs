using BenchmarkDotNet.Attributes;
using SanSim.Scsi;

namespace SanSim.Benchmarks;

/// <summary>CDB decoding and usage-mask validation alone (the first step of the command path).</summary>
[MemoryDiagnoser]
public class CdbDecodeBenchmarks
{
    private readonly byte[] _read10 = CdbBuilder.Read10(0x1234, 8);
    private readonly byte[] _read16 = CdbBuilder.Read16(0x123456789, 8);
    private readonly byte[] _tur = new byte[6];
    private readonly byte[] _short = [0x28, 0, 0, 0];

    [Benchmark(Description = "decode READ(10)")]
    public ulong Read10() => CdbDecoder.TryDecode(_read10, out var c, out _) ? c.Lba : 0;

    [Benchmark(Description = "decode READ(16)")]
    public ulong Read16() => CdbDecoder.TryDecode(_read16, out var c, out _) ? c.Lba : 0;

    [Benchmark(Description = "decode TEST UNIT READY")]
    public bool TestUnitReady() => CdbDecoder.TryDecode(_tur, out _, out _);

    [Benchmark(Description = "decode short READ(10), zero-padded")]
    public bool ShortRead10() => CdbDecoder.TryDecode(_short, out _, out _);
}
