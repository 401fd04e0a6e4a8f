using SanSim.Scsi;

namespace SanSim.Tests.Scsi;

/// <summary>Every builder's CDB decodes back to the fields it was built from.</summary>
public class CdbRoundTripTests
{
    private static Cdb Decode(byte[] bytes)
    {
        bool ok = CdbDecoder.TryDecode(bytes, out var cdb, out var sense);
        Assert.That(ok, Is.True, $"{OpcodeNames.CommandName(bytes)} rejected with {sense} {sense.Field}");
        Assert.That(cdb.Length, Is.EqualTo(bytes.Length), "CDB length");
        return cdb;
    }

    [Test]
    public void TestUnitReady_RoundTrips()
    {
        var cdb = Decode(CdbBuilder.TestUnitReady());
        Assert.That(cdb.Opcode, Is.EqualTo(ScsiOpcode.TestUnitReady));
        Assert.That(cdb.Name, Is.EqualTo("TEST UNIT READY"));
    }

    [Test]
    public void RequestSense_RoundTripsDescAndAllocationLength()
    {
        var cdb = Decode(CdbBuilder.RequestSense(desc: true, alloc: 96));
        Assert.That(cdb.Opcode, Is.EqualTo(ScsiOpcode.RequestSense));
        Assert.That(cdb.DescriptorFormat, Is.True);
        Assert.That(cdb.AllocationLength, Is.EqualTo(96));
    }

    [TestCase(false, (byte)0x00, (ushort)36)]
    [TestCase(true, (byte)0x83, (ushort)0xFFFF)]
    public void Inquiry_RoundTripsEvpdPageAndAllocationLength(bool evpd, byte page, ushort alloc)
    {
        var cdb = Decode(CdbBuilder.Inquiry(evpd, page, alloc));
        Assert.That(cdb.Opcode, Is.EqualTo(ScsiOpcode.Inquiry));
        Assert.That(cdb.Evpd, Is.EqualTo(evpd));
        Assert.That(cdb.PageCode, Is.EqualTo(page));
        Assert.That(cdb.AllocationLength, Is.EqualTo(alloc));
    }

    [Test]
    public void ReportLuns_RoundTripsSelectReportAndAllocationLength()
    {
        var cdb = Decode(CdbBuilder.ReportLuns(selectReport: 2, alloc: 0x0001_0000));
        Assert.That(cdb.Opcode, Is.EqualTo(ScsiOpcode.ReportLuns));
        Assert.That(cdb.SelectReport, Is.EqualTo(2));
        Assert.That(cdb.AllocationLength, Is.EqualTo(0x0001_0000));
    }

    [Test]
    public void ReadCapacity10_RoundTrips()
    {
        var cdb = Decode(CdbBuilder.ReadCapacity10());
        Assert.That(cdb.Opcode, Is.EqualTo(ScsiOpcode.ReadCapacity10));
        Assert.That(cdb.Lba, Is.Zero);
    }

    [Test]
    public void ReadCapacity16_RoundTripsAsServiceActionIn16_10h()
    {
        var cdb = Decode(CdbBuilder.ReadCapacity16(alloc: 32));
        Assert.That(cdb.Opcode, Is.EqualTo(ScsiOpcode.ServiceActionIn16));
        Assert.That(cdb.ServiceAction, Is.EqualTo(ServiceAction.ReadCapacity16));
        Assert.That(cdb.AllocationLength, Is.EqualTo(32));
        Assert.That(cdb.Name, Is.EqualTo("READ CAPACITY(16)"));
    }

    [Test]
    public void GetLbaStatus_RoundTripsLba()
    {
        var cdb = Decode(CdbBuilder.GetLbaStatus(0x1_0000_0001, alloc: 24));
        Assert.That(cdb.ServiceAction, Is.EqualTo(ServiceAction.GetLbaStatus));
        Assert.That(cdb.Lba, Is.EqualTo(0x1_0000_0001UL));
        Assert.That(cdb.AllocationLength, Is.EqualTo(24));
    }

    [TestCase(0u, (ushort)1, 1u)]
    [TestCase(CdbBuilder.MaxLba6, (ushort)255, 255u)]
    [TestCase(0x12345u, (ushort)256, 256u)]
    public void Read6AndWrite6_RoundTripLbaAndBlocks_256EncodedAsZero(uint lba, ushort blocks, uint decoded)
    {
        var read = Decode(CdbBuilder.Read6(lba, blocks));
        var write = Decode(CdbBuilder.Write6(lba, blocks));
        Assert.That(read.Opcode, Is.EqualTo(ScsiOpcode.Read6));
        Assert.That(write.Opcode, Is.EqualTo(ScsiOpcode.Write6));
        foreach (var cdb in new[] { read, write })
        {
            Assert.That(cdb.Lba, Is.EqualTo((ulong)lba));
            Assert.That(cdb.TransferLength, Is.EqualTo(decoded));
        }
        Assert.That(write.IsWrite && read.IsRead, Is.True);
    }

    [TestCase(false, false)]
    [TestCase(true, false)]
    [TestCase(false, true)]
    [TestCase(true, true)]
    public void Read10AndWrite10_RoundTripLbaBlocksDpoFua(bool dpo, bool fua)
    {
        foreach (var bytes in new[] { CdbBuilder.Read10(0xFFFF_FFFE, 0xFFFF, dpo, fua), CdbBuilder.Write10(0xFFFF_FFFE, 0xFFFF, dpo, fua) })
        {
            var cdb = Decode(bytes);
            Assert.That(cdb.Lba, Is.EqualTo(0xFFFF_FFFEUL));
            Assert.That(cdb.TransferLength, Is.EqualTo(0xFFFFu));
            Assert.That(cdb.Dpo, Is.EqualTo(dpo));
            Assert.That(cdb.Fua, Is.EqualTo(fua));
        }
    }

    [TestCase(true, false)]
    [TestCase(false, true)]
    public void Read12AndWrite12_RoundTripLbaBlocksDpoFua(bool dpo, bool fua)
    {
        var read = Decode(CdbBuilder.Read12(7, 0x0102_0304, dpo, fua));
        var write = Decode(CdbBuilder.Write12(7, 0x0102_0304, dpo, fua));
        Assert.That(read.Opcode, Is.EqualTo(ScsiOpcode.Read12));
        Assert.That(write.Opcode, Is.EqualTo(ScsiOpcode.Write12));
        foreach (var cdb in new[] { read, write })
        {
            Assert.That(cdb.Lba, Is.EqualTo(7UL));
            Assert.That(cdb.TransferLength, Is.EqualTo(0x0102_0304u));
            Assert.That(cdb.Dpo, Is.EqualTo(dpo));
            Assert.That(cdb.Fua, Is.EqualTo(fua));
        }
    }

    [TestCase(true, true)]
    [TestCase(false, false)]
    public void Read16AndWrite16_RoundTrip64BitLba(bool dpo, bool fua)
    {
        var read = Decode(CdbBuilder.Read16(0xFEDC_BA98_7654_3210, 0x8000_0000, dpo, fua));
        var write = Decode(CdbBuilder.Write16(0xFEDC_BA98_7654_3210, 0x8000_0000, dpo, fua));
        Assert.That(read.Opcode, Is.EqualTo(ScsiOpcode.Read16));
        Assert.That(write.Opcode, Is.EqualTo(ScsiOpcode.Write16));
        foreach (var cdb in new[] { read, write })
        {
            Assert.That(cdb.Lba, Is.EqualTo(0xFEDC_BA98_7654_3210UL));
            Assert.That(cdb.TransferLength, Is.EqualTo(0x8000_0000u));
            Assert.That(cdb.Dpo, Is.EqualTo(dpo));
            Assert.That(cdb.Fua, Is.EqualTo(fua));
        }
    }

    [Test]
    public void SynchronizeCache10And16_RoundTripRangeAndImmed()
    {
        var ten = Decode(CdbBuilder.SynchronizeCache10(100, 8, immed: true));
        Assert.That(ten.Opcode, Is.EqualTo(ScsiOpcode.SynchronizeCache10));
        Assert.That((ten.Lba, ten.TransferLength, ten.Immed), Is.EqualTo((100UL, 8u, true)));

        var sixteen = Decode(CdbBuilder.SynchronizeCache16(1UL << 40, 1u << 20));
        Assert.That(sixteen.Opcode, Is.EqualTo(ScsiOpcode.SynchronizeCache16));
        Assert.That((sixteen.Lba, sixteen.TransferLength, sixteen.Immed), Is.EqualTo((1UL << 40, 1u << 20, false)));
    }

    [Test]
    public void StartStopUnit_RoundTripsEveryField()
    {
        var cdb = Decode(CdbBuilder.StartStopUnit(start: true, immed: true, loej: true, noFlush: true, powerCondition: 0xA, powerConditionModifier: 0x5));
        Assert.That(cdb.Opcode, Is.EqualTo(ScsiOpcode.StartStopUnit));
        Assert.That(cdb.Start && cdb.Immed && cdb.LoadEject && cdb.NoFlush, Is.True);
        Assert.That(cdb.PowerCondition, Is.EqualTo(0xA));
        Assert.That(cdb.PowerConditionModifier, Is.EqualTo(0x5));
    }

    [Test]
    public void StopUnitImmed_AsWindowsSendsIt_DecodesStartFalseImmedTrue()
    {
        var cdb = Decode(CdbBuilder.StartStopUnit(start: false, immed: true));
        Assert.That(cdb.Start, Is.False);
        Assert.That(cdb.Immed, Is.True);
        Assert.That(cdb.LoadEject || cdb.NoFlush, Is.False);
        Assert.That(cdb.PowerCondition, Is.Zero);
    }

    [Test]
    public void ModeSense6_RoundTripsPageSubpagePcDbd()
    {
        var cdb = Decode(CdbBuilder.ModeSense6(0x3F, subpage: 0xFF, pageControl: 2, dbd: true, alloc: 192));
        Assert.That(cdb.Opcode, Is.EqualTo(ScsiOpcode.ModeSense6));
        Assert.That((cdb.PageCode, cdb.SubpageCode, cdb.PageControl), Is.EqualTo(((byte)0x3F, (byte)0xFF, (byte)2)));
        Assert.That(cdb.DisableBlockDescriptors, Is.True);
        Assert.That(cdb.AllocationLength, Is.EqualTo(192));
    }

    [Test]
    public void ModeSense10_RoundTripsLlbaaAndLongAllocationLength()
    {
        var cdb = Decode(CdbBuilder.ModeSense10(0x08, pageControl: 1, llbaa: true, alloc: 0x1234));
        Assert.That(cdb.Opcode, Is.EqualTo(ScsiOpcode.ModeSense10));
        Assert.That((cdb.PageCode, cdb.PageControl), Is.EqualTo(((byte)0x08, (byte)1)));
        Assert.That(cdb.LongLba, Is.True);
        Assert.That(cdb.DisableBlockDescriptors, Is.False);
        Assert.That(cdb.AllocationLength, Is.EqualTo(0x1234));
    }

    [Test]
    public void ModeSelect6And10_RoundTripPfSpAndParameterListLength()
    {
        var six = Decode(CdbBuilder.ModeSelect6(24, pf: true, sp: true));
        Assert.That(six.Opcode, Is.EqualTo(ScsiOpcode.ModeSelect6));
        Assert.That((six.PageFormat, six.SavePages, six.AllocationLength), Is.EqualTo((true, true, 24u)));

        var ten = Decode(CdbBuilder.ModeSelect10(0x0200, pf: false));
        Assert.That(ten.Opcode, Is.EqualTo(ScsiOpcode.ModeSelect10));
        Assert.That((ten.PageFormat, ten.SavePages, ten.AllocationLength), Is.EqualTo((false, false, 0x200u)));
    }

    [Test]
    public void LogSense_RoundTripsPageAndParameterPointer()
    {
        var cdb = Decode(CdbBuilder.LogSense(0x0D, subpage: 0, pageControl: 1, parameterPointer: 0x10, alloc: 512));
        Assert.That(cdb.Opcode, Is.EqualTo(ScsiOpcode.LogSense));
        Assert.That((cdb.PageCode, cdb.PageControl, cdb.ParameterPointer, cdb.AllocationLength),
            Is.EqualTo(((byte)0x0D, (byte)1, (ushort)0x10, 512u)));
    }

    [TestCase(ServiceAction.PrInReadKeys)]
    [TestCase(ServiceAction.PrInReadReservation)]
    [TestCase(ServiceAction.PrInReportCapabilities)]
    [TestCase(ServiceAction.PrInReadFullStatus)]
    public void PersistentReserveIn_RoundTripsServiceActionAndAllocationLength(byte sa)
    {
        var cdb = Decode(CdbBuilder.PersistentReserveIn(sa, alloc: 8192));
        Assert.That(cdb.Opcode, Is.EqualTo(ScsiOpcode.PersistentReserveIn));
        Assert.That(cdb.ServiceAction, Is.EqualTo(sa));
        Assert.That(cdb.AllocationLength, Is.EqualTo(8192));
    }

    [TestCase(ServiceAction.PrOutRegister, (byte)0, (byte)0)]
    [TestCase(ServiceAction.PrOutReserve, (byte)0, (byte)1)]
    [TestCase(ServiceAction.PrOutPreemptAndAbort, (byte)0, (byte)8)]
    [TestCase(ServiceAction.PrOutRegisterAndIgnoreExistingKey, (byte)2, (byte)0xF)]
    public void PersistentReserveOut_RoundTripsServiceActionScopeTypeAndLength(byte sa, byte scope, byte type)
    {
        var cdb = Decode(CdbBuilder.PersistentReserveOut(sa, scope, type, paramListLength: 24));
        Assert.That(cdb.Opcode, Is.EqualTo(ScsiOpcode.PersistentReserveOut));
        Assert.That((cdb.ServiceAction, cdb.Scope, cdb.ReservationType), Is.EqualTo((sa, scope, type)));
        Assert.That(cdb.AllocationLength, Is.EqualTo(24));
    }

    [Test]
    public void ReserveAndRelease6And10_RoundTrip()
    {
        Assert.That(Decode(CdbBuilder.Reserve6()).Opcode, Is.EqualTo(ScsiOpcode.Reserve6));
        Assert.That(Decode(CdbBuilder.Release6()).Opcode, Is.EqualTo(ScsiOpcode.Release6));
        Assert.That(Decode(CdbBuilder.Reserve10()).Opcode, Is.EqualTo(ScsiOpcode.Reserve10));
        Assert.That(Decode(CdbBuilder.Release10()).Opcode, Is.EqualTo(ScsiOpcode.Release10));
    }

    [TestCase((byte)0)]
    [TestCase((byte)1)]
    [TestCase((byte)3)]
    public void PreventAllowMediumRemoval_RoundTripsPrevent(byte prevent)
    {
        var cdb = Decode(CdbBuilder.PreventAllowMediumRemoval(prevent));
        Assert.That(cdb.Opcode, Is.EqualTo(ScsiOpcode.PreventAllowMediumRemoval));
        Assert.That(cdb.Prevent, Is.EqualTo(prevent));
    }

    [Test]
    public void WriteSame10_RoundTripsUnmapAnchor()
    {
        var cdb = Decode(CdbBuilder.WriteSame10(64, 0, unmap: true, anchor: true));
        Assert.That(cdb.Opcode, Is.EqualTo(ScsiOpcode.WriteSame10));
        Assert.That((cdb.Lba, cdb.TransferLength, cdb.Unmap, cdb.Anchor, cdb.NoDataOutBuffer), Is.EqualTo((64UL, 0u, true, true, false)));
    }

    [Test]
    public void WriteSame16_RoundTripsUnmapAnchorNdob()
    {
        var cdb = Decode(CdbBuilder.WriteSame16(1UL << 33, 4096, unmap: true, ndob: true));
        Assert.That(cdb.Opcode, Is.EqualTo(ScsiOpcode.WriteSame16));
        Assert.That((cdb.Lba, cdb.TransferLength, cdb.Unmap, cdb.Anchor, cdb.NoDataOutBuffer), Is.EqualTo((1UL << 33, 4096u, true, false, true)));
    }

    [Test]
    public void Unmap_RoundTripsAnchorAndParameterListLength()
    {
        var cdb = Decode(CdbBuilder.Unmap(24, anchor: true));
        Assert.That(cdb.Opcode, Is.EqualTo(ScsiOpcode.Unmap));
        Assert.That((cdb.Anchor, cdb.AllocationLength), Is.EqualTo((true, 24u)));
    }

    [TestCase((byte)0, false)]
    [TestCase((byte)1, true)]
    [TestCase((byte)3, false)]
    public void Verify10_12_16_RoundTripByteCheckAndDpo(byte bytchk, bool dpo)
    {
        var ten = Decode(CdbBuilder.Verify10(10, 2, bytchk, dpo));
        var twelve = Decode(CdbBuilder.Verify12(10, 2, bytchk, dpo));
        var sixteen = Decode(CdbBuilder.Verify16(10, 2, bytchk, dpo));
        Assert.That(ten.Opcode, Is.EqualTo(ScsiOpcode.Verify10));
        Assert.That(twelve.Opcode, Is.EqualTo(ScsiOpcode.Verify12));
        Assert.That(sixteen.Opcode, Is.EqualTo(ScsiOpcode.Verify16));
        foreach (var cdb in new[] { ten, twelve, sixteen })
            Assert.That((cdb.Lba, cdb.TransferLength, cdb.ByteCheck, cdb.Dpo), Is.EqualTo((10UL, 2u, bytchk, dpo)));
    }

    [Test]
    public void CompareAndWrite_RoundTripsLbaBlocksDpoFua()
    {
        var cdb = Decode(CdbBuilder.CompareAndWrite(0x0123_4567_89AB, 1, dpo: true, fua: true));
        Assert.That(cdb.Opcode, Is.EqualTo(ScsiOpcode.CompareAndWrite));
        Assert.That((cdb.Lba, cdb.CompareBlocks, cdb.Dpo, cdb.Fua), Is.EqualTo((0x0123_4567_89ABUL, (byte)1, true, true)));
    }

    [Test]
    public void ReportSupportedOperationCodes_RoundTripsOptionsRctdAndRequest()
    {
        var cdb = Decode(CdbBuilder.ReportSupportedOperationCodes(reportingOptions: 2, rctd: true, requestedOpcode: 0x9E,
            requestedServiceAction: 0x10, alloc: 512));
        Assert.That(cdb.Opcode, Is.EqualTo(ScsiOpcode.MaintenanceIn));
        Assert.That(cdb.ServiceAction, Is.EqualTo(ServiceAction.ReportSupportedOperationCodes));
        Assert.That((cdb.ReportingOptions, cdb.ReturnCommandTimeoutsDescriptor, cdb.RequestedOpcode, cdb.RequestedServiceAction, cdb.AllocationLength),
            Is.EqualTo(((byte)2, true, (byte)0x9E, (ushort)0x10, 512u)));
    }

    [Test]
    public void ReportTargetPortGroups_RoundTripsAllocationLength()
    {
        var cdb = Decode(CdbBuilder.ReportTargetPortGroups(alloc: 4096));
        Assert.That(cdb.ServiceAction, Is.EqualTo(ServiceAction.ReportTargetPortGroups));
        Assert.That(cdb.AllocationLength, Is.EqualTo(4096));
    }
}
