using SanSim.Hosts.Linux.Multipath;

namespace SanSim.Hosts.Linux;

public sealed partial class LinuxHost
{
    /// <summary>multipathd and its maps; null when <see cref="LinuxHostOptions.Multipath"/> is not set.</summary>
    public Multipathd? Multipathd { get; private set; }

    /// <summary>The dm-multipath devices, in the order they were made.</summary>
    public IReadOnlyList<MultipathDevice> MultipathDevices => Multipathd?.Devices ?? [];

    /// <summary>
    /// The dm device over the LUN that the host addresses as <paramref name="portLun"/> through its paths, for a
    /// filesystem to mount instead of one of its sd disks; null when multipath is off or no map holds that LUN.
    /// </summary>
    public MultipathDevice? MultipathDeviceFor(ulong portLun) =>
        Multipathd?.Devices.FirstOrDefault(d => d.Paths.Any(p => p.Disk.PortLun == portLun));

    /// <summary>The dm device that uses <paramref name="disk"/> as one of its paths, or null.</summary>
    public MultipathDevice? MultipathDeviceFor(ScsiDisk disk)
    {
        ArgumentNullException.ThrowIfNull(disk);
        return Multipathd?.DeviceFor(disk);
    }

    private MultipathDevice? MultipathBlockDevice(string name) =>
        Multipathd?.Devices.FirstOrDefault(d => d.Name == name || d.Alias == name);

    /// <summary>Starts multipathd when the options ask for it; it adds each disk to a map once the disk is attached.</summary>
    private void StartMultipath()
    {
        if (Options.Multipath is not { } options) return;
        Multipathd = new Multipathd(this, options);
        DiskAttached += Multipathd.OnDiskAttached;
    }
}
