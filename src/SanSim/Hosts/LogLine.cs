using SanSim.Engine;

namespace SanSim.Hosts;

/// <summary>One line of a host's log, at a virtual time, with the trace event that records it.</summary>
public sealed record LogLine(SimTime Time, string Text, long TraceId);
