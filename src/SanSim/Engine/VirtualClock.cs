namespace SanSim.Engine;

/// <summary>The simulation's only clock. It moves forward when the scheduler runs an event, never backwards.</summary>
public sealed class VirtualClock
{
    /// <summary>Current virtual time.</summary>
    public SimTime Now { get; private set; }

    internal void AdvanceTo(SimTime t)
    {
        if (t < Now)
            throw new InvalidOperationException($"virtual time cannot go back from {Now} to {t}");
        Now = t;
    }
}
