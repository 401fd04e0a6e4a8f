using SanSim.Tests.Scenarios.Library;

namespace SanSim.Tests.Kernel;

/// <summary>
/// The harness end to end against tgt: Debian's 6.1 kernel under QEMU, its ext4 LUN behind tgtd made not
/// ready, must print what the same kernel printed in the reference log (Fixtures/linux-6.1-tgt-not-ready.log),
/// line for line once masked (the writer's name too), and its writes must
/// end in EROFS.
/// </summary>
[Category("RealKernel")]
public class RealKernelTgtTests
{
    private string _out = null!;

    [SetUp]
    public void SetUp() => _out = Directory.CreateTempSubdirectory("sansim-kernel-tgt-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_out, recursive: true);

    [Test]
    public void TgtLunNotReady_RealKernelLog_MatchesReferenceLog_LineForLine()
    {
        KernelHarness.RequireTools();
        // The reference's writer was init; the harness's is app (the host model's default name): "comm" is masked.
        var expected = KernelLogMask.StorageLines(File.ReadAllText(Path.Combine(ScenarioLibrary.RepoRoot(), "tests", "SanSim.Tests", "Kernel", "Fixtures", "linux-6.1-tgt-not-ready.log")))
            .Select(KernelLogMask.MaskComm).ToList();

        var run = KernelHarness.Run(_out, TimeSpan.FromMinutes(3), "tgt", _out);

        Assert.That(run.ExitCode, Is.Zero, run.Output + "\n" + run.Console);
        var actual = KernelLogMask.StorageLines(run.Console).Select(KernelLogMask.MaskComm).ToList();
        Assert.That(actual, Has.Count.GreaterThanOrEqualTo(expected.Count), run.Console);
        Assert.That(actual.Take(expected.Count), Is.EqualTo(expected), string.Join("\n", actual));
        Assert.That(run.GuestReports(), Has.Some.Matches("^guest: write [0-9]+ EROFS "), run.Console);
    }
}
