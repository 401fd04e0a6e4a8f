namespace SanSim.Hosts.Linux.Ext4;

/// <summary>What reading back every acknowledged write of a Linux host found, per device.</summary>
public sealed record LinuxReadBackResult(IReadOnlyDictionary<string, Ext4ReadBackResult> Devices)
{
    public bool Intact => Devices.Values.All(r => r.Intact);

    public int SectorsChecked => Devices.Values.Sum(r => r.SectorsChecked);
}
