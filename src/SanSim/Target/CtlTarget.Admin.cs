using System.Globalization;
using SanSim.Engine;

namespace SanSim.Target;

/// <summary>
/// The outcome of an administrative request, shaped like CTL's: an ioctl either fails with an errno
/// (<see cref="Errno"/>, FreeBSD numbering) or completes with a request status whose error string is
/// <see cref="Error"/> (CTL_LUN_ERROR), or succeeds with a <see cref="Warning"/> (CTL_LUN_WARNING).
/// <see cref="EventId"/> is the trace id of the state change.
/// </summary>
public readonly record struct CtlAdminResult(int Errno, string? Error, long EventId, CtlLun? Lun = null, string? Warning = null)
{
    public bool Ok => Errno == 0 && Error is null;

    public static CtlAdminResult Fail(int errno) => new(errno, null, 0);
    public static CtlAdminResult Rejected(string error) => new(0, error, 0);
}

/// <summary>FreeBSD errno values the admin requests return.</summary>
public static class CtlErrno
{
    public const int ENXIO = 6;
    public const int EBUSY = 16;
    public const int EINVAL = 22;
}

/// <summary>
/// A CTL_LUNREQ_CREATE request as ctladm create or ctld sends it. Null fields are "not given": the backend
/// picks a default (lowest free LUN id, MYSERIAL/MYDEVID strings, 512-byte blocks).
/// </summary>
public sealed record CtlLunCreateRequest
{
    public string Backend { get; init; } = "block";
    public int? LunId { get; init; }
    public ulong? SizeBytes { get; init; }
    public int? BlockSize { get; init; }
    public string? Serial { get; init; }
    public string? DeviceId { get; init; }
    public int DeviceType { get; init; }
    public string? Name { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Options { get; init; } = [];
}

public sealed partial class CtlTarget
{
    /// <summary>ctl_lun_map_size: the number of port LUN slots in a LUN map (kern.cam.ctl.lun_map_size).</summary>
    public const uint LunMapSize = 1024;

    /// <summary>ctl_max_luns: the highest CTL LUN id plus one.</summary>
    public const int MaxLuns = 1024;

    /// <summary>The backends a CTL kernel registers, by the name CTL_LUN_REQ looks them up under.</summary>
    public static readonly IReadOnlyList<string> Backends = ["block", "ramdisk"];

    /// <summary>CTL_LUN_MAP with -l and -L: port LUN <paramref name="portLun"/> of <paramref name="port"/> shows CTL LUN <paramref name="ctlLun"/>.</summary>
    public CtlAdminResult SetLunMap(int port, uint portLun, uint ctlLun, long causeId = 0) =>
        LunMapRequest(port, portLun, ctlLun, causeId);

    /// <summary>CTL_LUN_MAP with -l only: port LUN <paramref name="portLun"/> of <paramref name="port"/> shows nothing.</summary>
    public CtlAdminResult UnmapPortLun(int port, uint portLun, long causeId = 0) =>
        LunMapRequest(port, portLun, uint.MaxValue, causeId);

    /// <summary>CTL_LUN_MAP with neither -l nor -L: the port's map is removed, "All LUNs mapped".</summary>
    public CtlAdminResult DisableLunMap(int port, long causeId = 0) =>
        LunMapRequest(port, uint.MaxValue, uint.MaxValue, causeId);

    /// <summary>CTL_LUN_MAP with -L only: the port gets a fresh, empty map, "No LUNs mapped".</summary>
    public CtlAdminResult EnableEmptyLunMap(int port, long causeId = 0) =>
        LunMapRequest(port, uint.MaxValue, 0, causeId);

    /// <summary>
    /// The CTL_LUN_MAP ioctl. On an online port every initiator of the port gets LUN_CHANGE (3F/0E) on each
    /// LUN visible through it before the change, even when the request then fails; then the map changes.
    /// </summary>
    private CtlAdminResult LunMapRequest(int port, uint portLun, uint ctlLun, long causeId)
    {
        if (!Ports.TryGetValue(port, out var p))
            return CtlAdminResult.Fail(CtlErrno.ENXIO);

        string what = (portLun, ctlLun) switch
        {
            (uint.MaxValue, uint.MaxValue) => "LUN map disabled",
            (uint.MaxValue, _) => "LUN map enabled, empty",
            (_, uint.MaxValue) => $"port LUN {portLun} unmapped",
            _ => $"port LUN {portLun} mapped to LUN {ctlLun}",
        };
        long change = Trace.Record(TraceKind.StateChange, PortSource(port), what, causeId);

        if (p.Online)
            EstablishLunChangeForPort(p, change);

        if (portLun != uint.MaxValue)
        {
            if (ctlLun == uint.MaxValue)
            {
                if (p.LunMap.Enabled && portLun < LunMapSize)
                    p.LunMap.Remove(portLun);
                return new CtlAdminResult(0, null, change);
            }
            if (ctlLun >= MaxLuns || !Luns.ContainsKey((int)ctlLun))
                return new CtlAdminResult(CtlErrno.ENXIO, null, change);
            if (!p.LunMap.Enabled)
                p.LunMap.Enable();
            if (portLun >= LunMapSize)
                return new CtlAdminResult(CtlErrno.EINVAL, null, change);
            p.LunMap.Set(portLun, ctlLun);
            return new CtlAdminResult(0, null, change);
        }

        p.LunMap.Disable();
        if (ctlLun != uint.MaxValue)
            p.LunMap.Enable();
        return new CtlAdminResult(0, null, change);
    }

    /// <summary>ctl_est_ua_port(lun, port, -1, LUN_CHANGE) for every LUN the port shows.</summary>
    private void EstablishLunChangeForPort(CtlPort p, long causeId)
    {
        foreach (var lun in Luns.Values)
        {
            if (p.LunMap.ToPortLun((uint)lun.Id) is null) continue;
            lun.UnitAttentions.EstablishPort(p.Number, UnitAttention.LunChange, p.Initiators.Keys);
            Trace.Record(TraceKind.UnitAttention, LunSource(lun.Id),
                $"LUN_CHANGE 3F/0E established for the initiators of port {p.Number}", causeId);
        }
    }

    /// <summary>
    /// ctl_port_online / ctl_port_offline: sets the port's state and, on every LUN visible through it,
    /// INQUIRY DATA HAS CHANGED (3F/03) for every initiator of that LUN. Like CTL it does this even when the
    /// port already is in that state. ENXIO when there is no such port.
    /// </summary>
    public CtlAdminResult SetPortOnline(int port, bool online, long causeId = 0)
    {
        if (!Ports.TryGetValue(port, out var p))
            return CtlAdminResult.Fail(CtlErrno.ENXIO);
        p.Online = online;
        long change = Trace.Record(TraceKind.StateChange, PortSource(port), online ? "port online" : "port offline", causeId);
        foreach (var lun in Luns.Values)
        {
            if (p.LunMap.ToPortLun((uint)lun.Id) is null) continue;
            lun.UnitAttentions.EstablishAll(UnitAttention.InquiryChange);
            Trace.Record(TraceKind.UnitAttention, LunSource(lun.Id), "INQ_CHANGE 3F/03 established for all initiators", change);
        }
        return new CtlAdminResult(0, null, change);
    }

    /// <summary>
    /// CTL_LUNREQ_CREATE: the backend creates the LUN under the requested or the lowest free id; every other
    /// LUN gets REPORTED LUNS DATA HAS CHANGED (3F/0E) for all initiators.
    /// </summary>
    public CtlAdminResult CreateLun(CtlLunCreateRequest request, long causeId = 0)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Backends.Contains(request.Backend))
            return CtlAdminResult.Rejected($"Backend \"{request.Backend}\" not found.");
        int blockSize = request.BlockSize is null or 0 ? 512 : request.BlockSize.Value;
        if (blockSize is not (512 or 4096))
            return CtlAdminResult.Rejected($"sansim models only 512 and 4096 byte blocks, not {blockSize}");
        if (request.SizeBytes is null or 0)
            return CtlAdminResult.Rejected("sansim has no backing store to size the LUN from; give its size");
        if (request.SizeBytes < (ulong)blockSize)
            return CtlAdminResult.Rejected($"LUN size {request.SizeBytes} < blocksize {blockSize}");

        int id;
        if (request.LunId is { } wanted)
        {
            if (wanted < 0 || wanted >= MaxLuns || Luns.ContainsKey(wanted))
                return CtlAdminResult.Rejected("LUN configuration error, see dmesg for details");
            id = wanted;
        }
        else
        {
            id = Enumerable.Range(0, MaxLuns).FirstOrDefault(i => !Luns.ContainsKey(i), -1);
            if (id < 0)
                return CtlAdminResult.Rejected("LUN configuration error, see dmesg for details");
        }

        // The block backend opens its "file" option; without one the LUN is created anyway, with no medium.
        string? warning = null;
        bool noMedia = false;
        if (request.Backend == "block" && request.DeviceType == 0 && !request.Options.Any(o => o.Key == "file"))
        {
            warning = "no file argument specified";
            noMedia = true;
        }

        int backendLuns = Luns.Values.Count(l => l.Backend == request.Backend);
        var lun = new CtlLun(id, request.SizeBytes.Value / (ulong)blockSize, blockSize)
        {
            Backend = request.Backend,
            Name = request.Name,
            Serial = request.Serial ?? CtlLun.DefaultSerial(backendLuns),
            DeviceId = request.DeviceId ?? CtlLun.DefaultDeviceId(backendLuns),
            NoMedia = noMedia,
        };
        lun.Options.AddRange(request.Options);
        ApplyLunOptions(lun);

        long change = Trace.Record(TraceKind.StateChange, LunSource(id),
            $"LUN created: {request.Backend}, {lun.BlockCount} blocks of {blockSize}", causeId);
        EstablishLunChangeOnOtherLuns(except: null, change);
        AddLun(lun);
        return new CtlAdminResult(0, null, change, lun, warning);
    }

    /// <summary>
    /// CTL_LUNREQ_RM: the backend that manages the LUN removes it; every remaining LUN gets REPORTED LUNS
    /// DATA HAS CHANGED (3F/0E) for all initiators. Port LUN maps keep their entries, which now show nothing.
    /// </summary>
    public CtlAdminResult RemoveLun(string backend, int lunId, long causeId = 0)
    {
        ArgumentNullException.ThrowIfNull(backend);
        if (!Backends.Contains(backend))
            return CtlAdminResult.Rejected($"Backend \"{backend}\" not found.");
        if (!Luns.TryGetValue(lunId, out var lun) || lun.Backend != backend)
            return CtlAdminResult.Rejected($"LUN {(uint)lunId} is not managed by the {backend} backend");
        Luns.Remove(lunId);
        long change = Trace.Record(TraceKind.StateChange, LunSource(lunId), "LUN removed", causeId);
        EstablishLunChangeOnOtherLuns(except: lunId, change);
        return new CtlAdminResult(0, null, change, lun);
    }

    /// <summary>
    /// CTL_LUNREQ_MODIFY: a new size and the LUN's new options (which replace the old ones, as the block
    /// backend's modify does). A size that changes the block count establishes
    /// CAPACITY DATA HAS CHANGED (2A/09) for every initiator of the LUN. A size of 0 keeps the current size
    /// (the backing store's size, which sansim takes to be the LUN's).
    /// </summary>
    public CtlAdminResult ResizeLun(string backend, int lunId, ulong sizeBytes,
        IReadOnlyList<KeyValuePair<string, string>>? options = null, long causeId = 0)
    {
        ArgumentNullException.ThrowIfNull(backend);
        if (!Backends.Contains(backend))
            return CtlAdminResult.Rejected($"Backend \"{backend}\" not found.");
        if (!Luns.TryGetValue(lunId, out var lun) || lun.Backend != backend)
            return CtlAdminResult.Rejected($"LUN {(uint)lunId} is not managed by the {backend} backend");
        if (sizeBytes != 0 && sizeBytes < (ulong)lun.BlockSize)
            return CtlAdminResult.Rejected($"LUN size {sizeBytes} < blocksize {lun.BlockSize}");

        // The request's options replace the LUN's (nvlist_clone of the request's arguments).
        lun.Options.Clear();
        if (options is not null)
            lun.Options.AddRange(options);
        ApplyLunOptions(lun);

        ulong oldBlocks = lun.BlockCount;
        if (sizeBytes != 0)
            lun.BlockCount = sizeBytes / (ulong)lun.BlockSize;
        long change = Trace.Record(TraceKind.StateChange, LunSource(lunId),
            $"LUN modified: {lun.BlockCount} blocks of {lun.BlockSize}", causeId);
        if (lun.BlockCount != oldBlocks)
        {
            lun.UnitAttentions.EstablishAll(UnitAttention.CapacityChange);
            Trace.Record(TraceKind.UnitAttention, LunSource(lunId), "CAPACITY_CHANGE 2A/09 established for all initiators", change);
        }
        return new CtlAdminResult(0, null, change, lun);
    }

    /// <summary>The LUN options CTL acts on that the model has a state for.</summary>
    private static void ApplyLunOptions(CtlLun lun)
    {
        foreach (var (name, value) in lun.Options)
        {
            switch (name)
            {
                case "readonly": lun.ReadOnly = value == "on"; break;
                case "removable": lun.Removable = value == "on"; break;
                case "vendor": lun.Vendor = value; break;
                case "product": lun.Product = value; break;
                case "revision": lun.Revision = value; break;
            }
        }
    }

    /// <summary>ctl_est_ua_all(lun, -1, LUN_CHANGE) on every LUN but <paramref name="except"/>.</summary>
    private void EstablishLunChangeOnOtherLuns(int? except, long causeId)
    {
        foreach (var other in Luns.Values)
        {
            if (other.Id == except) continue;
            other.UnitAttentions.EstablishAll(UnitAttention.LunChange);
            Trace.Record(TraceKind.UnitAttention, LunSource(other.Id), "LUN_CHANGE 3F/0E established for all initiators", causeId);
        }
    }
}
