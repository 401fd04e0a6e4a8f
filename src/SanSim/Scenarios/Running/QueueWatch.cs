using SanSim.Engine;
using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Multipath;

namespace SanSim.Scenarios.Running;

/// <summary>
/// Watches a Linux host's dm-multipath maps once a second: requests held by queue_if_no_path with no active path
/// for longer than the stall threshold are a stall. The symptom is the kernel's "Failing path" line that left the
/// map without paths, whose cause chain leads to what failed the path.
/// </summary>
internal sealed class QueueWatch
{
    private static readonly SimTime Interval = SimTime.FromSeconds(1);

    private readonly LinuxHost _host;
    private readonly SymptomLog _symptoms;
    private readonly Dictionary<MultipathDevice, (SimTime Since, long FailedBy, bool Noted)> _held = new();

    public QueueWatch(LinuxHost host, SymptomLog symptoms)
    {
        _host = host;
        _symptoms = symptoms;
        host.Simulation.Scheduler.After(Interval, Tick, "multipath queue watch");
    }

    private void Tick()
    {
        var now = _host.Simulation.Now;
        foreach (var map in _host.MultipathDevices)
        {
            if (map.QueuedCount == 0 || map.ActivePathCount > 0)
            {
                _held.Remove(map);
                continue;
            }
            if (!_held.TryGetValue(map, out var held))
            {
                _held[map] = (now, LastFailingPathLine(), false);
                continue;
            }
            if (!held.Noted && now - held.Since > ObservedPath.StallThreshold && held.FailedBy != 0)
            {
                _symptoms.Add(_host.Name, SymptomKind.Stall, held.FailedBy);
                _held[map] = held with { Noted = true };
            }
        }
        _host.Simulation.Scheduler.After(Interval, Tick, "multipath queue watch");
    }

    private long LastFailingPathLine()
    {
        var lines = _host.Log.Lines;
        for (int i = lines.Count - 1; i >= 0; i--)
            if (lines[i].Text.StartsWith("device-mapper: multipath: ", StringComparison.Ordinal)
                && lines[i].Text.Contains("Failing path ", StringComparison.Ordinal))
                return lines[i].TraceId;
        return 0;
    }
}
