namespace SanSim.Target;

public sealed partial class CtlLun
{
    /// <summary>Backing field of <see cref="Spc2"/>, created on first use so that it can see <see cref="Reservations"/>.</summary>
    private Spc2Reservation? _spc2;

    /// <summary>Persistent reservations (PERSISTENT RESERVE IN/OUT).</summary>
    public PersistentReservations Reservations { get; } = new();

    /// <summary>SPC-2 RESERVE/RELEASE; its RESERVE consults <see cref="Reservations"/> as CTL does.</summary>
    public Spc2Reservation Spc2 => _spc2 ??= new Spc2Reservation(Reservations);
}
