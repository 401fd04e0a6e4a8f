using System.Buffers.Binary;
using System.Numerics;

namespace SanSim.Iscsi;

/// <summary>
/// CRC32C (Castagnoli), the iSCSI header and data digest (RFC 7143 §13.1): initial value all ones, final
/// complement, sent as four bytes in little-endian order (RFC 3720 appendix B.4: 32 zero bytes give aa 36 91 8a).
/// </summary>
public static class Crc32C
{
    /// <summary>The digest of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Append(0xFFFF_FFFFu, data);

    /// <summary>The digest of <paramref name="first"/> followed by <paramref name="second"/> (a data segment and its padding).</summary>
    public static uint Compute(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second) => ~Append(Append(0xFFFF_FFFFu, first), second);

    /// <summary>Folds <paramref name="data"/> into a running (uncomplemented) CRC.</summary>
    private static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        int i = 0;
        for (; i + 8 <= data.Length; i += 8)
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(i, 8)));
        for (; i < data.Length; i++)
            crc = BitOperations.Crc32C(crc, data[i]);
        return crc;
    }
}
