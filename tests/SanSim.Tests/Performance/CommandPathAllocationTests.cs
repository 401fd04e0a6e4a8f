using SanSim.Scenarios.Generation;
using SanSim.Scsi;

namespace SanSim.Tests.Performance;

/// <summary>
/// The command path allocates nothing at steady state (issue 6): after warm-up, TEST UNIT READY and 4 KiB
/// READ(10)/WRITE(10) over a written 16 MiB working set leave the thread's allocated-bytes counter unchanged.
/// A correctness check of the allocation claim, not a speed measurement.
/// </summary>
public class CommandPathAllocationTests
{
    private const int Commands = 20_000;

    private static CommandPathWorkload Warm()
    {
        var w = new CommandPathWorkload();
        w.Prime();
        for (int round = 0; round < 3; round++)
        {
            w.RunTestUnitReady(Commands);
            w.RunReads(Commands);
            w.RunWrites(Commands);
        }
        return w;
    }

    [Test]
    public void TestUnitReady_AtSteadyState_AllocatesNothing()
    {
        var w = Warm();
        long before = GC.GetAllocatedBytesForCurrentThread();
        long good = w.RunTestUnitReady(Commands);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(good, Is.EqualTo(Commands));
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void Read10AndWrite10_OfWrittenBlocks_AllocateNothing()
    {
        var w = Warm();
        long before = GC.GetAllocatedBytesForCurrentThread();
        long reads = w.RunReads(Commands);
        long writes = w.RunWrites(Commands);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(reads, Is.EqualTo(Commands));
        Assert.That(writes, Is.EqualTo(Commands));
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void Workload_FirstCommand_GetsPowerOnUnitAttention_ThenGood()
    {
        var w = new CommandPathWorkload(64 * 1024);

        var first = w.TestUnitReady();
        var second = w.TestUnitReady();

        Assert.That(first.Status, Is.EqualTo(ScsiStatus.CheckCondition));
        Assert.That(first.Sense.Code, Is.EqualTo(AscAscq.PowerOnOccurred));
        Assert.That(second.Status, Is.EqualTo(ScsiStatus.Good));
    }

    [Test]
    public void Workload_ReadsBackWhatItWrote_AndEveryOpcodeFamilyCompletesGood()
    {
        var w = new CommandPathWorkload(64 * 1024);
        w.Prime();

        Assert.That(w.Write10(3).IsGood, Is.True);
        Assert.That(w.Read10(3).DataInLength, Is.EqualTo(CommandPathWorkload.BlockSize));
        Assert.That(w.Read16(w.Blocks - 1).IsGood, Is.True);
        Assert.That(w.Read10(w.Blocks).Sense.Code, Is.EqualTo(AscAscq.LbaOutOfRange));
        Assert.That(new[] { w.Inquiry(), w.ReadCapacity10(), w.RequestSense(), w.ModeSense6(), w.ReportLuns() }.Select(c => c.Status),
            Has.All.EqualTo(ScsiStatus.Good));
        Assert.That(w.Target.Luns[0].Store.WrittenBlocks, Is.EqualTo(w.Blocks));
    }
}
