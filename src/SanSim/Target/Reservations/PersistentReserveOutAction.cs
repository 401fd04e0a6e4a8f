namespace SanSim.Target.Reservations;

/// <summary>PERSISTENT RESERVE OUT service actions (SPRO_* in scsi_all.h); the value is the wire code.</summary>
public enum PersistentReserveOutAction : byte
{
    Register = 0x00,
    Reserve = 0x01,
    Release = 0x02,
    Clear = 0x03,
    Preempt = 0x04,
    PreemptAndAbort = 0x05,
    RegisterAndIgnoreExistingKey = 0x06,
    /// <summary>Not supported by CTL: its command table has no handler for it.</summary>
    RegisterAndMove = 0x07,
}
