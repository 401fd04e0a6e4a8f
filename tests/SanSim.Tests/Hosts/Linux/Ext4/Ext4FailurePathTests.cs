using System.Text.RegularExpressions;
using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Ext4;

namespace SanSim.Tests.Hosts.Linux.Ext4;

/// <summary>What ext4, jbd2 and the buffer layer print, per kernel version, when the disk starts failing writes.</summary>
public class Ext4FailurePathTests
{
    /// <summary>A 4.19 node: writes start failing at 12 s, after two good commits.</summary>
    private static Ext4Rig Run419(ulong seed = 42)
    {
        var rig = new Ext4Rig(KernelVersion.V4_19, seed: seed);
        rig.FailWritesFrom(12);
        rig.RunUntil(60);
        return rig;
    }

    [Test]
    public void V4_19_FailedSuperblockWrite_IsFollowedByTheFieldReportsLastFiveLines()
    {
        var rig = Run419();
        var texts = rig.Texts();
        int at = texts.IndexOf("print_req_error: I/O error, dev sdb, sector 0");
        Assert.That(at, Is.GreaterThanOrEqualTo(0), string.Join("\n", texts));
        Assert.That(texts.Skip(at).Take(5), Is.EqualTo(new[]
        {
            "print_req_error: I/O error, dev sdb, sector 0",
            "Buffer I/O error on dev sdb, logical block 0, lost sync page write",
            "EXT4-fs (sdb): I/O error while writing superblock",
            "EXT4-fs error (device sdb): ext4_journal_check_start:61: Detected aborted journal",
            "EXT4-fs (sdb): Remounting filesystem read-only",
        }));
        Assert.That(rig.Fs.State, Is.EqualTo(Ext4MountState.ReadOnly));
        Assert.That(rig.Fs.FsAborted, Is.True);
    }

    [Test]
    public void V4_19_JournalAbort_ComesBeforeTheBlock_AndTheSuperblockIsWrittenAgainAfterRemount()
    {
        var texts = Run419().FsTexts();
        int abort = texts.IndexOf("Aborting journal on device sdb-8.");
        int remount = texts.IndexOf("EXT4-fs (sdb): Remounting filesystem read-only");
        Assert.That(abort, Is.GreaterThanOrEqualTo(0));
        Assert.That(abort, Is.LessThan(remount));
        Assert.That(texts[abort + 2], Is.EqualTo("JBD2: Error -5 detected when updating journal superblock for sdb-8."));
        Assert.That(texts.Skip(remount + 1).Take(2), Is.EqualTo(new[]
        {
            "Buffer I/O error on dev sdb, logical block 0, lost sync page write",
            "EXT4-fs (sdb): I/O error while writing superblock",
        }));
    }

    [Test]
    public void V4_19_FailedDataWrite_PrintsEndBioWarningWithOffsetAndSize()
    {
        var texts = Run419().FsTexts();
        Assert.That(texts, Has.Some.Match(
            @"^EXT4-fs warning \(device sdb\): ext4_end_bio:323: I/O error 10 writing to inode 12 \(offset \d+ size 4096 starting block \d+\)$"));
        Assert.That(texts, Has.Some.EqualTo("JBD2: Detected IO errors while flushing file data on sdb-8"));
    }

    [Test]
    public void V5_10_PrintsLine83WithoutComm_AfterTheSuperblockWrite()
    {
        var rig = new Ext4Rig(KernelVersion.V5_10, options: new Ext4MountOptions { Comm = "app" });
        rig.FailWritesFrom(12);
        rig.RunUntil(60);
        var texts = rig.FsTexts();
        int err = texts.IndexOf("EXT4-fs error (device sdb): ext4_journal_check_start:83: Detected aborted journal");
        Assert.That(err, Is.GreaterThan(1), string.Join("\n", texts));
        Assert.That(texts[err - 1], Is.EqualTo("EXT4-fs (sdb): I/O error while writing superblock"));
        Assert.That(texts[err + 1], Is.EqualTo("EXT4-fs (sdb): Remounting filesystem read-only"));
        Assert.That(texts, Has.Some.EqualTo("JBD2: Error -5 detected when updating journal superblock for sdb-8."));
        Assert.That(texts.Count(t => t == "EXT4-fs (sdb): I/O error while writing superblock"), Is.EqualTo(1), "5.10 writes the superblock once");
    }

    /// <summary>
    /// The ext4, jbd2 and buffer lines of linux-6.1-real-kernel-not-ready.log (Debian 6.1.0-56, 256 MiB disk,
    /// errors=remount-ro, the writing task was init), in order.
    /// </summary>
    private static readonly string[] Reference61 =
    {
        "EXT4-fs (sda): mounted filesystem with ordered data mode. Quota mode: none.",
        "EXT4-fs warning (device sda): ext4_end_bio:343: I/O error 10 writing to inode 12 starting block 16422)",
        "Buffer I/O error on device sda, logical block 16422",
        "JBD2: Detected IO errors while flushing file data on sda-8",
        "Aborting journal on device sda-8.",
        "Buffer I/O error on dev sda, logical block 114689, lost sync page write",
        "JBD2: I/O error when updating journal superblock for sda-8.",
        "EXT4-fs error (device sda): ext4_journal_check_start:83: comm init: Detected aborted journal",
        "Buffer I/O error on dev sda, logical block 1, lost sync page write",
        "EXT4-fs (sda): I/O error while writing superblock",
        "EXT4-fs (sda): Remounting filesystem read-only",
        "EXT4-fs error (device sda) in ext4_setattr:5728: Journal has aborted",
    };

    private static string MaskNumbers(string s) => Regex.Replace(s, @"\d+", "N");

    [Test]
    public void V6_1_Sequence_MatchesTheReferenceKernelLog()
    {
        var rig = new Ext4Rig(KernelVersion.V6_1, "sda", 256 * Ext4Rig.MiB, new Ext4MountOptions { Comm = "init" });
        rig.Device.FailureLineFormat = "I/O error, dev {0}, sector {1} op 0x1:(WRITE)";
        rig.FailWritesFrom(3);
        rig.RunUntil(30);
        var ours = rig.FsTexts().Take(Reference61.Length).ToList();
        Assert.That(ours.Select(MaskNumbers), Is.EqualTo(Reference61.Select(MaskNumbers)), string.Join("\n", rig.FsTexts()));
        Assert.That(ours, Is.EqualTo(Reference61), "the first commit fails, so even the block numbers match");
    }

    [Test]
    public void V6_1_FailedRequests_AreTheReferenceLogsSectors()
    {
        var rig = new Ext4Rig(KernelVersion.V6_1, "sda", 256 * Ext4Rig.MiB, new Ext4MountOptions { Comm = "init" });
        rig.FailWritesFrom(3);
        rig.RunUntil(30);
        var failed = rig.Device.Failed.Select(f => (f.Bio.Sector, f.Bio.SectorCount)).Take(4).ToList();
        Assert.That(failed[0], Is.EqualTo((32844UL, 2)), "data");
        Assert.That(failed[1].SectorCount, Is.EqualTo(10), "descriptor + 4 metadata blocks");
        Assert.That(failed[2], Is.EqualTo((229378UL, 2)), "journal superblock");
        Assert.That(failed[3], Is.EqualTo((2UL, 2)), "ext4 superblock");
    }

    [TestCase(KernelVersion.V4_19)]
    [TestCase(KernelVersion.V5_10)]
    [TestCase(KernelVersion.V6_1)]
    public void ErrorsContinue_AbortedJournal_StillForcesReadOnly(KernelVersion version)
    {
        var rig = new Ext4Rig(version, options: new Ext4MountOptions { Errors = Ext4ErrorsBehavior.Continue });
        rig.FailWritesFrom(12);
        rig.RunUntil(60);
        Assert.That(rig.Fs.State, Is.EqualTo(Ext4MountState.ReadOnly));
        Assert.That(rig.FsTexts(), Has.Some.EqualTo("EXT4-fs (sdb): Remounting filesystem read-only"));
    }

    [TestCase(KernelVersion.V4_19, "Kernel panic - not syncing: EXT4-fs panic from previous error")]
    [TestCase(KernelVersion.V5_10, "Kernel panic - not syncing: EXT4-fs panic from previous error")]
    [TestCase(KernelVersion.V6_1, "Kernel panic - not syncing: EXT4-fs (device sdb): panic forced after error")]
    public void ErrorsPanic_AbortedJournal_PanicsTheHost(KernelVersion version, string panic)
    {
        var rig = new Ext4Rig(version, options: new Ext4MountOptions { Errors = Ext4ErrorsBehavior.Panic });
        rig.FailWritesFrom(12);
        rig.RunUntil(60);
        Assert.That(rig.Fs.State, Is.EqualTo(Ext4MountState.Panicked));
        Assert.That(rig.Events.Panics, Is.EqualTo(new[] { panic }));
        Assert.That(rig.Texts()[^1], Is.EqualTo(panic), "nothing is logged after the panic");
        var chain = rig.Sim.Trace.CauseChain(rig.Log.Lines[^1].TraceId).Select(e => e.Message);
        Assert.That(chain, Does.Contain("Aborting journal on device sdb-8."), "the panic is caused by the aborted journal");
        int before = rig.Device.Submitted.Count;
        rig.RunUntil(120);
        Assert.That(rig.Device.Submitted, Has.Count.EqualTo(before), "a dead host issues no more I/O");
    }

    [Test]
    public void EachFailedBio_IsReportedExactlyOnce_EvenWhenCompletedTwice()
    {
        var rig = new Ext4Rig(KernelVersion.V4_19);
        rig.Device.CompleteTwice = true;
        rig.FailWritesFrom(12);
        rig.RunUntil(60);
        Assert.That(rig.Device.Failed, Is.Not.Empty);
        Assert.That(rig.Events.IoErrors.Select(e => e.Bio), Is.EqualTo(rig.Device.Failed.Select(f => f.Bio)));
        Assert.That(rig.Events.IoErrors.Select(e => e.Errno), Is.All.EqualTo(-Errno.EIO));
        Assert.That(rig.Fs.BiosFailed, Is.EqualTo(rig.Device.Failed.Count));
        Assert.That(rig.FsTexts().Count(t => t == "EXT4-fs (sdb): Remounting filesystem read-only"), Is.EqualTo(1));
    }

    [Test]
    public void RemountingLine_CauseChain_LeadsBackToTheFailedJournalWrite_AndTheFault()
    {
        var rig = new Ext4Rig(KernelVersion.V4_19);
        long fault = rig.FailWritesFrom(12);
        rig.RunUntil(60);
        var remount = rig.Log.Lines.Single(l => l.Text == "EXT4-fs (sdb): Remounting filesystem read-only");
        var chain = rig.Sim.Trace.CauseChain(remount.TraceId).Select(e => e.Id).ToList();
        long journalFailure = rig.Device.Failed.First(f => f.Bio.SectorCount == 5 * 8).TraceId;
        Assert.That(chain, Does.Contain(journalFailure));
        Assert.That(chain[^1], Is.EqualTo(fault));
    }

    [Test]
    public void SameSeed_GivesTheSameLog()
    {
        static string Render(Ext4Rig r) => string.Join("\n", r.Log.Lines.Select(l => $"{l.Time.ToKernelTimestamp()} {l.Text}"));
        var a = Run419(7);
        var b = Run419(7);
        Assert.That(Render(a), Is.EqualTo(Render(b)));
        Assert.That(a.Fs.AcknowledgedSectors().Values.SelectMany(v => v), Is.EqualTo(b.Fs.AcknowledgedSectors().Values.SelectMany(v => v)));
    }

    [Test]
    public void BufferErrors_AreRateLimitedPerCallSite_AndTheDropIsReportedLater()
    {
        var rig = new Ext4Rig(KernelVersion.V6_1, options: new Ext4MountOptions { WriteEvery = null });
        for (int i = 0; i < 20; i++) rig.Fs.Write();
        rig.FailWritesFrom(1);
        rig.RunUntil(6);
        Assert.That(rig.FsTexts().Count(t => t.StartsWith("Buffer I/O error on device sdb", StringComparison.Ordinal)), Is.EqualTo(10));

        // After the 5 s interval the next message from that site reports the ten it dropped.
        rig.Device.Heal();
        Assert.That(rig.Fs.Umount(), Is.Zero);
        var fsck = rig.Await<Ext4FsckResult>(d => rig.Fs.Fsck(d));
        Assert.That(fsck.ExitCode, Is.EqualTo(1));
        Assert.That(rig.AwaitInt(d => rig.Fs.Mount(new Ext4MountOptions { WriteEvery = null }, 0, d)), Is.Zero);
        rig.Fs.Write();
        rig.FailWritesFrom(rig.Sim.Now.TotalSeconds);
        rig.RunUntil(rig.Sim.Now.TotalSeconds + 6);
        var texts = rig.FsTexts();
        int report = texts.IndexOf("buffer_io_error: 10 callbacks suppressed");
        Assert.That(report, Is.GreaterThan(0), string.Join("\n", texts));
        Assert.That(texts[report + 1], Does.StartWith("Buffer I/O error on device sdb"));
    }
}
