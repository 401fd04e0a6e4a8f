namespace SanSim.Hosts.Linux;

/// <summary>
/// A filesystem mounted on one of a Linux host's block devices (ext4 on sdb): the host keeps the list and asks
/// each to unmount. The filesystem model implements it.
/// </summary>
public interface IMountedFilesystem
{
    /// <summary>The block device it is mounted on.</summary>
    IBlockDevice Device { get; }

    /// <summary>Where it is mounted ("/var/lib/kubelet/pods/…").</summary>
    string MountPoint { get; }

    /// <summary>Whether it is mounted read-only now (also after an error remounted it so).</summary>
    bool ReadOnly { get; }

    /// <summary>Unmounts; returns 0 or a negative errno (-EBUSY).</summary>
    int Umount(long causeId = 0);
}
