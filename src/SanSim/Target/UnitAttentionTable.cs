using System.Numerics;
using SanSim.Scsi;

namespace SanSim.Target;

/// <summary>
/// The pending unit attentions of one LUN, per I_T nexus (CTL's pending_ua[port][iid]), and for each
/// pending attention the trace id of the event that established it.
/// </summary>
public sealed class UnitAttentionTable
{
    /// <summary>
    /// The attentions whose report clears every other pending attention of the nexus (ctl_ua_to_ascq sets
    /// ua_to_clear to all for POWER ON, BUS RESET, TARGET RESET and I_T NEXUS LOSS; LUN RESET clears only itself).
    /// </summary>
    public const UnitAttention ClearsAllWhenReported =
        UnitAttention.PowerOn | UnitAttention.BusReset | UnitAttention.TargetReset | UnitAttention.ITNexusLoss;

    /// <summary>Pending bits of each nexus that has been touched; an untouched nexus holds <see cref="Initial"/>.</summary>
    private readonly Dictionary<Nexus, UnitAttention> _pending = new();

    /// <summary>Cause (trace id) of a pending attention bit of a touched nexus, when one was given.</summary>
    private readonly Dictionary<(Nexus Nexus, int Bit), long> _causes = new();

    /// <summary>Cause of each bit of <see cref="Initial"/>, for nexuses not yet touched.</summary>
    private readonly long[] _initialCauses = new long[32];

    /// <summary>What a nexus has pending before anything touched it: POWER ON, as CTL initialises every LUN.</summary>
    public UnitAttention Initial { get; set; } = UnitAttention.PowerOn;

    public UnitAttention Pending(Nexus nexus) => _pending.TryGetValue(nexus, out var ua) ? ua : Initial;

    public void Establish(Nexus nexus, UnitAttention ua) => Establish(nexus, ua, 0);

    /// <summary>Establishes <paramref name="ua"/> for <paramref name="nexus"/>, caused by trace event <paramref name="causeId"/>.</summary>
    public void Establish(Nexus nexus, UnitAttention ua, long causeId)
    {
        Touch(nexus);
        _pending[nexus] |= ua;
        SetCause(nexus, ua, causeId);
    }

    public void EstablishAll(UnitAttention ua, Nexus? except = null) => EstablishAll(ua, except, 0);

    /// <summary>Establishes <paramref name="ua"/> for every nexus, those not yet seen included, except <paramref name="except"/>.</summary>
    public void EstablishAll(UnitAttention ua, Nexus? except, long causeId)
    {
        if (except is { } e) Touch(e);
        Initial |= ua;
        if (causeId != 0)
            foreach (int bit in Bits(ua)) _initialCauses[bit] = causeId;
        foreach (var key in _pending.Keys.ToList())
        {
            if (key == except) continue;
            _pending[key] |= ua;
            SetCause(key, ua, causeId);
        }
    }

    /// <summary>Establishes <paramref name="ua"/> for every listed nexus on <paramref name="port"/>.</summary>
    public void EstablishPort(int port, UnitAttention ua, IEnumerable<int> initiatorIds, long causeId = 0)
    {
        ArgumentNullException.ThrowIfNull(initiatorIds);
        foreach (int iid in initiatorIds)
            Establish(new Nexus(port, iid), ua, causeId);
    }

    public void Clear(Nexus nexus, UnitAttention ua)
    {
        Touch(nexus);
        _pending[nexus] &= ~ua;
    }

    /// <summary>
    /// The attention to report next for <paramref name="nexus"/> (lowest bit), without clearing it;
    /// <see cref="UnitAttention.None"/> when nothing is pending.
    /// </summary>
    public UnitAttention Peek(Nexus nexus)
    {
        var p = Pending(nexus);
        return p == UnitAttention.None ? UnitAttention.None : (UnitAttention)((uint)p & (uint)-(int)p);
    }

    /// <summary>The trace id of the event that established <paramref name="ua"/> (one bit) for <paramref name="nexus"/>, or 0.</summary>
    public long CauseOf(Nexus nexus, UnitAttention ua)
    {
        if (ua == UnitAttention.None) return 0;
        int bit = BitOperations.TrailingZeroCount((uint)ua);
        if (_pending.ContainsKey(nexus))
            return _causes.TryGetValue((nexus, bit), out long c) ? c : 0;
        return _initialCauses[bit];
    }

    /// <summary>
    /// Takes the attention to report for <paramref name="nexus"/> and clears it as CTL's ctl_build_ua does:
    /// POWER ON, BUS RESET, TARGET RESET and I_T NEXUS LOSS clear every pending attention of the nexus; any
    /// other clears only itself.
    /// </summary>
    public UnitAttention Take(Nexus nexus) => Take(nexus, out _);

    /// <summary>As <see cref="Take(Nexus)"/>, also giving the trace id of the event that established the reported attention.</summary>
    public UnitAttention Take(Nexus nexus, out long causeId)
    {
        var top = Peek(nexus);
        causeId = CauseOf(nexus, top);
        if (top == UnitAttention.None) return top;
        Touch(nexus);
        if ((top & ClearsAllWhenReported) != 0) _pending[nexus] = UnitAttention.None;
        else _pending[nexus] &= ~top;
        return top;
    }

    /// <summary>
    /// The ASC/ASCQ that reports a single attention. An informational exception reports the LUN's IE code; the
    /// only one CTL raises is 5D/FF (FAILURE PREDICTION THRESHOLD EXCEEDED (FALSE)), set by the TEST bit.
    /// </summary>
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
        UnitAttention.InformationalException => new AscAscq(0x5D, 0xFF),
        _ => throw new ArgumentOutOfRangeException(nameof(ua), ua, "not a single unit attention"),
    };

    /// <summary>Gives a nexus its own entry, starting from what an untouched nexus holds, with the initial causes.</summary>
    private void Touch(Nexus nexus)
    {
        if (_pending.ContainsKey(nexus)) return;
        _pending[nexus] = Initial;
        foreach (int bit in Bits(Initial))
            if (_initialCauses[bit] != 0) _causes[(nexus, bit)] = _initialCauses[bit];
    }

    private void SetCause(Nexus nexus, UnitAttention ua, long causeId)
    {
        foreach (int bit in Bits(ua))
        {
            if (causeId != 0) _causes[(nexus, bit)] = causeId;
            else _causes.Remove((nexus, bit));
        }
    }

    private static IEnumerable<int> Bits(UnitAttention ua)
    {
        uint v = (uint)ua;
        while (v != 0)
        {
            int bit = BitOperations.TrailingZeroCount(v);
            yield return bit;
            v &= v - 1;
        }
    }
}
