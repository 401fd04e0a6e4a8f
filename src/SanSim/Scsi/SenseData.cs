using System.Buffers.Binary;

namespace SanSim.Scsi;

/// <summary>
/// Encodes <see cref="SenseInfo"/> as SPC-5 sense data: fixed format (70h current / 71h deferred, SPC-5 4.4.3)
/// or descriptor format (72h / 73h, SPC-5 4.4.2). Parsing is in <c>SenseData.Parse.cs</c>.
/// </summary>
public static partial class SenseData
{
    /// <summary>Length of fixed-format sense data with no additional bytes past the sense-key-specific field.</summary>
    public const int FixedLength = 18;

    /// <summary>
    /// Length of fixed-format sense data that stops after the ASCQ (additional length 6), which is what
    /// FreeBSD's <c>scsi_set_sense_data_va</c> (called by CTL's <c>ctl_set_sense_data</c>) produces when no
    /// information, command-specific, FRU or sense-key-specific element is given.
    /// </summary>
    public const int FixedLengthWithoutSenseKeySpecific = 14;

    /// <summary>Largest sense buffer SPC allows (8 header bytes + additional length 244); FreeBSD's SSD_FULL_SIZE.</summary>
    public const int MaxLength = 252;

    /// <summary>Longest descriptor-format sense this encoder produces (header + information, command, SKS, FRU, stream descriptors).</summary>
    public const int MaxDescriptorLength = 8 + 12 + 12 + 8 + 4 + 4;

    /// <summary>Writes fixed-format sense data and returns its length (at most <paramref name="destination"/>'s length).</summary>
    public static int WriteFixed(in SenseInfo sense, Span<byte> destination) => WriteFixed(sense, default, destination);

    /// <summary>
    /// Writes fixed-format sense data (18 bytes, additional length 0Ah) with the extra fields and returns its
    /// length, cut to <paramref name="destination"/>'s length. INFORMATION and COMMAND-SPECIFIC INFORMATION are
    /// 4 bytes here: a value that does not fit leaves VALID clear (information) or the field zero.
    /// </summary>
    public static int WriteFixed(in SenseInfo sense, in SenseExtras extras, Span<byte> destination)
    {
        Span<byte> b = stackalloc byte[FixedLength];
        FillFixed(sense, extras, b);
        int n = Math.Min(FixedLength, destination.Length);
        b[..n].CopyTo(destination);
        return n;
    }

    /// <summary>
    /// Writes fixed-format sense data the way CTL builds it (<c>ctl_set_sense_data</c> → <c>scsi_set_sense_data_va</c>):
    /// additional length 6 (14 bytes) when the report has no information, field pointer or extra field, else
    /// additional length 0Ah (18 bytes). Returns the length, cut to <paramref name="destination"/>'s length.
    /// </summary>
    public static int WriteFixedAsCtl(in SenseInfo sense, in SenseExtras extras, Span<byte> destination)
    {
        Span<byte> b = stackalloc byte[FixedLength];
        FillFixed(sense, extras, b);
        bool anyElement = sense.Information is not null || sense.Field is not null || extras.HasAny;
        int len = anyElement ? FixedLength : FixedLengthWithoutSenseKeySpecific;
        b[7] = (byte)(len - 8);
        int n = Math.Min(len, destination.Length);
        b[..n].CopyTo(destination);
        return n;
    }

    private static void FillFixed(in SenseInfo sense, in SenseExtras extras, Span<byte> b)
    {
        b.Clear();
        bool valid = sense.Information is { } info && info <= uint.MaxValue;
        b[0] = (byte)((valid ? 0x80 : 0) | (sense.Deferred ? 0x71 : 0x70));
        b[2] = (byte)(((byte)sense.Key & 0x0F)
            | (extras.FileMark ? 0x80 : 0)
            | (extras.EndOfMedium ? 0x40 : 0)
            | (extras.IncorrectLength ? 0x20 : 0));
        if (valid) BinaryPrimitives.WriteUInt32BigEndian(b.Slice(3, 4), (uint)sense.Information!.Value);
        b[7] = FixedLength - 8;
        if (extras.CommandSpecificInformation is { } csi && csi <= uint.MaxValue)
            BinaryPrimitives.WriteUInt32BigEndian(b.Slice(8, 4), (uint)csi);
        b[12] = sense.Code.Asc;
        b[13] = sense.Code.Ascq;
        b[14] = extras.FieldReplaceableUnitCode;
        if (sense.Field is { } f) WriteFieldPointer(f, b.Slice(15, 3));
    }

    /// <summary>Writes descriptor-format sense data (information and sense-key-specific descriptors as needed) and returns its length.</summary>
    public static int WriteDescriptor(in SenseInfo sense, Span<byte> destination) => WriteDescriptor(sense, default, destination);

    /// <summary>
    /// Writes descriptor-format sense data and returns its length, cut to <paramref name="destination"/>'s
    /// length. Descriptors, in this order, only when there is something to say: information (00h, VALID=1,
    /// 64-bit), command-specific information (01h), sense key specific (02h), field replaceable unit (03h),
    /// stream commands (04h: FILEMARK, EOM, ILI).
    /// </summary>
    public static int WriteDescriptor(in SenseInfo sense, in SenseExtras extras, Span<byte> destination)
    {
        Span<byte> b = stackalloc byte[MaxDescriptorLength];
        b.Clear();
        b[0] = (byte)(sense.Deferred ? 0x73 : 0x72);
        b[1] = (byte)((byte)sense.Key & 0x0F);
        b[2] = sense.Code.Asc;
        b[3] = sense.Code.Ascq;
        int len = 8;
        if (sense.Information is { } info)
        {
            b[len] = SenseDescriptorType.Information;
            b[len + 1] = 0x0A;
            b[len + 2] = 0x80;
            BinaryPrimitives.WriteUInt64BigEndian(b.Slice(len + 4, 8), info);
            len += 12;
        }
        if (extras.CommandSpecificInformation is { } csi)
        {
            b[len] = SenseDescriptorType.CommandSpecificInformation;
            b[len + 1] = 0x0A;
            BinaryPrimitives.WriteUInt64BigEndian(b.Slice(len + 4, 8), csi);
            len += 12;
        }
        if (sense.Field is { } f)
        {
            b[len] = SenseDescriptorType.SenseKeySpecific;
            b[len + 1] = 0x06;
            WriteFieldPointer(f, b.Slice(len + 4, 3));
            len += 8;
        }
        if (extras.FieldReplaceableUnitCode != 0)
        {
            b[len] = SenseDescriptorType.FieldReplaceableUnit;
            b[len + 1] = 0x02;
            b[len + 3] = extras.FieldReplaceableUnitCode;
            len += 4;
        }
        if (extras.FileMark || extras.EndOfMedium || extras.IncorrectLength)
        {
            b[len] = SenseDescriptorType.StreamCommands;
            b[len + 1] = 0x02;
            b[len + 3] = (byte)((extras.FileMark ? 0x80 : 0) | (extras.EndOfMedium ? 0x40 : 0) | (extras.IncorrectLength ? 0x20 : 0));
            len += 4;
        }
        b[7] = (byte)(len - 8);
        int n = Math.Min(len, destination.Length);
        b[..n].CopyTo(destination);
        return n;
    }

    /// <summary>Writes the three sense-key-specific bytes of a field pointer: SKSV, C/D, BPV, BIT POINTER, FIELD POINTER.</summary>
    private static void WriteFieldPointer(FieldPointer f, Span<byte> sks)
    {
        sks[0] = (byte)(0x80 | (f.InCdb ? 0x40 : 0) | (f.Bit is { } bit ? 0x08 | (bit & 0x07) : 0));
        BinaryPrimitives.WriteUInt16BigEndian(sks.Slice(1, 2), f.Byte);
    }
}

/// <summary>
/// Sense fields that <see cref="SenseInfo"/> does not carry: the FILEMARK, EOM and ILI bits (fixed byte 2;
/// stream commands descriptor 04h), COMMAND-SPECIFIC INFORMATION (fixed bytes 8-11; descriptor 01h) and the
/// FIELD REPLACEABLE UNIT CODE (fixed byte 14; descriptor 03h).
/// </summary>
public readonly record struct SenseExtras(
    bool FileMark = false,
    bool EndOfMedium = false,
    bool IncorrectLength = false,
    ulong? CommandSpecificInformation = null,
    byte FieldReplaceableUnitCode = 0)
{
    /// <summary>True when any field differs from its default.</summary>
    public bool HasAny => FileMark || EndOfMedium || IncorrectLength || CommandSpecificInformation is not null || FieldReplaceableUnitCode != 0;
}

/// <summary>Sense data descriptor type codes (SPC-5 table 29), the wire byte.</summary>
public static class SenseDescriptorType
{
    public const byte Information = 0x00;
    public const byte CommandSpecificInformation = 0x01;
    public const byte SenseKeySpecific = 0x02;
    public const byte FieldReplaceableUnit = 0x03;
    public const byte StreamCommands = 0x04;
    public const byte BlockCommands = 0x05;
    public const byte OsdObjectIdentification = 0x06;
    public const byte OsdResponseIntegrityCheckValue = 0x07;
    public const byte OsdAttributeIdentification = 0x08;
    public const byte AtaStatusReturn = 0x09;
    public const byte AnotherProgressIndication = 0x0A;
    public const byte UserDataSegmentReferral = 0x0B;
    public const byte ForwardedSenseData = 0x0C;
    public const byte DirectAccessBlockDevice = 0x0D;

    /// <summary>The descriptor type's name as SPC-5 gives it.</summary>
    public static string Name(byte type) => type switch
    {
        Information => "Information",
        CommandSpecificInformation => "Command-specific information",
        SenseKeySpecific => "Sense key specific",
        FieldReplaceableUnit => "Field replaceable unit",
        StreamCommands => "Stream commands",
        BlockCommands => "Block commands",
        OsdObjectIdentification => "OSD object identification",
        OsdResponseIntegrityCheckValue => "OSD response integrity check value",
        OsdAttributeIdentification => "OSD attribute identification",
        AtaStatusReturn => "ATA status return",
        AnotherProgressIndication => "Another progress indication",
        UserDataSegmentReferral => "User data segment referral",
        ForwardedSenseData => "Forwarded sense data",
        DirectAccessBlockDevice => "Direct-access block device",
        >= 0x80 => "Vendor specific",
        _ => "Unrecognized",
    };
}
