using SanSim.Scsi;
using SanSim.Target.Reservations;

namespace SanSim.Target;

/// <summary>
/// An SPC-2 RESERVE(6/10)/RELEASE(6/10) reservation of a whole LUN by one nexus (CTL_LUN_RESERVED and
/// res_idx; ctl_scsi_reserve, ctl_scsi_release). Third-party and extent reservations are not supported.
/// </summary>
public sealed class Spc2Reservation
{
    /// <summary>The LUN's persistent reservations, consulted by RESERVE (SPC-3's exception); null for a standalone reservation.</summary>
    private readonly PersistentReservations? _persistent;

    public Spc2Reservation() { }

    /// <summary>A reservation whose RESERVE succeeds without reserving while <paramref name="persistent"/> holds a reservation.</summary>
    public Spc2Reservation(PersistentReservations persistent)
    {
        ArgumentNullException.ThrowIfNull(persistent);
        _persistent = persistent;
    }

    /// <summary>The nexus holding the reservation, or null.</summary>
    public Nexus? Holder { get; private set; }

    /// <summary>
    /// RESERVE(6/10): RESERVATION CONFLICT when another nexus holds it; GOOD without reserving when a persistent
    /// reservation exists (SPC-3 exception, as CTL); otherwise the sender holds it.
    /// </summary>
    public ScsiCompletion Reserve(in Cdb cdb, Nexus nexus)
    {
        if (UnsupportedField(cdb) is { } invalid) return ScsiCompletion.Check(invalid);
        if (Holder is { } h && h != nexus) return ScsiCompletion.ReservationConflict;
        if (_persistent is { IsReserved: true }) return ScsiCompletion.Good();
        Holder = nexus;
        return ScsiCompletion.Good();
    }

    /// <summary>RELEASE(6/10): releases the sender's reservation; from anyone else, or with none, GOOD and nothing changes.</summary>
    public ScsiCompletion Release(in Cdb cdb, Nexus nexus)
    {
        if (UnsupportedField(cdb) is { } invalid) return ScsiCompletion.Check(invalid);
        if (Holder == nexus) Holder = null;
        return ScsiCompletion.Good();
    }

    /// <summary>
    /// True when a command with <paramref name="flags"/> from <paramref name="nexus"/> must get RESERVATION CONFLICT:
    /// another nexus holds the reservation and the command is not allowed under one (ctl_scsiio_lun_check).
    /// </summary>
    public bool Conflicts(Nexus nexus, CommandFlags flags) =>
        Holder is { } h && h != nexus && (flags & CommandFlags.AllowedUnderReservation) == 0;

    /// <summary>I_T nexus loss or reset (ctl_i_t_nexus_loss): the reservation of <paramref name="nexus"/> is released.</summary>
    public void OnNexusLoss(Nexus nexus)
    {
        if (Holder == nexus) Holder = null;
    }

    /// <summary>LUN reset or target reset (ctl_do_lun_reset): any reservation is released.</summary>
    public void Clear() => Holder = null;

    /// <summary>
    /// CTL's command table allows no bit in bytes 1-8 of RESERVE(10)/RELEASE(10): 3RDPTY, a third-party device
    /// id or a parameter list length give 05/24/00 pointing at the first offending byte and its highest set bit.
    /// </summary>
    private static SenseInfo? UnsupportedField(in Cdb cdb)
    {
        if (cdb.Opcode is not (ScsiOpcode.Reserve10 or ScsiOpcode.Release10)) return null;
        if (cdb.ThirdParty) return SenseInfo.InvalidFieldInCdb(1, 4);
        if (cdb.ThirdPartyDeviceId != 0)
            return SenseInfo.InvalidFieldInCdb(3, ReservationSense.HighestBit(cdb.ThirdPartyDeviceId));
        if (cdb.AllocationLength != 0)
        {
            uint high = cdb.AllocationLength >> 8;
            return high != 0
                ? SenseInfo.InvalidFieldInCdb(7, ReservationSense.HighestBit(high))
                : SenseInfo.InvalidFieldInCdb(8, ReservationSense.HighestBit(cdb.AllocationLength));
        }
        return null;
    }
}
