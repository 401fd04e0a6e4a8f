using System.Buffers.Binary;

namespace SanSim.Target.Reservations;

/// <summary>
/// The basic PERSISTENT RESERVE OUT parameter list (struct scsi_per_res_out_parms, 24 bytes):
/// RESERVATION KEY (bytes 0-7), SERVICE ACTION RESERVATION KEY (8-15), obsolete scope address (16-19),
/// flags (20: SPEC_I_PT 08h, ALL_TG_PT 04h, APTPL 01h), reserved, obsolete extent length.
/// </summary>
public readonly record struct PersistentReserveOutParameters(ulong ReservationKey, ulong ServiceActionKey, byte Flags)
{
    /// <summary>The only parameter list length CTL accepts.</summary>
    public const int Length = 24;

    /// <summary>Byte offset of the flags byte, which field pointers name.</summary>
    public const int FlagsOffset = 20;

    /// <summary>Byte offset of SERVICE ACTION RESERVATION KEY, which field pointers name.</summary>
    public const int ServiceActionKeyOffset = 8;

    public const byte SpecifyInitiatorPorts = 0x08;
    public const byte AllTargetPorts = 0x04;
    public const byte ActivatePersistThroughPowerLoss = 0x01;

    /// <summary>Reads the fields from <paramref name="data"/>; false when it is shorter than <see cref="Length"/>.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out PersistentReserveOutParameters parameters)
    {
        parameters = default;
        if (data.Length < Length) return false;
        parameters = new PersistentReserveOutParameters(
            BinaryPrimitives.ReadUInt64BigEndian(data[..8]),
            BinaryPrimitives.ReadUInt64BigEndian(data.Slice(8, 8)),
            data[FlagsOffset]);
        return true;
    }

    /// <summary>Writes the 24-byte list (the inverse of <see cref="TryParse"/>), as an initiator builds it.</summary>
    public void WriteTo(Span<byte> destination)
    {
        destination[..Length].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(destination[..8], ReservationKey);
        BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(8, 8), ServiceActionKey);
        destination[FlagsOffset] = Flags;
    }
}
