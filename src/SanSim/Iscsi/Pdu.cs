using System.Buffers.Binary;

namespace SanSim.Iscsi;

/// <summary>
/// One iSCSI PDU (RFC 7143 §11.2): the 48-byte Basic Header Segment, any Additional Header Segments and the
/// data segment without its padding. Field accessors read and write the BHS in network byte order; the
/// opcode-specific names follow the RFC's PDU layouts.
/// </summary>
public sealed class Pdu
{
    /// <summary>Length of the Basic Header Segment.</summary>
    public const int BhsLength = 48;

    /// <summary>The ITT and TTT value meaning "none" (0xffffffff).</summary>
    public const uint ReservedTag = 0xFFFF_FFFF;

    public Pdu()
    {
    }

    public Pdu(IscsiOpcode opcode, byte flags = 0x80)
    {
        Opcode = opcode;
        Flags = flags;
    }

    /// <summary>The Basic Header Segment.</summary>
    public byte[] Bhs { get; } = new byte[BhsLength];

    /// <summary>Additional Header Segments, a multiple of four bytes.</summary>
    public byte[] Ahs { get; set; } = [];

    /// <summary>The data segment, without padding.</summary>
    public ReadOnlyMemory<byte> Data { get; set; } = ReadOnlyMemory<byte>.Empty;

    public IscsiOpcode Opcode
    {
        get => (IscsiOpcode)(Bhs[0] & 0x3F);
        set => Bhs[0] = (byte)((Bhs[0] & 0x40) | ((byte)value & 0x3F));
    }

    /// <summary>The I bit: an immediate request, outside CmdSN ordering.</summary>
    public bool Immediate
    {
        get => (Bhs[0] & 0x40) != 0;
        set => Bhs[0] = (byte)(value ? Bhs[0] | 0x40 : Bhs[0] & ~0x40);
    }

    /// <summary>Byte 1: F (final) and the opcode-specific flags.</summary>
    public byte Flags
    {
        get => Bhs[1];
        set => Bhs[1] = value;
    }

    public bool Final => (Bhs[1] & 0x80) != 0;

    public byte Byte2 { get => Bhs[2]; set => Bhs[2] = value; }
    public byte Byte3 { get => Bhs[3]; set => Bhs[3] = value; }

    /// <summary>TotalAHSLength in four-byte words.</summary>
    public int TotalAhsLength => Bhs[4];

    /// <summary>DataSegmentLength as the header states it.</summary>
    public int DataSegmentLength => (Bhs[5] << 16) | (Bhs[6] << 8) | Bhs[7];

    /// <summary>Bytes 8-15: the LUN (or the ISID and TSIH of a login).</summary>
    public ulong Lun
    {
        get => BinaryPrimitives.ReadUInt64BigEndian(Bhs.AsSpan(8, 8));
        set => BinaryPrimitives.WriteUInt64BigEndian(Bhs.AsSpan(8, 8), value);
    }

    public uint InitiatorTaskTag { get => U32(16); set => SetU32(16, value); }

    /// <summary>Bytes 20-23: TTT, Expected Data Transfer Length, Referenced Task Tag or CID, by opcode.</summary>
    public uint Word20 { get => U32(20); set => SetU32(20, value); }

    /// <summary>Bytes 24-27: CmdSN in requests, StatSN in responses.</summary>
    public uint Word24 { get => U32(24); set => SetU32(24, value); }

    /// <summary>Bytes 28-31: ExpStatSN in requests, ExpCmdSN in responses.</summary>
    public uint Word28 { get => U32(28); set => SetU32(28, value); }

    /// <summary>Bytes 32-35: MaxCmdSN in responses, RefCmdSN in a TMF request.</summary>
    public uint Word32 { get => U32(32); set => SetU32(32, value); }

    /// <summary>Bytes 36-39: DataSN, R2TSN or ExpDataSN.</summary>
    public uint Word36 { get => U32(36); set => SetU32(36, value); }

    /// <summary>Bytes 40-43: Buffer Offset or Bidirectional Read Residual Count.</summary>
    public uint Word40 { get => U32(40); set => SetU32(40, value); }

    /// <summary>Bytes 44-47: Residual Count or Desired Data Transfer Length.</summary>
    public uint Word44 { get => U32(44); set => SetU32(44, value); }

    public uint U32(int offset) => BinaryPrimitives.ReadUInt32BigEndian(Bhs.AsSpan(offset, 4));

    public void SetU32(int offset, uint value) => BinaryPrimitives.WriteUInt32BigEndian(Bhs.AsSpan(offset, 4), value);

    /// <summary>The CDB of a SCSI Command: bytes 32-47, extended by an Extended CDB AHS (type 1) when there is one.</summary>
    public byte[] Cdb()
    {
        var ahs = Ahs.AsSpan();
        while (ahs.Length >= 4)
        {
            int len = BinaryPrimitives.ReadUInt16BigEndian(ahs);
            int total = (4 + len + 3) & ~3;
            if (total > ahs.Length) break;
            if (ahs[2] == 1 && len >= 1)
            {
                var cdb = new byte[16 + len - 1];
                Bhs.AsSpan(32, 16).CopyTo(cdb);
                ahs.Slice(4, len - 1).CopyTo(cdb.AsSpan(16));
                return cdb;
            }
            ahs = ahs[total..];
        }
        return Bhs.AsSpan(32, 16).ToArray();
    }

    /// <summary>The number of bytes the PDU takes on the wire with the given digests.</summary>
    public int WireLength(bool headerDigest, bool dataDigest)
    {
        int n = BhsLength + Ahs.Length + (headerDigest ? 4 : 0);
        if (Data.Length > 0) n += ((Data.Length + 3) & ~3) + (dataDigest ? 4 : 0);
        return n;
    }

    /// <summary>
    /// Writes the PDU as it goes on the wire: lengths filled in, data padded to four bytes, digests appended
    /// when negotiated. <paramref name="destination"/> must hold <see cref="WireLength"/> bytes; returns that count.
    /// </summary>
    public int WriteTo(Span<byte> destination, bool headerDigest, bool dataDigest)
    {
        Bhs[4] = (byte)(Ahs.Length / 4);
        int dl = Data.Length;
        Bhs[5] = (byte)(dl >> 16);
        Bhs[6] = (byte)(dl >> 8);
        Bhs[7] = (byte)dl;
        int o = 0;
        Bhs.CopyTo(destination);
        o += BhsLength;
        Ahs.CopyTo(destination[o..]);
        o += Ahs.Length;
        if (headerDigest)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[o..], Crc32C.Compute(destination[..o]));
            o += 4;
        }
        if (dl > 0)
        {
            int start = o;
            Data.Span.CopyTo(destination[o..]);
            o += dl;
            int pad = ((dl + 3) & ~3) - dl;
            destination.Slice(o, pad).Clear();
            o += pad;
            if (dataDigest)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(destination[o..], Crc32C.Compute(destination[start..o]));
                o += 4;
            }
        }
        return o;
    }

    /// <summary>The PDU as wire bytes.</summary>
    public byte[] ToArray(bool headerDigest = false, bool dataDigest = false)
    {
        var bytes = new byte[WireLength(headerDigest, dataDigest)];
        WriteTo(bytes, headerDigest, dataDigest);
        return bytes;
    }
}
