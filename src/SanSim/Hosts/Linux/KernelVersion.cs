namespace SanSim.Hosts.Linux;

/// <summary>The Linux kernel versions whose SCSI error handling and log formats are modelled.</summary>
public enum KernelVersion
{
    /// <summary>4.19 (the field report's nodes).</summary>
    V4_19,
    /// <summary>5.10.</summary>
    V5_10,
    /// <summary>6.1 (the reference kernel log beside behaviour.md).</summary>
    V6_1,
}

public static class KernelVersions
{
    /// <summary>"4.19", "5.10", "6.1".</summary>
    public static string ToVersionString(this KernelVersion v) => v switch
    {
        KernelVersion.V4_19 => "4.19",
        KernelVersion.V5_10 => "5.10",
        KernelVersion.V6_1 => "6.1",
        _ => throw new ArgumentOutOfRangeException(nameof(v)),
    };

    public static bool TryParse(string? text, out KernelVersion version)
    {
        switch (text)
        {
            case "4.19": version = KernelVersion.V4_19; return true;
            case "5.10": version = KernelVersion.V5_10; return true;
            case "6.1": version = KernelVersion.V6_1; return true;
            default: version = default; return false;
        }
    }
}
