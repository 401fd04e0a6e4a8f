using System.Diagnostics.Tracing;
using System.Globalization;

namespace SanSim.Benchmarks;

/// <summary>
/// Samples the runtime's GCAllocationTick events (one about every 100 KB allocated) and sums the sampled bytes by
/// type name: a rough census of what a workload allocates, without an outside profiler.
/// </summary>
internal sealed class AllocationCensus : EventListener
{
    private readonly Dictionary<string, long> _bytes = new();
    private readonly Lock _gate = new();

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null) return;
        int nameAt = eventData.PayloadNames!.IndexOf("TypeName");
        int amountAt = eventData.PayloadNames.IndexOf("AllocationAmount64");
        if (nameAt < 0 || amountAt < 0) return;
        string name = eventData.Payload[nameAt] as string ?? "?";
        long amount = Convert.ToInt64(eventData.Payload[amountAt], CultureInfo.InvariantCulture);
        lock (_gate)
            _bytes[name] = _bytes.GetValueOrDefault(name) + amount;
    }

    /// <summary>The <paramref name="top"/> types by sampled bytes, largest first.</summary>
    public IReadOnlyList<(string Type, long Bytes)> Top(int top)
    {
        lock (_gate)
            return _bytes.OrderByDescending(kv => kv.Value).Take(top).Select(kv => (kv.Key, kv.Value)).ToList();
    }
}
