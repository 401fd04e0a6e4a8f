using SanSim.Engine;
using SanSim.Scenarios.Running;
using SanSim.Serving;

namespace SanSim.Tests.Serving;

/// <summary>
/// The real-time driver of sansim serve with its clock injected: however far real time jumps between two turns
/// of the loop (a fast speed, a descheduled thread), every scheduled event runs once, in order, at its own
/// virtual time, and work from connections runs after the events due before it.
/// </summary>
public class SimulationLoopTests
{
    private static readonly SimTime Start = SimTime.FromSeconds(34000);

    [Test]
    public void FieldReportAtSpeed200_StopsTheLunAtTheSleep_EvenWhenRealTimeJumpsPastSleepAndWake()
    {
        var world = World();
        var elapsed = TimeSpan.Zero;
        using var loop = new SimulationLoop(world, Start, 200, _ => { }, () => elapsed);
        bool? stoppedAfterSleep = null;
        SimTime ranAt = default;
        world.Sim.Scheduler.At(ServedScenario.Sleep + SimTime.FromSeconds(1), () =>
        {
            stoppedAfterSleep = world.Target.Luns[12].Stopped;
            ranAt = world.Sim.Now;
        });

        loop.Advance();
        elapsed = TimeSpan.FromSeconds(8.8);
        loop.Advance();
        Assert.That(world.Target.Luns[12].Stopped, Is.False, "34000 s + 8.8 s × 200 is before the sleep");

        elapsed = TimeSpan.FromSeconds(60);
        loop.Advance();

        Assert.Multiple(() =>
        {
            Assert.That(stoppedAfterSleep, Is.True, "the desktop's STOP UNIT had stopped LUN 12 one second after the sleep");
            Assert.That(ranAt, Is.EqualTo(ServedScenario.Sleep + SimTime.FromSeconds(1)));
            Assert.That(world.Sim.Now, Is.EqualTo(Start + SimTime.FromSeconds(60 * 200)));
        });
    }

    [Test]
    public void EveryScheduledEvent_RunsOnce_InOrder_AtItsTime_AcrossOneLongJump()
    {
        var world = World();
        var elapsed = TimeSpan.Zero;
        using var loop = new SimulationLoop(world, Start, 200, _ => { }, () => elapsed);
        loop.Advance();
        var expected = Enumerable.Range(1, 2000).Select(i => Start + SimTime.FromSeconds(3 * i)).ToList();
        var ran = new List<SimTime>();
        foreach (var at in expected) world.Sim.Scheduler.At(at, () => ran.Add(world.Sim.Now));

        elapsed = TimeSpan.FromSeconds(30);
        loop.Advance();

        Assert.That(ran, Is.EqualTo(expected));
    }

    [Test]
    public void PostedWork_RunsAfterTheEventsDueBeforeIt_AtTheVirtualTimeRealTimeReached()
    {
        var world = World();
        var elapsed = TimeSpan.Zero;
        using var loop = new SimulationLoop(world, Start, 100, _ => { }, () => elapsed);
        loop.Advance();
        bool eventRan = false;
        world.Sim.Scheduler.At(Start + SimTime.FromSeconds(250), () => eventRan = true);

        var seen = loop.Post(w => (w.Sim.Now, eventRan));
        elapsed = TimeSpan.FromSeconds(3);
        loop.Advance();

        Assert.That(seen.IsCompletedSuccessfully, Is.True);
        Assert.That(seen.Result, Is.EqualTo((Start + SimTime.FromSeconds(300), true)));
    }

    [Test]
    public void AnEventThatThrows_IsLogged_AndTheEventsAfterItStillRun()
    {
        var world = World();
        var elapsed = TimeSpan.Zero;
        var log = new List<string>();
        using var loop = new SimulationLoop(world, Start, 10, log.Add, () => elapsed);
        loop.Advance();
        bool later = false;
        world.Sim.Scheduler.At(Start + SimTime.FromSeconds(1), () => throw new InvalidOperationException("broken step"));
        world.Sim.Scheduler.At(Start + SimTime.FromSeconds(2), () => later = true);

        elapsed = TimeSpan.FromSeconds(1);
        loop.Advance();

        Assert.That(later, Is.True);
        Assert.That(log, Has.One.Contains("broken step"));
    }

    private static ScenarioWorld World()
    {
        var world = new ScenarioWorld(ServedScenario.FieldReport());
        world.Start();
        world.ScheduleTimeline();
        return world;
    }
}
