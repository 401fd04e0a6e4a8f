namespace SanSim.Target.Reservations;

/// <summary>Classifications of <see cref="PersistentReservationType"/> that CTL's reservation code branches on.</summary>
public static class PersistentReservationTypes
{
    /// <summary>CTL accepts types 1, 3, 5, 6, 7 and 8; 0, 2, 4 and anything above 8 are an invalid TYPE field.</summary>
    public static bool IsValid(byte type) => type is 1 or 3 or 5 or 6 or 7 or 8;

    /// <summary>The Write Exclusive family (1, 5, 7), under which CTL lets commands flagged ALLOW_ON_PR_WRESV through.</summary>
    public static bool IsWriteExclusive(this PersistentReservationType type) =>
        type is PersistentReservationType.WriteExclusive
            or PersistentReservationType.WriteExclusiveRegistrantsOnly
            or PersistentReservationType.WriteExclusiveAllRegistrants;

    /// <summary>Registrants-only types (5, 6): releasing them, or preempting them into another type, tells the registrants.</summary>
    public static bool IsRegistrantsOnly(this PersistentReservationType type) =>
        type is PersistentReservationType.WriteExclusiveRegistrantsOnly
            or PersistentReservationType.ExclusiveAccessRegistrantsOnly;

    /// <summary>All-registrants types (7, 8): there is no single holder; every registrant holds the reservation.</summary>
    public static bool IsAllRegistrants(this PersistentReservationType type) =>
        type is PersistentReservationType.WriteExclusiveAllRegistrants
            or PersistentReservationType.ExclusiveAccessAllRegistrants;

    /// <summary>Types below 4 (1, 3) admit only the holder; from 4 up any registrant passes CTL's conflict check.</summary>
    public static bool AdmitsOnlyHolder(this PersistentReservationType type) => (byte)type < 4;

    /// <summary>The abbreviation SPC uses for the type ("WR_EX", "EX_AC_AR").</summary>
    public static string T10Name(this PersistentReservationType type) => type switch
    {
        PersistentReservationType.None => "none",
        PersistentReservationType.WriteExclusive => "WR_EX",
        PersistentReservationType.ExclusiveAccess => "EX_AC",
        PersistentReservationType.WriteExclusiveRegistrantsOnly => "WR_EX_RO",
        PersistentReservationType.ExclusiveAccessRegistrantsOnly => "EX_AC_RO",
        PersistentReservationType.WriteExclusiveAllRegistrants => "WR_EX_AR",
        PersistentReservationType.ExclusiveAccessAllRegistrants => "EX_AC_AR",
        _ => $"type {(byte)type}",
    };
}
