using System.Buffers.Binary;

namespace SanSim.Iscsi;

/// <summary>What <see cref="PduParser.TryParse"/> found at the start of its input.</summary>
public enum PduParseStatus
{
    /// <summary>A whole PDU, digests checked.</summary>
    Complete,
    /// <summary>Not enough bytes yet; <c>needed</c> says how many the PDU takes in all (at least 48).</summary>
    NeedMore,
    /// <summary>
    /// A whole PDU whose data digest does not match: the PDU is framed and returned, but its data must be
    /// discarded and the PDU rejected (reason 0x02).
    /// </summary>
    DataDigestError,
    /// <summary>The bytes cannot be a PDU from an initiator (bad header digest, opcode, lengths): the connection must close.</summary>
    Invalid,
}

/// <summary>What a connection accepts: its MaxRecvDataSegmentLength and the digests negotiated.</summary>
public readonly record struct PduLimits(int MaxRecvDataSegmentLength, bool HeaderDigest, bool DataDigest)
{
    /// <summary>Before and during login: 8192 bytes (the RFC 7143 default) and no digests.</summary>
    public static PduLimits Login => new(8192, false, false);
}

/// <summary>
/// Frames and checks one initiator PDU at the start of a byte buffer (icl_soft's receive path): the opcode
/// must be one an initiator sends, the data segment no longer than MaxRecvDataSegmentLength, the header
/// digest right. Never throws on any input.
/// </summary>
public static class PduParser
{
    /// <summary>Parses the PDU at the start of <paramref name="input"/>.</summary>
    /// <param name="needed">The PDU's whole wire length once the BHS is in (48 before).</param>
    /// <param name="error">Why the input is <see cref="PduParseStatus.Invalid"/>.</param>
    public static PduParseStatus TryParse(ReadOnlySpan<byte> input, in PduLimits limits, out Pdu? pdu, out int needed, out string? error)
    {
        pdu = null;
        error = null;
        needed = Pdu.BhsLength;
        if (input.Length < Pdu.BhsLength) return PduParseStatus.NeedMore;

        var opcode = (IscsiOpcode)(input[0] & 0x3F);
        if (!IsInitiatorOpcode(opcode))
        {
            error = $"received PDU with unsupported opcode 0x{(byte)opcode:x2}";
            return PduParseStatus.Invalid;
        }
        if ((input[0] & 0x80) != 0)
        {
            error = "received PDU with the reserved bit 7 of byte 0 set";
            return PduParseStatus.Invalid;
        }
        int ahsLength = input[4] * 4;
        int dataLength = (input[5] << 16) | (input[6] << 8) | input[7];
        if (dataLength > limits.MaxRecvDataSegmentLength)
        {
            error = $"received PDU with DataSegmentLength {dataLength}, exceeding MaxRecvDataSegmentLength {limits.MaxRecvDataSegmentLength}";
            return PduParseStatus.Invalid;
        }
        int headerEnd = Pdu.BhsLength + ahsLength;
        int dataStart = headerEnd + (limits.HeaderDigest ? 4 : 0);
        int padded = (dataLength + 3) & ~3;
        needed = dataStart + (dataLength > 0 ? padded + (limits.DataDigest ? 4 : 0) : 0);
        if (input.Length < needed) return PduParseStatus.NeedMore;

        if (limits.HeaderDigest)
        {
            uint sent = BinaryPrimitives.ReadUInt32LittleEndian(input.Slice(headerEnd, 4));
            if (sent != Crc32C.Compute(input[..headerEnd]))
            {
                error = "header digest check failed";
                return PduParseStatus.Invalid;
            }
        }
        var parsed = new Pdu();
        input[..Pdu.BhsLength].CopyTo(parsed.Bhs);
        if (ahsLength > 0) parsed.Ahs = input.Slice(Pdu.BhsLength, ahsLength).ToArray();
        if (dataLength > 0)
        {
            if (limits.DataDigest)
            {
                uint sent = BinaryPrimitives.ReadUInt32LittleEndian(input.Slice(dataStart + padded, 4));
                if (sent != Crc32C.Compute(input.Slice(dataStart, padded)))
                {
                    pdu = parsed;
                    return PduParseStatus.DataDigestError;
                }
            }
            parsed.Data = input.Slice(dataStart, dataLength).ToArray();
        }
        pdu = parsed;
        return PduParseStatus.Complete;
    }

    /// <summary>The opcodes an initiator may send (RFC 7143 §11.2.1.2).</summary>
    public static bool IsInitiatorOpcode(IscsiOpcode opcode) => opcode is IscsiOpcode.NopOut or IscsiOpcode.ScsiCommand
        or IscsiOpcode.TaskManagementRequest or IscsiOpcode.LoginRequest or IscsiOpcode.TextRequest
        or IscsiOpcode.DataOut or IscsiOpcode.LogoutRequest or IscsiOpcode.Snack;
}
