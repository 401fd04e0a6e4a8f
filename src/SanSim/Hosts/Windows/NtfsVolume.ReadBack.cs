using SanSim.Engine;

namespace SanSim.Hosts.Windows;

public sealed partial class NtfsVolume
{
    /// <summary>
    /// The data invariant at the end of a run: reads every cluster the disk acknowledged back through the class
    /// driver (with its retries) and compares it with what was acknowledged. <paramref name="done"/> gets the
    /// clusters checked, the LBAs whose data differed, and the reads that failed.
    /// </summary>
    public void VerifyReadBack(Action<NtfsReadBackResult> done, long causeId = 0)
    {
        ArgumentNullException.ThrowIfNull(done);
        var expected = _acknowledged.Keys.Order().Select(lba => (Lba: lba, Data: _acknowledged[lba].ToArray())).ToList();
        var mismatched = new List<ulong>();
        int readErrors = 0;
        int pending = expected.Count;
        if (pending == 0)
        {
            done(new NtfsReadBackResult(0, mismatched, 0));
            return;
        }
        long id = _host.Simulation.Trace.Record(TraceKind.Action, _host.Source, $"read back {pending} acknowledged clusters of {Letter}:", causeId);
        foreach (var (lba, data) in expected)
        {
            ReadCluster(lba, id, r =>
            {
                if (!r.Success) readErrors++;
                else if (!r.Last.DataIn.AsSpan().SequenceEqual(data)) mismatched.Add(lba);
                if (--pending > 0) return;
                mismatched.Sort();
                done(new NtfsReadBackResult(expected.Count, mismatched, readErrors));
            });
        }
    }
}
