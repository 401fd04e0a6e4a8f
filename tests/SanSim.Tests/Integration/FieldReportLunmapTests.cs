using SanSim.Engine;
using SanSim.Hosts.Linux.Ext4;
using SanSim.Hosts.Windows;

namespace SanSim.Tests.Integration;

/// <summary>
/// The field report's fix: with "ctladm lunmap -p 3 -l 1 -L 1" applied before anyone boots, port 3 shows the
/// desktop only LUN 1, so its sleep stops nothing else and node 1's ext4 stays read-write.
/// </summary>
public class FieldReportLunmapTests
{
    private FieldReportSan _san = null!;
    private (int Acknowledged, int Verified) _desktopAtWake;

    [OneTimeSetUp]
    public void RunTheNightWithTheLunMap()
    {
        _san = new FieldReportSan();
        Assert.That(_san.Ctladm("lunmap", "-p", "3", "-l", "1", "-L", "1"), Is.EqualTo((0, "", "")));
        _san.Scheduled();
        _san.RunUntil(FieldReportSan.SleepAt.TotalSeconds + 3600);
        var volume = _san.Desktop.Volumes.Single();
        _desktopAtWake = (volume.WritesAcknowledged, volume.ReadsVerified);
        _san.RunUntil(11 * 3600);
    }

    [Test]
    public void Desktop_SeesOnlyLun1()
    {
        Assert.That(_san.Desktop.Disks.Select(d => d.PortLun), Is.EqualTo(new[] { 1UL }));
    }

    [Test]
    public void ClaimLun_IsNeverStopped()
    {
        Assert.That(_san.Sim.Trace.Events.Where(e => e.Source == "lun:12").Select(e => e.Message), Has.None.EqualTo("LUN stopped"));
        Assert.That(_san.Sim.Trace.Events.Where(e => e.Source == "lun:12" && e.Kind == TraceKind.Command).Select(e => e.Message),
            Has.None.StartsWith("START STOP UNIT"));
        Assert.That(_san.ClaimLun.Stopped, Is.False);
    }

    [Test]
    public void Node1Mount_StaysReadWrite_WithoutAnErrorLine()
    {
        Assert.That(_san.Node.MountState("sdb"), Is.EqualTo(Ext4MountState.ReadWrite));
        Assert.That(_san.Node.Ext4("sdb")!.JournalAborted, Is.False);
        Assert.That(_san.Node.Log.Lines.Select(l => l.Text), Has.None.Contains("FAILED").And.None.Contains("EXT4-fs error"));
        Assert.That(_san.Node.Ext4("sdb")!.Filesystem.WritesRefused, Is.Zero);
    }

    [Test]
    public void DesktopDisk_StillStopsAndStartsWithTheDesktop_AndWorksAfterTheWake()
    {
        var volume = _san.Desktop.Volumes.Single();
        var lun1 = _san.Sim.Trace.Events.Where(e => e.Source == "lun:1").Select(e => e.Message).ToList();

        Assert.That(lun1, Does.Contain("LUN stopped").And.Contain("LUN started"));
        Assert.That(_san.DesktopLun.Stopped, Is.False);
        Assert.That(_san.Desktop.PowerState, Is.EqualTo(WindowsPowerState.Working));
        Assert.That(volume.WritesAcknowledged, Is.GreaterThan(_desktopAtWake.Acknowledged));
        Assert.That(volume.ReadsVerified, Is.GreaterThan(_desktopAtWake.Verified));
        Assert.That(volume.WritesFailed + volume.ReadsFailed + volume.Mismatches, Is.Zero);
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
