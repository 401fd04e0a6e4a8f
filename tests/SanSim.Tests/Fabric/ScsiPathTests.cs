using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts.Transport;
using SanSim.Scsi;

namespace SanSim.Tests.Fabric;

/// <summary>The base path: latency, down paths, tags.</summary>
public class ScsiPathTests
{
    [Test]
    public void Completion_ArrivesAfterTwoLatencies()
    {
        var san = new FabricSan();
        var path = new ScsiPath(san.Sim, san.Target, 0, "node-1", "iqn.1994-05.com.redhat:node1,i,0x000000000001")
        {
            Latency = SimTime.FromMilliseconds(3),
        };
        path.Login();
        san.Settle(path);
        var sentAt = san.Sim.Now;
        SimTime? doneAt = null;

        path.Submit(new ScsiRequest(CdbBuilder.TestUnitReady(), 0), _ => doneAt = san.Sim.Now);
        san.Sim.Scheduler.RunUntil(sentAt + SimTime.FromSeconds(1));

        Assert.That(doneAt, Is.EqualTo(sentAt + SimTime.FromMilliseconds(6)));
    }

    [Test]
    public void CommandOnADownPath_FailsWithNoConnection_WithoutReachingTheTarget()
    {
        var san = new FabricSan();
        var path = new ScsiPath(san.Sim, san.Target, 0, "node-1", "iqn.1994-05.com.redhat:node1,i,0x000000000001");
        int before = san.Sim.Trace.Events.Count;

        var r = san.Run(path, CdbBuilder.TestUnitReady());

        Assert.That(r.Outcome, Is.EqualTo(TransportOutcome.NoConnection));
        Assert.That(san.Sim.Trace.Events.Skip(before).Any(e => e.Kind == TraceKind.Command), Is.False);
    }

    [Test]
    public void Tags_AreUniquePerPath()
    {
        var san = new FabricSan();
        var path = new ScsiPath(san.Sim, san.Target, 0, "node-1", "iqn.1994-05.com.redhat:node1,i,0x000000000001");
        path.Login();

        ulong a = path.Submit(new ScsiRequest(CdbBuilder.TestUnitReady(), 0), _ => { });
        ulong b = path.Submit(new ScsiRequest(CdbBuilder.TestUnitReady(), 0), _ => { });

        Assert.That(a, Is.Not.EqualTo(b));
    }

    [Test]
    public void LoginToAMissingPort_FailsWithATraceEvent_InsteadOfThrowing()
    {
        var san = new FabricSan();
        var path = new ScsiPath(san.Sim, san.Target, 42, "node-1", "iqn.x,i,0x000000000001");

        long id = 0;
        Assert.That(() => id = path.Login(), Throws.Nothing);
        Assert.That(path.State, Is.EqualTo(PathState.Down));
        Assert.That(san.Sim.Trace.Find(id)?.Message, Does.Contain("no port 42"));
    }

    [Test]
    public void StateChanged_IsRaised_WithTheTraceIdOfTheChange()
    {
        var san = new FabricSan();
        var path = new ScsiPath(san.Sim, san.Target, 0, "node-1", "iqn.x,i,0x000000000001");
        var seen = new List<(PathState, long)>();
        path.StateChanged += (p, id) => seen.Add((p.State, id));

        long up = path.Login();
        long down = path.Logout();

        Assert.That(seen, Is.EqualTo(new[] { (PathState.Up, up), (PathState.Down, down) }));
    }
}
