namespace SanSim.Scsi;

/// <summary>The two sense data formats of SPC-5 4.4: fixed (response codes 70h/71h) and descriptor (72h/73h).</summary>
public enum SenseFormat
{
    Fixed,
    Descriptor,
}

/// <summary>One sense data descriptor as found in descriptor-format sense: its type and the bytes after its 2-byte header.</summary>
public sealed record SenseDescriptor(byte Type, int Offset, byte[] Data)
{
    /// <summary>The ADDITIONAL LENGTH of the descriptor (byte 1).</summary>
    public int Length => Data.Length;

    public string Name => SenseDescriptorType.Name(Type);
}

/// <summary>
/// What <see cref="SenseData.TryParse"/> could decode from a sense buffer. Fields the buffer did not reach are
/// left at their defaults and named in <see cref="Warnings"/>.
/// </summary>
public sealed class ParsedSense
{
    /// <summary>RESPONSE CODE (byte 0, bits 6-0): 70h, 71h, 72h or 73h for the formats this parser knows.</summary>
    public byte ResponseCode { get; init; }
    public SenseFormat Format { get; init; }
    /// <summary>True for a deferred error (71h/73h), false for a current one (70h/72h).</summary>
    public bool Deferred { get; init; }
    public SenseKey Key { get; init; }
    public AscAscq Code { get; init; }
    /// <summary>True when the buffer reached the ASC and ASCQ bytes.</summary>
    public bool HasCode { get; init; }
    /// <summary>Fixed format: the VALID bit (byte 0, bit 7). Descriptor format: VALID of the information descriptor.</summary>
    public bool Valid { get; init; }
    /// <summary>INFORMATION when VALID is set: 32-bit in fixed format (bytes 3-6), 64-bit in descriptor 00h.</summary>
    public ulong? Information { get; init; }
    /// <summary>COMMAND-SPECIFIC INFORMATION: fixed bytes 8-11 when non-zero, or descriptor 01h.</summary>
    public ulong? CommandSpecificInformation { get; init; }
    public bool FileMark { get; init; }
    public bool EndOfMedium { get; init; }
    /// <summary>ILI, incorrect length indicator.</summary>
    public bool IncorrectLength { get; init; }
    /// <summary>SDAT_OVFL: the device had more sense than fitted.</summary>
    public bool SenseDataOverflow { get; init; }
    public byte FieldReplaceableUnitCode { get; init; }
    /// <summary>The three sense-key-specific bytes (SKSV set), as one big-endian value; null when absent or SKSV is clear.</summary>
    public uint? SenseKeySpecific { get; init; }
    /// <summary>The field pointer of an ILLEGAL REQUEST (SPC-5 4.4.2.4.2), decoded from <see cref="SenseKeySpecific"/>.</summary>
    public FieldPointer? Field { get; init; }
    /// <summary>PROGRESS INDICATION of a NO SENSE or NOT READY report (numerator over 65536).</summary>
    public ushort? Progress { get; init; }
    /// <summary>ADDITIONAL LENGTH as the buffer declares it (byte 7); -1 when the buffer is too short to hold it.</summary>
    public int AdditionalLength { get; init; } = -1;
    /// <summary>Bytes actually decoded: the smaller of the buffer length and 8 + ADDITIONAL LENGTH.</summary>
    public int Length { get; init; }
    /// <summary>True when the buffer ends before the length the sense data declares (or before byte 7).</summary>
    public bool Truncated { get; init; }
    /// <summary>Descriptor format: every descriptor found whole, in order.</summary>
    public IReadOnlyList<SenseDescriptor> Descriptors { get; init; } = [];
    /// <summary>Everything odd about the buffer that did not stop the decode.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The report as a <see cref="SenseInfo"/> (key, ASC/ASCQ, deferred, information, field pointer).</summary>
    public SenseInfo ToSenseInfo() => new(Key, Code, Deferred, Information, Field);

    /// <summary>The extra fields as <see cref="SenseExtras"/>.</summary>
    public SenseExtras ToExtras() => new(FileMark, EndOfMedium, IncorrectLength, CommandSpecificInformation, FieldReplaceableUnitCode);
}
