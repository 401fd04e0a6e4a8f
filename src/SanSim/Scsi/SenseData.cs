using System.Buffers.Binary;

namespace SanSim.Scsi;

/// <summary>Encodes <see cref="SenseInfo"/> as SPC-5 sense data: fixed format (70h/71h) or descriptor format (72h/73h).</summary>
public static partial class SenseData
{
    /// <summary>Length of fixed-format sense data with no additional bytes past the sense-key-specific field.</summary>
    public const int FixedLength = 18;

    /// <summary>Writes fixed-format sense data and returns its length (at most <paramref name="destination"/>'s length).</summary>
    public static int WriteFixed(in SenseInfo sense, Span<byte> destination)
    {
        Span<byte> b = stackalloc byte[FixedLength];
        b.Clear();
        bool valid = sense.Information is { } info && info <= uint.MaxValue;
        b[0] = (byte)((valid ? 0x80 : 0) | (sense.Deferred ? 0x71 : 0x70));
        b[2] = (byte)((byte)sense.Key & 0x0F);
        if (valid) BinaryPrimitives.WriteUInt32BigEndian(b.Slice(3, 4), (uint)sense.Information!.Value);
        b[7] = FixedLength - 8;
        b[12] = sense.Code.Asc;
        b[13] = sense.Code.Ascq;
        if (sense.Field is { } f) WriteFieldPointer(f, b.Slice(15, 3));
        int n = Math.Min(FixedLength, destination.Length);
        b[..n].CopyTo(destination);
        return n;
    }

    /// <summary>Writes descriptor-format sense data (information and sense-key-specific descriptors as needed) and returns its length.</summary>
    public static int WriteDescriptor(in SenseInfo sense, Span<byte> destination)
    {
        Span<byte> b = stackalloc byte[8 + 12 + 8];
        b.Clear();
        b[0] = (byte)(sense.Deferred ? 0x73 : 0x72);
        b[1] = (byte)((byte)sense.Key & 0x0F);
        b[2] = sense.Code.Asc;
        b[3] = sense.Code.Ascq;
        int len = 8;
        if (sense.Information is { } info)
        {
            b[len] = 0x00;
            b[len + 1] = 0x0A;
            b[len + 2] = 0x80;
            BinaryPrimitives.WriteUInt64BigEndian(b.Slice(len + 4, 8), info);
            len += 12;
        }
        if (sense.Field is { } f)
        {
            b[len] = 0x02;
            b[len + 1] = 0x06;
            WriteFieldPointer(f, b.Slice(len + 4, 3));
            len += 8;
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
