using SanSim.Engine;

namespace SanSim.Hosts.Windows;

/// <summary>How a <see cref="WindowsHost"/> is configured. Each default names its source or says it is a modelling choice.</summary>
public sealed record WindowsHostSettings
{
    /// <summary>
    /// LUNs (as the host addresses them) whose disks the SAN policy brings online with an NTFS volume. Every
    /// other disk stays Offline: it has no volume and gets no I/O, but it is still a disk that receives power IRPs.
    /// </summary>
    public IReadOnlyCollection<ulong> OnlineLuns { get; init; } = [];

    /// <summary>
    /// True (default): the disk class driver spins disks down on sleep, hibernate and shutdown (ClassSpinDownPowerHandler
    /// with HandleSpinDown). False models CLASS_SPECIAL_DISABLE_SPIN_DOWN: the power-down sends neither SYNCHRONIZE
    /// CACHE nor STOP UNIT. Windows sets that flag only from built-in hack tables; as a setting it is hypothetical.
    /// </summary>
    public bool StopOnSleep { get; init; } = true;

    /// <summary>FDO_HACK_NO_SYNC_CACHE: the power-down skips SYNCHRONIZE CACHE(10). Default false.</summary>
    public bool NoSyncCache { get; init; }

    /// <summary>The LUN of the disk on the hibernation path (boot from SAN): on hibernate it is flushed but not stopped. Default none.</summary>
    public ulong? HibernationLun { get; init; }

    /// <summary>
    /// The disk's TimeOutValue for I/O and SYNCHRONIZE CACHE. Default 10 s: SCSI_DISK_TIMEOUT in disk.h, used when the
    /// registry holds no Disk\TimeOutValue (installers often set 60 s there).
    /// </summary>
    public SimTime CommandTimeout { get; init; } = SimTime.FromSeconds(10);

    /// <summary>Time between the NTFS volume's writes; zero turns the workload off. Default 5 s (a modelling choice).</summary>
    public SimTime IoInterval { get; init; } = SimTime.FromSeconds(5);

    /// <summary>Retries of a read or write: NUM_IO_RETRIES = MAXIMUM_RETRIES = 4 from Windows 8.1 (classp.h); 8 before (LEGACY_NUM_IO_RETRIES).</summary>
    public int IoRetries { get; init; } = 4;

    /// <summary>Number of the first SAN disk ("Disk 1"): Disk 0 is the desktop's local boot disk, which is not modelled. Default 1.</summary>
    public int FirstDiskNumber { get; init; } = 1;

    /// <summary>
    /// True (default): the HBA has no power in sleep, hibernation or off, so its paths log out after the power-down
    /// and log in again on wake (the target then reports POWER ON to the first command). Unconfirmed by a trace.
    /// </summary>
    public bool PathsDownWhileAsleep { get; init; } = true;

    /// <summary>First LBA of the NTFS partition: 2048 (1 MiB, Windows' partition alignment).</summary>
    public ulong VolumeStartLba { get; init; } = 2048;

    /// <summary>NTFS cluster size in bytes: 4096, the default for volumes up to 16 TiB.</summary>
    public int ClusterBytes { get; init; } = 4096;
}
