using BenchmarkDotNet.Attributes;
using SanSim.Scenarios.Generation;
using SanSim.Scsi;

namespace SanSim.Benchmarks;

/// <summary>
/// One command through the whole CTL target (CDB decode, LUN map, unit attention, reservation and state
/// checks, handler, sparse store, status), per opcode family, over a 16 MiB working set of 4 KiB blocks that
/// has been written once; and the plain 4 KiB copy that a WRITE(10) is compared with.
/// </summary>
[MemoryDiagnoser]
public class CommandPathBenchmarks
{
    private CommandPathWorkload _w = null!;
    private uint _lba;

    [GlobalSetup]
    public void Setup()
    {
        _w = new CommandPathWorkload();
        _w.Prime();
    }

    private uint NextLba()
    {
        uint lba = _lba;
        _lba = lba + 1 == _w.Blocks ? 0 : lba + 1;
        return lba;
    }

    [Benchmark(Description = "TEST UNIT READY")]
    public ScsiStatus TestUnitReady() => _w.TestUnitReady().Status;

    [Benchmark(Description = "READ(10) 4 KiB")]
    public ScsiStatus Read10() => _w.Read10(NextLba()).Status;

    [Benchmark(Description = "WRITE(10) 4 KiB")]
    public ScsiStatus Write10() => _w.Write10(NextLba()).Status;

    [Benchmark(Description = "READ(16) 4 KiB")]
    public ScsiStatus Read16() => _w.Read16(NextLba()).Status;

    [Benchmark(Description = "INQUIRY standard")]
    public ScsiStatus Inquiry() => _w.Inquiry().Status;

    [Benchmark(Description = "READ CAPACITY(10)")]
    public ScsiStatus ReadCapacity10() => _w.ReadCapacity10().Status;

    [Benchmark(Description = "REQUEST SENSE")]
    public ScsiStatus RequestSense() => _w.RequestSense().Status;

    [Benchmark(Description = "MODE SENSE(6) all pages")]
    public ScsiStatus ModeSense6() => _w.ModeSense6().Status;

    [Benchmark(Description = "REPORT LUNS")]
    public ScsiStatus ReportLuns() => _w.ReportLuns().Status;

    [Benchmark(Description = "plain 4 KiB copy")]
    public int Copy4K() => _w.RunCopies(1);
}
