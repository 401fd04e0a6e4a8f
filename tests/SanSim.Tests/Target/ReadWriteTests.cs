using SanSim.Scsi;
using SanSim.Target;

namespace SanSim.Tests.Target;

/// <summary>The data path over the sparse store: READ/WRITE, WRITE SAME, UNMAP, VERIFY, COMPARE AND WRITE, SYNCHRONIZE CACHE.</summary>
public class ReadWriteTests
{
    [Test]
    public void WrittenData_ReadsBack()
    {
        var san = new TestSan().Ready();
        var data = Cdbs.Data(8, 0);
        for (int i = 0; i < data.Length; i++) data[i] = (byte)(i * 7);
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Write10(100, 8), data));
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Read10(100, 8)));
        Assert.That(san.LastData, Is.EqualTo(data));
    }

    [Test]
    public void UnwrittenBlocks_ReadAsZeros()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Read16(2000, 4)));
        Assert.That(san.LastData, Has.Length.EqualTo(2048));
        Assert.That(san.LastData.All(b => b == 0), Is.True);
    }

    [Test]
    public void Write16_ThenRead6_SeesSameData()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Write16(5, 1), Cdbs.Data(1, 0xAB)));
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Read6(5, 1)));
        Assert.That(san.LastData.All(b => b == 0xAB), Is.True);
    }

    [Test]
    public void WriteBeyondCapacity_Fails_0521_WithFirstLbaPastEndInInformation()
    {
        var san = new TestSan().Ready();
        var c = san.Run(san.Linux, 0, Cdbs.Write10((uint)TestSan.Blocks - 1, 2), Cdbs.Data(2, 1));
        Expect.Check(c, 5, 0x21, 0x00);
        Assert.That(c.Sense.Information, Is.EqualTo(TestSan.Blocks));
    }

    [Test]
    public void ReadWrappingPastEndOfLbaSpace_Fails_0521()
    {
        var san = new TestSan().Ready();
        Expect.Check(san.Run(san.Linux, 0, Cdbs.Read16(ulong.MaxValue, 2)), 5, 0x21, 0x00);
    }

    [Test]
    public void ZeroTransferLength_IsGood_AndMovesNothing()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Write10(0, 0)));
        Assert.That(san.Lun0.Store.WrittenBlocks, Is.Zero);
    }

    [Test]
    public void ZeroTransferLength_AtEndOfLun_IsGood()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Read10((uint)TestSan.Blocks, 0)));
    }

    [Test]
    public void Read6_ZeroLength_Means256Blocks()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Read6(0, 0), dataInSize: 256 * 512));
        Assert.That(san.LastData, Has.Length.EqualTo(256 * 512));
    }

    [Test]
    public void DpoAndFua_AreAccepted()
    {
        var san = new TestSan().Ready();
        var cdb = Cdbs.Write10(0, 1);
        cdb[1] = 0x18;
        Expect.Good(san.Run(san.Linux, 0, cdb, Cdbs.Data(1, 3)));
    }

    [Test]
    public void SixteenTiBLun_CostsNothingUntilWritten()
    {
        var san = new TestSan();
        var big = new CtlLun(5, 16UL << 40 >> 9);
        san.Target.AddLun(big);
        san.ClearAttentions(san.Linux, 5);
        Expect.Good(san.Run(san.Linux, 5, Cdbs.Read16(big.BlockCount - 8, 8)));
        Expect.Good(san.Run(san.Linux, 5, Cdbs.Write16(big.BlockCount - 1, 1), Cdbs.Data(1, 9)));
        Assert.That(big.Store.WrittenBlocks, Is.EqualTo(1));
    }

    [Test]
    public void WriteSame_FillsEveryBlockOfTheRange()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.WriteSame10(10, 4), Cdbs.Data(1, 0x5A)));
        san.Run(san.Linux, 0, Cdbs.Read10(10, 4));
        Assert.That(san.LastData.All(b => b == 0x5A), Is.True);
        san.Run(san.Linux, 0, Cdbs.Read10(14, 1));
        Assert.That(san.LastData.All(b => b == 0), Is.True);
    }

    [Test]
    public void WriteSameWithUnmap_Deallocates()
    {
        var san = new TestSan().Ready();
        san.Run(san.Linux, 0, Cdbs.Write10(0, 8), Cdbs.Data(8, 1));
        Expect.Good(san.Run(san.Linux, 0, Cdbs.WriteSame16(0, 8, unmap: true), Cdbs.Data(1, 0)));
        Assert.That(san.Lun0.Store.WrittenBlocks, Is.Zero);
    }

    [Test]
    public void WriteSameZeroLength_RunsToLastLba()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.WriteSame16(TestSan.Blocks - 3, 0), Cdbs.Data(1, 7)));
        Assert.That(san.Lun0.Store.WrittenBlocks, Is.EqualTo(3));
    }

    [Test]
    public void WriteSameAnchorWithoutUnmap_Fails_0524()
    {
        var san = new TestSan().Ready();
        var cdb = Cdbs.WriteSame10(0, 1);
        cdb[1] = 0x10;
        Expect.Check(san.Run(san.Linux, 0, cdb, Cdbs.Data(1, 0)), 5, 0x24, 0x00);
    }

    [Test]
    public void Unmap_DeallocatesTheDescribedBlocks()
    {
        var san = new TestSan().Ready();
        san.Run(san.Linux, 0, Cdbs.Write10(0, 8), Cdbs.Data(8, 1));
        var list = Cdbs.UnmapList(2, 4);
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Unmap((ushort)list.Length), list));
        Assert.That(san.Lun0.Store.WrittenBlocks, Is.EqualTo(4));
    }

    [Test]
    public void UnmapBeyondCapacity_Fails_0521()
    {
        var san = new TestSan().Ready();
        var list = Cdbs.UnmapList(TestSan.Blocks, 1);
        Expect.Check(san.Run(san.Linux, 0, Cdbs.Unmap((ushort)list.Length), list), 5, 0x21, 0x00);
    }

    [Test]
    public void UnmapShortParameterList_Fails_0526()
    {
        var san = new TestSan().Ready();
        Expect.Check(san.Run(san.Linux, 0, Cdbs.Unmap(4), new byte[4]), 5, 0x26, 0x00);
    }

    [Test]
    public void VerifyWithByteCheck_Matches_IsGood()
    {
        var san = new TestSan().Ready();
        san.Run(san.Linux, 0, Cdbs.Write10(0, 2), Cdbs.Data(2, 4));
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Verify10(0, 2, byteCheck: true), Cdbs.Data(2, 4)));
    }

    [Test]
    public void VerifyWithByteCheck_Miscompare_0E1D00()
    {
        var san = new TestSan().Ready();
        san.Run(san.Linux, 0, Cdbs.Write10(0, 2), Cdbs.Data(2, 4));
        var expected = Cdbs.Data(2, 4);
        expected[700] = 5;
        var c = san.Run(san.Linux, 0, Cdbs.Verify10(0, 2, byteCheck: true), expected);
        Expect.Check(c, 0x0E, 0x1D, 0x00);
        Assert.That(c.Sense.Information, Is.EqualTo(700));
    }

    [Test]
    public void VerifyWithoutByteCheck_IsGood()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Verify10(0, 8, byteCheck: false)));
    }

    [Test]
    public void CompareAndWrite_Match_WritesTheNewData()
    {
        var san = new TestSan().Ready();
        san.Run(san.Linux, 0, Cdbs.Write10(3, 1), Cdbs.Data(1, 1));
        var data = Cdbs.Data(1, 1).Concat(Cdbs.Data(1, 2)).ToArray();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.CompareAndWrite(3, 1), data));
        san.Run(san.Linux, 0, Cdbs.Read10(3, 1));
        Assert.That(san.LastData.All(b => b == 2), Is.True);
    }

    [Test]
    public void CompareAndWrite_Miscompare_ReportsOffset_AndWritesNothing()
    {
        var san = new TestSan().Ready();
        san.Run(san.Linux, 0, Cdbs.Write10(3, 1), Cdbs.Data(1, 1));
        var data = Cdbs.Data(1, 1).Concat(Cdbs.Data(1, 2)).ToArray();
        data[17] = 0;
        var c = san.Run(san.Linux, 0, Cdbs.CompareAndWrite(3, 1), data);
        Expect.Check(c, 0x0E, 0x1D, 0x00);
        Assert.That(c.Sense.Information, Is.EqualTo(17));
        san.Run(san.Linux, 0, Cdbs.Read10(3, 1));
        Assert.That(san.LastData.All(b => b == 1), Is.True);
    }

    [Test]
    public void SynchronizeCache_InRange_IsGood()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.SyncCache10()));
    }

    [Test]
    public void SynchronizeCache_BeyondCapacity_Fails_0521()
    {
        var san = new TestSan().Ready();
        Expect.Check(san.Run(san.Linux, 0, Cdbs.SyncCache10((uint)TestSan.Blocks, 1)), 5, 0x21, 0x00);
    }

    [Test]
    public void SynchronizeCache_OnReadOnlyLun_Fails_2701_AsCtlMarksItAWrite()
    {
        var san = new TestSan().Ready();
        san.Lun0.ReadOnly = true;
        Expect.Check(san.Run(san.Linux, 0, Cdbs.SyncCache10()), 7, 0x27, 0x01);
    }

    [Test]
    public void ReadIntoSmallerBuffer_ReturnsWhatFits()
    {
        var san = new TestSan().Ready();
        var c = san.Run(san.Linux, 0, Cdbs.Read10(0, 4), dataInSize: 700);
        Assert.That(c.Status, Is.EqualTo(ScsiStatus.Good));
        Assert.That(c.DataInLength, Is.EqualTo(700));
    }

    [Test]
    public void GetLbaStatus_ReportsMappedRunThenDeallocatedRun()
    {
        var san = new TestSan().Ready();
        san.Run(san.Linux, 0, Cdbs.Write10(10, 3), Cdbs.Data(3, 1));
        Expect.Good(san.Run(san.Linux, 0, GetLbaStatus(10)));
        Assert.That(san.LastData[16..21], Is.EqualTo(new byte[] { 0, 0, 0, 3, 0 }));
        san.Run(san.Linux, 0, GetLbaStatus(0));
        Assert.That(san.LastData[16..21], Is.EqualTo(new byte[] { 0, 0, 0, 10, 1 }));
        san.Run(san.Linux, 0, GetLbaStatus(13));
        Assert.That(san.LastData[16..21], Is.EqualTo(new byte[] { 0, 0, 0x07, 0xF3, 1 }));
    }

    [Test]
    public void GetLbaStatus_PastLastLba_Fails_0521()
    {
        var san = new TestSan().Ready();
        Expect.Check(san.Run(san.Linux, 0, GetLbaStatus(TestSan.Blocks)), 5, 0x21, 0x00);
    }

    [Test]
    public void WriteBuffer_ThenReadBuffer_ReturnsTheData()
    {
        var san = new TestSan().Ready();
        byte[] write = [0x3B, 0x02, 0, 0, 0, 16, 0, 0, 4, 0];
        Expect.Good(san.Run(san.Linux, 0, write, [1, 2, 3, 4]));
        Expect.Good(san.Run(san.Linux, 0, [0x3C, 0x02, 0, 0, 0, 16, 0, 0, 4, 0]));
        Assert.That(san.LastData, Is.EqualTo(new byte[] { 1, 2, 3, 4 }));
    }

    [Test]
    public void ReadBufferDescriptor_GivesTheBufferSize()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, [0x3C, 0x03, 0, 0, 0, 0, 0, 0, 4, 0]));
        Assert.That(san.LastData, Is.EqualTo(new byte[] { 0, 0x04, 0, 0 }));
    }

    [Test]
    public void WriteBufferPastItsEnd_Fails_0524()
    {
        var san = new TestSan().Ready();
        Expect.Check(san.Run(san.Linux, 0, [0x3B, 0x02, 0, 0x04, 0, 0, 0, 0, 1, 0], [1]), 5, 0x24, 0x00);
    }

    private static byte[] GetLbaStatus(ulong lba)
    {
        var c = new byte[16];
        c[0] = 0x9E;
        c[1] = 0x12;
        for (int i = 0; i < 8; i++) c[2 + i] = (byte)(lba >> (56 - 8 * i));
        c[13] = 24;
        return c;
    }
}
