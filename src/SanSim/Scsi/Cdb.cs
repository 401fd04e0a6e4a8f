using System.Buffers.Binary;

namespace SanSim.Scsi;

/// <summary>
/// A decoded CDB: the opcode and the fields the target's handlers use, in host order. Fields that the
/// opcode does not have are zero/false. Produced by <see cref="CdbDecoder.TryDecode"/>, which first checks
/// the opcode, service action and usage mask against the command's <see cref="CdbLayout"/> row.
/// </summary>
public readonly struct Cdb
{
    public ScsiOpcode Opcode { get; init; }
    /// <summary>Service action (low 5 bits of byte 1) for opcodes that have one (READ/WRITE BUFFER: the MODE); 0 otherwise.</summary>
    public byte ServiceAction { get; init; }
    /// <summary>Length of the CDB in bytes as the opcode's group defines it.</summary>
    public int Length { get; init; }
    public ulong Lba { get; init; }
    /// <summary>Number of logical blocks (READ/WRITE/VERIFY/WRITE SAME/COMPARE AND WRITE/SYNC CACHE).</summary>
    public uint TransferLength { get; init; }
    /// <summary>ALLOCATION LENGTH of a data-in command or PARAMETER LIST LENGTH of a data-out command.</summary>
    public uint AllocationLength { get; init; }
    public bool Dpo { get; init; }
    public bool Fua { get; init; }
    /// <summary>IMMED of START STOP UNIT and SYNCHRONIZE CACHE.</summary>
    public bool Immed { get; init; }
    /// <summary>START STOP UNIT: START, LOEJ, NO_FLUSH, POWER CONDITION (4 bits), POWER CONDITION MODIFIER.</summary>
    public bool Start { get; init; }
    public bool LoadEject { get; init; }
    public bool NoFlush { get; init; }
    public byte PowerCondition { get; init; }
    public byte PowerConditionModifier { get; init; }
    /// <summary>INQUIRY: EVPD and PAGE CODE. MODE SENSE: PAGE CODE and SUBPAGE CODE.</summary>
    public bool Evpd { get; init; }
    public byte PageCode { get; init; }
    public byte SubpageCode { get; init; }
    /// <summary>MODE SENSE page control (0 current, 1 changeable, 2 default, 3 saved) and DBD, LLBAA.</summary>
    public byte PageControl { get; init; }
    public bool DisableBlockDescriptors { get; init; }
    public bool LongLba { get; init; }
    /// <summary>MODE SELECT: PF and SP.</summary>
    public bool PageFormat { get; init; }
    public bool SavePages { get; init; }
    /// <summary>WRITE SAME: UNMAP, ANCHOR, NDOB. VERIFY: BYTCHK (2 bits).</summary>
    public bool Unmap { get; init; }
    public bool Anchor { get; init; }
    public bool NoDataOutBuffer { get; init; }
    public byte ByteCheck { get; init; }
    /// <summary>PREVENT ALLOW MEDIUM REMOVAL: PREVENT (2 bits).</summary>
    public byte Prevent { get; init; }
    /// <summary>REQUEST SENSE: DESC.</summary>
    public bool DescriptorFormat { get; init; }
    /// <summary>PERSISTENT RESERVE OUT: SCOPE and TYPE.</summary>
    public byte Scope { get; init; }
    public byte ReservationType { get; init; }
    /// <summary>REPORT LUNS: SELECT REPORT.</summary>
    public byte SelectReport { get; init; }
    /// <summary>REPORT SUPPORTED OPERATION CODES: REPORTING OPTIONS, RCTD, REQUESTED OPERATION CODE and SERVICE ACTION.</summary>
    public byte ReportingOptions { get; init; }
    public bool ReturnCommandTimeoutsDescriptor { get; init; }
    public byte RequestedOpcode { get; init; }
    public ushort RequestedServiceAction { get; init; }
    /// <summary>RESERVE(10)/RELEASE(10): 3RDPTY, LONGID and THIRD-PARTY DEVICE ID.</summary>
    public bool ThirdParty { get; init; }
    public byte ThirdPartyDeviceId { get; init; }
    /// <summary>MODE SELECT: RTD (revert to defaults).</summary>
    public bool RevertToDefaults { get; init; }
    /// <summary>READ/WRITE BUFFER: BUFFER ID and BUFFER OFFSET (the MODE is <see cref="ServiceAction"/>).</summary>
    public byte BufferId { get; init; }
    public ulong BufferOffset { get; init; }
    /// <summary>LOG SENSE: PARAMETER POINTER.</summary>
    public ushort ParameterPointer { get; init; }
    /// <summary>The layout-table row the CDB was validated against (null only for <c>default(Cdb)</c>).</summary>
    public CdbLayout? Layout { get; init; }
    /// <summary>T10 name of the command, service action included ("READ CAPACITY(16)").</summary>
    public string Name => Layout?.Name ?? Opcode.T10Name();
    /// <summary>COMPARE AND WRITE: NUMBER OF LOGICAL BLOCKS (byte 13).</summary>
    public byte CompareBlocks => (byte)TransferLength;
    /// <summary>CONTROL byte (last byte of the CDB).</summary>
    public byte Control { get; init; }

    public bool IsWrite => Opcode is ScsiOpcode.Write6 or ScsiOpcode.Write10 or ScsiOpcode.Write12 or ScsiOpcode.Write16
        or ScsiOpcode.WriteAndVerify10 or ScsiOpcode.WriteAndVerify12 or ScsiOpcode.WriteAndVerify16
        or ScsiOpcode.WriteAtomic16;

    public bool IsRead => Opcode is ScsiOpcode.Read6 or ScsiOpcode.Read10 or ScsiOpcode.Read12 or ScsiOpcode.Read16;

    /// <summary>Trace form: the command name and the fields that identify the request.</summary>
    public override string ToString()
    {
        if (Layout is null) return Opcode.T10Name();
        if (Layout.DataDirection != CdbDataDirection.None && AllocationLength != 0 && TransferLength == 0)
            return $"{Name} len={AllocationLength}";
        return Opcode switch
        {
            ScsiOpcode.StartStopUnit =>
                $"{Name} start={(Start ? 1 : 0)} immed={(Immed ? 1 : 0)} loej={(LoadEject ? 1 : 0)} pc={PowerCondition}",
            _ when Lba != 0 || TransferLength != 0 => $"{Name} lba={Lba} blocks={TransferLength}",
            _ => Name,
        };
    }

    internal static ulong ReadBe(ReadOnlySpan<byte> s, int offset, int bytes) => bytes switch
    {
        2 => BinaryPrimitives.ReadUInt16BigEndian(s.Slice(offset, 2)),
        3 => (ulong)((s[offset] << 16) | (s[offset + 1] << 8) | s[offset + 2]),
        4 => BinaryPrimitives.ReadUInt32BigEndian(s.Slice(offset, 4)),
        8 => BinaryPrimitives.ReadUInt64BigEndian(s.Slice(offset, 8)),
        _ => throw new ArgumentOutOfRangeException(nameof(bytes)),
    };
}
