namespace SanSim.Target.Reservations;

/// <summary>PERSISTENT RESERVE IN service actions (SPRI_* in scsi_all.h); the value is the wire code.</summary>
public enum PersistentReserveInAction : byte
{
    ReadKeys = 0x00,
    ReadReservation = 0x01,
    ReportCapabilities = 0x02,
    ReadFullStatus = 0x03,
}
