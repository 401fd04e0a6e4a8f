namespace SanSim.Scsi;

/// <summary>
/// The content of one sense report, independent of its wire format: key, ASC/ASCQ, whether it is current
/// or deferred, the optional INFORMATION field and the optional sense-key-specific field pointer.
/// Encoded to fixed (70h/71h) or descriptor (72h/73h) format by <see cref="SenseData"/>.
/// </summary>
public readonly record struct SenseInfo(
    SenseKey Key,
    AscAscq Code,
    bool Deferred = false,
    ulong? Information = null,
    FieldPointer? Field = null)
{
    public static SenseInfo None => default;

    public bool IsNone => Key == SenseKey.NoSense && Code.Value == 0 && Field is null && Information is null;

    public static SenseInfo NotReady(AscAscq code) => new(SenseKey.NotReady, code);
    public static SenseInfo UnitAttention(AscAscq code) => new(SenseKey.UnitAttention, code);
    public static SenseInfo IllegalRequest(AscAscq code) => new(SenseKey.IllegalRequest, code);

    /// <summary>05/24/00 INVALID FIELD IN CDB pointing at <paramref name="byteIndex"/>, bit <paramref name="bit"/>.</summary>
    public static SenseInfo InvalidFieldInCdb(int byteIndex, int? bit = null) =>
        new(SenseKey.IllegalRequest, AscAscq.InvalidFieldInCdb, Field: new FieldPointer(true, (ushort)byteIndex, bit is null ? null : (byte)bit));

    /// <summary>05/26/00 INVALID FIELD IN PARAMETER LIST pointing at a parameter-data byte.</summary>
    public static SenseInfo InvalidFieldInParameterList(int byteIndex, int? bit = null) =>
        new(SenseKey.IllegalRequest, AscAscq.InvalidFieldInParameterList, Field: new FieldPointer(false, (ushort)byteIndex, bit is null ? null : (byte)bit));

    public override string ToString() => $"{(byte)Key:X2}/{Code.Asc:X2}/{Code.Ascq:X2}";
}

/// <summary>The sense-key-specific field pointer (SPC-5 4.4.2.2): C/D, BPV with bit pointer, field pointer.</summary>
public readonly record struct FieldPointer(bool InCdb, ushort Byte, byte? Bit);
