namespace SanSim.Hosts.Windows;

/// <summary>What reading back every acknowledged cluster of a volume found.</summary>
public sealed record NtfsReadBackResult(int ClustersChecked, IReadOnlyList<ulong> MismatchedLbas, int ReadErrors)
{
    public bool Intact => MismatchedLbas.Count == 0 && ReadErrors == 0;
}
