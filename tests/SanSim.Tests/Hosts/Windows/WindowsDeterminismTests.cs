using SanSim.Hosts.Windows;

namespace SanSim.Tests.Hosts.Windows;

/// <summary>One seed, one run: the same seed gives the same log and trace.</summary>
public class WindowsDeterminismTests
{
    private static (List<string> Log, List<string> Trace) RunStory(ulong seed)
    {
        var san = new WindowsSan(seed: seed).Started();
        san.Run(60);
        san.Target.StopLun(san.Lun(1));
        san.Run(30);
        san.Host.Sleep();
        san.Run(5);
        san.Host.Wake();
        san.Run(60);
        return (san.Host.Log.Lines.Select(l => $"{l.Time} {l.Text}").ToList(),
            san.Sim.Trace.Events.Select(e => e.ToString()).ToList());
    }

    [Test]
    public void SameSeed_GivesTheSameLogAndTrace()
    {
        var a = RunStory(7);
        var b = RunStory(7);
        Assert.That(b.Log, Is.EqualTo(a.Log));
        Assert.That(b.Trace, Is.EqualTo(a.Trace));
        Assert.That(a.Log, Is.Not.Empty);
    }

    [Test]
    public void DifferentSeed_GivesDifferentWrites()
    {
        var a = RunStory(7);
        var b = RunStory(8);
        Assert.That(b.Trace, Is.Not.EqualTo(a.Trace));
    }
}
