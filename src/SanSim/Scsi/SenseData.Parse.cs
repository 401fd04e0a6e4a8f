using System.Buffers.Binary;

namespace SanSim.Scsi;

public static partial class SenseData
{
    /// <summary>
    /// Decodes a sense buffer in fixed (70h/71h) or descriptor (72h/73h) format. Never throws. Returns false,
    /// with <paramref name="error"/> saying why, when the buffer is empty, its response code is not 70h-73h, or
    /// it ends before the sense key; <paramref name="parsed"/> then holds what little was read. Otherwise true:
    /// fields are read only up to the smaller of the buffer length and 8 + ADDITIONAL LENGTH (as Linux's
    /// scsi_normalize_sense and FreeBSD's SSD_FIXED_IS_FILLED do), and anything cut short is named in
    /// <see cref="ParsedSense.Warnings"/>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out ParsedSense parsed, out string error)
    {
        error = "";
        if (data.Length == 0)
        {
            parsed = new ParsedSense { Truncated = true };
            error = "empty sense buffer";
            return false;
        }
        byte rc = (byte)(data[0] & 0x7F);
        switch (rc)
        {
            case 0x70 or 0x71:
                return ParseFixed(data, rc, out parsed, out error);
            case 0x72 or 0x73:
                return ParseDescriptor(data, rc, out parsed, out error);
            case 0x7F:
                parsed = new ParsedSense { ResponseCode = rc, Length = data.Length };
                error = "byte 0: response code 7Fh is vendor-specific sense data, which has no standard layout";
                return false;
            default:
                parsed = new ParsedSense { ResponseCode = rc, Length = data.Length };
                error = $"byte 0: response code {rc:X2}h is not a sense data format (expected 70h, 71h, 72h or 73h)";
                return false;
        }
    }

    /// <summary>Works out how many bytes to decode from byte 7 (ADDITIONAL LENGTH) and the buffer length.</summary>
    private static int DecodedEnd(ReadOnlySpan<byte> data, List<string> warnings, out int additionalLength, out bool truncated)
    {
        if (data.Length < 8)
        {
            additionalLength = -1;
            truncated = true;
            warnings.Add($"buffer is {data.Length} byte(s) long and ends before the ADDITIONAL LENGTH field (byte 7)");
            return data.Length;
        }
        additionalLength = data[7];
        int declared = 8 + additionalLength;
        truncated = declared > data.Length;
        if (truncated)
            warnings.Add($"ADDITIONAL LENGTH {additionalLength} (0x{additionalLength:X2}) declares {declared} bytes but the buffer has {data.Length}");
        else if (data.Length > declared)
            warnings.Add($"{data.Length - declared} byte(s) past the declared length ({declared}) ignored");
        return Math.Min(declared, data.Length);
    }

    private static bool ParseFixed(ReadOnlySpan<byte> data, byte rc, out ParsedSense parsed, out string error)
    {
        bool deferred = rc == 0x71;
        if (data.Length < 3)
        {
            parsed = new ParsedSense { ResponseCode = rc, Format = SenseFormat.Fixed, Deferred = deferred, Length = data.Length, Truncated = true };
            error = $"fixed-format sense is {data.Length} byte(s) long and ends before the sense key (byte 2)";
            return false;
        }
        error = "";
        var warnings = new List<string>();
        int end = DecodedEnd(data, warnings, out int additionalLength, out bool truncated);
        bool valid = (data[0] & 0x80) != 0;
        byte flags = data[2];

        ulong? information = null;
        if (valid)
        {
            if (end >= 7)
                information = BinaryPrimitives.ReadUInt32BigEndian(data.Slice(3, 4));
            else
                warnings.Add("VALID is set but the INFORMATION field (bytes 3-6) is cut off");
        }

        ulong? csi = null;
        if (end >= 12)
        {
            uint v = BinaryPrimitives.ReadUInt32BigEndian(data.Slice(8, 4));
            if (v != 0)
                csi = v;
        }

        bool hasCode = end >= 14;
        var code = hasCode ? new AscAscq(data[12], data[13]) : default;
        if (!hasCode)
            warnings.Add(end == 13 ? "ASCQ (byte 13) is cut off" : "ASC and ASCQ (bytes 12-13) are cut off");

        byte fru = end >= 15 ? data[14] : (byte)0;
        var key = (SenseKey)(flags & 0x0F);
        uint? sks = null;
        FieldPointer? field = null;
        ushort? progress = null;
        if (end >= 18)
            DecodeSenseKeySpecific(key, data[15], data[16], data[17], requireSksv: true, out sks, out field, out progress);

        parsed = new ParsedSense
        {
            ResponseCode = rc,
            Format = SenseFormat.Fixed,
            Deferred = deferred,
            Key = key,
            Code = code,
            HasCode = hasCode,
            Valid = valid,
            Information = information,
            CommandSpecificInformation = csi,
            FileMark = (flags & 0x80) != 0,
            EndOfMedium = (flags & 0x40) != 0,
            IncorrectLength = (flags & 0x20) != 0,
            SenseDataOverflow = (flags & 0x10) != 0,
            FieldReplaceableUnitCode = fru,
            SenseKeySpecific = sks,
            Field = field,
            Progress = progress,
            AdditionalLength = additionalLength,
            Length = end,
            Truncated = truncated,
            Warnings = warnings,
        };
        return true;
    }

    private static bool ParseDescriptor(ReadOnlySpan<byte> data, byte rc, out ParsedSense parsed, out string error)
    {
        bool deferred = rc == 0x73;
        if (data.Length < 2)
        {
            parsed = new ParsedSense { ResponseCode = rc, Format = SenseFormat.Descriptor, Deferred = deferred, Length = data.Length, Truncated = true };
            error = "descriptor-format sense is 1 byte long and ends before the sense key (byte 1)";
            return false;
        }
        error = "";
        var warnings = new List<string>();
        int end = DecodedEnd(data, warnings, out int additionalLength, out bool truncated);
        var key = (SenseKey)(data[1] & 0x0F);
        bool hasCode = end >= 4;
        var code = hasCode ? new AscAscq(data[2], data[3]) : default;
        if (!hasCode)
            warnings.Add(end == 3 ? "ASCQ (byte 3) is cut off" : "ASC and ASCQ (bytes 2-3) are cut off");
        bool overflow = end >= 5 && (data[4] & 0x80) != 0;

        var descriptors = new List<SenseDescriptor>();
        bool valid = false, fileMark = false, eom = false, ili = false;
        ulong? information = null, csi = null;
        uint? sks = null;
        FieldPointer? field = null;
        ushort? progress = null;
        byte fru = 0;
        int pos = 8;
        while (pos < end)
        {
            if (pos + 2 > end)
            {
                warnings.Add($"descriptor at byte {pos}: its 2-byte header is cut off");
                break;
            }
            byte type = data[pos];
            int dlen = data[pos + 1];
            if (pos + 2 + dlen > end)
            {
                warnings.Add($"descriptor {type:X2}h at byte {pos}: ADDITIONAL LENGTH {dlen} runs past the end of the sense data ({end} bytes)");
                break;
            }
            var d = data.Slice(pos + 2, dlen);
            descriptors.Add(new SenseDescriptor(type, pos, d.ToArray()));
            switch (type)
            {
                case SenseDescriptorType.Information when dlen >= 10:
                    if (information is null && !valid)
                    {
                        valid = (d[0] & 0x80) != 0;
                        if (valid)
                            information = BinaryPrimitives.ReadUInt64BigEndian(d.Slice(2, 8));
                        else
                            warnings.Add($"information descriptor at byte {pos} has VALID clear");
                    }
                    break;
                case SenseDescriptorType.CommandSpecificInformation when dlen >= 10:
                    csi ??= BinaryPrimitives.ReadUInt64BigEndian(d.Slice(2, 8));
                    break;
                case SenseDescriptorType.SenseKeySpecific when dlen >= 5:
                    // FreeBSD's scsi_get_sks: a sense-key-specific descriptor is valid by being there.
                    if (sks is null)
                        DecodeSenseKeySpecific(key, d[2], d[3], d[4], requireSksv: false, out sks, out field, out progress);
                    break;
                case SenseDescriptorType.FieldReplaceableUnit when dlen >= 2:
                    if (fru == 0)
                        fru = d[1];
                    break;
                case SenseDescriptorType.StreamCommands when dlen >= 2:
                    fileMark |= (d[1] & 0x80) != 0;
                    eom |= (d[1] & 0x40) != 0;
                    ili |= (d[1] & 0x20) != 0;
                    break;
                case SenseDescriptorType.BlockCommands when dlen >= 2:
                    ili |= (d[1] & 0x20) != 0;
                    break;
                case SenseDescriptorType.Information or SenseDescriptorType.CommandSpecificInformation
                    or SenseDescriptorType.SenseKeySpecific or SenseDescriptorType.FieldReplaceableUnit
                    or SenseDescriptorType.StreamCommands or SenseDescriptorType.BlockCommands:
                    warnings.Add($"descriptor {type:X2}h at byte {pos} is too short ({dlen} bytes after its header)");
                    break;
            }
            pos += 2 + dlen;
        }

        parsed = new ParsedSense
        {
            ResponseCode = rc,
            Format = SenseFormat.Descriptor,
            Deferred = deferred,
            Key = key,
            Code = code,
            HasCode = hasCode,
            Valid = valid,
            Information = information,
            CommandSpecificInformation = csi,
            FileMark = fileMark,
            EndOfMedium = eom,
            IncorrectLength = ili,
            SenseDataOverflow = overflow,
            FieldReplaceableUnitCode = fru,
            SenseKeySpecific = sks,
            Field = field,
            Progress = progress,
            AdditionalLength = additionalLength,
            Length = end,
            Truncated = truncated,
            Descriptors = descriptors,
            Warnings = warnings,
        };
        return true;
    }

    /// <summary>
    /// Reads the three sense-key-specific bytes (SPC-5 4.4.2.4): with SKSV set, an ILLEGAL REQUEST carries a
    /// field pointer (C/D, BPV, BIT POINTER, FIELD POINTER), NO SENSE and NOT READY a progress indication.
    /// </summary>
    private static void DecodeSenseKeySpecific(SenseKey key, byte b0, byte b1, byte b2, bool requireSksv,
        out uint? raw, out FieldPointer? field, out ushort? progress)
    {
        raw = null;
        field = null;
        progress = null;
        if (requireSksv && (b0 & 0x80) == 0)
            return;
        raw = (uint)((b0 << 16) | (b1 << 8) | b2);
        ushort value = (ushort)((b1 << 8) | b2);
        switch (key)
        {
            case SenseKey.IllegalRequest:
                field = new FieldPointer((b0 & 0x40) != 0, value, (b0 & 0x08) != 0 ? (byte)(b0 & 0x07) : null);
                break;
            case SenseKey.NoSense or SenseKey.NotReady:
                progress = value;
                break;
        }
    }
}
