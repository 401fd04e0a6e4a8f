using System.Text.RegularExpressions;
using SanSim.Engine;
using SanSim.Hosts;
using SanSim.Hosts.Linux.Ext4;
using SanSim.Hosts.Windows;

namespace SanSim.Tests.Integration;

/// <summary>
/// The field report end to end (issue 3's Done-when): the desktop sleeps at 35771.99 s and wakes an hour later;
/// its STOP UNIT stops LUN 12 under node 1's ext4, which prints the nine-line block of behaviour.md §4 and stays
/// read-only; the wake starts the LUN again and the desktop's own disk carries on. One run of 11 hours, checked
/// from several sides.
/// </summary>
public class FieldReportTests
{
    /// <summary>behaviour.md §4, with the tag number masked as "tag#N".</summary>
    internal static readonly string[] NineLineBlock =
    [
        "sd 6:0:0:0: [sdb] tag#N FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_SENSE",
        "sd 6:0:0:0: [sdb] tag#N Sense Key : Not Ready [current] ",
        "sd 6:0:0:0: [sdb] tag#N Add. Sense: Logical unit not ready, initializing command required",
        "sd 6:0:0:0: [sdb] tag#N CDB: Write(10) 2a 08 00 00 00 00 00 00 08 00",
        "print_req_error: I/O error, dev sdb, sector 0",
        "Buffer I/O error on dev sdb, logical block 0, lost sync page write",
        "EXT4-fs (sdb): I/O error while writing superblock",
        "EXT4-fs error (device sdb): ext4_journal_check_start:61: Detected aborted journal",
        "EXT4-fs (sdb): Remounting filesystem read-only",
    ];

    private FieldReportSan _san = null!;
    private (int Acknowledged, int Verified) _desktopAtWake;
    private bool _claimStoppedWhileAsleep;
    private bool _desktopStoppedWhileAsleep;

    [OneTimeSetUp]
    public void RunTheNight()
    {
        _san = new FieldReportSan().Scheduled();
        _san.RunUntil(FieldReportSan.SleepAt.TotalSeconds + 60);
        _claimStoppedWhileAsleep = _san.ClaimLun.Stopped;
        _desktopStoppedWhileAsleep = _san.DesktopLun.Stopped;
        _san.RunUntil(FieldReportSan.SleepAt.TotalSeconds + 3600);
        var volume = _san.Desktop.Volumes.Single();
        _desktopAtWake = (volume.WritesAcknowledged, volume.ReadsVerified);
        _san.RunUntil(11 * 3600);
    }

    /// <summary>The kernel log's lines with "tag#&lt;n&gt;" masked.</summary>
    internal static List<string> Masked(IEnumerable<LogLine> lines) =>
        lines.Select(l => Regex.Replace(l.Text, @"tag#\d+", "tag#N")).ToList();

    /// <summary>Where <paramref name="block"/> starts as a contiguous run in <paramref name="lines"/>, or -1.</summary>
    internal static int IndexOfBlock(List<string> lines, IReadOnlyList<string> block)
    {
        for (int i = 0; i + block.Count <= lines.Count; i++)
            if (lines.Skip(i).Take(block.Count).SequenceEqual(block)) return i;
        return -1;
    }

    [Test]
    public void Node1Log_HasTheNineLineBlock_LineForLine_Contiguous_InOrder()
    {
        var lines = _san.Node.Log.Lines;
        int at = IndexOfBlock(Masked(lines), NineLineBlock);

        Assert.That(at, Is.GreaterThanOrEqualTo(0), "nine-line block not found");
        var tags = lines.Skip(at).Take(4).Select(l => Regex.Match(l.Text, @"tag#(\d+)").Groups[1].Value).Distinct();
        Assert.That(tags.Count(), Is.EqualTo(1), "the four FAILED lines are one command's");
        Assert.That(_san.Node.Kernel.Format(lines[at + 1]), Does.Match(@"^\[\d{5}\.\d{6}\] sd 6:0:0:0: \[sdb\] tag#\d+ Sense Key : Not Ready \[current\] $"));
    }

    [Test]
    public void NineLineBlock_FollowsTheSleep_WithinOneCommitInterval()
    {
        var lines = _san.Node.Log.Lines;
        int at = IndexOfBlock(Masked(lines), NineLineBlock);
        var commit = _san.Node.Ext4("sdb")!.Options.CommitInterval;

        var times = lines.Skip(at).Take(NineLineBlock.Length).Select(l => l.Time - _san.Node.Kernel.BootTime).ToList();

        Assert.That(times, Has.All.GreaterThan(FieldReportSan.SleepAt));
        Assert.That(times, Has.All.LessThanOrEqualTo(FieldReportSan.SleepAt + commit));
        Assert.That(_san.Node.Kernel.Format(lines[at]), Does.StartWith("[3577"));
    }

    [Test]
    public void Node1Log_BeforeTheBlock_JournalWriteFailed_AndJbd2AbortedTheJournal()
    {
        var texts = Masked(_san.Node.Log.Lines);
        int at = IndexOfBlock(texts, NineLineBlock);
        int abort = texts.IndexOf("Aborting journal on device sdb-8.");

        Assert.That(abort, Is.GreaterThan(0).And.LessThan(at));
        Assert.That(texts[abort - 1], Does.StartWith("print_req_error: I/O error, dev sdb, sector "));
        Assert.That(texts.Take(abort).Count(t => t.Contains("FAILED Result", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public void Node1Mount_IsReadOnly_AtTheEnd_WithItsJournalAborted()
    {
        var fs = _san.Node.Ext4("sdb")!;
        Assert.That(fs.State, Is.EqualTo(Ext4MountState.ReadOnly));
        Assert.That(fs.JournalAborted, Is.True);
        Assert.That(_san.Node.Mounts.Single().ReadOnly, Is.True);
    }

    [Test]
    public void ClaimLun_StoppedWhileTheDesktopSleeps_AndStartedAgainByItsWake()
    {
        Assert.That(_claimStoppedWhileAsleep, Is.True);
        Assert.That(_desktopStoppedWhileAsleep, Is.True);
        Assert.That(_san.ClaimLun.Stopped, Is.False);
        Assert.That(_san.DesktopLun.Stopped, Is.False);
        var started = _san.Sim.Trace.Events.Single(e => e.Source == "lun:12" && e.Message == "LUN started");
        Assert.That(_san.Sim.Trace.CauseChain(started.Id)[^1].Id, Is.EqualTo(_san.WakeActionId));
    }

    [Test]
    public void DesktopDisk_IsFine_WritesAcknowledgedAfterTheWake_NoFailures_ReadBackIdentical()
    {
        var volume = _san.Desktop.Volumes.Single();

        Assert.That(_san.Desktop.PowerState, Is.EqualTo(WindowsPowerState.Working));
        Assert.That(volume.Disk.PortLun, Is.EqualTo(1UL));
        Assert.That(volume.WritesAcknowledged, Is.GreaterThan(_desktopAtWake.Acknowledged));
        Assert.That(volume.ReadsVerified, Is.GreaterThan(_desktopAtWake.Verified));
        Assert.That(volume.WritesFailed, Is.Zero);
        Assert.That(volume.ReadsFailed, Is.Zero);
        Assert.That(volume.Mismatches, Is.Zero);
        NtfsReadBackResult? check = null;
        volume.VerifyReadBack(r => check = r);
        _san.Run(30);
        Assert.That(check, Is.Not.Null);
        Assert.That(check!.ClustersChecked, Is.GreaterThan(0).And.LessThanOrEqualTo(volume.WritesAcknowledged));
        Assert.That(check.Intact, Is.True);
    }

    [Test]
    public void Desktop_SeesTheClaimLun_AsAnOfflineDisk_AndOnlyLun1Online()
    {
        Assert.That(_san.Desktop.Disks.Select(d => (d.PortLun, d.Online)), Is.EqualTo(new[] { (1UL, true), (12UL, false) }));
    }

    [Test]
    public void CauseChain_FromTheRemountLine_WalksBackToTheDesktopsStopUnit_AndItsSleep()
    {
        var lines = _san.Node.Log.Lines;
        int at = IndexOfBlock(Masked(lines), NineLineBlock);
        var remount = lines[at + NineLineBlock.Length - 1];

        var chain = _san.Sim.Trace.CauseChain(remount.TraceId);

        var stop = chain.SingleOrDefault(e => e.Kind == TraceKind.Command && e.Source == "lun:12" && e.Message.StartsWith("START STOP UNIT", StringComparison.Ordinal));
        Assert.That(stop, Is.Not.Null, string.Join("\n", chain));
        Assert.That(chain.Select(e => (e.Kind, e.Source, e.Message)), Does.Contain((TraceKind.StateChange, "lun:12", "LUN stopped")));
        Assert.That(chain.Any(e => e.Kind == TraceKind.Completion && e.Source == "lun:12" && e.Message.Contains("02/04/02", StringComparison.Ordinal)), Is.True);
        Assert.That(chain[^1].Id, Is.EqualTo(_san.SleepActionId));
        Assert.That(chain[^1].Source, Is.EqualTo("host:desktop"));
    }

    [Test]
    public void CauseChain_FromTheBlocksFailedWrite_WalksBackToTheSameStopUnit()
    {
        var lines = _san.Node.Log.Lines;
        int at = IndexOfBlock(Masked(lines), NineLineBlock);

        var chain = _san.Sim.Trace.CauseChain(lines[at].TraceId);

        Assert.That(chain.Any(e => e.Kind == TraceKind.Command && e.Source == "lun:12" && e.Message.StartsWith("START STOP UNIT", StringComparison.Ordinal)), Is.True);
        Assert.That(chain[^1].Id, Is.EqualTo(_san.SleepActionId));
    }

    [Test]
    public void Node1DataInvariant_EveryAcknowledgedWrite_ReadsBackIdentical()
    {
        LinuxReadBackResult? result = null;
        _san.Node.VerifyReadBack(r => result = r);
        _san.Run(10);

        Assert.That(result, Is.Not.Null);
        Assert.That(result!.SectorsChecked, Is.GreaterThan(0));
        Assert.That(result.Intact, Is.True);
    }
}
