namespace SanSim.Target;

public sealed partial class CtlLun
{
    /// <summary>Persistent reservations (PERSISTENT RESERVE IN/OUT).</summary>
    public PersistentReservations Reservations { get; } = new();

    /// <summary>SPC-2 RESERVE/RELEASE.</summary>
    public Spc2Reservation Spc2 { get; } = new();
}
