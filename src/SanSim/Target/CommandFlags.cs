namespace SanSim.Target;

/// <summary>
/// Per-opcode rules of the command table, named after CTL's CTL_CMD_FLAG_* flags in ctl_cmd_table.c.
/// </summary>
[Flags]
public enum CommandFlags
{
    None = 0,
    /// <summary>CTL_CMD_FLAG_OK_ON_NO_MEDIA: allowed while the LUN is stopped, has no media or is ejected.</summary>
    OkWhileStopped = 1 << 0,
    /// <summary>CTL_CMD_FLAG_NO_SENSE: does not report (nor clear) a pending unit attention.</summary>
    NoUnitAttention = 1 << 1,
    /// <summary>CTL_CMD_FLAG_ALLOW_ON_RESV: allowed while another initiator holds an SPC-2 reservation.</summary>
    AllowedUnderReservation = 1 << 2,
    /// <summary>CTL_CMD_FLAG_ALLOW_ON_PR_RESV: allowed under any persistent reservation held by another.</summary>
    AllowedUnderPersistentReservation = 1 << 3,
    /// <summary>CTL_CMD_FLAG_ALLOW_ON_PR_WRESV: allowed under a WRITE EXCLUSIVE type persistent reservation (reads).</summary>
    AllowedUnderWriteReservation = 1 << 4,
    /// <summary>CTL_CMD_FLAG_OK_ON_NO_LUN: allowed with no LUN behind the addressed port LUN (INQUIRY, REPORT LUNS, REQUEST SENSE).</summary>
    OkWithoutLun = 1 << 5,
    /// <summary>The command writes to the medium (refused on a read-only LUN with 07/27/00).</summary>
    Writes = 1 << 6,
}
