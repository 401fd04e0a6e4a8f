using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace SanSim.Target.Reservations;

/// <summary>
/// SCSI TransportIDs (SPC-4 7.6.4) as CTL builds them for READ FULL STATUS (ctl_create_iid): FC N_Port
/// name for CAM target ports, iSCSI port format for iSCSI ports, the parallel SCSI format for the rest.
/// </summary>
public static class TransportId
{
    /// <summary>Size of the FC and parallel SCSI formats.</summary>
    public const int FixedLength = 24;

    /// <summary>Largest ISCSI NAME field CTL writes, terminator and padding included.</summary>
    public const int MaxIscsiNameLength = 252;

    private const byte ProtocolFc = 0x00;
    private const byte ProtocolSpi = 0x01;
    private const byte ProtocolIscsi = 0x05;
    private const byte IscsiPortFormat = 0x40;

    /// <summary>
    /// The TransportID of initiator <paramref name="initiatorId"/> on <paramref name="port"/>; empty when CTL
    /// has none (an FC initiator without a WWPN, an iSCSI initiator without a name).
    /// </summary>
    public static byte[] Create(CtlPort port, int initiatorId)
    {
        ArgumentNullException.ThrowIfNull(port);
        port.Initiators.TryGetValue(initiatorId, out var initiator);
        switch (port.Frontend)
        {
            case PortFrontend.Camtgt:
            {
                ulong wwpn = initiator is null ? 0 : ParseWwn(initiator.Name);
                if (wwpn == 0) return [];
                var id = new byte[FixedLength];
                id[0] = ProtocolFc;
                BinaryPrimitives.WriteUInt64BigEndian(id.AsSpan(8, 8), wwpn);
                return id;
            }
            case PortFrontend.Iscsi:
            {
                if (initiator is null) return [];
                byte[] name = Encoding.UTF8.GetBytes(initiator.Name);
                int copied = Math.Min(name.Length, MaxIscsiNameLength - 1);
                int length = Math.Min(name.Length + 1, MaxIscsiNameLength);
                length = (length + 3) & ~3;
                var id = new byte[4 + length];
                id[0] = IscsiPortFormat | ProtocolIscsi;
                BinaryPrimitives.WriteUInt16BigEndian(id.AsSpan(2, 2), (ushort)length);
                name.AsSpan(0, copied).CopyTo(id.AsSpan(4));
                return id;
            }
            default:
            {
                var id = new byte[FixedLength];
                id[0] = ProtocolSpi;
                BinaryPrimitives.WriteUInt16BigEndian(id.AsSpan(2, 2), (ushort)initiatorId);
                BinaryPrimitives.WriteUInt16BigEndian(id.AsSpan(6, 2), (ushort)port.Number);
                return id;
            }
        }
    }

    /// <summary>A resolver for <see cref="PersistentReservations.TransportIdResolver"/> that looks nexuses up in <paramref name="target"/>'s ports.</summary>
    public static Func<Nexus, byte[]> Resolver(CtlTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return nexus => target.Ports.TryGetValue(nexus.Port, out var port) ? Create(port, nexus.InitiatorId) : [];
    }

    /// <summary>The 64-bit name in "naa.2100001b32a1b2c3" (or bare hex); 0 when it is not one.</summary>
    private static ulong ParseWwn(string name)
    {
        var hex = name.StartsWith("naa.", StringComparison.OrdinalIgnoreCase) ? name.AsSpan(4) : name.AsSpan();
        return hex.Length is > 0 and <= 16
            && ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong v) ? v : 0;
    }
}
