using SanSim.Scsi;

namespace SanSim.Target;

/// <summary>The pending unit attentions of one LUN, per I_T nexus (CTL's pending_ua[port][iid]).</summary>
public sealed class UnitAttentionTable
{
    /// <summary>Pending bits of each nexus that has been touched; an untouched nexus holds <see cref="Initial"/>.</summary>
    private readonly Dictionary<Nexus, UnitAttention> _pending = new();

    /// <summary>What a nexus has pending before anything touched it: POWER ON, as CTL initialises every LUN.</summary>
    public UnitAttention Initial { get; set; } = UnitAttention.PowerOn;

    public UnitAttention Pending(Nexus nexus) => _pending.TryGetValue(nexus, out var ua) ? ua : Initial;

    public void Establish(Nexus nexus, UnitAttention ua) => _pending[nexus] = Pending(nexus) | ua;

    /// <summary>Establishes <paramref name="ua"/> for every nexus, those not yet seen included, except <paramref name="except"/>.</summary>
    public void EstablishAll(UnitAttention ua, Nexus? except = null)
    {
        if (except is { } e && !_pending.ContainsKey(e))
            _pending[e] = Initial;
        Initial |= ua;
        foreach (var key in _pending.Keys.ToList())
            if (key != except) _pending[key] |= ua;
    }

    /// <summary>Establishes <paramref name="ua"/> for every nexus on <paramref name="port"/> that has been seen.</summary>
    public void EstablishPort(int port, UnitAttention ua, IEnumerable<int> initiatorIds)
    {
        foreach (int iid in initiatorIds)
            Establish(new Nexus(port, iid), ua);
    }

    public void Clear(Nexus nexus, UnitAttention ua) => _pending[nexus] = Pending(nexus) & ~ua;

    /// <summary>
    /// The attention to report next for <paramref name="nexus"/> (lowest bit), without clearing it;
    /// <see cref="UnitAttention.None"/> when nothing is pending.
    /// </summary>
    public UnitAttention Peek(Nexus nexus)
    {
        var p = Pending(nexus);
        return p == UnitAttention.None ? UnitAttention.None : (UnitAttention)((uint)p & (uint)-(int)p);
    }

    /// <summary>
    /// Takes the attention to report for <paramref name="nexus"/> and clears it as CTL does: a 29/xx clears
    /// every pending attention of the nexus; any other clears only itself.
    /// </summary>
    public UnitAttention Take(Nexus nexus)
    {
        var top = Peek(nexus);
        if (top == UnitAttention.None) return top;
        if ((top & UnitAttention.AllResets) != 0) _pending[nexus] = UnitAttention.None;
        else Clear(nexus, top);
        return top;
    }

    /// <summary>The ASC/ASCQ that reports a single attention.</summary>
    public static AscAscq AscFor(UnitAttention ua) => ua switch
    {
        UnitAttention.PowerOn => AscAscq.PowerOnOccurred,
        UnitAttention.BusReset => AscAscq.ScsiBusResetOccurred,
        UnitAttention.TargetReset => AscAscq.BusDeviceResetFunctionOccurred,
        UnitAttention.ITNexusLoss => AscAscq.ITNexusLossOccurred,
        UnitAttention.LunReset => AscAscq.PowerOnResetOrBusDeviceResetOccurred,
        UnitAttention.LunChange => AscAscq.ReportedLunsDataHasChanged,
        UnitAttention.ModeChange => AscAscq.ModeParametersChanged,
        UnitAttention.LogChange => AscAscq.LogParametersChanged,
        UnitAttention.InquiryChange => AscAscq.InquiryDataHasChanged,
        UnitAttention.ReservationsPreempted => AscAscq.ReservationsPreempted,
        UnitAttention.ReservationsReleased => AscAscq.ReservationsReleased,
        UnitAttention.RegistrationsPreempted => AscAscq.RegistrationsPreempted,
        UnitAttention.AsymmetricAccessChange => AscAscq.AsymmetricAccessStateChanged,
        UnitAttention.CapacityChange => AscAscq.CapacityDataHasChanged,
        UnitAttention.ThinProvisioningThreshold => AscAscq.ThinProvisioningSoftThresholdReached,
        UnitAttention.MediumChange => AscAscq.NotReadyToReadyChange,
        _ => throw new ArgumentOutOfRangeException(nameof(ua), ua, "not a single unit attention"),
    };
}
