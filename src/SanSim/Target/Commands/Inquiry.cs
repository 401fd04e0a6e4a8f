using System.Buffers.Binary;
using System.Text;
using SanSim.Scsi;

namespace SanSim.Target.Commands;

/// <summary>
/// INQUIRY: standard data and the VPD pages 00h, 80h, 83h, 86h, 87h, 88h, 8Fh, 92h, B0h, B1h, B2h (ctl_inquiry_std,
/// ctl_inquiry_evpd_*, ctl_inquiry_evpd_tpc).
/// </summary>
internal static class InquiryCommands
{
    /// <summary>Length of CTL's standard INQUIRY data (up to vendor_specific1).</summary>
    public const int StandardLength = 96;
    /// <summary>CTL_SN_LEN: the serial number field of VPD page 80h.</summary>
    public const int SerialLength = 64;
    /// <summary>CTL_DEVID_MIN_LEN and CTL_DEVID_LEN: the device id part of the T10 vendor id designator.</summary>
    private const int DevIdMinLength = 16, DevIdMaxLength = 64;
    /// <summary>CTL_LBP_EXPONENT: threshold exponent of VPD page B2h.</summary>
    private const byte LbpExponent = 11;
    /// <summary>CTL_DEFAULT_ROTATION_RATE = SVPD_NON_ROTATING (VPD page B1h, unless the "rpm" option is set).</summary>
    private const ushort DefaultRotationRate = 1;

    /// <summary>The VPD pages this model returns for a LUN, in page 00h's order; without a LUN the block pages (B0h-B2h) are left out.</summary>
    public static readonly byte[] SupportedVpdPages = [0x00, 0x80, 0x83, 0x86, 0x87, 0x88, 0x8F, 0x92, 0xB0, 0xB1, 0xB2];

    /// <summary>Protocol identifiers (SPC-5 table 444) of the port types.</summary>
    private const byte ProtoFc = 0x0, ProtoSpi = 0x1, ProtoIscsi = 0x5;

    public static ScsiCompletion Inquiry(CtlTarget target, ref CommandContext ctx)
    {
        ref readonly var cdb = ref ctx.Cdb;
        if (cdb.Evpd) return Vpd(target, ref ctx);
        if (cdb.PageCode != 0) return ScsiCompletion.Check(SenseInfo.InvalidFieldInCdb(2));
        Span<byte> d = stackalloc byte[StandardLength];
        Standard(ctx.Lun, ctx.Port, d);
        return ScsiCompletion.Good(ctx.ReturnData(d, cdb.AllocationLength));
    }

    /// <summary>Fills CTL's 96 bytes of standard INQUIRY data for <paramref name="lun"/> (null: no LUN, qualifier 011b) seen through <paramref name="port"/>.</summary>
    internal static void Standard(CtlLun? lun, CtlPort? port, Span<byte> d)
    {
        d.Clear();
        bool parallel = port is null || port.Frontend is PortFrontend.Ioctl or PortFrontend.Tpc;
        if (lun is null)
        {
            d[0] = (3 << 5) | 0x1F;
        }
        else
        {
            d[0] = 0x00;
            if (lun.Removable) d[1] = 0x80;
        }
        d[2] = 0x07;
        d[3] = 0x10 | 2;
        d[4] = StandardLength - 5;
        d[5] = 0x08 | 0x10;
        d[6] = (byte)(0x10 | (parallel ? 0x01 : 0));
        d[7] = (byte)(0x02 | (parallel ? 0x20 | 0x10 : 0));
        Ascii(lun?.Vendor ?? "FREEBSD", d.Slice(8, 8));
        Ascii(lun?.Product ?? "CTLDISK", d.Slice(16, 16));
        Ascii(lun?.Revision ?? "0001", d.Slice(32, 4));
        if (parallel) d[56] = 0x0C | 0x02 | 0x01;
        BinaryPrimitives.WriteUInt16BigEndian(d.Slice(58, 2), 0x00C0);
        BinaryPrimitives.WriteUInt16BigEndian(d.Slice(60, 2), 0x05C0);
        ushort transport = port?.Frontend switch
        {
            PortFrontend.Camtgt => 0x0917,
            PortFrontend.Iscsi => 0x0960,
            _ => 0x0B56,
        };
        BinaryPrimitives.WriteUInt16BigEndian(d.Slice(62, 2), transport);
        BinaryPrimitives.WriteUInt16BigEndian(d.Slice(64, 2), 0x0600);
    }

    private static ScsiCompletion Vpd(CtlTarget target, ref CommandContext ctx)
    {
        var lun = ctx.Lun;
        byte device = lun is not null ? (byte)0x00 : (byte)(1 << 5);
        byte[] page;
        switch (ctx.Cdb.PageCode)
        {
            case 0x00:
            {
                int n = lun is not null ? SupportedVpdPages.Length : SupportedVpdPages.Length - 3;
                page = new byte[4 + n];
                SupportedVpdPages.AsSpan(0, n).CopyTo(page.AsSpan(4));
                page[3] = (byte)n;
                break;
            }
            case 0x80:
                page = new byte[4 + SerialLength];
                page[3] = SerialLength;
                if (lun is not null) Truncated(lun.Serial, page.AsSpan(4, SerialLength));
                else page.AsSpan(4).Fill((byte)' ');
                break;
            case 0x83:
                page = DeviceIdentification(lun, ctx.Port, ctx.Nexus.Port);
                break;
            case 0x86:
                page = new byte[64];
                page[3] = 60;
                page[5] = 0x04 | 0x02 | 0x01;
                page[6] = 0x01;
                page[7] = 0x01;
                page[8] = 0x08;
                break;
            case 0x87:
                page = [0, 0, 0, 4, 0x3F, 0xFF, 0x00, 0];
                break;
            case 0x88:
                page = ScsiPorts(target, lun);
                break;
            case 0x8F:
                page = ThirdPartyCopy();
                break;
            case 0x92:
                page = new byte[18];
                int codes = 0;
                BinaryPrimitives.WriteUInt16BigEndian(page.AsSpan(8 + 2 * codes++, 2), 0x0001);
                if (lun is not null)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(page.AsSpan(8 + 2 * codes++, 2), 0x0101);
                    BinaryPrimitives.WriteUInt16BigEndian(page.AsSpan(8 + 2 * codes++, 2), 0x0102);
                    if (lun.UnmapSupported) BinaryPrimitives.WriteUInt16BigEndian(page.AsSpan(8 + 2 * codes++, 2), 0x0103);
                }
                BinaryPrimitives.WriteUInt16BigEndian(page.AsSpan(2, 2), (ushort)(4 + 2 * codes));
                break;
            case 0xB0 when lun is not null:
                page = BlockLimits(lun);
                break;
            case 0xB1 when lun is not null:
                page = BlockDeviceCharacteristics(lun);
                break;
            case 0xB2 when lun is not null:
                page = LogicalBlockProvisioning(lun);
                break;
            default:
                return ScsiCompletion.Check(SenseInfo.InvalidFieldInCdb(2));
        }
        page[0] = device;
        page[1] = ctx.Cdb.PageCode;
        return ScsiCompletion.Good(ctx.ReturnData(page, ctx.Cdb.AllocationLength));
    }

    /// <summary>
    /// VPD 83h as CTL builds it: the LUN's T10 vendor id designator (vendor + device id), the port's designator,
    /// the relative target port, the target port group, then the target's designator.
    /// </summary>
    private static byte[] DeviceIdentification(CtlLun? lun, CtlPort? port, int portNumber)
    {
        byte proto = port?.Frontend switch
        {
            PortFrontend.Camtgt => ProtoFc,
            PortFrontend.Iscsi => ProtoIscsi,
            _ => ProtoSpi,
        };
        var body = new List<byte>();
        if (lun is not null) body.AddRange(LunDesignators(lun));
        if (port is not null) PortDesignator(body, port);
        var rel = new byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(rel.AsSpan(2, 2), (ushort)portNumber);
        Designator(body, (byte)((proto << 4) | 0x01), 0x80 | 0x10 | 0x04, rel);
        var tpg = new byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(tpg.AsSpan(2, 2), 1);
        Designator(body, (byte)((proto << 4) | 0x01), 0x80 | 0x10 | 0x05, tpg);
        if (port is not null)
        {
            if (port.Frontend == PortFrontend.Camtgt && Naa(port.Wwnn) is { } wwnn)
                Designator(body, (byte)((ProtoFc << 4) | 0x01), 0x80 | 0x20 | 0x03, wwnn);
            else if (port.Frontend == PortFrontend.Iscsi && port.TargetName is { } tn)
                Designator(body, (byte)((ProtoIscsi << 4) | 0x03), 0x80 | 0x20 | 0x08, ScsiName(tn));
        }
        var page = new byte[4 + body.Count];
        BinaryPrimitives.WriteUInt16BigEndian(page.AsSpan(2, 2), (ushort)body.Count);
        body.CopyTo(page, 4);
        return page;
    }

    /// <summary>The LUN's own designators (CTL's lun_devid): the T10 vendor id designator, vendor + device id.</summary>
    private static byte[] LunDesignators(CtlLun lun)
    {
        var body = new List<byte>();
        byte[] devId = Encoding.ASCII.GetBytes(lun.DeviceId);
        int devIdLen = Math.Max(DevIdMinLength, Math.Min(devId.Length, DevIdMaxLength));
        var t10 = new byte[8 + devIdLen];
        Ascii(lun.Vendor, t10.AsSpan(0, 8));
        devId.AsSpan(0, Math.Min(devId.Length, devIdLen)).CopyTo(t10.AsSpan(8));
        Designator(body, 0x02, 0x80 | 0x00 | 0x01, t10);
        return body.ToArray();
    }

    /// <summary>
    /// scsi_devid_match against the LUN's designators: <paramref name="wanted"/> (a 4-byte designator header and
    /// its identifier) matches one with the same association, type, length and identifier.
    /// </summary>
    internal static bool MatchesDesignator(CtlLun lun, ReadOnlySpan<byte> wanted)
    {
        if (wanted.Length < 4 || 4 + wanted[3] > wanted.Length) return false;
        var id = wanted.Slice(4, wanted[3]);
        ReadOnlySpan<byte> own = LunDesignators(lun);
        while (own.Length >= 4 && 4 + own[3] <= own.Length)
        {
            if ((own[1] & 0x3F) == (wanted[1] & 0x3F) && own[3] == id.Length && own.Slice(4, own[3]).SequenceEqual(id)) return true;
            own = own[(4 + own[3])..];
        }
        return false;
    }

    /// <summary>The port's own designator (port_devid): its WWPN for FC, "target,t,0xTAG" for iSCSI; none for other ports.</summary>
    private static void PortDesignator(List<byte> body, CtlPort port)
    {
        if (port.Frontend == PortFrontend.Camtgt && Naa(port.Wwpn) is { } wwpn)
            Designator(body, (byte)((ProtoFc << 4) | 0x01), 0x80 | 0x10 | 0x03, wwpn);
        else if (port.Frontend == PortFrontend.Iscsi && port.TargetName is { } tn)
            Designator(body, (byte)((ProtoIscsi << 4) | 0x03), 0x80 | 0x10 | 0x08,
                ScsiName($"{tn},t,0x{port.PortalGroupTag:x4}"));
    }

    /// <summary>VPD 88h, SCSI Ports: each online port through which the LUN is visible, with its relative port id and designator.</summary>
    private static byte[] ScsiPorts(CtlTarget target, CtlLun? lun)
    {
        var body = new List<byte>();
        foreach (var port in target.Ports.Values)
        {
            if (!port.Online) continue;
            if (lun is not null && (lun.Id < 0 || port.LunMap.ToPortLun((uint)lun.Id) is null)) continue;
            body.AddRange([0, 0, (byte)(port.Number >> 8), (byte)port.Number, 0, 0, 0, 0]);
            var designator = new List<byte>();
            PortDesignator(designator, port);
            body.AddRange([0, 0, (byte)(designator.Count >> 8), (byte)designator.Count]);
            body.AddRange(designator);
        }
        var page = new byte[4 + body.Count];
        BinaryPrimitives.WriteUInt16BigEndian(page.AsSpan(2, 2), (ushort)body.Count);
        body.CopyTo(page, 4);
        return page;
    }

    /// <summary>
    /// VPD 8Fh, Third-party Copy, as ctl_inquiry_evpd_tpc builds it (380 bytes): Block Device ROD Limits, Supported
    /// Commands (83h and 84h with CTL's service actions), Parameter Data, Supported Descriptors, Supported CSCD IDs,
    /// ROD Token Features, Supported ROD Tokens and General Copy Operations. It states what CTL supports; the model
    /// runs EXTENDED COPY (LID1) and the LID1 and operating-parameter RECEIVE COPY RESULTS of that list.
    /// </summary>
    private static byte[] ThirdPartyCopy()
    {
        var p = new byte[380];
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), (ushort)(p.Length - 4));
        var d = p.AsSpan(4);
        // Block Device ROD Limits (0000h): 64 ranges, inactivity timeouts 600 s maximum and 60 s default.
        Descriptor(ref d, 0x0000, 36, b =>
        {
            BinaryPrimitives.WriteUInt16BigEndian(b[10..], ThirdPartyCopyCommands.MaxSegments);
            BinaryPrimitives.WriteUInt32BigEndian(b[12..], 600);
            BinaryPrimitives.WriteUInt32BigEndian(b[16..], 60);
        });
        // Supported Commands (0001h): EXTENDED COPY 00h 01h 10h 11h 1Ch, RECEIVE COPY STATUS 00h 04h 05h 03h 07h 08h.
        Descriptor(ref d, 0x0001, 20, b =>
        {
            b[4] = 15;
            ReadOnlySpan<byte> list = [0x83, 5, 0x00, 0x01, 0x10, 0x11, 0x1C, 0x84, 6, 0x00, 0x04, 0x05, 0x03, 0x07, 0x08];
            list.CopyTo(b[5..]);
        });
        // Parameter Data (0004h): 64 CSCDs, 64 segments, list 8192, no inline data.
        Descriptor(ref d, 0x0004, 32, b =>
        {
            BinaryPrimitives.WriteUInt16BigEndian(b[8..], ThirdPartyCopyCommands.MaxCscds);
            BinaryPrimitives.WriteUInt16BigEndian(b[10..], ThirdPartyCopyCommands.MaxSegments);
            BinaryPrimitives.WriteUInt32BigEndian(b[12..], ThirdPartyCopyCommands.MaxList);
            BinaryPrimitives.WriteUInt32BigEndian(b[16..], ThirdPartyCopyCommands.MaxInline);
        });
        // Supported Descriptors (0008h): block→block, verify, register key, identification CSCD.
        Descriptor(ref d, 0x0008, 12, b =>
        {
            b[4] = 4;
            ReadOnlySpan<byte> codes = [ThirdPartyCopyCommands.SegmentBlockToBlock, ThirdPartyCopyCommands.SegmentVerify,
                ThirdPartyCopyCommands.SegmentRegisterKey, ThirdPartyCopyCommands.CscdIdentification];
            codes.CopyTo(b[5..]);
        });
        // Supported CSCD Descriptor IDs (000Ch): FFFFh, the addressed LUN.
        Descriptor(ref d, 0x000C, 8, b =>
        {
            BinaryPrimitives.WriteUInt16BigEndian(b[4..], 2);
            BinaryPrimitives.WriteUInt16BigEndian(b[6..], 0xFFFF);
        });
        // ROD Token Features (0106h) with its block device type-specific features.
        Descriptor(ref d, 0x0106, 96, b =>
        {
            BinaryPrimitives.WriteUInt32BigEndian(b[16..], 1);
            BinaryPrimitives.WriteUInt32BigEndian(b[20..], uint.MaxValue);
            BinaryPrimitives.WriteUInt32BigEndian(b[24..], 600);
            BinaryPrimitives.WriteUInt16BigEndian(b[46..], 48);
            BinaryPrimitives.WriteUInt16BigEndian(b[50..], 44);
            BinaryPrimitives.WriteUInt64BigEndian(b[72..], ulong.MaxValue);
            BinaryPrimitives.WriteUInt64BigEndian(b[80..], 16UL * 1024 * 1024);
        });
        // Supported ROD Tokens (0108h): access upon reference (in and out) and block device zero (in).
        Descriptor(ref d, 0x0108, 136, b =>
        {
            BinaryPrimitives.WriteUInt16BigEndian(b[6..], 128);
            BinaryPrimitives.WriteUInt32BigEndian(b[8..], 0x00010000);
            b[12] = 0x02 | 0x01;
            BinaryPrimitives.WriteUInt32BigEndian(b[72..], 0xFFFF0001);
            b[76] = 0x02;
        });
        // General Copy Operations (8001h): 255 concurrent copies, no segment length limit.
        Descriptor(ref d, 0x8001, 36, b =>
        {
            BinaryPrimitives.WriteUInt32BigEndian(b[4..], ThirdPartyCopyCommands.MaxLists);
            BinaryPrimitives.WriteUInt32BigEndian(b[8..], ThirdPartyCopyCommands.MaxLists);
            BinaryPrimitives.WriteUInt32BigEndian(b[12..], ThirdPartyCopyCommands.MaxSegmentLength);
        });
        return p;
    }

    private delegate void DescriptorBody(Span<byte> body);

    /// <summary>Writes one third-party copy descriptor of <paramref name="size"/> bytes (type, length = size - 4) and moves past it.</summary>
    private static void Descriptor(ref Span<byte> d, ushort type, int size, DescriptorBody fill)
    {
        var b = d[..size];
        BinaryPrimitives.WriteUInt16BigEndian(b, type);
        BinaryPrimitives.WriteUInt16BigEndian(b[2..], (ushort)(size - 4));
        fill(b);
        d = d[size..];
    }

    /// <summary>VPD B0h, Block Limits: 64 bytes as ctl_inquiry_evpd_block_limits fills them for a block LUN.</summary>
    private static byte[] BlockLimits(CtlLun lun)
    {
        var p = new byte[64];
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2, 2), 60);
        p[5] = 0xFF;
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(8, 4), 0xFFFFFFFF);
        if (lun.UnmapSupported)
        {
            BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(20, 4), 0xFFFFFFFF);
            BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(24, 4), 0xFFFFFFFF);
        }
        BinaryPrimitives.WriteUInt64BigEndian(p.AsSpan(36, 8), ulong.MaxValue);
        return p;
    }

    /// <summary>VPD B1h, Block Device Characteristics: rotation rate, form factor, and the RBWZ, FUAB and VBULS flags.</summary>
    private static byte[] BlockDeviceCharacteristics(CtlLun lun)
    {
        var p = new byte[64];
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2, 2), 60);
        ushort rpm = DefaultRotationRate;
        foreach (var (k, v) in lun.Options)
            if (k == "rpm" && ParseNumber(v) is { } r) rpm = (ushort)r;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(4, 2), rpm);
        foreach (var (k, v) in lun.Options)
            if (k == "formfactor" && ParseNumber(v) is { } f) p[7] = (byte)(f & 0x0F);
        p[8] = 0x04 | 0x02 | 0x01;
        return p;
    }

    /// <summary>VPD B2h, Logical Block Provisioning: thin provisioning with UNMAP, WRITE SAME(16/10) unmap and LBPRZ when the LUN can unmap.</summary>
    private static byte[] LogicalBlockProvisioning(CtlLun lun)
    {
        var p = new byte[8];
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2, 2), 4);
        p[4] = LbpExponent;
        if (lun.UnmapSupported)
        {
            p[5] = 0x80 | 0x40 | 0x20 | 0x04 | 0x02;
            p[6] = 0x02;
            foreach (var (k, v) in lun.Options)
            {
                if (k != "provisioning_type") continue;
                if (v == "resource") p[6] = 0x01;
                else if (v == "thin") p[6] = 0x02;
            }
        }
        return p;
    }

    private static void Designator(List<byte> body, byte protoCodeset, int type, byte[] id)
    {
        body.Add(protoCodeset);
        body.Add((byte)type);
        body.Add(0);
        body.Add((byte)id.Length);
        body.AddRange(id);
    }

    /// <summary>A SCSI name string designator: UTF-8, NUL-terminated, padded to a multiple of 4.</summary>
    private static byte[] ScsiName(string name)
    {
        byte[] s = Encoding.UTF8.GetBytes(name);
        var d = new byte[(s.Length + 1 + 3) & ~3];
        s.CopyTo(d, 0);
        return d;
    }

    /// <summary>The 8 bytes of an NAA name written "naa.21000024ff56f970", or null.</summary>
    private static byte[]? Naa(string? name)
    {
        if (name is null || !name.StartsWith("naa.", StringComparison.Ordinal) || name.Length != 20) return null;
        try
        {
            return Convert.FromHexString(name.AsSpan(4));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static long? ParseNumber(string s) =>
        s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.TryParse(s.AsSpan(2), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out long h) ? h : null
            : long.TryParse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long n) ? n : null;

    /// <summary>Copies ASCII text into a field padded with spaces (SPC: unused bytes of ASCII fields are spaces).</summary>
    private static void Ascii(string s, Span<byte> field)
    {
        field.Fill((byte)' ');
        for (int i = 0; i < field.Length && i < s.Length; i++) field[i] = (byte)(s[i] < 0x80 ? s[i] : '?');
    }

    /// <summary>Copies text into a field padded with NULs, as strncpy does.</summary>
    private static void Truncated(string s, Span<byte> field)
    {
        field.Clear();
        for (int i = 0; i < field.Length && i < s.Length; i++) field[i] = (byte)(s[i] < 0x80 ? s[i] : '?');
    }
}
