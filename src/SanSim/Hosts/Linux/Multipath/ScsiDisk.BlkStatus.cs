using SanSim.Hosts.Transport;
using SanSim.Scsi;

namespace SanSim.Hosts.Linux;

public sealed partial class ScsiDisk
{
    /// <summary>
    /// The blk_status_t a failed command ends its request with: scsi_check_sense turns some sense into a host
    /// byte (DID_TARGET_FAILURE, DID_MEDIUM_ERROR, DID_ALLOC_FAILURE; SCSIML_STAT_* from 6.1), a reservation
    /// conflict becomes BLK_STS_NEXUS, and scsi_result_to_blk_status maps the rest: DID_TRANSPORT_FAILFAST is
    /// BLK_STS_TRANSPORT, and everything else — a NOT READY such as 04/02 with DID_OK, DID_NO_CONNECT, a
    /// timeout — is BLK_STS_IOERR, which dm-multipath treats as a path error. The same in 4.19, 5.10 and 6.1.
    /// The ILLEGAL REQUEST codes are those of the 4.19-era scsi_check_sense (20, 21, 22, 24, 26, 27); retry_hwerror
    /// is off for sd, so HARDWARE ERROR is a target failure.
    /// </summary>
    internal static BlkStatus BlkStatusOf(HostByte hostByte, ScsiResponse? last)
    {
        if (last is { Outcome: TransportOutcome.Completed, Status: ScsiStatus.ReservationConflict }) return BlkStatus.Nexus;
        if (hostByte == HostByte.DidTransportFailfast) return BlkStatus.Transport;
        if (hostByte != HostByte.DidOk || last is null || Normalize(last) is not { } s || s.Deferred) return BlkStatus.IoErr;
        return (SenseKey)s.Key switch
        {
            SenseKey.DataProtect when s.Asc == 0x27 && s.Ascq == 0x07 => BlkStatus.NoSpc,
            SenseKey.DataProtect or SenseKey.CopyAborted or SenseKey.VolumeOverflow or SenseKey.Miscompare or SenseKey.BlankCheck => BlkStatus.Target,
            SenseKey.MediumError when s.Asc is 0x11 or 0x13 or 0x14 => BlkStatus.Medium,
            SenseKey.HardwareError => BlkStatus.Target,
            SenseKey.IllegalRequest when s.Asc is 0x20 or 0x21 or 0x22 or 0x24 or 0x26 or 0x27 => BlkStatus.Target,
            _ => BlkStatus.IoErr,
        };
    }

    /// <summary>The block device number "8:16" of an sd disk (sd_major: 8, then 65–71, then 128–135; 16 minors per disk).</summary>
    public string DevT
    {
        get
        {
            int index = 0;
            if (!Name.StartsWith("sd", StringComparison.Ordinal) || Name.Length < 3) return "0:0";
            foreach (char c in Name.AsSpan(2))
            {
                if (c is < 'a' or > 'z') return "0:0";
                index = index * 26 + (c - 'a' + 1);
            }
            index--;
            int group = index / 16;
            int major = group == 0 ? 8 : group < 8 ? 64 + group : 128 + group - 8;
            return $"{major}:{index % 16 * 16}";
        }
    }
}
