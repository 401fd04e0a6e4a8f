using SanSim.Engine;
using SanSim.Hosts.Linux.Multipath;

namespace SanSim.Hosts.Linux;

/// <summary>How a Linux host is set up: kernel version, sysfs knobs of its SCSI disks, addressing and names.</summary>
public sealed class LinuxHostOptions
{
    public KernelVersion Kernel { get; init; } = KernelVersion.V6_1;

    /// <summary>ext4 filesystems mounted at start, in this order, each once its disk has been probed (fstab).</summary>
    public IReadOnlyList<Ext4.Ext4MountSpec> Mounts { get; init; } = [];

    /// <summary>sysfs allow_restart of every sd device (default 0 for iSCSI and FC disks): 04/02 wakes the error handler, which sends START UNIT.</summary>
    public bool AllowRestart { get; init; }

    /// <summary>SCSI host number of each path, by index in <see cref="Host.Paths"/>; paths beyond the list get the next free numbers.</summary>
    public IReadOnlyList<int> ScsiHostNumbers { get; init; } = [];

    /// <summary>The first SCSI host number handed out when not given (hosts 0 and 1 are the boot disk's controller).</summary>
    public int FirstScsiHostNumber { get; init; } = 2;

    /// <summary>Device names by H:C:T:L; others are named in discovery order from <see cref="FirstDiskLetter"/>.</summary>
    public IReadOnlyDictionary<ScsiAddress, string> DeviceNames { get; init; } = new Dictionary<ScsiAddress, string>();

    /// <summary>The first letter sd hands out to a discovered disk: 'b', because sda is the boot disk.</summary>
    public char FirstDiskLetter { get; init; } = 'b';

    /// <summary>sd's command timeout (SD_TIMEOUT, sysfs timeout): 30 s.</summary>
    public SimTime CommandTimeout { get; init; } = SimTime.FromSeconds(30);

    /// <summary>The error handler's command timeout (sdev->eh_timeout, SCSI_DEFAULT_EH_TIMEOUT): 10 s.</summary>
    public SimTime EhTimeout { get; init; } = SimTime.FromSeconds(10);

    /// <summary>sd's retry count (SD_MAX_RETRIES, cmd->allowed): 5.</summary>
    public int Retries { get; init; } = 5;

    /// <summary>
    /// How long a command requeued with SCSI_MLQUEUE_DEVICE_BUSY (NOT READY "in progress", BUSY, TASK SET FULL)
    /// waits before it is sent again. The kernel re-runs the queue after SCSI_QUEUE_DELAY (3 ms) once the device's
    /// blocked count drains; one retry per 100 ms keeps long waits cheap while staying far inside the 180 s bound.
    /// </summary>
    public SimTime DelayedRetryInterval { get; init; } = SimTime.FromMilliseconds(100);

    /// <summary>
    /// The host byte of a command the transport could not deliver when the transport does not say why
    /// (<see cref="Transport.NoConnectionReason.Unspecified"/>); otherwise the reason decides: Gone is
    /// DID_NO_CONNECT, FastFail DID_TRANSPORT_FAILFAST.
    /// </summary>
    public HostByte NoConnectionHostByte { get; init; } = HostByte.DidNoConnect;

    /// <summary>The kernel's boot time; dmesg timestamps count from it. Null: the simulation time the host is created.</summary>
    public SimTime? BootTime { get; init; }

    /// <summary>dm-multipath and multipathd: null leaves multipath off; otherwise every LUN gets a dm device over its sd paths.</summary>
    public MultipathOptions? Multipath { get; init; }

    /// <summary>Time from the boot to the first SCSI scan.</summary>
    public SimTime ScanDelay { get; init; } = SimTime.Zero;
}
