using SanSim.Engine;
using SanSim.Hosts.Linux;

namespace SanSim.Tests.Hosts.Linux;

public class SpinUpTests
{
    [Test]
    public void StoppedLunAtProbe_SdSpinupDisk_SendsStartUnitImmed_AndPrintsSpinningUpReady()
    {
        var san = new LinuxSan(KernelVersion.V4_19, start: false);
        san.Target.StopLun(san.Lun);
        san.Host.Start();
        san.Run(SimTime.FromSeconds(10));
        Assert.That(san.Lun.Stopped, Is.False);
        var lines = san.LinesFrom(0);
        Assert.That(lines, Does.Contain("sd 6:0:0:0: [sdb] Spinning up disk....ready"));
        Assert.That(lines.Last(), Is.EqualTo("sd 6:0:0:0: [sdb] Attached SCSI disk"));
    }

    [Test]
    public void LunThatNeverStarts_SpinupGivesUpAfter100Seconds_NotResponding()
    {
        var san = new LinuxSan(KernelVersion.V6_1, start: false);
        san.Path.Faults = new TestFaults(cdb => cdb[0] is 0x00 ? TestFaults.Check(SanSim.Scsi.SenseKey.NotReady, 0x04, 0x02) : SanSim.Fabric.FaultDecision.Pass);
        san.Host.Start();
        san.Run(SimTime.FromSeconds(130));
        var line = san.LinesFrom(0).Single(l => l.Contains("Spinning up disk"));
        Assert.That(line, Does.Match(@"^sd 6:0:0:0: \[sdb\] Spinning up disk\.\.\.\.{100,101}not responding\.\.\.$"));
    }
}
