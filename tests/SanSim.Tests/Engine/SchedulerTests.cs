using SanSim.Engine;

namespace SanSim.Tests.Engine;

public class SchedulerTests
{
    [Test]
    public void EventsAtTheSameTime_RunInSchedulingOrder()
    {
        var sim = new Simulation(1);
        var order = new List<string>();
        sim.Scheduler.At(SimTime.FromSeconds(5), () => order.Add("b"));
        sim.Scheduler.At(SimTime.FromSeconds(1), () => order.Add("a"));
        sim.Scheduler.At(SimTime.FromSeconds(5), () => order.Add("c"));
        sim.Scheduler.At(SimTime.FromSeconds(5), () => order.Add("d"));
        while (sim.Scheduler.Step()) { }
        Assert.That(order, Is.EqualTo(new[] { "a", "b", "c", "d" }));
        Assert.That(sim.Now, Is.EqualTo(SimTime.FromSeconds(5)));
    }

    [Test]
    public void ClockAdvancesToEachEventsTime()
    {
        var sim = new Simulation(1);
        var seen = new List<SimTime>();
        sim.Scheduler.At(SimTime.FromMilliseconds(250), () => seen.Add(sim.Now));
        sim.Scheduler.At(SimTime.FromHours(11), () => seen.Add(sim.Now));
        sim.Scheduler.RunUntil(SimTime.FromHours(12));
        Assert.That(seen, Is.EqualTo(new[] { SimTime.FromMilliseconds(250), SimTime.FromHours(11) }));
        Assert.That(sim.Now, Is.EqualTo(SimTime.FromHours(12)));
    }

    [Test]
    public void EventScheduledFromAnEvent_AtTheSameTime_RunsAfterThoseAlreadyQueued()
    {
        var sim = new Simulation(1);
        var order = new List<string>();
        sim.Scheduler.At(SimTime.FromSeconds(1), () =>
        {
            order.Add("first");
            sim.Scheduler.After(SimTime.Zero, () => order.Add("spawned"));
        });
        sim.Scheduler.At(SimTime.FromSeconds(1), () => order.Add("second"));
        sim.Scheduler.RunUntil(SimTime.FromSeconds(2));
        Assert.That(order, Is.EqualTo(new[] { "first", "second", "spawned" }));
    }

    [Test]
    public void CancelledEvent_DoesNotRun()
    {
        var sim = new Simulation(1);
        bool ran = false;
        var ev = sim.Scheduler.At(SimTime.FromSeconds(1), () => ran = true);
        ev.Cancel();
        sim.Scheduler.RunUntil(SimTime.FromSeconds(2));
        Assert.That(ran, Is.False);
    }

    [Test]
    public void SchedulingInThePast_IsRejected()
    {
        var sim = new Simulation(1);
        sim.Scheduler.RunUntil(SimTime.FromSeconds(10));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Scheduler.At(SimTime.FromSeconds(9), () => { }));
    }

    [Test]
    public void RunUntil_LeavesLaterEventsQueued()
    {
        var sim = new Simulation(1);
        int ran = 0;
        sim.Scheduler.At(SimTime.FromSeconds(1), () => ran++);
        sim.Scheduler.At(SimTime.FromSeconds(3), () => ran++);
        Assert.That(sim.Scheduler.RunUntil(SimTime.FromSeconds(2)), Is.EqualTo(1));
        Assert.That(sim.Scheduler.Pending, Is.EqualTo(1));
    }
}
