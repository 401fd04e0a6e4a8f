namespace SanSim.Hosts.Linux.Ext4;

/// <summary>One ext4 mount a Linux host makes at <see cref="LinuxHost.Start"/>, after its disks are probed (an fstab line).</summary>
public sealed record Ext4MountSpec(string Device)
{
    /// <summary>errors=, commit= and the application's write interval.</summary>
    public Ext4MountOptions Options { get; init; } = new();

    /// <summary>Run mkfs.ext4 first (a fresh volume, as a provisioner formats it).</summary>
    public bool Mkfs { get; init; } = true;

    /// <summary>Mount point; null: "/mnt/&lt;device&gt;".</summary>
    public string? MountPoint { get; init; }
}
