using SanSim.Engine;

namespace SanSim.Hosts.Esxi;

/// <summary>How an <see cref="EsxiHost"/> is configured. Defaults that no source gives are marked as modelling choices.</summary>
public sealed record EsxiHostSettings
{
    /// <summary>The LUN (as addressed through the first path) that holds the VMFS datastore. Default 0.</summary>
    public ulong DatastoreLun { get; init; }

    /// <summary>Time between the VM's writes; zero turns the workload off. Default 5 s (a modelling choice).</summary>
    public SimTime WriteInterval { get; init; } = SimTime.FromSeconds(5);

    /// <summary>
    /// Whether ESXi answers NOT READY 04/02 with START UNIT and a retry. behaviour.md §6: unconfirmed, default off.
    /// The START UNIT sent when on is START=1, IMMED=0 (also unconfirmed).
    /// </summary>
    public bool StartUnitOnNotReady { get; init; }

    /// <summary>How long a command may take before it is aborted. Default 30 s (a modelling choice).</summary>
    public SimTime CommandTimeout { get; init; } = SimTime.FromSeconds(30);

    /// <summary>Attempts of one VM write beyond the first (unit attentions, aborts, failovers). Default 5 (a modelling choice).</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>First LBA the VM's writes may use: past VMFS's own metadata at the start of the LUN. Default 2048 (a modelling choice).</summary>
    public ulong DataStartLba { get; init; } = 2048;

    /// <summary>Size of one guest write in bytes. Default 4096.</summary>
    public int WriteBytes { get; init; } = 4096;
}
