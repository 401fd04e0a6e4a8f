using SanSim.Scsi;

namespace SanSim.Target;

/// <summary>An SPC-2 RESERVE(6/10)/RELEASE(6/10) reservation of a whole LUN by one nexus.</summary>
public sealed class Spc2Reservation
{
    /// <summary>The nexus holding the reservation, or null.</summary>
    public Nexus? Holder { get; private set; }

    public ScsiCompletion Reserve(in Cdb cdb, Nexus nexus)
    {
        if (Holder is { } h && h != nexus) return ScsiCompletion.ReservationConflict;
        Holder = nexus;
        return ScsiCompletion.Good();
    }

    public ScsiCompletion Release(in Cdb cdb, Nexus nexus)
    {
        if (Holder == nexus) Holder = null;
        return ScsiCompletion.Good();
    }

    /// <summary>True when a command with <paramref name="flags"/> from <paramref name="nexus"/> must get RESERVATION CONFLICT.</summary>
    public bool Conflicts(Nexus nexus, CommandFlags flags) =>
        Holder is { } h && h != nexus && (flags & CommandFlags.AllowedUnderReservation) == 0;

    /// <summary>I_T nexus loss or reset, LUN reset, target reset: the reservation of <paramref name="nexus"/> is released.</summary>
    public void OnNexusLoss(Nexus nexus)
    {
        if (Holder == nexus) Holder = null;
    }

    /// <summary>LUN reset or target reset: any reservation is released.</summary>
    public void Clear() => Holder = null;
}
