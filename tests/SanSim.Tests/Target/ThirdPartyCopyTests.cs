using System.Buffers.Binary;
using System.Text;
using SanSim.Scsi;
using SanSim.Target;

namespace SanSim.Tests.Target;

/// <summary>
/// Third-party copy as ctl_tpc.c runs it: EXTENDED COPY (LID1) with block→block segments, RECEIVE COPY STATUS
/// (LID1), RECEIVE COPY OPERATING PARAMETERS and RECEIVE COPY FAILURE DETAILS, with CTL's limits and sense codes.
/// </summary>
public class ThirdPartyCopyTests
{
    /// <summary>LIST ID USAGE: 00b held (RECEIVE COPY RESULTS can ask for it), 11b not held.</summary>
    private const byte Held = 0x00, NotHeld = 0x18;

    [Test]
    public void ExtendedCopy_BlockToBlockOnTheSameLun_CopiesTheBlocks()
    {
        var san = new TestSan().Ready();
        var data = Cdbs.Data(8, 0);
        for (int i = 0; i < data.Length; i++) data[i] = (byte)(i * 13);
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Write10(10, 8), data));

        Expect.Good(XCopy(san, ParameterList(NotHeld, [], [BlockToBlock(0xFFFF, 0xFFFF, 8, 10, 1000)])));

        Expect.Good(san.Run(san.Linux, 0, Cdbs.Read10(1000, 8)));
        Assert.That(san.LastData, Is.EqualTo(data));
    }

    [Test]
    public void ExtendedCopy_IdentificationCscd_ResolvesToTheLunWithThatDesignator()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Write10(0, 4), Cdbs.Data(4, 0x5A)));

        Expect.Good(XCopy(san, ParameterList(NotHeld, [T10Cscd(san.Lun1)], [BlockToBlock(0xFFFF, 0, 4, 0, 100)])));

        Expect.Good(san.Run(san.Linux, 1, Cdbs.Read10(100, 4)));
        Assert.That(san.LastData.All(b => b == 0x5A), Is.True);
    }

    [Test]
    public void ExtendedCopy_ZeroParameterListLength_IsGood()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, ExtendedCopyCdb(0)));
    }

    [Test]
    public void ExtendedCopy_ParameterListOverTheMaximumListLength_Fails_0524_AtByte9()
    {
        var san = new TestSan().Ready();
        var c = san.Run(san.Linux, 0, ExtendedCopyCdb(16 + 8192 + 1), new byte[16 + 8192 + 1]);
        Expect.Check(c, 5, 0x24, 0x00);
        Assert.That(c.Sense.Field, Is.EqualTo(new FieldPointer(true, 9, null)));
    }

    [Test]
    public void ExtendedCopy_ListShorterThanItsDescriptors_Fails_051A_ParameterListLengthError()
    {
        var san = new TestSan().Ready();
        var list = ParameterList(NotHeld, [], [BlockToBlock(0xFFFF, 0xFFFF, 1, 0, 1)]);
        Expect.Check(XCopy(san, list[..^1]), 5, 0x1A, 0x00);
    }

    [Test]
    public void ExtendedCopy_MoreThan64Cscds_Fails_0526_06()
    {
        var san = new TestSan().Ready();
        var cscds = Enumerable.Range(0, 65).Select(_ => T10Cscd(san.Lun0)).ToArray();
        Expect.Check(XCopy(san, ParameterList(NotHeld, cscds, [])), 5, 0x26, 0x06);
    }

    [Test]
    public void ExtendedCopy_SegmentListOver256Bytes_Fails_0526_08()
    {
        var san = new TestSan().Ready();
        var segments = Enumerable.Range(0, 10).Select(_ => BlockToBlock(0xFFFF, 0xFFFF, 1, 0, 1)).ToArray();
        Expect.Check(XCopy(san, ParameterList(NotHeld, [], segments)), 5, 0x26, 0x08);
    }

    [Test]
    public void ExtendedCopy_FibreChannelCscd_Fails_0526_07()
    {
        var san = new TestSan().Ready();
        var cscd = T10Cscd(san.Lun0);
        cscd[0] = 0xE0;
        Expect.Check(XCopy(san, ParameterList(NotHeld, [cscd], [])), 5, 0x26, 0x07);
    }

    [Test]
    public void ExtendedCopy_StreamToStreamSegment_Fails_0526_09()
    {
        var san = new TestSan().Ready();
        var segment = BlockToBlock(0xFFFF, 0xFFFF, 1, 0, 1);
        segment[0] = 0x03;
        Expect.Check(XCopy(san, ParameterList(NotHeld, [], [segment])), 5, 0x26, 0x09);
    }

    [Test]
    public void ExtendedCopy_CscdIndexPastTheList_Fails_0A0804_UnreachableCopyTarget()
    {
        var san = new TestSan().Ready();
        Expect.Check(XCopy(san, ParameterList(NotHeld, [], [BlockToBlock(0xFFFF, 3, 1, 0, 1)])), 0x0A, 0x08, 0x04);
    }

    [Test]
    public void ExtendedCopy_CscdWithAnotherLuIdType_Fails_0A0804()
    {
        var san = new TestSan().Ready();
        var cscd = T10Cscd(san.Lun1);
        cscd[1] = 0x40;
        Expect.Check(XCopy(san, ParameterList(NotHeld, [cscd], [BlockToBlock(0xFFFF, 0, 1, 0, 1)])), 0x0A, 0x08, 0x04);
    }

    [Test]
    public void ExtendedCopy_DestinationPastTheLastLba_Fails_0A0D01_ThirdPartyDeviceFailure()
    {
        var san = new TestSan().Ready();
        var segment = BlockToBlock(0xFFFF, 0xFFFF, 8, 0, TestSan.Blocks - 4);
        Expect.Check(XCopy(san, ParameterList(NotHeld, [], [segment])), 0x0A, 0x0D, 0x01);
        Assert.That(san.Lun0.Store.WrittenBlocks, Is.Zero);
    }

    [Test]
    public void ExtendedCopy_CscdBlockLengthOtherThanTheLuns_Fails_0A0D01_WithoutWriting()
    {
        var san = new TestSan().Ready();
        // A 16-character device id fills the T10 designator to its 24th byte, so its last three bytes are also the
        // CSCD's block length: 000400h, 1024.
        san.Lun1.DeviceId = "ABCDEFGHIJKLM\0\u0004\0";
        var c = XCopy(san, ParameterList(NotHeld, [T10Cscd(san.Lun1)], [BlockToBlock(0xFFFF, 0, 2, 0, 0)]));
        Expect.Check(c, 0x0A, 0x0D, 0x01);
        Assert.That(san.Lun1.Store.WrittenBlocks, Is.Zero);
    }

    [Test]
    public void ExtendedCopy_BytesNotWholeDestinationBlocks_Fails_0A260A_UnexpectedInexactSegment()
    {
        var san = new TestSan().Ready();
        san.Lun1.DeviceId = "ABCDEFGHIJKLMNOP";
        Expect.Check(XCopy(san, ParameterList(NotHeld, [T10Cscd(san.Lun1)], [BlockToBlock(0xFFFF, 0, 2, 0, 0)])), 0x0A, 0x26, 0x0A);
    }

    [Test]
    public void ExtendedCopy_RandomParameterLists_NeverThrow()
    {
        var san = new TestSan().Ready();
        var random = new Random(7);
        for (int i = 0; i < 2000; i++)
        {
            var list = ParameterList((byte)random.Next(256), [T10Cscd(san.Lun1)], [BlockToBlock(0xFFFF, 0, 4, 0, 100)]);
            int flips = random.Next(1, 8);
            for (int f = 0; f < flips; f++) list[random.Next(list.Length)] = (byte)random.Next(256);
            if (random.Next(4) == 0) list = list[..random.Next(list.Length)];
            Assert.DoesNotThrow(() => XCopy(san, list));
        }
    }

    [Test]
    public void ReceiveCopyStatus_HeldList_ReportsCompletedSegmentsAndBytes_ThenForgetsIt()
    {
        var san = new TestSan().Ready();
        Expect.Good(XCopy(san, ParameterList(Held, [], [BlockToBlock(0xFFFF, 0xFFFF, 4, 0, 100)], listId: 7)));

        Expect.Good(san.Run(san.Linux, 0, ReceiveCopyCdb(0x00, 7)));
        Assert.That(san.LastData, Is.EqualTo(new byte[] { 0, 0, 0, 8, 0x01, 0, 1, 0x00, 0, 0, 0x08, 0x00 }));

        Expect.Check(san.Run(san.Linux, 0, ReceiveCopyCdb(0x00, 7)), 5, 0x24, 0x00);
    }

    [Test]
    public void ReceiveCopyStatus_ListNotHeld_Fails_0524_AtByte2()
    {
        var san = new TestSan().Ready();
        Expect.Good(XCopy(san, ParameterList(NotHeld, [], [BlockToBlock(0xFFFF, 0xFFFF, 1, 0, 1)], listId: 7)));
        var c = san.Run(san.Linux, 0, ReceiveCopyCdb(0x00, 7));
        Expect.Check(c, 5, 0x24, 0x00);
        Assert.That(c.Sense.Field, Is.EqualTo(new FieldPointer(true, 2, null)));
    }

    [Test]
    public void ReceiveCopyStatus_AnotherInitiatorsList_IsNotFound()
    {
        var san = new TestSan().Ready();
        Expect.Good(XCopy(san, ParameterList(Held, [], [BlockToBlock(0xFFFF, 0xFFFF, 1, 0, 1)], listId: 7)));
        Expect.Check(san.Run(san.Linux2, 0, ReceiveCopyCdb(0x00, 7)), 5, 0x24, 0x00);
    }

    [Test]
    public void ReceiveCopyFailureDetails_FailedHeldList_ReturnsItsSense()
    {
        var san = new TestSan().Ready();
        Expect.Check(XCopy(san, ParameterList(Held, [], [BlockToBlock(0xFFFF, 9, 1, 0, 1)], listId: 3)), 0x0A, 0x08, 0x04);

        Expect.Good(san.Run(san.Linux, 0, ReceiveCopyCdb(0x04, 3)));
        Assert.That(san.LastData[56], Is.EqualTo(0x02), "COPY STATUS: error");
        int senseLength = BinaryPrimitives.ReadUInt16BigEndian(san.LastData.AsSpan(58));
        Assert.That(SenseData.TryParse(san.LastData.AsSpan(60, senseLength), out var sense, out string error), Is.True, error);
        Assert.That((sense.Key, sense.Code.Asc, sense.Code.Ascq), Is.EqualTo((SenseKey.CopyAborted, (byte)0x08, (byte)0x04)));
    }

    [Test]
    public void ReceiveCopyOperatingParameters_ReportsCtlLimitsAndDescriptorCodes()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, ReceiveCopyCdb(0x03, 0)));
        var d = san.LastData;
        Assert.That(d, Has.Length.EqualTo(48));
        Assert.Multiple(() =>
        {
            Assert.That(BinaryPrimitives.ReadUInt32BigEndian(d), Is.EqualTo(44));
            Assert.That(d[4], Is.EqualTo(0x01), "SNLID");
            Assert.That(BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(8)), Is.EqualTo(64), "maximum CSCD descriptor count");
            Assert.That(BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(10)), Is.EqualTo(64), "maximum segment descriptor count");
            Assert.That(BinaryPrimitives.ReadUInt32BigEndian(d.AsSpan(12)), Is.EqualTo(8192), "maximum descriptor list length");
            Assert.That(BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(34)), Is.EqualTo(255), "total concurrent copies");
            Assert.That(d[36], Is.EqualTo(255), "maximum concurrent copies");
            Assert.That(d.AsSpan(43).ToArray(), Is.EqualTo(new byte[] { 4, 0x02, 0x07, 0x14, 0xE4 }));
        });
    }

    [Test]
    public void LunReset_ForgetsHeldCopyLists()
    {
        var san = new TestSan().Ready();
        Expect.Good(XCopy(san, ParameterList(Held, [], [BlockToBlock(0xFFFF, 0xFFFF, 1, 0, 1)], listId: 5)));
        san.Target.LunReset(san.Linux, 0);
        san.ClearAttentions(san.Linux, 0);
        Expect.Check(san.Run(san.Linux, 0, ReceiveCopyCdb(0x00, 5)), 5, 0x24, 0x00);
    }

    [Test]
    public void VpdThirdPartyCopy_HasCtlsDescriptorsInOrder_WithTheirLengths()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Inquiry(evpd: true, page: 0x8F, alloc: 1024)));
        var d = san.LastData;
        Assert.That(d, Has.Length.EqualTo(380));
        Assert.That(BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(2)), Is.EqualTo(376));
        var descriptors = new List<(int Type, int Length)>();
        for (int o = 4; o + 4 <= d.Length; o += 4 + BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(o + 2)))
            descriptors.Add((BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(o)), BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(o + 2))));
        Assert.That(descriptors, Is.EqualTo(new List<(int, int)>
        {
            (0x0000, 32), (0x0001, 16), (0x0004, 28), (0x0008, 8), (0x000C, 4), (0x0106, 92), (0x0108, 132), (0x8001, 32),
        }));
        Assert.That(d.AsSpan(40 + 4, 16).ToArray(), Is.EqualTo(new byte[]
            { 15, 0x83, 5, 0x00, 0x01, 0x10, 0x11, 0x1C, 0x84, 6, 0x00, 0x04, 0x05, 0x03, 0x07, 0x08 }), "supported commands");
    }

    [Test]
    public void CommandTable_HasCtlsThirdPartyCopyRows()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CommandTable.Find(0x83, 0x00).Supported, Is.True, "EXTENDED COPY (LID1)");
            Assert.That(CommandTable.Find(0x84, 0x00).Supported, Is.True, "RECEIVE COPY STATUS (LID1)");
            Assert.That(CommandTable.Find(0x84, 0x03).Supported, Is.True, "RECEIVE COPY OPERATING PARAMETERS");
            Assert.That(CommandTable.Find(0x84, 0x04).Supported, Is.True, "RECEIVE COPY FAILURE DETAILS");
            Assert.That(CommandTable.Find(0x83, 0x00).Flags.HasFlag(CommandFlags.OkWhileStopped), Is.True);
        });
    }

    private static ScsiCompletion XCopy(TestSan san, byte[] list) => san.Run(san.Linux, 0, ExtendedCopyCdb((uint)list.Length), list);

    private static byte[] ExtendedCopyCdb(uint length)
    {
        var cdb = new byte[16];
        cdb[0] = 0x83;
        BinaryPrimitives.WriteUInt32BigEndian(cdb.AsSpan(10), length);
        return cdb;
    }

    private static byte[] ReceiveCopyCdb(byte serviceAction, byte listId)
    {
        var cdb = new byte[16];
        cdb[0] = 0x84;
        cdb[1] = serviceAction;
        cdb[2] = listId;
        BinaryPrimitives.WriteUInt32BigEndian(cdb.AsSpan(10), 1024);
        return cdb;
    }

    /// <summary>An LID1 parameter list: 16-byte header, the CSCDs, the segments, no inline data.</summary>
    private static byte[] ParameterList(byte usage, byte[][] cscds, byte[][] segments, byte listId = 1)
    {
        int cscdLength = cscds.Sum(c => c.Length), segLength = segments.Sum(s => s.Length);
        var p = new byte[16 + cscdLength + segLength];
        p[0] = listId;
        p[1] = usage;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), (ushort)cscdLength);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(8), (uint)segLength);
        int o = 16;
        foreach (var d in cscds.Concat(segments))
        {
            d.CopyTo(p, o);
            o += d.Length;
        }
        return p;
    }

    /// <summary>An identification CSCD (E4h) carrying the LUN's T10 vendor id designator (24 bytes, so it runs into the block length bytes, which stay zero).</summary>
    private static byte[] T10Cscd(CtlLun lun)
    {
        var d = new byte[32];
        d[0] = 0xE4;
        d[4] = 0x02;
        d[5] = 0x01;
        var id = new byte[24];
        Encoding.ASCII.GetBytes(lun.Vendor.PadRight(8)).CopyTo(id, 0);
        Encoding.ASCII.GetBytes(lun.DeviceId).CopyTo(id, 8);
        d[7] = (byte)id.Length;
        id.CopyTo(d, 8);
        return d;
    }

    /// <summary>A block→block segment (02h): source and destination CSCD index, block count, source and destination LBA.</summary>
    private static byte[] BlockToBlock(ushort src, ushort dst, ushort blocks, ulong srcLba, ulong dstLba)
    {
        var d = new byte[28];
        d[0] = 0x02;
        BinaryPrimitives.WriteUInt16BigEndian(d.AsSpan(2), 24);
        BinaryPrimitives.WriteUInt16BigEndian(d.AsSpan(4), src);
        BinaryPrimitives.WriteUInt16BigEndian(d.AsSpan(6), dst);
        BinaryPrimitives.WriteUInt16BigEndian(d.AsSpan(10), blocks);
        BinaryPrimitives.WriteUInt64BigEndian(d.AsSpan(12), srcLba);
        BinaryPrimitives.WriteUInt64BigEndian(d.AsSpan(20), dstLba);
        return d;
    }
}
