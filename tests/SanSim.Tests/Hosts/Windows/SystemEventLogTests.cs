using SanSim.Hosts.Windows;

namespace SanSim.Tests.Hosts.Windows;

/// <summary>The System event log: power transitions, disk errors, approximate wording, causes.</summary>
public class SystemEventLogTests
{
    [Test]
    public void EveryPowerTransition_IsRecorded_WithItsActionAsCause()
    {
        var san = new WindowsSan().Started();
        var actions = new List<long> { san.Host.Sleep() };
        san.Run(5);
        actions.Add(san.Host.Wake());
        san.Run(5);
        actions.Add(san.Host.Hibernate());
        san.Run(5);
        actions.Add(san.Host.Wake());
        san.Run(5);
        actions.Add(san.Host.Shutdown());
        san.Run(5);
        actions.Add(san.Host.Boot());
        san.Run(30);

        var power = san.Host.SystemLog.Entries.Where(e => e.Source is "Kernel-Power" or "Kernel-General").Skip(1).ToList();
        Assert.That(power.Select(e => san.Sim.Trace.Find(e.TraceId)!.CauseId), Is.EqualTo(actions));
        Assert.That(power.Select(e => e.EventId), Is.All.Null, "no source gives these event ids");
        Assert.That(power.Select(e => e.Approximate), Is.All.True);
    }

    [Test]
    public void EveryEntry_IsAlsoALineOfTheHostLog()
    {
        var san = new WindowsSan().Started();
        san.Host.Sleep();
        san.Run(5);
        Assert.That(san.Host.Log.Lines.Select(l => l.Text), Is.EqualTo(san.Host.SystemLog.Entries.Select(e => e.ToString())));
    }

    [Test]
    public void DiskErrorEntry_IsMarkedApproximate_AndCausedByTheFailedCompletion()
    {
        var san = new WindowsSan().Started();
        san.Target.Profile = SanSim.Target.TargetProfile.Lio;
        san.Target.StopLun(san.Lun(1));
        san.Run(5);
        var entry = san.Host.SystemLog.Entries[^1];
        Assert.That(entry.Approximate, Is.True);
        Assert.That(entry.ToString(), Does.EndWith("[approximate]"));
        var cause = san.Sim.Trace.Find(san.Sim.Trace.Find(entry.TraceId)!.CauseId)!;
        Assert.That(cause.Message, Does.StartWith("CHECK CONDITION 02/04/02"));
    }

    [Test]
    public void LostConnection_LogsNotReadyEvent15_FromDisk()
    {
        var san = new WindowsSan().Started();
        san.DesktopPath.Inner.Logout();
        san.Run(6);
        var entry = san.Host.SystemLog.Entries.First(e => e.Source == "disk");
        Assert.That((entry.EventId, entry.Level), Is.EqualTo(((int?)15, EventLevel.Error)));
        Assert.That(entry.Text, Does.Contain("is not ready for access yet"));
    }
}
