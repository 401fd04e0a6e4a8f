using System.Diagnostics;
using System.Threading.Channels;
using SanSim.Engine;
using SanSim.Scenarios.Running;

namespace SanSim.Serving;

/// <summary>
/// The single simulation thread of a served scenario. It advances the scenario's virtual clock with real time
/// (virtual = start + elapsed × speed) and runs the work that connections and the admin console post to it
/// through a channel, one item at a time, after bringing the world up to the current virtual time. Nothing
/// else touches the world, so the simulation keeps its single-threaded determinism between real inputs.
/// </summary>
internal sealed class SimulationLoop : IDisposable
{
    /// <summary>How often the clock advances when no work arrives.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(5);

    /// <summary>The virtual time advanced in one step while catching up, so a long jump does not hold the thread.</summary>
    private static readonly SimTime Slice = SimTime.FromMinutes(1);

    private readonly Channel<Action> _work = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Stopwatch _wall = new();
    /// <summary>Real time since <see cref="Start"/>: the stopwatch, or a test's clock.</summary>
    private readonly Func<TimeSpan> _elapsed;
    private readonly Thread _thread;
    private readonly Action<string> _log;
    private volatile bool _stopping;

    public SimulationLoop(ScenarioWorld world, SimTime startAt, double speed, Action<string> log)
        : this(world, startAt, speed, log, null)
    {
    }

    /// <summary>A loop whose real time comes from <paramref name="elapsed"/> (real time since start) instead of a stopwatch.</summary>
    internal SimulationLoop(ScenarioWorld world, SimTime startAt, double speed, Action<string> log, Func<TimeSpan>? elapsed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(speed);
        World = world;
        StartAt = startAt;
        Speed = speed;
        _log = log;
        _elapsed = elapsed ?? (() => _wall.Elapsed);
        _thread = new Thread(Run) { IsBackground = true, Name = "sansim simulation" };
    }

    public ScenarioWorld World { get; }

    public SimTime StartAt { get; }

    public double Speed { get; }

    /// <summary>Runs the world to <see cref="StartAt"/> at once, then starts the real-time thread.</summary>
    public void Start()
    {
        CatchUp(StartAt);
        _wall.Start();
        _thread.Start();
    }

    /// <summary>Runs <paramref name="work"/> on the simulation thread and returns its result.</summary>
    public Task<T> Post<T>(Func<ScenarioWorld, T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Run()
        {
            try
            {
                done.TrySetResult(work(World));
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        }
        if (_stopping || !_work.Writer.TryWrite(Run))
            done.TrySetException(new ObjectDisposedException(nameof(SimulationLoop), "the simulation has stopped"));
        return done.Task;
    }

    /// <summary>The virtual time real time has reached.</summary>
    internal SimTime Target()
    {
        double ns = _elapsed().TotalSeconds * Speed * SimTime.NanosPerSecond;
        return StartAt + new SimTime((long)Math.Min(ns, long.MaxValue / 2.0));
    }

    /// <summary>
    /// One turn of the loop: runs every event due by the virtual time real time has reached (however far real
    /// time jumped since the last turn, in order), then each queued piece of work after catching up again.
    /// </summary>
    internal void Advance()
    {
        CatchUp(Target());
        while (_work.Reader.TryRead(out var item))
        {
            CatchUp(Target());
            item();
        }
    }

    private void Run()
    {
        var reader = _work.Reader;
        while (!_stopping)
        {
            Advance();
            try
            {
                reader.WaitToReadAsync().AsTask().Wait(Tick);
            }
            catch (AggregateException e)
            {
                // A wait that ends in an error must not end the thread: the clock would stop and every later event stall.
                _log($"simulation loop: waiting for work failed: {e.InnerException?.Message ?? e.Message}");
            }
        }
    }

    /// <summary>Runs every scheduled event up to <paramref name="until"/>; an event that throws is logged and skipped.</summary>
    private void CatchUp(SimTime until)
    {
        var scheduler = World.Sim.Scheduler;
        while (scheduler.Now < until)
        {
            var next = scheduler.Now + Slice < until ? scheduler.Now + Slice : until;
            try
            {
                scheduler.RunUntil(next);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _log($"simulation event failed at {scheduler.Now}: {e.Message}");
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _work.Writer.TryComplete();
        if (_thread.IsAlive) _thread.Join(TimeSpan.FromSeconds(5));
        while (_work.Reader.TryRead(out var item)) item();
    }
}
