using SanSim.Scsi;

namespace SanSim.Target;

/// <summary>
/// A LUN's persistent reservation state (SPC-4 5.13): registrations with their keys and the reservation,
/// served by PERSISTENT RESERVE IN and OUT.
/// </summary>
public sealed class PersistentReservations
{
    /// <summary>Whether some nexus holds a persistent reservation on the LUN.</summary>
    public bool IsReserved => false;

    /// <summary>PERSISTENT RESERVE IN: READ KEYS, READ RESERVATION, REPORT CAPABILITIES, READ FULL STATUS.</summary>
    public ScsiCompletion In(in Cdb cdb, Nexus nexus, Span<byte> dataIn) =>
        ScsiCompletion.Check(SenseInfo.IllegalRequest(AscAscq.InvalidCommandOperationCode));

    /// <summary>PERSISTENT RESERVE OUT with its parameter list; establishes the unit attentions it causes on <paramref name="lun"/>.</summary>
    public ScsiCompletion Out(in Cdb cdb, Nexus nexus, ReadOnlySpan<byte> parameters, CtlLun lun) =>
        ScsiCompletion.Check(SenseInfo.IllegalRequest(AscAscq.InvalidCommandOperationCode));

    /// <summary>True when a command with <paramref name="flags"/> from <paramref name="nexus"/> must get RESERVATION CONFLICT.</summary>
    public bool Conflicts(Nexus nexus, CommandFlags flags) => false;

    /// <summary>START STOP UNIT's check: STOP is allowed only from a registrant that, under a reservation of type &lt; 4, holds it.</summary>
    public bool AllowsStop(Nexus nexus) => true;
}
