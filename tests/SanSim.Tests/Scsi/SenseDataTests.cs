using SanSim.Scsi;

namespace SanSim.Tests.Scsi;

public class SenseDataTests
{
    private static byte[] Fixed(in SenseInfo sense, in SenseExtras extras = default)
    {
        var buf = new byte[SenseData.FixedLength];
        int n = SenseData.WriteFixed(sense, extras, buf);
        return buf[..n];
    }

    private static byte[] Descriptor(in SenseInfo sense, in SenseExtras extras = default)
    {
        var buf = new byte[SenseData.MaxDescriptorLength];
        int n = SenseData.WriteDescriptor(sense, extras, buf);
        return buf[..n];
    }

    private static ParsedSense Parse(byte[] data)
    {
        Assert.That(SenseData.TryParse(data, out var parsed, out var error), Is.True, error);
        return parsed;
    }

    [Test]
    public void FixedNotReady0402_HasSpc5Layout()
    {
        var bytes = Fixed(SenseInfo.NotReady(AscAscq.LunNotReadyInitializingCommandRequired));
        Assert.That(Convert.ToHexString(bytes), Is.EqualTo("700002000000000A0000000004020000" + "0000"));
    }

    [Test]
    public void Fixed_RoundTrips_WithoutInformationOrFieldPointer()
    {
        var sense = SenseInfo.UnitAttention(AscAscq.ReportedLunsDataHasChanged);
        var p = Parse(Fixed(sense));
        Assert.Multiple(() =>
        {
            Assert.That(p.Format, Is.EqualTo(SenseFormat.Fixed));
            Assert.That(p.ResponseCode, Is.EqualTo(0x70));
            Assert.That(p.Valid, Is.False);
            Assert.That(p.Information, Is.Null);
            Assert.That(p.Field, Is.Null);
            Assert.That(p.SenseKeySpecific, Is.Null);
            Assert.That(p.HasCode, Is.True);
            Assert.That(p.Truncated, Is.False);
            Assert.That(p.Warnings, Is.Empty);
            Assert.That(p.AdditionalLength, Is.EqualTo(10));
            Assert.That(p.ToSenseInfo(), Is.EqualTo(sense));
        });
    }

    [Test]
    public void Fixed_RoundTrips_InformationAndFieldPointer()
    {
        var sense = SenseInfo.InvalidFieldInCdb(4, 1) with { Information = 0xDEADBEEF };
        var bytes = Fixed(sense);
        Assert.Multiple(() =>
        {
            Assert.That(bytes[0], Is.EqualTo(0xF0), "VALID + 70h");
            Assert.That(bytes[3..7], Is.EqualTo(new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }));
            Assert.That(bytes[15..18], Is.EqualTo(new byte[] { 0xC9, 0x00, 0x04 }), "SKSV, C/D=1, BPV, bit 1, byte 4");
        });
        var p = Parse(bytes);
        Assert.That(p.Valid, Is.True);
        Assert.That(p.Field, Is.EqualTo(new FieldPointer(true, 4, 1)));
        Assert.That(p.ToSenseInfo(), Is.EqualTo(sense));
    }

    [Test]
    public void Fixed_ParameterListPointerWithoutBit_RoundTrips()
    {
        var sense = SenseInfo.InvalidFieldInParameterList(0x0123);
        var bytes = Fixed(sense);
        Assert.That(bytes[15..18], Is.EqualTo(new byte[] { 0x80, 0x01, 0x23 }));
        Assert.That(Parse(bytes).Field, Is.EqualTo(new FieldPointer(false, 0x0123, null)));
    }

    [Test]
    public void Fixed_InformationTooWideForFourBytes_LeavesValidClear()
    {
        var sense = SenseInfo.NotReady(AscAscq.LunNotReadyCauseNotReportable) with { Information = 0x1_0000_0000 };
        var p = Parse(Fixed(sense));
        Assert.That(p.Valid, Is.False);
        Assert.That(p.Information, Is.Null);
    }

    [Test]
    public void Fixed_Deferred_Uses71h()
    {
        var sense = new SenseInfo(SenseKey.MediumError, new AscAscq(0x11, 0x00), Deferred: true, Information: 77);
        var bytes = Fixed(sense);
        Assert.That(bytes[0] & 0x7F, Is.EqualTo(0x71));
        var p = Parse(bytes);
        Assert.That(p.Deferred, Is.True);
        Assert.That(p.ToSenseInfo(), Is.EqualTo(sense));
    }

    [Test]
    public void Fixed_Extras_RoundTrip_IliEomFilemarkCommandSpecificFru()
    {
        var sense = new SenseInfo(SenseKey.MediumError, new AscAscq(0x14, 0x02));
        var extras = new SenseExtras(FileMark: true, EndOfMedium: true, IncorrectLength: true, CommandSpecificInformation: 0x01020304, FieldReplaceableUnitCode: 0x5A);
        var bytes = Fixed(sense, extras);
        Assert.That(bytes[2], Is.EqualTo(0xE3));
        Assert.That(bytes[8..12], Is.EqualTo(new byte[] { 1, 2, 3, 4 }));
        Assert.That(bytes[14], Is.EqualTo(0x5A));
        var p = Parse(bytes);
        Assert.That(p.ToExtras(), Is.EqualTo(extras));
    }

    [Test]
    public void Descriptor_RoundTrips_WithoutInformationOrFieldPointer()
    {
        var sense = SenseInfo.NotReady(AscAscq.LunNotReadyInitializingCommandRequired);
        var bytes = Descriptor(sense);
        Assert.That(Convert.ToHexString(bytes), Is.EqualTo("7202040200000000"));
        var p = Parse(bytes);
        Assert.That(p.Format, Is.EqualTo(SenseFormat.Descriptor));
        Assert.That(p.Descriptors, Is.Empty);
        Assert.That(p.Warnings, Is.Empty);
        Assert.That(p.ToSenseInfo(), Is.EqualTo(sense));
    }

    [Test]
    public void Descriptor_RoundTrips_64BitInformationAndFieldPointer()
    {
        var sense = SenseInfo.InvalidFieldInCdb(2, 7) with { Information = 0x1_0000_0001, Deferred = true };
        var bytes = Descriptor(sense);
        Assert.That(bytes[0], Is.EqualTo(0x73));
        Assert.That(bytes[7], Is.EqualTo(20), "information (12) + sense key specific (8)");
        Assert.That(bytes[8..12], Is.EqualTo(new byte[] { 0x00, 0x0A, 0x80, 0x00 }));
        Assert.That(bytes[20..24], Is.EqualTo(new byte[] { 0x02, 0x06, 0x00, 0x00 }));
        var p = Parse(bytes);
        Assert.That(p.Descriptors.Select(d => d.Type), Is.EqualTo(new byte[] { 0x00, 0x02 }));
        Assert.That(p.Valid, Is.True);
        Assert.That(p.ToSenseInfo(), Is.EqualTo(sense));
    }

    [Test]
    public void Descriptor_Extras_RoundTrip()
    {
        var sense = new SenseInfo(SenseKey.BlankCheck, new AscAscq(0x00, 0x05), Information: 9);
        var extras = new SenseExtras(FileMark: false, EndOfMedium: true, IncorrectLength: true, CommandSpecificInformation: 0xAABBCCDD_EEFF0011, FieldReplaceableUnitCode: 3);
        var bytes = Descriptor(sense, extras);
        var p = Parse(bytes);
        Assert.That(p.Descriptors.Select(d => d.Type), Is.EqualTo(new byte[] { 0x00, 0x01, 0x03, 0x04 }));
        Assert.That(p.ToExtras(), Is.EqualTo(extras));
        Assert.That(p.ToSenseInfo(), Is.EqualTo(sense));
    }

    [Test]
    public void DescriptorBlockCommandsDescriptor_SetsIli()
    {
        byte[] bytes = [0x72, 0x05, 0x24, 0x00, 0, 0, 0, 4, 0x05, 0x02, 0x00, 0x20];
        Assert.That(Parse(bytes).IncorrectLength, Is.True);
    }

    [Test]
    public void NotReadyProgressIndication_IsDecoded()
    {
        byte[] bytes = [0x70, 0, 0x02, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x04, 0x04, 0, 0x80, 0x80, 0x00];
        var p = Parse(bytes);
        Assert.That(p.Progress, Is.EqualTo(0x8000));
        Assert.That(p.Field, Is.Null);
    }

    [Test]
    public void WriteFixedAsCtl_StopsAfterAscq_WhenThereIsNoElement()
    {
        var buf = new byte[SenseData.FixedLength];
        int n = SenseData.WriteFixedAsCtl(SenseInfo.NotReady(AscAscq.LunNotReadyInitializingCommandRequired), default, buf);
        Assert.That(n, Is.EqualTo(SenseData.FixedLengthWithoutSenseKeySpecific));
        Assert.That(buf[7], Is.EqualTo(6));
        var p = Parse(buf[..n]);
        Assert.That(p.Code, Is.EqualTo(AscAscq.LunNotReadyInitializingCommandRequired));
        Assert.That(p.Warnings, Is.Empty);
    }

    [Test]
    public void WriteFixedAsCtl_Is18Bytes_WithAFieldPointer()
    {
        var buf = new byte[SenseData.FixedLength];
        int n = SenseData.WriteFixedAsCtl(SenseInfo.InvalidFieldInCdb(1), default, buf);
        Assert.That(n, Is.EqualTo(SenseData.FixedLength));
        Assert.That(buf[7], Is.EqualTo(10));
        Assert.That(Parse(buf).Field, Is.EqualTo(new FieldPointer(true, 1, null)));
    }

    [Test]
    public void Write_IntoShortDestination_CopiesOnlyWhatFits()
    {
        var small = new byte[8];
        Assert.That(SenseData.WriteFixed(SenseInfo.IllegalRequest(AscAscq.InvalidFieldInCdb), small), Is.EqualTo(8));
        Assert.That(small[0], Is.EqualTo(0x70));
        Assert.That(SenseData.WriteDescriptor(SenseInfo.InvalidFieldInCdb(1) with { Information = 1 }, small), Is.EqualTo(8));
        Assert.That(small[7], Is.EqualTo(20));
    }
}
