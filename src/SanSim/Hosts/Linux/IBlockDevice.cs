namespace SanSim.Hosts.Linux;

/// <summary>
/// A Linux block device as a filesystem sees it (a gendisk such as sdb, or a dm-multipath device):
/// it takes bios and completes them in virtual time.
/// </summary>
public interface IBlockDevice
{
    /// <summary>The kernel's name for it: "sdb", "dm-0".</summary>
    string Name { get; }

    /// <summary>Capacity in 512-byte sectors.</summary>
    ulong SectorCount { get; }

    /// <summary>Logical block size in bytes (512 or 4096).</summary>
    int LogicalBlockSize { get; }

    /// <summary>Queues a bio; its <see cref="Bio.Complete"/> is called later.</summary>
    void Submit(Bio bio);
}
