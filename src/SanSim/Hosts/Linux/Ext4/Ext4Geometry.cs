namespace SanSim.Hosts.Linux.Ext4;

/// <summary>
/// The layout mke2fs gives a new ext4 filesystem, as far as the model needs it: block size (mke2fs.conf
/// usage types: "floppy" under 3 MiB and "small" under 512 MiB get 1 KiB blocks, everything else the default
/// 4 KiB), inode ratio, the superblock's block (the superblock lives at byte 1024: block 1 with 1 KiB blocks,
/// inside block 0 otherwise), the internal journal (inode 8) and where the test file's data goes.
/// </summary>
public sealed record Ext4Geometry
{
    /// <summary>Superblock offset from the start of the device (SUPERBLOCK_OFFSET).</summary>
    public const int SuperblockOffsetBytes = 1024;

    /// <summary>The journal's inode (EXT4_JOURNAL_INO); jbd2 names the journal "%s-%d" from device and inode.</summary>
    public const int JournalInode = 8;

    /// <summary>First inode a user file gets on a fresh filesystem (lost+found is 11).</summary>
    public const int FirstFileInode = 12;

    /// <summary>Filesystem size below which mke2fs uses the "floppy" type.</summary>
    public const long FloppyLimitBytes = 3L << 20;

    /// <summary>Filesystem size below which mke2fs uses the "small" type.</summary>
    public const long SmallLimitBytes = 512L << 20;

    public required int BlockSize { get; init; }

    /// <summary>Bytes per inode (mke2fs.conf inode_ratio): floppy 8192, small 4096, default 16384.</summary>
    public required int InodeRatio { get; init; }

    /// <summary>mke2fs.conf usage type chosen: "floppy", "small" or "default".</summary>
    public required string UsageType { get; init; }

    public required ulong BlockCount { get; init; }

    /// <summary>s_first_data_block: 1 with 1 KiB blocks, else 0.</summary>
    public ulong FirstDataBlock => BlockSize == 1024 ? 1UL : 0UL;

    public ulong BlocksPerGroup => (ulong)BlockSize * 8;

    /// <summary>The filesystem block holding the superblock (the buffer ext4_commit_super writes).</summary>
    public ulong SuperblockBlock => (ulong)(SuperblockOffsetBytes / BlockSize);

    public int SectorsPerBlock => BlockSize / Bio.SectorSize;

    public ulong SuperblockSector => BlockToSector(SuperblockBlock);

    public int SuperblockSectors => SectorsPerBlock;

    /// <summary>First block of the journal (its own superblock, written by jbd2_write_superblock).</summary>
    public required ulong JournalStartBlock { get; init; }

    public required ulong JournalBlocks { get; init; }

    /// <summary>First data block of the test file (inode 12).</summary>
    public required ulong DataStartBlock { get; init; }

    /// <summary>Blocks the test file cycles through.</summary>
    public required ulong DataBlocks { get; init; }

    public ulong BlockToSector(ulong block) => block * (ulong)SectorsPerBlock;

    /// <summary>
    /// The geometry mke2fs picks for a device of <paramref name="sectorCount"/> 512-byte sectors, or null when it
    /// is too small for a journalled filesystem (ext2fs_default_journal_size refuses under 2048 blocks).
    /// A block size below the device's logical sector size is raised to it, as mke2fs does.
    /// </summary>
    public static Ext4Geometry? ForDevice(ulong sectorCount, ulong fileBlocks = 64, int logicalBlockSize = Bio.SectorSize)
    {
        long bytes = (long)Math.Min(sectorCount, (ulong)long.MaxValue / Bio.SectorSize) * Bio.SectorSize;
        (string type, int blockSize, int ratio) = bytes < FloppyLimitBytes ? ("floppy", 1024, 8192)
            : bytes < SmallLimitBytes ? ("small", 1024, 4096)
            : ("default", 4096, 16384);
        if (blockSize < logicalBlockSize) blockSize = logicalBlockSize;
        ulong blocks = (ulong)bytes / (ulong)blockSize;
        long journal = DefaultJournalBlocks(blocks);
        if (journal < 0) return null;
        ulong first = blockSize == 1024 ? 1UL : 0UL;
        ulong perGroup = (ulong)blockSize * 8;
        // The journal starts at the first block of the group mke2fs picks near the middle (block 114689 on the
        // reference log's 256 MiB disk).
        ulong groups = (blocks - first + perGroup - 1) / perGroup;
        ulong start = MidpointJournalGroup(blocks, first, perGroup, groups) * perGroup + first;
        // Group 0 starts with the superblock, descriptors, bitmaps and inode tables; the allocator moves past them.
        if (start == first) start = first + 256;
        if (start + (ulong)journal + fileBlocks > blocks) return null;
        // The test file sits where the reference log's inode 12 was (group 2 + 37), when that is free.
        ulong data = first + 2 * perGroup + 37;
        if (data + fileBlocks > blocks || (data + fileBlocks > start && data < start + (ulong)journal))
            data = start + (ulong)journal;
        return new Ext4Geometry
        {
            BlockSize = blockSize,
            InodeRatio = ratio,
            UsageType = type,
            BlockCount = blocks,
            JournalStartBlock = start,
            JournalBlocks = (ulong)journal,
            DataStartBlock = data,
            DataBlocks = fileBlocks,
        };
    }

    /// <summary>
    /// e2fsprogs get_midpoint_journal_block (lib/ext2fs/mkjournal.c): the group at the middle of the filesystem
    /// (rounded down to its flex group of 16 when past the first), or the neighbour group with the most free
    /// blocks; groups holding superblock backups (0, 1, powers of 3, 5, 7) or flex-group metadata have fewer.
    /// </summary>
    private static ulong MidpointJournalGroup(ulong blocks, ulong first, ulong perGroup, ulong groups)
    {
        const ulong logFlex = 16;
        ulong group = ((blocks - first) / 2 - first) / perGroup;
        ulong start;
        if (group > logFlex)
        {
            group &= ~(logFlex - 1);
            start = group;
        }
        else
            start = group > 0 ? group - 1 : group;
        ulong end = group + 1 < groups ? group + 1 : group;
        for (ulong g = start; g <= end; g++)
            if (!HasExtraMetadata(g)) return g;
        return start;
    }

    private static bool HasExtraMetadata(ulong group)
    {
        if (group <= 1 || group % 16 == 0) return true;
        foreach (ulong b in new ulong[] { 3, 5, 7 })
        {
            ulong p = b;
            while (p < group) p *= b;
            if (p == group) return true;
        }
        return false;
    }

    /// <summary>e2fsprogs ext2fs_default_journal_size: journal blocks for a filesystem of <paramref name="blocks"/>.</summary>
    public static long DefaultJournalBlocks(ulong blocks) => blocks switch
    {
        < 2048 => -1,
        < 32768 => 1024,
        < 256 * 1024 => 4096,
        < 512 * 1024 => 8192,
        < 4096 * 1024 => 16384,
        < 8192 * 1024 => 32768,
        < 16384 * 1024 => 65536,
        < 32768 * 1024 => 131072,
        _ => 262144,
    };
}
