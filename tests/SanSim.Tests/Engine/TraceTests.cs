using SanSim.Engine;

namespace SanSim.Tests.Engine;

public class TraceTests
{
    [Test]
    public void CauseChain_WalksFromSymptomBackToRoot()
    {
        var sim = new Simulation(1);
        long root = 0, stop = 0, fail = 0, remount = 0;
        sim.Scheduler.At(SimTime.FromHours(1), () => root = sim.Trace.Record(TraceKind.Action, "host:desktop", "sleep"));
        sim.Scheduler.At(SimTime.FromHours(1) + SimTime.FromMilliseconds(5), () => stop = sim.Trace.Record(TraceKind.StateChange, "lun:12", "LUN stopped", root));
        sim.Scheduler.At(SimTime.FromHours(1) + SimTime.FromSeconds(3), () => fail = sim.Trace.Record(TraceKind.Completion, "lun:12", "WRITE(10) CHECK CONDITION 02/04/02", stop));
        sim.Scheduler.At(SimTime.FromHours(1) + SimTime.FromSeconds(3), () => remount = sim.Trace.Record(TraceKind.Log, "host:k8s-node-1", "EXT4-fs (sdb): Remounting filesystem read-only", fail));
        sim.Scheduler.RunUntil(SimTime.FromHours(2));

        var chain = sim.Trace.CauseChain(remount);
        Assert.That(chain.Select(e => e.Id), Is.EqualTo(new[] { remount, fail, stop, root }));
        Assert.That(chain[^1].Message, Is.EqualTo("sleep"));
        Assert.That(chain[1].Time, Is.EqualTo(SimTime.FromHours(1) + SimTime.FromSeconds(3)));
    }

    [Test]
    public void Ids_IncreaseInRecordingOrder()
    {
        var trace = Trace.Standalone();
        long a = trace.Record(TraceKind.Log, "x", "one");
        long b = trace.Record(TraceKind.Log, "x", "two");
        Assert.That(b, Is.GreaterThan(a));
        Assert.That(trace.Find(a)?.Message, Is.EqualTo("one"));
        Assert.That(trace.Find(999), Is.Null);
    }
}
