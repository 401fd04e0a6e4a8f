using System.Globalization;

namespace SanSim.Target;

/// <summary>
/// A CTL logical unit (struct ctl_lun) with the block backend: geometry, identity, the state flags that
/// START STOP UNIT and media changes set, its pending unit attentions and its data.
/// </summary>
public sealed partial class CtlLun
{
    public CtlLun(int id, ulong blockCount, int blockSize = 512)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        if (blockSize is not (512 or 4096))
            throw new ArgumentOutOfRangeException(nameof(blockSize), blockSize, "block size must be 512 or 4096");
        Id = id;
        BlockCount = blockCount;
        BlockSize = blockSize;
        Store = new SparseBlockStore(blockSize);
        ModePages = new Commands.ModePageSet(blockSize, blockCount);
        Serial = DefaultSerial(id);
        DeviceId = DefaultDeviceId(id);
    }

    /// <summary>CTL LUN number (the global one, not a port LUN).</summary>
    public int Id { get; }

    /// <summary>The name ctld knows the LUN by (ctl.conf "lun NAME"), or null.</summary>
    public string? Name { get; set; }

    /// <summary>Backend name as devlist prints it.</summary>
    public string Backend { get; set; } = "block";

    public ulong BlockCount { get; set; }
    public int BlockSize { get; }
    public ulong SizeBytes => BlockCount * (ulong)BlockSize;

    /// <summary>Unit serial number (VPD page 80h); devlist's "Serial Number".</summary>
    public string Serial { get; set; }

    /// <summary>Device identification string; devlist's "Device ID", and the source of the VPD 83h designators.</summary>
    public string DeviceId { get; set; }

    public string Vendor { get; set; } = "FREEBSD";
    public string Product { get; set; } = "CTLDISK";
    public string Revision { get; set; } = "0001";

    /// <summary>Backend options in the order given (devlist -v "name=value" lines).</summary>
    public List<KeyValuePair<string, string>> Options { get; } = new();

    /// <summary>Option "readonly": writes fail with 07/27/00.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>Option "removable": RMB set in INQUIRY; no-media reported as 02/3A/01.</summary>
    public bool Removable { get; set; }

    /// <summary>CTL_LUN_STOPPED: set by STOP UNIT, cleared only by START UNIT (or ctladm start).</summary>
    public bool Stopped { get; set; }

    /// <summary>CTL_LUN_NO_MEDIA.</summary>
    public bool NoMedia { get; set; }

    /// <summary>CTL_LUN_EJECTED.</summary>
    public bool Ejected { get; set; }

    /// <summary>Nexuses that hold PREVENT MEDIUM REMOVAL.</summary>
    public HashSet<Nexus> PreventingRemoval { get; } = new();

    /// <summary>CTL_LUN_FLAG_UNMAP: the backend can deallocate blocks (UNMAP, WRITE SAME with UNMAP, LBPME in READ CAPACITY(16)).</summary>
    public bool UnmapSupported { get; set; } = true;

    /// <summary>Trace id of the event that last stopped the LUN (the cause of every later NOT READY 04/02), or 0.</summary>
    public long StopCauseId { get; set; }

    /// <summary>The LUN's mode pages: current, changeable and default values (MODE SENSE/SELECT).</summary>
    public Commands.ModePageSet ModePages { get; }

    /// <summary>The LUN's READ/WRITE BUFFER memory, allocated by its first use.</summary>
    internal byte[]? WriteBuffer { get; set; }

    /// <summary>D_SENSE in the Control mode page: sense data is returned in descriptor format.</summary>
    public bool DescriptorSense => ModePages.DescriptorSense;

    public UnitAttentionTable UnitAttentions { get; } = new();

    public SparseBlockStore Store { get; }

    /// <summary>
    /// The serial a LUN gets when none is configured: "MYSERIAL%04d" of the backend's LUN count before this
    /// one (ctl_backend_block.c, ctl_backend_ramdisk.c). A LUN built directly, outside a backend, passes its id.
    /// </summary>
    public static string DefaultSerial(int backendLunIndex) =>
        string.Create(CultureInfo.InvariantCulture, $"MYSERIAL{backendLunIndex:D4}");

    /// <summary>The device id a LUN gets when none is configured: "MYDEVID%04d", numbered as <see cref="DefaultSerial"/>.</summary>
    public static string DefaultDeviceId(int backendLunIndex) =>
        string.Create(CultureInfo.InvariantCulture, $"MYDEVID{backendLunIndex:D4}");
}
