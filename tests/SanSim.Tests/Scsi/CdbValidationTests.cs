using SanSim.Scsi;

namespace SanSim.Tests.Scsi;

/// <summary>The decoder's rejections: opcode, service action, usage mask, short CDBs (ctl_validate_command).</summary>
public class CdbValidationTests
{
    private static SenseInfo Reject(params byte[] bytes)
    {
        bool ok = CdbDecoder.TryDecode(bytes, out var cdb, out var sense);
        Assert.That(ok, Is.False, $"accepted as {cdb.Name}");
        Assert.That(sense.Key, Is.EqualTo(SenseKey.IllegalRequest));
        return sense;
    }

    private static void AssertFieldPointer(SenseInfo sense, int byteIndex, int bit)
    {
        Assert.That(sense.Code, Is.EqualTo(AscAscq.InvalidFieldInCdb));
        Assert.That(sense.Field, Is.EqualTo(new FieldPointer(true, (ushort)byteIndex, (byte)bit)));
    }

    [Test]
    public void EmptyCdb_FailsWithInvalidCommandOperationCode_0520()
    {
        var sense = Reject();
        Assert.That(sense.Code, Is.EqualTo(AscAscq.InvalidCommandOperationCode));
        Assert.That(sense.Field, Is.Null);
    }

    [TestCase((byte)0x01)]
    [TestCase((byte)0x5D)]
    [TestCase((byte)0x7F)]
    [TestCase((byte)0xC0)]
    [TestCase((byte)0xFF)]
    public void UnknownOpcode_FailsWithInvalidCommandOperationCode_0520_WithoutFieldPointer(byte opcode)
    {
        var bytes = new byte[16];
        bytes[0] = opcode;
        var sense = Reject(bytes);
        Assert.That(sense.Code, Is.EqualTo(AscAscq.InvalidCommandOperationCode));
        Assert.That(sense.Field, Is.Null);
    }

    [Test]
    public void ReservedBitInRead10Byte1_FailsWith0524_PointingAtByte1Bit2()
    {
        var bytes = CdbBuilder.Read10(0, 1);
        bytes[1] |= 0x04;
        AssertFieldPointer(Reject(bytes), 1, 2);
    }

    [Test]
    public void WrProtectInWrite10_FailsWith0524_PointingAtHighestOffendingBit()
    {
        var bytes = CdbBuilder.Write10(0, 1);
        bytes[1] |= 0xA0;
        AssertFieldPointer(Reject(bytes), 1, 7);
    }

    [Test]
    public void GroupNumberInRead10Byte6_FailsWith0524_PointingAtByte6()
    {
        var bytes = CdbBuilder.Read10(0, 1);
        bytes[6] = 0x01;
        AssertFieldPointer(Reject(bytes), 6, 0);
    }

    [Test]
    public void VendorBitsInControlByte_FailWith0524_PointingAtTheControlByte()
    {
        var bytes = CdbBuilder.Read16(0, 1);
        bytes[15] = 0x40;
        AssertFieldPointer(Reject(bytes), 15, 6);
    }

    [Test]
    public void NacaInControlByte_IsAllowedByTheMask()
    {
        var bytes = CdbBuilder.TestUnitReady();
        bytes[5] = 0x04;
        Assert.That(CdbDecoder.TryDecode(bytes, out var cdb, out _), Is.True);
        Assert.That(cdb.Control, Is.EqualTo(0x04));
    }

    [Test]
    public void FirstOffendingByteWins_WhenSeveralBytesViolateTheMask()
    {
        var bytes = CdbBuilder.StartStopUnit(start: true);
        bytes[2] = 0x01;
        bytes[4] |= 0x08;
        AssertFieldPointer(Reject(bytes), 2, 0);
    }

    [Test]
    public void StartStopUnitReservedBit3OfByte4_FailsWith0524_PointingAtByte4Bit3()
    {
        var bytes = CdbBuilder.StartStopUnit(start: true);
        bytes[4] |= 0x08;
        AssertFieldPointer(Reject(bytes), 4, 3);
    }

    [Test]
    public void InquiryCmdDt_FailsWith0524_PointingAtByte1Bit1()
    {
        var bytes = CdbBuilder.Inquiry();
        bytes[1] |= 0x02;
        AssertFieldPointer(Reject(bytes), 1, 1);
    }

    [Test]
    public void ReadCapacity16WithPmi_FailsWith0524_AsCtlMasksByte14()
    {
        var bytes = CdbBuilder.ReadCapacity16();
        bytes[14] = 0x01;
        AssertFieldPointer(Reject(bytes), 14, 0);
    }

    [Test]
    public void Reserve10ThirdParty_FailsWith0524_AsCtlAllowsNoFieldsInReserve10()
    {
        AssertFieldPointer(Reject(CdbBuilder.Reserve10(thirdParty: true)), 1, 4);
    }

    [TestCase((byte)0x9E, (byte)0x11)]
    [TestCase((byte)0x9E, (byte)0x00)]
    [TestCase((byte)0xA3, (byte)0x05)]
    [TestCase((byte)0x5E, (byte)0x04)]
    [TestCase((byte)0x5F, (byte)0x07)]
    [TestCase((byte)0x3B, (byte)0x05)]
    [TestCase((byte)0x83, (byte)0x1D)]
    public void UnknownServiceAction_FailsWith0524_PointingAtByte1Bit4(byte opcode, byte serviceAction)
    {
        var bytes = new byte[16];
        bytes[0] = opcode;
        bytes[1] = serviceAction;
        AssertFieldPointer(Reject(bytes), 1, 4);
    }

    [Test]
    public void ServiceActionOpcodeWithOnlyTheOpcodeByte_IsJudgedOnServiceActionZero()
    {
        AssertFieldPointer(Reject(0x9E), 1, 4);
        Assert.That(CdbDecoder.TryDecode([0x5E], out var cdb, out _), Is.True, "PR IN SA 0 (READ KEYS) exists");
        Assert.That(cdb.ServiceAction, Is.Zero);
    }

    [Test]
    public void BitsAboveTheServiceActionInByte1_FailWith0524_PointingAtThatBit()
    {
        var bytes = CdbBuilder.ReadCapacity16();
        bytes[1] |= 0x20;
        AssertFieldPointer(Reject(bytes), 1, 5);
    }

    [Test]
    public void ReportTargetPortGroups_AllowsTheObsoleteTopBitsOfByte1_AsCtlDoes()
    {
        var bytes = CdbBuilder.ReportTargetPortGroups();
        bytes[1] |= 0xE0;
        Assert.That(CdbDecoder.TryDecode(bytes, out var cdb, out _), Is.True);
        Assert.That(cdb.ServiceAction, Is.EqualTo(ServiceAction.ReportTargetPortGroups));
    }

    [Test]
    public void ShortCdb_IsReadAsZeroPadded_LikeCtlsZeroedIoBuffer()
    {
        var full = CdbBuilder.Read10(0x01020304, 0);
        Assert.That(CdbDecoder.TryDecode(full.AsSpan(0, 6), out var cdb, out _), Is.True);
        Assert.That(cdb.Opcode, Is.EqualTo(ScsiOpcode.Read10));
        Assert.That(cdb.Length, Is.EqualTo(10));
        Assert.That(cdb.Lba, Is.EqualTo(0x01020304UL));
        Assert.That(cdb.TransferLength, Is.Zero);
    }

    [Test]
    public void OpcodeByteAlone_DecodesAsTheZeroPaddedCommand()
    {
        Assert.That(CdbDecoder.TryDecode([0x00], out var cdb, out _), Is.True);
        Assert.That(cdb.Opcode, Is.EqualTo(ScsiOpcode.TestUnitReady));
        Assert.That(cdb.Length, Is.EqualTo(6));
    }

    [Test]
    public void BytesPastTheCdbLength_AreIgnored_AsInAnIscsi16ByteCdbField()
    {
        var bytes = new byte[16];
        CdbBuilder.Read10(5, 1).CopyTo(bytes, 0);
        bytes[12] = 0xFF;
        Assert.That(CdbDecoder.TryDecode(bytes, out var cdb, out _), Is.True);
        Assert.That((cdb.Lba, cdb.TransferLength, cdb.Length), Is.EqualTo((5UL, 1u, 10)));
    }

    [Test]
    public void EveryRow_AcceptsItsFullUsageMask()
    {
        foreach (var row in CdbLayouts.All)
        {
            var bytes = row.UsageData();
            Assert.That(CdbDecoder.TryDecode(bytes, out var cdb, out var sense), Is.True, $"{row}: {sense}");
            Assert.That(cdb.Layout, Is.SameAs(row));
        }
    }

    [Test]
    public void EveryRow_RejectsEachBitOutsideItsMask_AtThatByteAndBit()
    {
        int checkedBits = 0;
        foreach (var row in CdbLayouts.All)
        {
            var mask = row.UsageMask;
            for (int i = 1; i < row.Length; i++)
            {
                for (int bit = 0; bit < 8; bit++)
                {
                    if ((mask[i - 1] & (1 << bit)) != 0) continue;
                    var bytes = new byte[row.Length];
                    bytes[0] = row.Opcode;
                    bytes[1] = (byte)row.ServiceAction;
                    bytes[i] |= (byte)(1 << bit);
                    if (row.HasServiceAction && i == 1 && bit < 5)
                        continue;
                    bool ok = CdbDecoder.TryDecode(bytes, out _, out var sense);
                    Assert.That(ok, Is.False, $"{row}: byte {i} bit {bit} accepted");
                    Assert.That(sense.Code, Is.EqualTo(AscAscq.InvalidFieldInCdb), $"{row}: byte {i} bit {bit}");
                    Assert.That(sense.Field, Is.EqualTo(new FieldPointer(true, (ushort)i, (byte)bit)), $"{row}: byte {i} bit {bit}");
                    checkedBits++;
                }
            }
        }
        Assert.That(checkedBits, Is.GreaterThan(1000));
    }

    [Test]
    public void Decode_AllocatesNothing_OnAcceptOrReject()
    {
        byte[][] cdbs = [CdbBuilder.Read16(1, 8, fua: true), CdbBuilder.ReportSupportedOperationCodes(2, true, 0x9E, 0x10), [0x28, 0x04], [0x9E, 0x1F], [0xFF]];
        foreach (var bytes in cdbs) CdbDecoder.TryDecode(bytes, out _, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
            foreach (var bytes in cdbs) CdbDecoder.TryDecode(bytes, out _, out _);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }
}
