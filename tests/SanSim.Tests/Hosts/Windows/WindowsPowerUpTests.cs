using SanSim.Hosts.Windows;

namespace SanSim.Tests.Hosts.Windows;

/// <summary>Wake and boot: classpnp's power-up (ClasspPowerUpCompletion) and the cold boot.</summary>
public class WindowsPowerUpTests
{
    private static readonly byte[] StartUnit = [0x1B, 0x00, 0, 0, 0x01, 0];

    private static WindowsSan Asleep(WindowsHostSettings? settings = null)
    {
        var san = new WindowsSan(settings).Started();
        san.Host.Sleep();
        san.Run(5);
        return san;
    }

    [Test]
    public void Wake_SendsStartUnitWithoutImmed_ToEveryDisk_AndTheLunsStart()
    {
        var san = Asleep();
        int before = san.DesktopPath.Sent.Count;
        long wake = san.Host.Wake();
        san.Run(10);
        foreach (var disk in san.Host.Disks)
        {
            var sent = san.DesktopPath.Since(before, disk.PortLun).Where(r => r.Cdb[0] == 0x1B).ToList();
            Assert.That(sent.Select(r => Convert.ToHexString(r.Cdb)).Distinct(), Is.EqualTo(new[] { Convert.ToHexString(StartUnit) }), $"Disk {disk.Number}");
            Assert.That(sent[0].CauseId, Is.EqualTo(wake));
        }
        Assert.That(san.Target.Luns.Values.Select(l => l.Stopped), Is.All.False);
        Assert.That(san.Host.PowerState, Is.EqualTo(WindowsPowerState.Working));
    }

    [Test]
    public void Wake_AfterPathsWentDown_RetriesStartUnitPastThePowerOnAttention()
    {
        var san = Asleep();
        int before = san.DesktopPath.Sent.Count;
        san.Host.Wake();
        san.Run(10);
        // The re-login makes CTL report 29/01 to the first START UNIT; the power-up retries it once.
        Assert.That(san.DesktopPath.Since(before, 0), Has.Count.EqualTo(2));
        Assert.That(san.Lun(0).Stopped, Is.False);
    }

    [Test]
    public void Wake_ResumesVolumeIo()
    {
        var san = Asleep();
        var volume = san.Host.Volumes[0];
        int written = volume.WritesAcknowledged;
        san.Host.Wake();
        san.Run(60);
        Assert.That(volume.WritesAcknowledged, Is.GreaterThan(written));
        Assert.That(volume.WritesFailed, Is.Zero);
    }

    [Test]
    public void StopOnSleepFalse_WakeStillSendsStartUnit()
    {
        var san = Asleep(new WindowsHostSettings { OnlineLuns = [1], StopOnSleep = false });
        int before = san.DesktopPath.Sent.Count;
        san.Host.Wake();
        san.Run(10);
        Assert.That(san.DesktopPath.Since(before, 1).Select(r => r.Cdb[0]), Has.Member((byte)0x1B));
    }

    [Test]
    public void Wake_WhileWorking_IsIgnored()
    {
        var san = new WindowsSan().Started();
        int before = san.DesktopPath.Sent.Count(r => r.Cdb[0] == 0x1B);
        san.Host.Wake();
        san.Run(1);
        Assert.That(san.DesktopPath.Sent.Count(r => r.Cdb[0] == 0x1B), Is.EqualTo(before));
    }

    [Test]
    public void BootAfterShutdown_StartsEveryStoppedLun_ThroughDevSafeStartUnit()
    {
        var san = new WindowsSan().Started();
        san.Host.Shutdown();
        san.Run(5);
        san.Host.Boot();
        san.Run(30);
        Assert.That(san.Target.Luns.Values.Select(l => l.Stopped), Is.All.False);
        Assert.That(san.Host.Disks.Select(d => d.StartUnitsOnNotReady), Is.All.EqualTo(1));
        Assert.That(san.Host.PowerState, Is.EqualTo(WindowsPowerState.Working));
    }
}
