using System.Text.RegularExpressions;
using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Ext4;

namespace SanSim.Tests.Integration;

/// <summary>
/// The field report with node 1 on a 6.1 kernel: the same night, printed in 6.1's formats, line for line in the
/// order the real 6.1 kernel printed a NOT READY LUN under ext4 (linux-6.1-real-kernel-not-ready.log).
/// </summary>
public class FieldReportKernel61Tests
{
    private FieldReportSan _san = null!;

    [OneTimeSetUp]
    public void RunTheNightOn61()
    {
        _san = new FieldReportSan(KernelVersion.V6_1).Scheduled();
        _san.RunUntil(11 * 3600);
    }

    [Test]
    public void SuperblockWriteFailure_IsPrintedIn61Formats_AfterTheErrorLine_ThenRemount()
    {
        var texts = FieldReportTests.Masked(_san.Node.Log.Lines);
        string[] block =
        [
            "EXT4-fs error (device sdb): ext4_journal_check_start:83: comm app: Detected aborted journal",
            "sd 6:0:0:0: [sdb] tag#N FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_OK cmd_age=0s",
            "sd 6:0:0:0: [sdb] tag#N Sense Key : Not Ready [current] ",
            "sd 6:0:0:0: [sdb] tag#N Add. Sense: Logical unit not ready, initializing command required",
            "sd 6:0:0:0: [sdb] tag#N CDB: Write(10) 2a 08 00 00 00 00 00 00 08 00",
            "I/O error, dev sdb, sector 0 op 0x1:(WRITE) flags 0x23800 phys_seg 1 prio class 2",
            "Buffer I/O error on dev sdb, logical block 0, lost sync page write",
            "EXT4-fs (sdb): I/O error while writing superblock",
            "EXT4-fs (sdb): Remounting filesystem read-only",
            "EXT4-fs error (device sdb) in ext4_setattr:5728: Journal has aborted",
        ];

        int at = FieldReportTests.IndexOfBlock(texts, block);

        Assert.That(at, Is.GreaterThan(0), string.Join("\n", texts.Where(t => !t.Contains("mounted", StringComparison.Ordinal)).Take(60)));
        var times = _san.Node.Log.Lines.Skip(at).Take(block.Length).Select(l => l.Time).ToList();
        Assert.That(times, Has.All.GreaterThan(FieldReportSan.SleepAt));
        Assert.That(times, Has.All.LessThanOrEqualTo(FieldReportSan.SleepAt + _san.Node.Ext4("sdb")!.Options.CommitInterval));
    }

    [Test]
    public void FailureSequence_MatchesTheReal61Kernel_LineForLine_OnceNumbersAndTheSenseAreMasked()
    {
        var model = _san.Node.Log.Lines.Select(l => l.Text).ToList();
        var realFailure = Normalize(Real61FailureLines);
        var modelFailure = Normalize(model.Skip(model.FindIndex(t => t.Contains("FAILED", StringComparison.Ordinal))));

        Assert.That(modelFailure.Take(realFailure.Count), Is.EqualTo(realFailure));
    }

    [Test]
    public void Node1Mount_IsReadOnly_AndTheClaimLunRunsAgain()
    {
        Assert.That(_san.Node.MountState("sdb"), Is.EqualTo(Ext4MountState.ReadOnly));
        Assert.That(_san.ClaimLun.Stopped, Is.False);
    }

    /// <summary>
    /// Masks what differs between the two setups (the device name and address, tags, sectors, block and inode
    /// numbers, the sense — the real LUN was a removable one without medium — and the CDB bytes, the
    /// segment count and the task's name) and folds the per-buffer lines of one bio into one.
    /// </summary>
    private static List<string> Normalize(IEnumerable<string> lines)
    {
        var result = new List<string>();
        foreach (string line in lines)
        {
            string t = line.Replace("sda", "sdb", StringComparison.Ordinal);
            t = Regex.Replace(t, @"^sd \d+:\d+:\d+:\d+:", "sd H:C:T:L:");
            t = Regex.Replace(t, @"tag#\d+", "tag#N");
            t = Regex.Replace(t, @"(sector|logical block|starting block|inode) \d+", "$1 N");
            t = Regex.Replace(t, @"Add\. Sense: .*", "Add. Sense: X");
            t = Regex.Replace(t, @"CDB: Write\(10\) .*", "CDB: Write(10) X");
            t = Regex.Replace(t, @"phys_seg \d+", "phys_seg N");
            t = Regex.Replace(t, @"comm \S+:", "comm X:");
            if (result.Count == 0 || result[^1] != t) result.Add(t);
        }
        return result;
    }

    /// <summary>
    /// linux-6.1-real-kernel-not-ready.log (Debian 6.1.0-56, ext4 errors=remount-ro on a 256 MiB tgt LUN made not
    /// ready) from its first FAILED line to its end, without timestamps.
    /// </summary>
    private static readonly string[] Real61FailureLines =
    [
        "sd 0:0:0:0: [sda] tag#131 FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_OK cmd_age=0s",
        "sd 0:0:0:0: [sda] tag#131 Sense Key : Not Ready [current] ",
        "sd 0:0:0:0: [sda] tag#131 Add. Sense: Medium not present",
        "sd 0:0:0:0: [sda] tag#131 CDB: Write(10) 2a 00 00 00 80 4c 00 00 02 00",
        "I/O error, dev sda, sector 32844 op 0x1:(WRITE) flags 0x0 phys_seg 1 prio class 2",
        "EXT4-fs warning (device sda): ext4_end_bio:343: I/O error 10 writing to inode 12 starting block 16422)",
        "Buffer I/O error on device sda, logical block 16422",
        "JBD2: Detected IO errors while flushing file data on sda-8",
        "sd 0:0:0:0: [sda] tag#132 FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_OK cmd_age=0s",
        "sd 0:0:0:0: [sda] tag#132 Sense Key : Not Ready [current] ",
        "sd 0:0:0:0: [sda] tag#132 Add. Sense: Medium not present",
        "sd 0:0:0:0: [sda] tag#132 CDB: Write(10) 2a 00 00 03 81 c6 00 00 0a 00",
        "I/O error, dev sda, sector 229830 op 0x1:(WRITE) flags 0x9800 phys_seg 5 prio class 2",
        "Aborting journal on device sda-8.",
        "sd 0:0:0:0: [sda] tag#133 FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_OK cmd_age=0s",
        "sd 0:0:0:0: [sda] tag#133 Sense Key : Not Ready [current] ",
        "sd 0:0:0:0: [sda] tag#133 Add. Sense: Medium not present",
        "sd 0:0:0:0: [sda] tag#133 CDB: Write(10) 2a 08 00 03 80 02 00 00 02 00",
        "I/O error, dev sda, sector 229378 op 0x1:(WRITE) flags 0x29800 phys_seg 1 prio class 2",
        "Buffer I/O error on dev sda, logical block 114689, lost sync page write",
        "JBD2: I/O error when updating journal superblock for sda-8.",
        "EXT4-fs error (device sda): ext4_journal_check_start:83: comm init: Detected aborted journal",
        "sd 0:0:0:0: [sda] tag#134 FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_OK cmd_age=0s",
        "sd 0:0:0:0: [sda] tag#134 Sense Key : Not Ready [current] ",
        "sd 0:0:0:0: [sda] tag#134 Add. Sense: Medium not present",
        "sd 0:0:0:0: [sda] tag#134 CDB: Write(10) 2a 08 00 00 00 02 00 00 02 00",
        "I/O error, dev sda, sector 2 op 0x1:(WRITE) flags 0x23800 phys_seg 1 prio class 2",
        "Buffer I/O error on dev sda, logical block 1, lost sync page write",
        "EXT4-fs (sda): I/O error while writing superblock",
        "EXT4-fs (sda): Remounting filesystem read-only",
        "EXT4-fs error (device sda) in ext4_setattr:5728: Journal has aborted",
        "sd 0:0:0:0: [sda] tag#135 FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_OK cmd_age=0s",
        "sd 0:0:0:0: [sda] tag#135 Sense Key : Not Ready [current] ",
        "sd 0:0:0:0: [sda] tag#135 Add. Sense: Medium not present",
        "sd 0:0:0:0: [sda] tag#135 CDB: Write(10) 2a 08 00 00 00 02 00 00 02 00",
    ];
}
