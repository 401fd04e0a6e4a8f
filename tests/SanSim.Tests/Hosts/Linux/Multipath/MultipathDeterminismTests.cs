using SanSim.Engine;
using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Multipath;

namespace SanSim.Tests.Hosts.Linux.Multipath;

/// <summary>A multipath run is a function of its seed.</summary>
public class MultipathDeterminismTests
{
    private static List<string> Scenario(ulong seed)
    {
        var san = new MultipathSan(NoPathRetry.Intervals(2), seed: seed);
        for (int i = 0; i < 4; i++) san.Submit(BioOp.Write, (ulong)i * 8, MultipathSan.Pattern(i));
        san.HbaA.LinkDown();
        san.Run(SimTime.FromSeconds(3));
        san.DesktopStartStop(start: false);
        san.Submit(BioOp.Write, 64, MultipathSan.Pattern(9));
        san.Run(SimTime.FromSeconds(8));
        san.DesktopStartStop(start: true);
        san.HbaA.LinkUp();
        san.Run(SimTime.FromSeconds(30));
        return san.Sim.Trace.Events.Select(e => e.ToString()).ToList();
    }

    [Test]
    public void SameSeedTwice_GivesTheSameTrace()
    {
        var first = Scenario(42);
        var second = Scenario(42);
        Assert.That(second, Is.EqualTo(first));
        Assert.That(first.Count(e => e.Contains("Failing path")), Is.GreaterThan(0));
    }
}
