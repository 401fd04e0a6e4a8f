namespace SanSim.Target;

/// <summary>CTL front-end drivers, by the name portlist prints in its Frontend column.</summary>
public enum PortFrontend
{
    /// <summary>"camtgt": a CAM target port such as an isp(4) FC port.</summary>
    Camtgt,
    /// <summary>"iscsi": cfiscsi, one port per target and portal group.</summary>
    Iscsi,
    /// <summary>"ioctl": the ioctl front end ctladm uses for its own commands.</summary>
    Ioctl,
    /// <summary>"tpc": third-party copy.</summary>
    Tpc,
}

public static class PortFrontendNames
{
    public static string CtlName(this PortFrontend f) => f switch
    {
        PortFrontend.Camtgt => "camtgt",
        PortFrontend.Iscsi => "iscsi",
        PortFrontend.Ioctl => "ioctl",
        PortFrontend.Tpc => "tpc",
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    public static bool TryParse(string name, out PortFrontend frontend)
    {
        switch (name)
        {
            case "camtgt": frontend = PortFrontend.Camtgt; return true;
            case "iscsi": frontend = PortFrontend.Iscsi; return true;
            case "ioctl": frontend = PortFrontend.Ioctl; return true;
            case "tpc": frontend = PortFrontend.Tpc; return true;
            default: frontend = default; return false;
        }
    }
}
