using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Ext4;
using SanSim.Tests.Hosts.Linux.Ext4;

namespace SanSim.Tests.Kernel;

/// <summary>
/// What the real 6.1 kernel under QEMU showed and the host model lacked (docs/conformance.md, "Linux kernel under
/// QEMU"): after an error, Debian's 6.1.192 ext4 is shut down rather than SB_RDONLY, so every later write attempt
/// meets the aborted journal again and each ext4_handle_error prints "Remounting filesystem read-only"; and
/// jbd2's log write has one physical segment per journal block.
/// </summary>
public class Ext4AfterErrorTests
{
    private static Ext4Rig Aborted(KernelVersion version)
    {
        var rig = new Ext4Rig(version, options: new Ext4MountOptions { WriteEvery = SanSim.Engine.SimTime.FromSeconds(2) });
        rig.FailWritesFrom(21);
        rig.RunUntil(30);
        Assert.That(rig.Fs.State, Is.EqualTo(Ext4MountState.ReadOnly));
        return rig;
    }

    private static int Count(Ext4Rig rig, string text) => rig.Texts().Count(t => t.Contains(text, StringComparison.Ordinal));

    [Test]
    public void Linux61_EachWriteAfterTheAbort_MeetsTheAbortedJournalAgain()
    {
        var rig = Aborted(KernelVersion.V6_1);
        int before = Count(rig, "Detected aborted journal");
        rig.RunUntil(36);
        Assert.That(Count(rig, "Detected aborted journal"), Is.EqualTo(before + 3), string.Join("\n", rig.Texts()));
    }

    [Test]
    public void Linux61_EachHandledError_PrintsRemountingReadOnly_EvenWhenAlreadyReadOnly()
    {
        var rig = Aborted(KernelVersion.V6_1);
        var texts = rig.Texts();
        int first = texts.FindIndex(t => t.Contains("Detected aborted journal", StringComparison.Ordinal));
        int setattr = texts.FindIndex(t => t.Contains("in ext4_setattr:5728: Journal has aborted", StringComparison.Ordinal));
        Assert.That(first, Is.GreaterThanOrEqualTo(0));
        Assert.That(setattr, Is.GreaterThan(first));
        // One after the abort's own superblock write, one after the setattr error's.
        Assert.That(texts.Skip(first).Take(setattr - first).Count(t => t.EndsWith("Remounting filesystem read-only", StringComparison.Ordinal)), Is.EqualTo(1));
        int next = texts.FindIndex(setattr + 1, t => t.Contains("Detected aborted journal", StringComparison.Ordinal));
        Assert.That(texts.Skip(setattr).Take(next - setattr).Count(t => t.EndsWith("Remounting filesystem read-only", StringComparison.Ordinal)), Is.EqualTo(1),
            string.Join("\n", texts));
    }

    [Test]
    public void Linux61_WritesAfterTheAbort_FailWithErofs()
    {
        var rig = Aborted(KernelVersion.V6_1);
        int result = rig.AwaitInt(d => rig.Fs.Write(0, d));
        Assert.That(result, Is.EqualTo(-Errno.EROFS));
    }

    [TestCase(KernelVersion.V4_19)]
    [TestCase(KernelVersion.V5_10)]
    public void OlderKernels_WritesAfterTheRemount_AreRefusedQuietly(KernelVersion version)
    {
        var rig = Aborted(version);
        int lines = rig.Texts().Count;
        rig.RunUntil(40);
        Assert.That(rig.Texts(), Has.Count.EqualTo(lines));
    }

    [Test]
    public void JournalLogWrite_HasOnePhysicalSegmentPerJournalBlock()
    {
        var rig = new Ext4Rig(KernelVersion.V6_1, bytes: 256 * Ext4Rig.MiB);
        rig.RunUntil(12);
        var journal = rig.Device.Submitted.Where(b => b.SectorCount == 10 && b.Op == BioOp.Write).ToList();
        Assert.That(journal, Is.Not.Empty, "a 5-block (1 KiB blocks) jbd2 log write");
        Assert.That(journal.Select(b => b.PhysicalSegments), Is.All.EqualTo(5));
    }
}
