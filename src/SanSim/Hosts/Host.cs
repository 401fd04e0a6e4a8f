using SanSim.Engine;
using SanSim.Hosts.Transport;

namespace SanSim.Hosts;

/// <summary>The operating system a host model imitates.</summary>
public enum HostOs
{
    Linux,
    Windows,
    Esxi,
}

/// <summary>
/// A simulated initiator host: its paths to the target, its log, and the actions a scenario can make it take.
/// Everything it does happens in the simulation's virtual time and is recorded in its trace.
/// </summary>
public abstract class Host
{
    private readonly List<IScsiPath> _paths = new();

    protected Host(Simulation simulation, string name)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Simulation = simulation;
        Name = name;
        Log = new HostLog(simulation, name);
        Random = simulation.Random.Stream("hosts").Stream(name);
    }

    public Simulation Simulation { get; }
    public string Name { get; }
    public abstract HostOs Os { get; }
    public HostLog Log { get; }

    /// <summary>This host's own random stream, independent of every other host's.</summary>
    public SimRandom Random { get; }

    /// <summary>Trace source of the host ("host:desktop").</summary>
    public string Source => Log.Source;

    public IReadOnlyList<IScsiPath> Paths => _paths;

    public void AddPath(IScsiPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.HostName != Name)
            throw new ArgumentException($"path {path.Name} belongs to host {path.HostName}, not {Name}", nameof(path));
        _paths.Add(path);
    }

    /// <summary>Records a scenario or operator action on this host (the root of what follows) and returns its trace id.</summary>
    protected long RecordAction(string what, long causeId = 0) =>
        Simulation.Trace.Record(TraceKind.Action, Source, what, causeId);

    /// <summary>Brings the host up at the start of a run: log in on every path, discover disks, mount filesystems.</summary>
    public abstract void Start(long causeId = 0);
}
