using SanSim.Engine;
using SanSim.Target;

namespace SanSim.Tests.Target;

/// <summary>Commands and completions in the trace, and the causes that link a symptom to its origin.</summary>
public class TraceCauseTests
{
    [Test]
    public void NotReadyCompletion_CauseChain_WalksBackToTheStopUnit()
    {
        var san = new TestSan().Ready();
        long sleep = san.Sim.Trace.Record(TraceKind.Action, "host:desktop", "sleep");
        san.Run(san.Windows, 0, Cdbs.StartStop(start: false, immed: true), causeId: sleep);
        var failed = san.Run(san.Linux, 0, Cdbs.Write10(0, 8, fua: true), Cdbs.Data(8, 1));

        var chain = san.Sim.Trace.CauseChain(failed.TraceId);
        Assert.That(chain[0].Message, Is.EqualTo("CHECK CONDITION 02/04/02 LOGICAL UNIT NOT READY, INITIALIZING COMMAND REQUIRED"));
        Assert.That(chain.Select(e => e.Kind), Is.EqualTo(new[] { TraceKind.Completion, TraceKind.StateChange, TraceKind.Command, TraceKind.Action }));
        Assert.That(chain[1].Message, Is.EqualTo("LUN stopped"));
        Assert.That(chain[2].Message, Is.EqualTo("START STOP UNIT from 3:0"));
        Assert.That(chain[^1].Id, Is.EqualTo(sleep));
    }

    [Test]
    public void StopLunByAdministrator_IsTheCauseOfLaterNotReady()
    {
        var san = new TestSan().Ready();
        long stop = san.Target.StopLun(san.Lun0);
        var failed = san.Run(san.Linux, 0, Cdbs.Tur());
        Assert.That(san.Sim.Trace.Find(failed.TraceId)!.CauseId, Is.EqualTo(stop));
    }

    [Test]
    public void Command_IsTracedWithLbaLengthAndNexus()
    {
        var san = new TestSan().Ready();
        san.Run(san.Linux, 0, Cdbs.Write10(0, 8), Cdbs.Data(8, 1), causeId: 0);
        var cmd = san.Sim.Trace.Events.Last(e => e.Kind == TraceKind.Command);
        Assert.That(cmd.Message, Is.EqualTo("WRITE(10) lba 0 len 8 from 0:0"));
        Assert.That(cmd.Source, Is.EqualTo("lun:0"));
        Assert.That(san.Sim.Trace.Events[^1].Message, Is.EqualTo("GOOD"));
    }

    [Test]
    public void UnitAttentionReport_IsCausedByTheLunReset()
    {
        var san = new TestSan().Ready();
        san.Target.LunReset(san.Linux, 0);
        long reset = san.Sim.Trace.Events.Last(e => e.Kind == TraceKind.TaskManagement).Id;
        var c = san.Run(san.Windows, 0, Cdbs.Tur());
        Assert.That(san.Sim.Trace.Find(c.TraceId)!.CauseId, Is.EqualTo(reset));
    }

    [Test]
    public void TraceCommandsOff_RecordsNothing()
    {
        var san = new TestSan().Ready();
        san.Target.TraceCommands = false;
        int before = san.Sim.Trace.Events.Count;
        var c = san.Run(san.Linux, 0, Cdbs.Tur());
        Assert.That(san.Sim.Trace.Events.Count, Is.EqualTo(before));
        Assert.That(c.TraceId, Is.Zero);
    }
}
