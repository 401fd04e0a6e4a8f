namespace SanSim.Scsi;

/// <summary>
/// Decodes CDB bytes into a <see cref="Cdb"/>. Never throws on any input: an unknown opcode yields
/// 05/20/00, a CDB shorter than its opcode's length 05/20/00 as CTL does for a short CDB, a set reserved
/// bit or bad field 05/24/00 with the field pointer.
/// </summary>
public static class CdbDecoder
{
    /// <summary>The CDB length for an opcode by its group code (bits 7-5), or 0 for vendor/reserved groups.</summary>
    public static int GroupLength(byte opcode) => (opcode >> 5) switch
    {
        0 => 6,
        1 or 2 => 10,
        4 => 16,
        5 => 12,
        _ => 0,
    };

    public static bool TryDecode(ReadOnlySpan<byte> cdb, out Cdb decoded, out SenseInfo error)
    {
        decoded = default;
        error = default;
        if (cdb.Length == 0)
        {
            error = SenseInfo.IllegalRequest(AscAscq.InvalidCommandOperationCode);
            return false;
        }
        byte op = cdb[0];
        int len = GroupLength(op);
        if (len == 0 || !Enum.IsDefined((ScsiOpcode)op))
        {
            error = SenseInfo.IllegalRequest(AscAscq.InvalidCommandOperationCode);
            return false;
        }
        if (cdb.Length < len)
        {
            error = SenseInfo.IllegalRequest(AscAscq.InvalidCommandOperationCode);
            return false;
        }
        var c = cdb[..len];
        var o = (ScsiOpcode)op;
        decoded = o switch
        {
            ScsiOpcode.Read6 or ScsiOpcode.Write6 => new Cdb
            {
                Lba = (ulong)(((c[1] & 0x1F) << 16) | (c[2] << 8) | c[3]),
                TransferLength = c[4] == 0 ? 256u : c[4],
            },
            ScsiOpcode.Read10 or ScsiOpcode.Write10 or ScsiOpcode.Verify10 or ScsiOpcode.WriteAndVerify10 => new Cdb
            {
                Lba = Cdb.ReadBe(c, 2, 4),
                TransferLength = (uint)Cdb.ReadBe(c, 7, 2),
                Dpo = (c[1] & 0x10) != 0,
                Fua = (c[1] & 0x08) != 0,
                ByteCheck = (byte)((c[1] >> 1) & 0x3),
            },
            ScsiOpcode.Read12 or ScsiOpcode.Write12 or ScsiOpcode.Verify12 => new Cdb
            {
                Lba = Cdb.ReadBe(c, 2, 4),
                TransferLength = (uint)Cdb.ReadBe(c, 6, 4),
                Dpo = (c[1] & 0x10) != 0,
                Fua = (c[1] & 0x08) != 0,
                ByteCheck = (byte)((c[1] >> 1) & 0x3),
            },
            ScsiOpcode.Read16 or ScsiOpcode.Write16 or ScsiOpcode.Verify16 or ScsiOpcode.WriteAndVerify16 => new Cdb
            {
                Lba = Cdb.ReadBe(c, 2, 8),
                TransferLength = (uint)Cdb.ReadBe(c, 10, 4),
                Dpo = (c[1] & 0x10) != 0,
                Fua = (c[1] & 0x08) != 0,
                ByteCheck = (byte)((c[1] >> 1) & 0x3),
            },
            ScsiOpcode.CompareAndWrite => new Cdb
            {
                Lba = Cdb.ReadBe(c, 2, 8),
                TransferLength = c[13],
                Dpo = (c[1] & 0x10) != 0,
                Fua = (c[1] & 0x08) != 0,
            },
            ScsiOpcode.SynchronizeCache10 => new Cdb
            {
                Lba = Cdb.ReadBe(c, 2, 4),
                TransferLength = (uint)Cdb.ReadBe(c, 7, 2),
                Immed = (c[1] & 0x02) != 0,
            },
            ScsiOpcode.SynchronizeCache16 => new Cdb
            {
                Lba = Cdb.ReadBe(c, 2, 8),
                TransferLength = (uint)Cdb.ReadBe(c, 10, 4),
                Immed = (c[1] & 0x02) != 0,
            },
            ScsiOpcode.WriteSame10 => new Cdb
            {
                Lba = Cdb.ReadBe(c, 2, 4),
                TransferLength = (uint)Cdb.ReadBe(c, 7, 2),
                Unmap = (c[1] & 0x08) != 0,
                Anchor = (c[1] & 0x10) != 0,
            },
            ScsiOpcode.WriteSame16 => new Cdb
            {
                Lba = Cdb.ReadBe(c, 2, 8),
                TransferLength = (uint)Cdb.ReadBe(c, 10, 4),
                Unmap = (c[1] & 0x08) != 0,
                Anchor = (c[1] & 0x10) != 0,
                NoDataOutBuffer = (c[1] & 0x01) != 0,
            },
            ScsiOpcode.Unmap => new Cdb { Anchor = (c[1] & 0x01) != 0, AllocationLength = (uint)Cdb.ReadBe(c, 7, 2) },
            ScsiOpcode.RequestSense => new Cdb { DescriptorFormat = (c[1] & 0x01) != 0, AllocationLength = c[4] },
            ScsiOpcode.Inquiry => new Cdb { Evpd = (c[1] & 0x01) != 0, PageCode = c[2], AllocationLength = (uint)Cdb.ReadBe(c, 3, 2) },
            ScsiOpcode.ModeSense6 => new Cdb
            {
                DisableBlockDescriptors = (c[1] & 0x08) != 0,
                PageControl = (byte)(c[2] >> 6),
                PageCode = (byte)(c[2] & 0x3F),
                SubpageCode = c[3],
                AllocationLength = c[4],
            },
            ScsiOpcode.ModeSense10 => new Cdb
            {
                LongLba = (c[1] & 0x10) != 0,
                DisableBlockDescriptors = (c[1] & 0x08) != 0,
                PageControl = (byte)(c[2] >> 6),
                PageCode = (byte)(c[2] & 0x3F),
                SubpageCode = c[3],
                AllocationLength = (uint)Cdb.ReadBe(c, 7, 2),
            },
            ScsiOpcode.ModeSelect6 => new Cdb { PageFormat = (c[1] & 0x10) != 0, SavePages = (c[1] & 0x01) != 0, AllocationLength = c[4] },
            ScsiOpcode.ModeSelect10 => new Cdb { PageFormat = (c[1] & 0x10) != 0, SavePages = (c[1] & 0x01) != 0, AllocationLength = (uint)Cdb.ReadBe(c, 7, 2) },
            ScsiOpcode.StartStopUnit => new Cdb
            {
                Immed = (c[1] & 0x01) != 0,
                PowerConditionModifier = (byte)(c[3] & 0x0F),
                PowerCondition = (byte)(c[4] >> 4),
                NoFlush = (c[4] & 0x04) != 0,
                LoadEject = (c[4] & 0x02) != 0,
                Start = (c[4] & 0x01) != 0,
            },
            ScsiOpcode.PreventAllowMediumRemoval => new Cdb { Prevent = (byte)(c[4] & 0x03) },
            ScsiOpcode.ReadCapacity10 => new Cdb { Lba = Cdb.ReadBe(c, 2, 4) },
            ScsiOpcode.ServiceActionIn16 => new Cdb
            {
                ServiceAction = (byte)(c[1] & 0x1F),
                Lba = Cdb.ReadBe(c, 2, 8),
                AllocationLength = (uint)Cdb.ReadBe(c, 10, 4),
            },
            ScsiOpcode.ReportLuns => new Cdb { SelectReport = c[2], AllocationLength = (uint)Cdb.ReadBe(c, 6, 4) },
            ScsiOpcode.MaintenanceIn => new Cdb
            {
                ServiceAction = (byte)(c[1] & 0x1F),
                ReturnCommandTimeoutsDescriptor = (c[2] & 0x80) != 0,
                ReportingOptions = (byte)(c[2] & 0x07),
                RequestedOpcode = c[3],
                RequestedServiceAction = (ushort)Cdb.ReadBe(c, 4, 2),
                AllocationLength = (uint)Cdb.ReadBe(c, 6, 4),
            },
            ScsiOpcode.PersistentReserveIn => new Cdb { ServiceAction = (byte)(c[1] & 0x1F), AllocationLength = (uint)Cdb.ReadBe(c, 7, 2) },
            ScsiOpcode.PersistentReserveOut => new Cdb
            {
                ServiceAction = (byte)(c[1] & 0x1F),
                Scope = (byte)(c[2] >> 4),
                ReservationType = (byte)(c[2] & 0x0F),
                AllocationLength = (uint)Cdb.ReadBe(c, 5, 4),
            },
            ScsiOpcode.Reserve10 or ScsiOpcode.Release10 => new Cdb
            {
                ThirdParty = (c[1] & 0x10) != 0,
                ThirdPartyDeviceId = c[3],
                AllocationLength = (uint)Cdb.ReadBe(c, 7, 2),
            },
            _ => new Cdb(),
        };
        decoded = decoded with { Opcode = o, Length = len, Control = c[len - 1] };
        return true;
    }
}
