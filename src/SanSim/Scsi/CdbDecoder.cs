using System.Numerics;

namespace SanSim.Scsi;

/// <summary>
/// Decodes CDB bytes into a <see cref="Cdb"/>, validating them against the <see cref="CdbLayouts"/> table the way
/// CTL's <c>ctl_validate_command</c> does. Never throws and never allocates.
/// <list type="bullet">
/// <item>Empty CDB, or an opcode with no row: 05/20/00 INVALID COMMAND OPERATION CODE, no field pointer.</item>
/// <item>Opcode with service actions but none of its rows matches byte 1 bits 4-0: 05/24/00 INVALID FIELD IN
/// CDB, field pointer C/D=1 byte 1 bit 4 (CTL points at the top bit of the service action field).</item>
/// <item>A bit set where the row's usage mask is clear: 05/24/00, C/D=1, the first such byte (scanning from
/// byte 1, control byte included) and its highest offending bit (CTL's <c>fls(diff) - 1</c>).</item>
/// <item>A CDB shorter than the row's length is read as if the missing bytes were zero. CTL never compares
/// the received length with the opcode's: its front ends zero the <c>ctl_io</c> (<c>ctl_zero_io</c>) and copy
/// only the bytes received (scsi_ctl.c; iSCSI always hands over the 16-byte BHS CDB field), so the missing
/// bytes are zero and the command is then judged on its mask like any other. Bytes past the row's length
/// are ignored, as iSCSI's zero padding is.</item>
/// </list>
/// Field-level checks that CTL makes in a command's handler (e.g. EVPD=0 with a page code, ANCHOR without
/// UNMAP) belong to the target, not here.
/// </summary>
public static class CdbDecoder
{
    /// <summary>Longest CDB in the layout table.</summary>
    public const int MaxLength = 16;

    /// <summary>The CDB length for an opcode by its group code (bits 7-5), or 0 for vendor/reserved groups.</summary>
    public static int GroupLength(byte opcode) => (opcode >> 5) switch
    {
        0 => 6,
        1 or 2 => 10,
        4 => 16,
        5 => 12,
        _ => 0,
    };

    /// <summary>
    /// Decodes and validates one CDB. On failure <paramref name="error"/> holds the ILLEGAL REQUEST sense to
    /// return with CHECK CONDITION and <paramref name="decoded"/> is default.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> cdb, out Cdb decoded, out SenseInfo error)
    {
        if (cdb.IsEmpty)
        {
            decoded = default;
            error = SenseInfo.IllegalRequest(AscAscq.InvalidCommandOperationCode);
            return false;
        }

        byte op = cdb[0];
        CdbLayout layout;
        if (CdbLayouts.HasServiceActions(op))
        {
            byte sa = (byte)((cdb.Length > 1 ? cdb[1] : 0) & CdbLayouts.ServiceActionMask);
            if (!CdbLayouts.TryGet(op, sa, out layout))
            {
                decoded = default;
                error = SenseInfo.InvalidFieldInCdb(1, 4);
                return false;
            }
        }
        else if (!CdbLayouts.TryGet(op, 0, out layout))
        {
            decoded = default;
            error = SenseInfo.IllegalRequest(AscAscq.InvalidCommandOperationCode);
            return false;
        }

        // A full-length CDB is read in place; a short one through a zero-padded copy, kept out of this method
        // so that the common case is compiled without a stack buffer.
        return cdb.Length >= layout.Length
            ? TryDecodeFull(cdb[..layout.Length], layout, out decoded, out error)
            : TryDecodePadded(cdb, layout, out decoded, out error);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static bool TryDecodePadded(ReadOnlySpan<byte> cdb, CdbLayout layout, out Cdb decoded, out SenseInfo error)
    {
        Span<byte> padded = stackalloc byte[MaxLength];
        padded.Clear();
        cdb.CopyTo(padded);
        return TryDecodeFull(padded[..layout.Length], layout, out decoded, out error);
    }

    /// <summary>Checks the usage mask of a CDB exactly as long as its layout, then reads its fields.</summary>
    private static bool TryDecodeFull(ReadOnlySpan<byte> c, CdbLayout layout, out Cdb decoded, out SenseInfo error)
    {
        int length = c.Length;
        var mask = layout.UsageMask;
        for (int i = 1; i < length; i++)
        {
            int diff = c[i] & ~mask[i - 1];
            if (diff != 0)
            {
                decoded = default;
                error = SenseInfo.InvalidFieldInCdb(i, BitOperations.Log2((uint)diff));
                return false;
            }
        }

        error = default;
        decoded = Fields(layout.Operation, layout.ServiceAction, c) with
        {
            Opcode = layout.Operation,
            ServiceAction = layout.HasServiceAction ? (byte)layout.ServiceAction : (byte)0,
            Length = length,
            Control = c[length - 1],
            Layout = layout,
        };
        return true;
    }

    /// <summary>Reads the command-specific fields of a validated, full-length CDB.</summary>
    private static Cdb Fields(ScsiOpcode op, ushort sa, ReadOnlySpan<byte> c)
    {
        bool dpo = (c[1] & 0x10) != 0;
        bool fua = (c[1] & 0x08) != 0;
        byte bytchk = (byte)((c[1] >> 1) & 0x03);
        switch (op)
        {
            case ScsiOpcode.Read6 or ScsiOpcode.Write6:
                return new Cdb
                {
                    Lba = (ulong)(((c[1] & 0x1F) << 16) | (c[2] << 8) | c[3]),
                    TransferLength = c[4] == 0 ? 256u : c[4],
                };
            case ScsiOpcode.Read10 or ScsiOpcode.Write10:
                return new Cdb { Lba = Cdb.ReadBe(c, 2, 4), TransferLength = (uint)Cdb.ReadBe(c, 7, 2), Dpo = dpo, Fua = fua };
            case ScsiOpcode.WriteAndVerify10 or ScsiOpcode.Verify10:
                return new Cdb { Lba = Cdb.ReadBe(c, 2, 4), TransferLength = (uint)Cdb.ReadBe(c, 7, 2), Dpo = dpo, ByteCheck = bytchk };
            case ScsiOpcode.Read12 or ScsiOpcode.Write12:
                return new Cdb { Lba = Cdb.ReadBe(c, 2, 4), TransferLength = (uint)Cdb.ReadBe(c, 6, 4), Dpo = dpo, Fua = fua };
            case ScsiOpcode.WriteAndVerify12 or ScsiOpcode.Verify12:
                return new Cdb { Lba = Cdb.ReadBe(c, 2, 4), TransferLength = (uint)Cdb.ReadBe(c, 6, 4), Dpo = dpo, ByteCheck = bytchk };
            case ScsiOpcode.Read16 or ScsiOpcode.Write16:
                return new Cdb { Lba = Cdb.ReadBe(c, 2, 8), TransferLength = (uint)Cdb.ReadBe(c, 10, 4), Dpo = dpo, Fua = fua };
            case ScsiOpcode.WriteAndVerify16 or ScsiOpcode.Verify16:
                return new Cdb { Lba = Cdb.ReadBe(c, 2, 8), TransferLength = (uint)Cdb.ReadBe(c, 10, 4), Dpo = dpo, ByteCheck = bytchk };
            case ScsiOpcode.CompareAndWrite:
                return new Cdb { Lba = Cdb.ReadBe(c, 2, 8), TransferLength = c[13], Dpo = dpo, Fua = fua };
            case ScsiOpcode.WriteAtomic16:
                return new Cdb { Lba = Cdb.ReadBe(c, 2, 8), TransferLength = (uint)Cdb.ReadBe(c, 12, 2), Dpo = dpo, Fua = fua };
            case ScsiOpcode.SynchronizeCache10 or ScsiOpcode.PreFetch10:
                return new Cdb { Lba = Cdb.ReadBe(c, 2, 4), TransferLength = (uint)Cdb.ReadBe(c, 7, 2), Immed = (c[1] & 0x02) != 0 };
            case ScsiOpcode.SynchronizeCache16 or ScsiOpcode.PreFetch16:
                return new Cdb { Lba = Cdb.ReadBe(c, 2, 8), TransferLength = (uint)Cdb.ReadBe(c, 10, 4), Immed = (c[1] & 0x02) != 0 };
            case ScsiOpcode.WriteSame10:
                return new Cdb
                {
                    Lba = Cdb.ReadBe(c, 2, 4),
                    TransferLength = (uint)Cdb.ReadBe(c, 7, 2),
                    Anchor = (c[1] & 0x10) != 0,
                    Unmap = (c[1] & 0x08) != 0,
                };
            case ScsiOpcode.WriteSame16:
                return new Cdb
                {
                    Lba = Cdb.ReadBe(c, 2, 8),
                    TransferLength = (uint)Cdb.ReadBe(c, 10, 4),
                    Anchor = (c[1] & 0x10) != 0,
                    Unmap = (c[1] & 0x08) != 0,
                    NoDataOutBuffer = (c[1] & 0x01) != 0,
                };
            case ScsiOpcode.Unmap:
                return new Cdb { Anchor = (c[1] & 0x01) != 0, AllocationLength = (uint)Cdb.ReadBe(c, 7, 2) };
            case ScsiOpcode.RequestSense:
                return new Cdb { DescriptorFormat = (c[1] & 0x01) != 0, AllocationLength = c[4] };
            case ScsiOpcode.Inquiry:
                return new Cdb { Evpd = (c[1] & 0x01) != 0, PageCode = c[2], AllocationLength = (uint)Cdb.ReadBe(c, 3, 2) };
            case ScsiOpcode.ModeSense6:
                return new Cdb
                {
                    DisableBlockDescriptors = (c[1] & 0x08) != 0,
                    PageControl = (byte)(c[2] >> 6),
                    PageCode = (byte)(c[2] & 0x3F),
                    SubpageCode = c[3],
                    AllocationLength = c[4],
                };
            case ScsiOpcode.ModeSense10:
                return new Cdb
                {
                    LongLba = (c[1] & 0x10) != 0,
                    DisableBlockDescriptors = (c[1] & 0x08) != 0,
                    PageControl = (byte)(c[2] >> 6),
                    PageCode = (byte)(c[2] & 0x3F),
                    SubpageCode = c[3],
                    AllocationLength = (uint)Cdb.ReadBe(c, 7, 2),
                };
            case ScsiOpcode.ModeSelect6:
                return new Cdb
                {
                    PageFormat = (c[1] & 0x10) != 0,
                    RevertToDefaults = (c[1] & 0x02) != 0,
                    SavePages = (c[1] & 0x01) != 0,
                    AllocationLength = c[4],
                };
            case ScsiOpcode.ModeSelect10:
                return new Cdb
                {
                    PageFormat = (c[1] & 0x10) != 0,
                    RevertToDefaults = (c[1] & 0x02) != 0,
                    SavePages = (c[1] & 0x01) != 0,
                    AllocationLength = (uint)Cdb.ReadBe(c, 7, 2),
                };
            case ScsiOpcode.StartStopUnit:
                return new Cdb
                {
                    Immed = (c[1] & 0x01) != 0,
                    PowerConditionModifier = (byte)(c[3] & 0x0F),
                    PowerCondition = (byte)(c[4] >> 4),
                    NoFlush = (c[4] & 0x04) != 0,
                    LoadEject = (c[4] & 0x02) != 0,
                    Start = (c[4] & 0x01) != 0,
                };
            case ScsiOpcode.PreventAllowMediumRemoval:
                return new Cdb { Prevent = (byte)(c[4] & 0x03) };
            case ScsiOpcode.ReadCapacity10:
                return new Cdb { Lba = Cdb.ReadBe(c, 2, 4) };
            case ScsiOpcode.ServiceActionIn16:
                return new Cdb { Lba = Cdb.ReadBe(c, 2, 8), AllocationLength = (uint)Cdb.ReadBe(c, 10, 4) };
            case ScsiOpcode.ReportLuns:
                return new Cdb { SelectReport = c[2], AllocationLength = (uint)Cdb.ReadBe(c, 6, 4) };
            case ScsiOpcode.MaintenanceIn when sa == ServiceAction.ReportSupportedOperationCodes:
                return new Cdb
                {
                    ReturnCommandTimeoutsDescriptor = (c[2] & 0x80) != 0,
                    ReportingOptions = (byte)(c[2] & 0x07),
                    RequestedOpcode = c[3],
                    RequestedServiceAction = (ushort)Cdb.ReadBe(c, 4, 2),
                    AllocationLength = (uint)Cdb.ReadBe(c, 6, 4),
                };
            case ScsiOpcode.MaintenanceIn or ScsiOpcode.MaintenanceOut:
                return new Cdb { AllocationLength = (uint)Cdb.ReadBe(c, 6, 4) };
            case ScsiOpcode.PersistentReserveIn:
                return new Cdb { AllocationLength = (uint)Cdb.ReadBe(c, 7, 2) };
            case ScsiOpcode.PersistentReserveOut:
                return new Cdb
                {
                    Scope = (byte)(c[2] >> 4),
                    ReservationType = (byte)(c[2] & 0x0F),
                    AllocationLength = (uint)Cdb.ReadBe(c, 5, 4),
                };
            case ScsiOpcode.Reserve10 or ScsiOpcode.Release10:
                return new Cdb
                {
                    ThirdParty = (c[1] & 0x10) != 0,
                    ThirdPartyDeviceId = c[3],
                    AllocationLength = (uint)Cdb.ReadBe(c, 7, 2),
                };
            case ScsiOpcode.LogSense:
                return new Cdb
                {
                    SavePages = (c[1] & 0x01) != 0,
                    PageControl = (byte)(c[2] >> 6),
                    PageCode = (byte)(c[2] & 0x3F),
                    SubpageCode = c[3],
                    ParameterPointer = (ushort)Cdb.ReadBe(c, 5, 2),
                    AllocationLength = (uint)Cdb.ReadBe(c, 7, 2),
                };
            case ScsiOpcode.LogSelect:
                return new Cdb
                {
                    SavePages = (c[1] & 0x01) != 0,
                    PageControl = (byte)(c[2] >> 6),
                    PageCode = (byte)(c[2] & 0x3F),
                    SubpageCode = c[3],
                    AllocationLength = (uint)Cdb.ReadBe(c, 7, 2),
                };
            case ScsiOpcode.WriteBuffer or ScsiOpcode.ReadBuffer:
                return new Cdb { BufferId = c[2], BufferOffset = Cdb.ReadBe(c, 3, 3), AllocationLength = (uint)Cdb.ReadBe(c, 6, 3) };
            case ScsiOpcode.ReadBuffer16:
                return new Cdb { BufferOffset = Cdb.ReadBe(c, 2, 8), AllocationLength = (uint)Cdb.ReadBe(c, 10, 4), BufferId = c[14] };
            case ScsiOpcode.ExtendedCopy or ScsiOpcode.ReceiveCopyResults:
                return new Cdb { AllocationLength = (uint)Cdb.ReadBe(c, 10, 4) };
            case ScsiOpcode.ReceiveDiagnosticResults:
                return new Cdb { PageCode = c[2], AllocationLength = (uint)Cdb.ReadBe(c, 3, 2) };
            case ScsiOpcode.SendDiagnostic:
                return new Cdb { PageFormat = (c[1] & 0x10) != 0, AllocationLength = (uint)Cdb.ReadBe(c, 3, 2) };
            case ScsiOpcode.ReadDefectData10 or ScsiOpcode.ReadTocPmaAtip or ScsiOpcode.GetConfiguration
                or ScsiOpcode.GetEventStatusNotification:
                return new Cdb { AllocationLength = (uint)Cdb.ReadBe(c, 7, 2) };
            case ScsiOpcode.ReadDefectData12:
                return new Cdb { AllocationLength = (uint)Cdb.ReadBe(c, 6, 4) };
            case ScsiOpcode.MechanismStatus:
                return new Cdb { AllocationLength = (uint)Cdb.ReadBe(c, 8, 2) };
            default:
                return new Cdb();
        }
    }
}
