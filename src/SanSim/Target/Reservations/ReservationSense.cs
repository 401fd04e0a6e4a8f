using SanSim.Scsi;

namespace SanSim.Target.Reservations;

/// <summary>The sense data CTL's reservation code reports (ctl_error.c, ctl.c), as values.</summary>
public static class ReservationSense
{
    /// <summary>26/04 INVALID RELEASE OF PERSISTENT RESERVATION (ctl_set_illegal_pr_release).</summary>
    public static readonly AscAscq InvalidReleaseOfPersistentReservation = new(0x26, 0x04);

    /// <summary>0E/03 INVALID FIELD IN COMMAND INFORMATION UNIT (ctl_set_invalid_field_ciu).</summary>
    public static readonly AscAscq InvalidFieldInCommandInformationUnit = new(0x0E, 0x03);

    /// <summary>05/26/04: PR RELEASE by the holder with a TYPE other than the reservation's.</summary>
    public static SenseInfo IllegalRelease => SenseInfo.IllegalRequest(InvalidReleaseOfPersistentReservation);

    /// <summary>0B/0E/03: the data-out phase delivered fewer bytes than the parameter list length (ctl_config_move_done).</summary>
    public static SenseInfo ShortDataOut => new(SenseKey.AbortedCommand, InvalidFieldInCommandInformationUnit);

    /// <summary>05/24/00 at CDB byte 1 bit 4: a service action the command table has no handler for (ctl_validate_command).</summary>
    public static SenseInfo UnsupportedServiceAction => SenseInfo.InvalidFieldInCdb(1, 4);

    /// <summary>05/24/00 at CDB byte 2 bit 4: SCOPE other than LU_SCOPE.</summary>
    public static SenseInfo InvalidScope => SenseInfo.InvalidFieldInCdb(2, 4);

    /// <summary>05/24/00 at CDB byte 2 bit 0: TYPE 0, 2, 4 or above 8.</summary>
    public static SenseInfo InvalidType => SenseInfo.InvalidFieldInCdb(2, 0);

    /// <summary>05/24/00 at CDB byte 5 bit 0: PARAMETER LIST LENGTH other than 24.</summary>
    public static SenseInfo InvalidParameterListLength => SenseInfo.InvalidFieldInCdb(5, 0);

    /// <summary>05/26/00 at parameter byte 8, no bit pointer: an unusable SERVICE ACTION RESERVATION KEY in PREEMPT.</summary>
    public static SenseInfo InvalidServiceActionKey =>
        SenseInfo.InvalidFieldInParameterList(PersistentReserveOutParameters.ServiceActionKeyOffset);

    /// <summary>05/26/00 at parameter byte 20 and the bit of the first unsupported flag (APTPL 0, ALL_TG_PT 2, SPEC_I_PT 3).</summary>
    public static SenseInfo UnsupportedRegisterFlag(byte flags)
    {
        int bit = (flags & PersistentReserveOutParameters.ActivatePersistThroughPowerLoss) != 0 ? 0
            : (flags & PersistentReserveOutParameters.AllTargetPorts) != 0 ? 2
            : 3;
        return SenseInfo.InvalidFieldInParameterList(PersistentReserveOutParameters.FlagsOffset, bit);
    }

    /// <summary>The bit pointer CTL gives for a disallowed value in a CDB byte: its highest set bit (fls(diff) - 1).</summary>
    public static int HighestBit(uint value) => 31 - System.Numerics.BitOperations.LeadingZeroCount(value);
}
