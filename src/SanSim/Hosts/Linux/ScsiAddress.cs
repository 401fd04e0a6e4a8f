namespace SanSim.Hosts.Linux;

/// <summary>A SCSI device's H:C:T:L address: SCSI host number, channel, target id, LUN.</summary>
public readonly record struct ScsiAddress(int Host, int Channel, int Target, ulong Lun)
{
    public override string ToString() => $"{Host}:{Channel}:{Target}:{Lun}";
}
