using SanSim.Scsi;
using SanSim.Target.Reservations;

namespace SanSim.Target;

public sealed partial class PersistentReservations
{
    /// <summary>
    /// PREEMPT and PREEMPT AND ABORT, which CTL handles alike (ctl_pro_preempt). Three cases by the state and the
    /// SERVICE ACTION RESERVATION KEY (SA key):
    /// SA key 0 is accepted only under an all-registrants reservation: every other registration goes and the
    /// sender takes the reservation with the new TYPE. Under an all-registrants reservation or none, a nonzero
    /// SA key removes the registrations holding it and leaves the reservation alone. Under a single holder, an SA
    /// key equal to the holder's key removes those registrations (never the sender's) and moves the reservation
    /// to the sender with the new TYPE; any other SA key only removes the registrations holding it.
    /// Removed registrants get REGISTRATIONS PREEMPTED; when a registrants-only reservation changes TYPE, the
    /// remaining registrants get RESERVATIONS RELEASED (CTL never establishes RESERVATIONS PREEMPTED).
    /// </summary>
    private ScsiCompletion Preempt(in Cdb cdb, Nexus nexus, PersistentReserveOutParameters p, UnitAttentionTable uas)
    {
        var type = (PersistentReservationType)cdb.ReservationType;
        ulong saKey = p.ServiceActionKey;

        if (saKey == 0)
        {
            if (!(_reserved && _allRegistrants))
                return ScsiCompletion.Check(ReservationSense.InvalidServiceActionKey);
            if (ValidateScopeAndType(cdb) is { } invalid)
                return ScsiCompletion.Check(invalid);
            foreach (var other in _keys.Keys.ToList())
            {
                if (other == nexus) continue;
                _keys.Remove(other);
                uas.Establish(other, UnitAttention.RegistrationsPreempted);
            }
            _type = type;
            if (!type.IsAllRegistrants())
            {
                _allRegistrants = false;
                _holder = nexus;
            }
            Generation++;
            return ScsiCompletion.Good();
        }

        if (!_reserved || _allRegistrants)
        {
            if (p.ReservationKey == saKey)
                return ScsiCompletion.Check(ReservationSense.InvalidServiceActionKey);
            return RemoveRegistrationsWithKey(saKey, uas);
        }

        if (_holder is { } holder && saKey == KeyOf(holder))
        {
            if (ValidateScopeAndType(cdb) is { } invalid)
                return ScsiCompletion.Check(invalid);
            bool tellRegistrants = type != _type && _type.IsRegistrantsOnly();
            foreach (var (other, key) in _keys.ToList())
            {
                if (other == nexus) continue;
                if (key == saKey)
                {
                    _keys.Remove(other);
                    uas.Establish(other, UnitAttention.RegistrationsPreempted);
                }
                else if (tellRegistrants)
                {
                    uas.Establish(other, UnitAttention.ReservationsReleased);
                }
            }
            SetReservation(nexus, type);
            Generation++;
            return ScsiCompletion.Good();
        }

        return RemoveRegistrationsWithKey(saKey, uas);
    }

    /// <summary>Removes every registration holding <paramref name="key"/>; RESERVATION CONFLICT when there is none.</summary>
    private ScsiCompletion RemoveRegistrationsWithKey(ulong key, UnitAttentionTable uas)
    {
        var preempted = _keys.Where(r => r.Value == key).Select(r => r.Key).ToList();
        if (preempted.Count == 0) return ScsiCompletion.ReservationConflict;
        foreach (var other in preempted)
        {
            _keys.Remove(other);
            uas.Establish(other, UnitAttention.RegistrationsPreempted);
        }
        Generation++;
        return ScsiCompletion.Good();
    }
}
