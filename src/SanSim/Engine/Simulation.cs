namespace SanSim.Engine;

/// <summary>
/// What every simulated component takes its time, randomness and trace from: one clock, one scheduler,
/// one root random stream from the run's seed, one trace.
/// </summary>
public sealed class Simulation
{
    public Simulation(ulong seed)
    {
        Clock = new VirtualClock();
        Scheduler = new Scheduler(Clock);
        Random = new SimRandom(seed);
        Trace = new Trace(Clock);
    }

    public ulong Seed => Random.Seed;
    public VirtualClock Clock { get; }
    public Scheduler Scheduler { get; }
    public SimRandom Random { get; }
    public Trace Trace { get; }
    public SimTime Now => Clock.Now;
}
