namespace SanSim.Target.Ctladm;

/// <summary>
/// What CTL's port list reports for a port, derived from the model: ctl_port_type, the target and port
/// device ids as ctl_id_sbuf prints them, the front end's port_info and the port options.
/// </summary>
internal static class CtlPortInfo
{
    /// <summary>ctl_port_type values (ctl_ioctl.h).</summary>
    public const int PortFc = 0x01, PortScsi = 0x02, PortIoctl = 0x04, PortInternal = 0x08, PortIscsi = 0x10, PortSas = 0x20, PortAll = 0xff;

    public static int PortType(this CtlPort port) => port.Frontend switch
    {
        PortFrontend.Camtgt => PortFc,
        PortFrontend.Iscsi => PortIscsi,
        PortFrontend.Ioctl => PortIoctl,
        PortFrontend.Tpc => PortInternal,
        _ => 0,
    };

    /// <summary>The target device id ("Target:" line): the FC node name, or the iSCSI target name.</summary>
    public static string? TargetId(this CtlPort port) => port.Frontend switch
    {
        PortFrontend.Camtgt => port.Wwnn,
        PortFrontend.Iscsi => port.TargetName,
        _ => null,
    };

    /// <summary>The port device id (portlist's last column): the FC port name, or "iqn…,t,0x0001" for iSCSI.</summary>
    public static string? PortId(this CtlPort port) => port.Frontend switch
    {
        PortFrontend.Camtgt => port.Wwpn,
        PortFrontend.Iscsi when port.TargetName is not null => $"{port.TargetName},t,0x{port.PortalGroupTag:x4}",
        _ => null,
    };

    /// <summary>
    /// The name=value attributes portlist -v prints after the port_type: cfiscsi's port_info (the target
    /// state, 1 = active), then the options ctld passed when it created the port, then the port's other options.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> Attributes(this CtlPort port)
    {
        if (port.Frontend == PortFrontend.Iscsi)
        {
            yield return new("cfiscsi_state", "1");
            if (port.TargetName is not null)
            {
                yield return new("cfiscsi_target", port.TargetName);
                yield return new("cfiscsi_portal_group_tag", port.PortalGroupTag.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (port.Alias is not null)
                    yield return new("cfiscsi_target_alias", port.Alias);
                if (port.PortalGroupName is not null)
                    yield return new("ctld_portal_group_name", port.PortalGroupName);
            }
        }
        foreach (var o in port.Options)
            yield return o;
    }

    /// <summary>A 64-bit world wide name as CTL prints an NAA designator: "naa." and 16 hex digits.</summary>
    public static string Naa(ulong wwn) => $"naa.{wwn:x16}";

    /// <summary>The 64-bit value of an "naa.…" string, or 0 when it is not one.</summary>
    public static ulong ParseNaa(string? naa) =>
        naa is not null && naa.StartsWith("naa.", StringComparison.Ordinal) &&
        ulong.TryParse(naa.AsSpan(4), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var v)
            ? v : 0;
}
