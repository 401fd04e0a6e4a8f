using SanSim.Scsi;
using SanSim.Target.Reservations;

namespace SanSim.Target;

/// <summary>
/// A LUN's persistent reservation state (SPC-4 5.13): registrations with their keys and the reservation,
/// served by PERSISTENT RESERVE IN and OUT. Modelled on CTL (ctl.c ctl_persistent_reserve_out,
/// ctl_pro_preempt, ctl_scsiio_lun_check): LU scope only, no SPEC_I_PT/ALL_TG_PT/APTPL, registrations per
/// I_T nexus, kept across I_T nexus loss and resets, listed in CTL's initiator-index order (port, then id).
/// </summary>
public sealed partial class PersistentReservations
{
    /// <summary>Registered keys by nexus (CTL's pr_keys); never holds a zero key, which means "not registered".</summary>
    private readonly SortedDictionary<Nexus, ulong> _keys = new(NexusOrder.Instance);

    /// <summary>CTL_LUN_PR_RESERVED.</summary>
    private bool _reserved;

    /// <summary>pr_res_type: the TYPE of the reservation, None when there is none.</summary>
    private PersistentReservationType _type;

    /// <summary>pr_res_idx when it names one nexus; null when there is no reservation or it is an all-registrants one.</summary>
    private Nexus? _holder;

    /// <summary>pr_res_idx == CTL_PR_ALL_REGISTRANTS.</summary>
    private bool _allRegistrants;

    /// <summary>Whether some nexus holds a persistent reservation on the LUN.</summary>
    public bool IsReserved => _reserved;

    /// <summary>The TYPE of the reservation; <see cref="PersistentReservationType.None"/> when there is none.</summary>
    public PersistentReservationType Type => _reserved ? _type : PersistentReservationType.None;

    /// <summary>The single holder of the reservation; null when there is none or every registrant holds it (types 7, 8).</summary>
    public Nexus? Holder => _reserved && !_allRegistrants ? _holder : null;

    /// <summary>True when the reservation is held by all registrants (pr_res_idx = CTL_PR_ALL_REGISTRANTS).</summary>
    public bool HeldByAllRegistrants => _reserved && _allRegistrants;

    /// <summary>PRgeneration: bumped by REGISTER (when something changes), CLEAR and PREEMPT; not by RESERVE or RELEASE.</summary>
    public uint Generation { get; private set; }

    /// <summary>The registrations in CTL's order (port, then initiator id).</summary>
    public IReadOnlyCollection<KeyValuePair<Nexus, ulong>> Registrations => _keys;

    /// <summary>
    /// The NUAR bit of the Control mode page: when set, releasing a reservation of a type other than
    /// WR_EX/EX_AC does not establish RESERVATIONS RELEASED for the other registrants. CTL's default is clear.
    /// </summary>
    public bool NoUnitAttentionOnRelease { get; set; }

    /// <summary>
    /// Produces the TransportID of a nexus for READ FULL STATUS (see <see cref="TransportId.Resolver"/>).
    /// Unset, descriptors carry no TransportID, as CTL does for a port it no longer knows.
    /// </summary>
    public Func<Nexus, byte[]>? TransportIdResolver { get; set; }

    /// <summary>The key <paramref name="nexus"/> registered, or 0 when it is not registered.</summary>
    public ulong KeyOf(Nexus nexus) => _keys.TryGetValue(nexus, out ulong key) ? key : 0;

    public bool IsRegistered(Nexus nexus) => _keys.ContainsKey(nexus);

    /// <summary>
    /// True when a command with <paramref name="flags"/> from <paramref name="nexus"/> must get RESERVATION CONFLICT
    /// (ctl_scsiio_lun_check): under a reservation, unless the command is allowed under any persistent reservation,
    /// or is allowed under a Write Exclusive one and the type is 1, 5 or 7, the sender must be registered and,
    /// for types 1 and 3, be the holder.
    /// </summary>
    public bool Conflicts(Nexus nexus, CommandFlags flags)
    {
        if (!_reserved || (flags & CommandFlags.AllowedUnderPersistentReservation) != 0) return false;
        if ((flags & CommandFlags.AllowedUnderWriteReservation) != 0 && _type.IsWriteExclusive()) return false;
        return !IsRegistered(nexus) || (!IsResIdx(nexus) && _type.AdmitsOnlyHolder());
    }

    /// <summary>
    /// START STOP UNIT's check (ctl_start_stop, made only for STOP with POWER CONDITION 0): under a reservation,
    /// STOP is allowed only from a registrant that, if the type is below 4, is the holder.
    /// </summary>
    public bool AllowsStop(Nexus nexus) =>
        !_reserved || (IsRegistered(nexus) && (IsResIdx(nexus) || !_type.AdmitsOnlyHolder()));

    /// <summary>
    /// PERSISTENT RESERVE OUT with its parameter list; establishes the unit attentions it causes on <paramref name="lun"/>.
    /// Checks in CTL's order: service action, SCOPE/TYPE for RESERVE and RELEASE, PARAMETER LIST LENGTH = 24,
    /// the data-out length, the sender's RESERVATION KEY (except REGISTER AND IGNORE EXISTING KEY), then the action.
    /// </summary>
    public ScsiCompletion Out(in Cdb cdb, Nexus nexus, ReadOnlySpan<byte> parameters, CtlLun lun)
    {
        ArgumentNullException.ThrowIfNull(lun);
        if (cdb.Opcode != ScsiOpcode.PersistentReserveOut)
            return ScsiCompletion.Check(SenseInfo.IllegalRequest(AscAscq.InvalidCommandOperationCode));
        if (cdb.ServiceAction > (byte)PersistentReserveOutAction.RegisterAndIgnoreExistingKey
            || cdb.ServiceAction == (byte)PersistentReserveOutAction.RegisterAndMove)
            return ScsiCompletion.Check(ReservationSense.UnsupportedServiceAction);

        var action = (PersistentReserveOutAction)cdb.ServiceAction;
        if (action is PersistentReserveOutAction.Reserve or PersistentReserveOutAction.Release
            && ValidateScopeAndType(cdb) is { } scopeOrType)
            return ScsiCompletion.Check(scopeOrType);
        if (cdb.AllocationLength != PersistentReserveOutParameters.Length)
            return ScsiCompletion.Check(ReservationSense.InvalidParameterListLength);
        if (!PersistentReserveOutParameters.TryParse(parameters, out var p))
            return ScsiCompletion.Check(ReservationSense.ShortDataOut);

        if (action != PersistentReserveOutAction.RegisterAndIgnoreExistingKey)
        {
            ulong current = KeyOf(nexus);
            bool keyMismatch = current != 0
                ? p.ReservationKey != current
                : action != PersistentReserveOutAction.Register || p.ReservationKey != 0;
            if (keyMismatch) return ScsiCompletion.ReservationConflict;
        }

        var type = (PersistentReservationType)cdb.ReservationType;
        return action switch
        {
            PersistentReserveOutAction.Register or PersistentReserveOutAction.RegisterAndIgnoreExistingKey =>
                Register(action, nexus, p, lun.UnitAttentions),
            PersistentReserveOutAction.Reserve => Reserve(nexus, type),
            PersistentReserveOutAction.Release => Release(nexus, type, lun.UnitAttentions),
            PersistentReserveOutAction.Clear => Clear(nexus, lun.UnitAttentions),
            _ => Preempt(cdb, nexus, p, lun.UnitAttentions),
        };
    }

    /// <summary>REGISTER / REGISTER AND IGNORE EXISTING KEY: set, change or (with a zero service action key) remove the key.</summary>
    private ScsiCompletion Register(PersistentReserveOutAction action, Nexus nexus, PersistentReserveOutParameters p, UnitAttentionTable uas)
    {
        const byte unsupported = PersistentReserveOutParameters.SpecifyInitiatorPorts
            | PersistentReserveOutParameters.AllTargetPorts
            | PersistentReserveOutParameters.ActivatePersistThroughPowerLoss;
        if ((p.Flags & unsupported) != 0)
            return ScsiCompletion.Check(ReservationSense.UnsupportedRegisterFlag(p.Flags));

        if (p.ServiceActionKey != 0)
        {
            _keys[nexus] = p.ServiceActionKey;
            Generation++;
            return ScsiCompletion.Good();
        }

        bool nothingToRemove = action == PersistentReserveOutAction.Register
            ? p.ReservationKey == 0
            : !IsRegistered(nexus);
        if (nothingToRemove) return ScsiCompletion.Good();

        _keys.Remove(nexus);
        if (IsResIdx(nexus))
        {
            var released = _type;
            ClearReservation();
            if (released.IsRegistrantsOnly() && _keys.Count > 0)
                EstablishForRegistrants(uas, UnitAttention.ReservationsReleased, except: null);
        }
        else if (_allRegistrants && _keys.Count == 0)
        {
            ClearReservation();
        }
        Generation++;
        return ScsiCompletion.Good();
    }

    /// <summary>RESERVE: create the reservation, or accept a repeat by a holder with the same TYPE.</summary>
    private ScsiCompletion Reserve(Nexus nexus, PersistentReservationType type)
    {
        if (_reserved)
        {
            bool holder = _allRegistrants || _holder == nexus;
            return holder && _type == type ? ScsiCompletion.Good() : ScsiCompletion.ReservationConflict;
        }
        _reserved = true;
        _type = type;
        _allRegistrants = type.IsAllRegistrants();
        _holder = _allRegistrants ? null : nexus;
        return ScsiCompletion.Good();
    }

    /// <summary>RELEASE: a non-holder gets GOOD and nothing changes; the holder must name the reservation's TYPE.</summary>
    private ScsiCompletion Release(Nexus nexus, PersistentReservationType type, UnitAttentionTable uas)
    {
        if (!_reserved || !(_allRegistrants || _holder == nexus)) return ScsiCompletion.Good();
        if (_type != type) return ScsiCompletion.Check(ReservationSense.IllegalRelease);

        ClearReservation();
        if (type is not (PersistentReservationType.ExclusiveAccess or PersistentReservationType.WriteExclusive)
            && !NoUnitAttentionOnRelease)
            EstablishForRegistrants(uas, UnitAttention.ReservationsReleased, except: nexus);
        return ScsiCompletion.Good();
    }

    /// <summary>CLEAR: drop the reservation and every registration; the others get REGISTRATIONS PREEMPTED.</summary>
    private ScsiCompletion Clear(Nexus nexus, UnitAttentionTable uas)
    {
        ClearReservation();
        _keys.Remove(nexus);
        foreach (var other in _keys.Keys.ToList())
        {
            _keys.Remove(other);
            uas.Establish(other, UnitAttention.RegistrationsPreempted);
        }
        Generation++;
        return ScsiCompletion.Good();
    }

    /// <summary>CTL's SCOPE then TYPE check for RESERVE, RELEASE and PREEMPT of a holder; null when both are acceptable.</summary>
    private static SenseInfo? ValidateScopeAndType(in Cdb cdb)
    {
        if (cdb.Scope != 0) return ReservationSense.InvalidScope;
        if (!PersistentReservationTypes.IsValid(cdb.ReservationType)) return ReservationSense.InvalidType;
        return null;
    }

    /// <summary>Whether pr_res_idx names <paramref name="nexus"/> (false under an all-registrants reservation).</summary>
    private bool IsResIdx(Nexus nexus) => _reserved && !_allRegistrants && _holder == nexus;

    private void ClearReservation()
    {
        _reserved = false;
        _type = PersistentReservationType.None;
        _holder = null;
        _allRegistrants = false;
    }

    /// <summary>Sets the reservation to <paramref name="type"/>, held by <paramref name="nexus"/> or, for types 7 and 8, by all registrants.</summary>
    private void SetReservation(Nexus nexus, PersistentReservationType type)
    {
        _type = type;
        _allRegistrants = type.IsAllRegistrants();
        _holder = _allRegistrants ? null : nexus;
    }

    private void EstablishForRegistrants(UnitAttentionTable uas, UnitAttention ua, Nexus? except)
    {
        foreach (var registrant in _keys.Keys)
            if (registrant != except) uas.Establish(registrant, ua);
    }
}
