using System.Buffers.Binary;

namespace SanSim.Scsi;

/// <summary>
/// Encodes CDBs for hosts and tests, one method per command (SPC-5/SBC-4 layouts). Values that do not fit their
/// field (an LBA above 21 bits for READ(6), a 5-bit service action above 1Fh, ...) throw
/// <see cref="ArgumentOutOfRangeException"/>; values that fit but a target may refuse are encoded as given.
/// </summary>
public static class CdbBuilder
{
    /// <summary>Largest LBA READ(6)/WRITE(6) can carry (21 bits).</summary>
    public const uint MaxLba6 = 0x1F_FFFF;

    public static byte[] TestUnitReady() => New(ScsiOpcode.TestUnitReady, 6);

    /// <summary>REQUEST SENSE with DESC and ALLOCATION LENGTH.</summary>
    public static byte[] RequestSense(bool desc = false, byte alloc = 252)
    {
        var c = New(ScsiOpcode.RequestSense, 6);
        if (desc) c[1] |= 0x01;
        c[4] = alloc;
        return c;
    }

    /// <summary>INQUIRY: standard data (EVPD=0) or the vital product data page <paramref name="page"/>.</summary>
    public static byte[] Inquiry(bool evpd = false, byte page = 0, ushort alloc = 255)
    {
        var c = New(ScsiOpcode.Inquiry, 6);
        if (evpd) c[1] |= 0x01;
        c[2] = page;
        BinaryPrimitives.WriteUInt16BigEndian(c.AsSpan(3), alloc);
        return c;
    }

    /// <summary>REPORT LUNS with SELECT REPORT and ALLOCATION LENGTH.</summary>
    public static byte[] ReportLuns(byte selectReport = 0, uint alloc = 4096)
    {
        var c = New(ScsiOpcode.ReportLuns, 12);
        c[2] = selectReport;
        BinaryPrimitives.WriteUInt32BigEndian(c.AsSpan(6), alloc);
        return c;
    }

    public static byte[] ReadCapacity10() => New(ScsiOpcode.ReadCapacity10, 10);

    /// <summary>READ CAPACITY(16): SERVICE ACTION IN(16) service action 10h.</summary>
    public static byte[] ReadCapacity16(uint alloc = 32)
    {
        var c = New(ScsiOpcode.ServiceActionIn16, 16);
        c[1] = ServiceAction.ReadCapacity16;
        BinaryPrimitives.WriteUInt32BigEndian(c.AsSpan(10), alloc);
        return c;
    }

    /// <summary>GET LBA STATUS: SERVICE ACTION IN(16) service action 12h.</summary>
    public static byte[] GetLbaStatus(ulong lba, uint alloc = 24)
    {
        var c = New(ScsiOpcode.ServiceActionIn16, 16);
        c[1] = ServiceAction.GetLbaStatus;
        BinaryPrimitives.WriteUInt64BigEndian(c.AsSpan(2), lba);
        BinaryPrimitives.WriteUInt32BigEndian(c.AsSpan(10), alloc);
        return c;
    }

    /// <summary>READ(6): <paramref name="blocks"/> 1..256 (256 is encoded as 0).</summary>
    public static byte[] Read6(uint lba, ushort blocks) => Rw6(ScsiOpcode.Read6, lba, blocks);

    /// <summary>WRITE(6): <paramref name="blocks"/> 1..256 (256 is encoded as 0).</summary>
    public static byte[] Write6(uint lba, ushort blocks) => Rw6(ScsiOpcode.Write6, lba, blocks);

    public static byte[] Read10(ulong lba, ushort blocks, bool dpo = false, bool fua = false) =>
        Rw10(ScsiOpcode.Read10, lba, blocks, DpoFua(dpo, fua));

    public static byte[] Write10(ulong lba, ushort blocks, bool dpo = false, bool fua = false) =>
        Rw10(ScsiOpcode.Write10, lba, blocks, DpoFua(dpo, fua));

    public static byte[] Read12(ulong lba, uint blocks, bool dpo = false, bool fua = false) =>
        Rw12(ScsiOpcode.Read12, lba, blocks, DpoFua(dpo, fua));

    public static byte[] Write12(ulong lba, uint blocks, bool dpo = false, bool fua = false) =>
        Rw12(ScsiOpcode.Write12, lba, blocks, DpoFua(dpo, fua));

    public static byte[] Read16(ulong lba, uint blocks, bool dpo = false, bool fua = false) =>
        Rw16(ScsiOpcode.Read16, lba, blocks, DpoFua(dpo, fua));

    public static byte[] Write16(ulong lba, uint blocks, bool dpo = false, bool fua = false) =>
        Rw16(ScsiOpcode.Write16, lba, blocks, DpoFua(dpo, fua));

    /// <summary>VERIFY(10) with BYTCHK (0: medium only, 1: compare data-out, 3: compare one block).</summary>
    public static byte[] Verify10(ulong lba, ushort blocks, byte byteCheck = 0, bool dpo = false) =>
        Rw10(ScsiOpcode.Verify10, lba, blocks, VerifyFlags(byteCheck, dpo));

    public static byte[] Verify12(ulong lba, uint blocks, byte byteCheck = 0, bool dpo = false) =>
        Rw12(ScsiOpcode.Verify12, lba, blocks, VerifyFlags(byteCheck, dpo));

    public static byte[] Verify16(ulong lba, uint blocks, byte byteCheck = 0, bool dpo = false) =>
        Rw16(ScsiOpcode.Verify16, lba, blocks, VerifyFlags(byteCheck, dpo));

    /// <summary>SYNCHRONIZE CACHE(10); LBA 0 and 0 blocks mean the whole medium.</summary>
    public static byte[] SynchronizeCache10(ulong lba = 0, ushort blocks = 0, bool immed = false) =>
        Rw10(ScsiOpcode.SynchronizeCache10, lba, blocks, immed ? (byte)0x02 : (byte)0);

    public static byte[] SynchronizeCache16(ulong lba = 0, uint blocks = 0, bool immed = false) =>
        Rw16(ScsiOpcode.SynchronizeCache16, lba, blocks, immed ? (byte)0x02 : (byte)0);

    /// <summary>WRITE SAME(10) with UNMAP and ANCHOR; 0 blocks means through the last LBA.</summary>
    public static byte[] WriteSame10(ulong lba, ushort blocks, bool unmap = false, bool anchor = false) =>
        Rw10(ScsiOpcode.WriteSame10, lba, blocks, WriteSameFlags(unmap, anchor, false));

    /// <summary>WRITE SAME(16) with UNMAP, ANCHOR and NDOB (no data-out buffer).</summary>
    public static byte[] WriteSame16(ulong lba, uint blocks, bool unmap = false, bool anchor = false, bool ndob = false) =>
        Rw16(ScsiOpcode.WriteSame16, lba, blocks, WriteSameFlags(unmap, anchor, ndob));

    /// <summary>UNMAP with ANCHOR and PARAMETER LIST LENGTH.</summary>
    public static byte[] Unmap(ushort paramListLength, bool anchor = false)
    {
        var c = New(ScsiOpcode.Unmap, 10);
        if (anchor) c[1] |= 0x01;
        BinaryPrimitives.WriteUInt16BigEndian(c.AsSpan(7), paramListLength);
        return c;
    }

    /// <summary>COMPARE AND WRITE of <paramref name="blocks"/> logical blocks (data-out carries 2 × blocks).</summary>
    public static byte[] CompareAndWrite(ulong lba, byte blocks, bool dpo = false, bool fua = false)
    {
        var c = New(ScsiOpcode.CompareAndWrite, 16);
        c[1] = DpoFua(dpo, fua);
        BinaryPrimitives.WriteUInt64BigEndian(c.AsSpan(2), lba);
        c[13] = blocks;
        return c;
    }

    /// <summary>
    /// START STOP UNIT: START, LOEJ, NO_FLUSH, IMMED, POWER CONDITION (4 bits) and POWER CONDITION MODIFIER
    /// (4 bits). START=0 is STOP UNIT.
    /// </summary>
    public static byte[] StartStopUnit(bool start, bool immed = false, bool loej = false, bool noFlush = false,
        byte powerCondition = 0, byte powerConditionModifier = 0)
    {
        CheckBits(powerCondition, 4, nameof(powerCondition));
        CheckBits(powerConditionModifier, 4, nameof(powerConditionModifier));
        var c = New(ScsiOpcode.StartStopUnit, 6);
        if (immed) c[1] |= 0x01;
        c[3] = powerConditionModifier;
        c[4] = (byte)((powerCondition << 4) | (noFlush ? 0x04 : 0) | (loej ? 0x02 : 0) | (start ? 0x01 : 0));
        return c;
    }

    /// <summary>PREVENT ALLOW MEDIUM REMOVAL; <paramref name="prevent"/> is the 2-bit PREVENT field (0 allows).</summary>
    public static byte[] PreventAllowMediumRemoval(byte prevent)
    {
        CheckBits(prevent, 2, nameof(prevent));
        var c = New(ScsiOpcode.PreventAllowMediumRemoval, 6);
        c[4] = prevent;
        return c;
    }

    /// <summary>MODE SENSE(6): PAGE CODE (6 bits), SUBPAGE CODE, PC (2 bits: 0 current, 1 changeable, 2 default, 3 saved), DBD.</summary>
    public static byte[] ModeSense6(byte pageCode, byte subpage = 0, byte pageControl = 0, bool dbd = false, byte alloc = 255)
    {
        var c = New(ScsiOpcode.ModeSense6, 6);
        if (dbd) c[1] |= 0x08;
        c[2] = PcPage(pageControl, pageCode);
        c[3] = subpage;
        c[4] = alloc;
        return c;
    }

    /// <summary>MODE SENSE(10): as <see cref="ModeSense6"/> plus LLBAA and a 16-bit ALLOCATION LENGTH.</summary>
    public static byte[] ModeSense10(byte pageCode, byte subpage = 0, byte pageControl = 0, bool dbd = false,
        bool llbaa = false, ushort alloc = 1024)
    {
        var c = New(ScsiOpcode.ModeSense10, 10);
        c[1] = (byte)((llbaa ? 0x10 : 0) | (dbd ? 0x08 : 0));
        c[2] = PcPage(pageControl, pageCode);
        c[3] = subpage;
        BinaryPrimitives.WriteUInt16BigEndian(c.AsSpan(7), alloc);
        return c;
    }

    /// <summary>MODE SELECT(6) with PF, SP and PARAMETER LIST LENGTH.</summary>
    public static byte[] ModeSelect6(byte paramListLength, bool pf = true, bool sp = false)
    {
        var c = New(ScsiOpcode.ModeSelect6, 6);
        c[1] = (byte)((pf ? 0x10 : 0) | (sp ? 0x01 : 0));
        c[4] = paramListLength;
        return c;
    }

    /// <summary>MODE SELECT(10) with PF, SP and PARAMETER LIST LENGTH.</summary>
    public static byte[] ModeSelect10(ushort paramListLength, bool pf = true, bool sp = false)
    {
        var c = New(ScsiOpcode.ModeSelect10, 10);
        c[1] = (byte)((pf ? 0x10 : 0) | (sp ? 0x01 : 0));
        BinaryPrimitives.WriteUInt16BigEndian(c.AsSpan(7), paramListLength);
        return c;
    }

    /// <summary>LOG SENSE: PAGE CODE (6 bits), SUBPAGE CODE, PC (2 bits), PARAMETER POINTER.</summary>
    public static byte[] LogSense(byte pageCode, byte subpage = 0, byte pageControl = 1, ushort parameterPointer = 0, ushort alloc = 1024)
    {
        var c = New(ScsiOpcode.LogSense, 10);
        c[2] = PcPage(pageControl, pageCode);
        c[3] = subpage;
        BinaryPrimitives.WriteUInt16BigEndian(c.AsSpan(5), parameterPointer);
        BinaryPrimitives.WriteUInt16BigEndian(c.AsSpan(7), alloc);
        return c;
    }

    /// <summary>PERSISTENT RESERVE IN with a 5-bit service action (<see cref="ServiceAction.PrInReadKeys"/>, ...).</summary>
    public static byte[] PersistentReserveIn(byte serviceAction, ushort alloc = 1024)
    {
        CheckBits(serviceAction, 5, nameof(serviceAction));
        var c = New(ScsiOpcode.PersistentReserveIn, 10);
        c[1] = serviceAction;
        BinaryPrimitives.WriteUInt16BigEndian(c.AsSpan(7), alloc);
        return c;
    }

    /// <summary>
    /// PERSISTENT RESERVE OUT: 5-bit service action, SCOPE and TYPE (4 bits each), PARAMETER LIST LENGTH
    /// (24 for the basic parameter list).
    /// </summary>
    public static byte[] PersistentReserveOut(byte serviceAction, byte scope = 0, byte type = 0, uint paramListLength = 24)
    {
        CheckBits(serviceAction, 5, nameof(serviceAction));
        CheckBits(scope, 4, nameof(scope));
        CheckBits(type, 4, nameof(type));
        var c = New(ScsiOpcode.PersistentReserveOut, 10);
        c[1] = serviceAction;
        c[2] = (byte)((scope << 4) | type);
        BinaryPrimitives.WriteUInt32BigEndian(c.AsSpan(5), paramListLength);
        return c;
    }

    public static byte[] Reserve6() => New(ScsiOpcode.Reserve6, 6);

    public static byte[] Release6() => New(ScsiOpcode.Release6, 6);

    /// <summary>RESERVE(10) with 3RDPTY, THIRD-PARTY DEVICE ID and PARAMETER LIST LENGTH.</summary>
    public static byte[] Reserve10(bool thirdParty = false, byte thirdPartyDeviceId = 0, ushort paramListLength = 0) =>
        ReserveRelease10(ScsiOpcode.Reserve10, thirdParty, thirdPartyDeviceId, paramListLength);

    /// <summary>RELEASE(10) with 3RDPTY, THIRD-PARTY DEVICE ID and PARAMETER LIST LENGTH.</summary>
    public static byte[] Release10(bool thirdParty = false, byte thirdPartyDeviceId = 0, ushort paramListLength = 0) =>
        ReserveRelease10(ScsiOpcode.Release10, thirdParty, thirdPartyDeviceId, paramListLength);

    /// <summary>
    /// REPORT SUPPORTED OPERATION CODES (MAINTENANCE IN service action 0Ch): REPORTING OPTIONS (3 bits: 0 all,
    /// 1 one opcode, 2 one opcode + service action, 3 one opcode with or without service action), RCTD,
    /// REQUESTED OPERATION CODE and REQUESTED SERVICE ACTION.
    /// </summary>
    public static byte[] ReportSupportedOperationCodes(byte reportingOptions = 0, bool rctd = false, byte requestedOpcode = 0,
        ushort requestedServiceAction = 0, uint alloc = 8192)
    {
        CheckBits(reportingOptions, 3, nameof(reportingOptions));
        var c = New(ScsiOpcode.MaintenanceIn, 12);
        c[1] = ServiceAction.ReportSupportedOperationCodes;
        c[2] = (byte)((rctd ? 0x80 : 0) | reportingOptions);
        c[3] = requestedOpcode;
        BinaryPrimitives.WriteUInt16BigEndian(c.AsSpan(4), requestedServiceAction);
        BinaryPrimitives.WriteUInt32BigEndian(c.AsSpan(6), alloc);
        return c;
    }

    /// <summary>REPORT TARGET PORT GROUPS (MAINTENANCE IN service action 0Ah).</summary>
    public static byte[] ReportTargetPortGroups(uint alloc = 1024)
    {
        var c = New(ScsiOpcode.MaintenanceIn, 12);
        c[1] = ServiceAction.ReportTargetPortGroups;
        BinaryPrimitives.WriteUInt32BigEndian(c.AsSpan(6), alloc);
        return c;
    }

    private static byte[] New(ScsiOpcode opcode, int length)
    {
        var c = new byte[length];
        c[0] = (byte)opcode;
        return c;
    }

    private static byte[] Rw6(ScsiOpcode opcode, uint lba, ushort blocks)
    {
        if (lba > MaxLba6) throw new ArgumentOutOfRangeException(nameof(lba), lba, "READ(6)/WRITE(6) carry a 21-bit LBA");
        if (blocks is 0 or > 256) throw new ArgumentOutOfRangeException(nameof(blocks), blocks, "READ(6)/WRITE(6) transfer 1..256 blocks");
        var c = New(opcode, 6);
        c[1] = (byte)(lba >> 16);
        c[2] = (byte)(lba >> 8);
        c[3] = (byte)lba;
        c[4] = (byte)blocks;
        return c;
    }

    private static byte[] Rw10(ScsiOpcode opcode, ulong lba, ushort blocks, byte byte1)
    {
        var c = New(opcode, 10);
        c[1] = byte1;
        BinaryPrimitives.WriteUInt32BigEndian(c.AsSpan(2), Lba32(lba));
        BinaryPrimitives.WriteUInt16BigEndian(c.AsSpan(7), blocks);
        return c;
    }

    private static byte[] Rw12(ScsiOpcode opcode, ulong lba, uint blocks, byte byte1)
    {
        var c = New(opcode, 12);
        c[1] = byte1;
        BinaryPrimitives.WriteUInt32BigEndian(c.AsSpan(2), Lba32(lba));
        BinaryPrimitives.WriteUInt32BigEndian(c.AsSpan(6), blocks);
        return c;
    }

    private static byte[] Rw16(ScsiOpcode opcode, ulong lba, uint blocks, byte byte1)
    {
        var c = New(opcode, 16);
        c[1] = byte1;
        BinaryPrimitives.WriteUInt64BigEndian(c.AsSpan(2), lba);
        BinaryPrimitives.WriteUInt32BigEndian(c.AsSpan(10), blocks);
        return c;
    }

    private static byte[] ReserveRelease10(ScsiOpcode opcode, bool thirdParty, byte deviceId, ushort paramListLength)
    {
        var c = New(opcode, 10);
        if (thirdParty) c[1] |= 0x10;
        c[3] = deviceId;
        BinaryPrimitives.WriteUInt16BigEndian(c.AsSpan(7), paramListLength);
        return c;
    }

    private static uint Lba32(ulong lba) => lba <= uint.MaxValue
        ? (uint)lba
        : throw new ArgumentOutOfRangeException(nameof(lba), lba, "10- and 12-byte CDBs carry a 32-bit LBA");

    private static byte DpoFua(bool dpo, bool fua) => (byte)((dpo ? 0x10 : 0) | (fua ? 0x08 : 0));

    private static byte VerifyFlags(byte byteCheck, bool dpo)
    {
        CheckBits(byteCheck, 2, nameof(byteCheck));
        return (byte)((dpo ? 0x10 : 0) | (byteCheck << 1));
    }

    private static byte WriteSameFlags(bool unmap, bool anchor, bool ndob) =>
        (byte)((anchor ? 0x10 : 0) | (unmap ? 0x08 : 0) | (ndob ? 0x01 : 0));

    private static byte PcPage(byte pageControl, byte pageCode)
    {
        CheckBits(pageControl, 2, nameof(pageControl));
        CheckBits(pageCode, 6, nameof(pageCode));
        return (byte)((pageControl << 6) | pageCode);
    }

    private static void CheckBits(byte value, int bits, string name)
    {
        if (value >> bits != 0)
            throw new ArgumentOutOfRangeException(name, value, $"the field is {bits} bits wide");
    }
}
