namespace SanSim.Target.Reservations;

/// <summary>The TYPE field of a persistent reservation (SPC-4 table 207); the value is the wire nibble.</summary>
public enum PersistentReservationType : byte
{
    /// <summary>No reservation (READ RESERVATION reports no descriptor).</summary>
    None = 0,
    /// <summary>WR_EX: only the holder may write; anyone may read.</summary>
    WriteExclusive = 1,
    /// <summary>EX_AC: only the holder may access the medium.</summary>
    ExclusiveAccess = 3,
    /// <summary>WR_EX_RO: registrants may write.</summary>
    WriteExclusiveRegistrantsOnly = 5,
    /// <summary>EX_AC_RO: registrants may access the medium.</summary>
    ExclusiveAccessRegistrantsOnly = 6,
    /// <summary>WR_EX_AR: every registrant is a holder and may write.</summary>
    WriteExclusiveAllRegistrants = 7,
    /// <summary>EX_AC_AR: every registrant is a holder and may access the medium.</summary>
    ExclusiveAccessAllRegistrants = 8,
}
