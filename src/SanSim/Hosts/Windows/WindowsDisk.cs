using SanSim.Hosts.Transport;

namespace SanSim.Hosts.Windows;

/// <summary>A device power state as classpnp tracks it (DevicePowerState).</summary>
public enum DevicePowerState
{
    D0,
    D3,
}

/// <summary>
/// One disk as disk.sys sees it: a LUN reached through one path ("Disk N"). Without MPIO a LUN seen through two
/// paths is two disks. Offline disks (SAN policy) have no volume but are powered down and up like the others.
/// </summary>
public sealed class WindowsDisk
{
    internal WindowsDisk(int number, IScsiPath path, ulong portLun, ulong blockCount, int blockSize, bool removable)
    {
        Number = number;
        Path = path;
        PortLun = portLun;
        BlockCount = blockCount;
        BlockSize = blockSize;
        Removable = removable;
    }

    /// <summary>"Disk N" in Disk Management.</summary>
    public int Number { get; }
    public IScsiPath Path { get; }

    /// <summary>The LUN the host addresses through <see cref="Path"/>.</summary>
    public ulong PortLun { get; }
    public ulong BlockCount { get; internal set; }
    public int BlockSize { get; internal set; }

    /// <summary>RMB in the INQUIRY data.</summary>
    public bool Removable { get; }

    /// <summary>DEV_SAFE_START_UNIT: disk.sys sets it for every non-removable disk, so 04/xx makes classpnp send START UNIT.</summary>
    public bool SafeStartUnit => !Removable;

    /// <summary>Online (SAN policy), with an NTFS volume; Offline disks get no I/O.</summary>
    public bool Online { get; internal set; }

    public DevicePowerState PowerState { get; internal set; } = DevicePowerState.D0;

    /// <summary>Power-locked queue: the power-down has started and the power-up has not finished.</summary>
    public bool QueueLocked { get; internal set; }

    /// <summary>START UNITs classpnp sent because a command failed with NOT READY 04/xx (DEV_SAFE_START_UNIT).</summary>
    public int StartUnitsOnNotReady { get; internal set; }

    /// <summary>Commands sent to the disk and not yet completed (retries excluded).</summary>
    public int InFlight { get; internal set; }

    /// <summary>The model's name for the device object, used where a message needs one.</summary>
    public string DeviceName => $"\\Device\\Harddisk{Number}\\DR{Number}";

    internal List<Action> QuiesceWaiters { get; } = new();

    public override string ToString() => $"Disk {Number} (LUN {PortLun} via {Path.Name}, {(Online ? "Online" : "Offline")})";
}
