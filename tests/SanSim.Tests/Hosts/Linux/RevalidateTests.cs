using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts.Linux;
using SanSim.Scsi;
using SanSim.Target;

namespace SanSim.Tests.Hosts.Linux;

/// <summary>Attentions that change what sd knows: 3F/03 revalidates the disk, 2A/09 only reports.</summary>
public class RevalidateTests
{
    [Test]
    public void Resize_2A09_PrintsCapacityDataHasChanged_AndRevalidateShowsTheNewSize()
    {
        var san = new LinuxSan(KernelVersion.V6_1);
        san.Target.ResizeLun("block", 0, 4096 * 512);
        int from = san.Host.Log.Lines.Count;
        var (errors, _) = san.Write(0, 8);
        Assert.That(errors, Is.EqualTo(new[] { 0 }));
        Assert.That(san.LinesFrom(from), Is.EqualTo(new[] { "sd 6:0:0:0: Capacity data has changed" }));
        Assert.That(san.Sdb.SectorCount, Is.EqualTo(2048UL));
        san.Sdb.Revalidate();
        san.Run(SimTime.FromSeconds(1));
        Assert.That(san.Sdb.SectorCount, Is.EqualTo(4096UL));
        Assert.That(san.LinesFrom(from + 1), Is.EqualTo(new[] { "sd 6:0:0:0: [sdb] 4096 512-byte logical blocks: (2.10 MB/2.00 MiB)" }));
    }

    [Test]
    public void PortOffOn_3F03_PrintsInquiryDataHasChanged_AndRevalidatesQuietly()
    {
        var san = new LinuxSan(KernelVersion.V6_1);
        san.Target.SetPortOnline(0, true);
        int from = san.Host.Log.Lines.Count;
        int commands = san.Sim.Trace.Events.Count(e => e.Kind == SanSim.Engine.TraceKind.Command);
        var (errors, _) = san.Write(0, 8);
        Assert.That(errors, Is.EqualTo(new[] { 0 }));
        Assert.That(san.LinesFrom(from), Is.EqualTo(new[] { "sd 6:0:0:0: Inquiry data has changed" }));
        Assert.That(san.Sim.Trace.Events.Count(e => e.Kind == SanSim.Engine.TraceKind.Command) - commands, Is.GreaterThan(3));
    }
}
