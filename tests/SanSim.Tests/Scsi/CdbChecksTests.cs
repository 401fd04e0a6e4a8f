using SanSim.Scsi;

namespace SanSim.Tests.Scsi;

/// <summary>LBA range and LUN-type applicability checks, with CTL's sense.</summary>
public class CdbChecksTests
{
    private static Cdb Decode(byte[] bytes)
    {
        Assert.That(CdbDecoder.TryDecode(bytes, out var cdb, out _), Is.True);
        return cdb;
    }

    [Test]
    public void RangeEndingAtCapacity_Passes()
    {
        Assert.That(CdbChecks.CheckLbaRange(Decode(CdbBuilder.Read10(1000, 24)), 1024, out var sense), Is.True);
        Assert.That(sense.IsNone, Is.True);
    }

    [Test]
    public void RangePastCapacity_FailsWith0521_InformationIsTheCapacityWhenLbaIsInside()
    {
        Assert.That(CdbChecks.CheckLbaRange(Decode(CdbBuilder.Write10(1000, 25)), 1024, out var sense), Is.False);
        Assert.That((sense.Key, sense.Code), Is.EqualTo((SenseKey.IllegalRequest, AscAscq.LbaOutOfRange)));
        Assert.That(sense.Information, Is.EqualTo(1024UL));
        Assert.That(sense.Field, Is.Null);
    }

    [Test]
    public void LbaBeyondCapacity_FailsWith0521_InformationIsTheLba()
    {
        Assert.That(CdbChecks.CheckLbaRange(Decode(CdbBuilder.Read16(5000, 1)), 1024, out var sense), Is.False);
        Assert.That(sense.Information, Is.EqualTo(5000UL));
    }

    [Test]
    public void RangeThatWrapsPast2To64_Fails()
    {
        Assert.That(CdbChecks.CheckLbaRange(Decode(CdbBuilder.Read16(ulong.MaxValue - 1, 4)), ulong.MaxValue, out var sense), Is.False);
        Assert.That(sense.Code, Is.EqualTo(AscAscq.LbaOutOfRange));
        Assert.That(sense.Information, Is.EqualTo(ulong.MaxValue));
    }

    [Test]
    public void ZeroLengthTransferAtCapacity_Passes_AsSbcAllowsIt()
    {
        Assert.That(CdbChecks.CheckLbaRange(Decode(CdbBuilder.Read10(1024, 0)), 1024, out _), Is.True);
        Assert.That(CdbChecks.CheckLbaRange(Decode(CdbBuilder.Read10(1025, 0)), 1024, out _), Is.False);
    }

    [Test]
    public void Read6WithZeroLength_IsChecked_As256Blocks()
    {
        var cdb = Decode(CdbBuilder.Read6(800, 256));
        Assert.That(CdbChecks.CheckLbaRange(cdb, 1056, out _), Is.True);
        Assert.That(CdbChecks.CheckLbaRange(cdb, 1055, out _), Is.False);
    }

    [Test]
    public void EmptyLunAndLbaZero_OmitInformation_AsCtlSkipsAZeroInformationField()
    {
        Assert.That(CdbChecks.CheckLbaRange(0, 1, 0, out var sense), Is.False);
        Assert.That(sense.Information, Is.Null);
    }

    [Test]
    public void DiskCommandOnDirectLun_IsApplicable()
    {
        Assert.That(CdbChecks.CheckApplicable(Decode(CdbBuilder.Write16(0, 1)), CdbDeviceTypes.Direct, out _), Is.True);
    }

    [Test]
    public void WriteOnCdRomLun_FailsWithInvalidCommandOperationCode_0520()
    {
        Assert.That(CdbChecks.CheckApplicable(Decode(CdbBuilder.Write10(0, 1)), CdbDeviceTypes.CdRom, out var sense), Is.False);
        Assert.That((sense.Key, sense.Code, sense.Field), Is.EqualTo((SenseKey.IllegalRequest, AscAscq.InvalidCommandOperationCode, (FieldPointer?)null)));
    }

    [Test]
    public void CommandCtlDoesNotImplement_FailsWith0520_OnEveryLunType()
    {
        Assert.That(CdbDecoder.TryDecode(new byte[] { 0x4C, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, out var logSelect, out _), Is.True);
        Assert.That(logSelect.Layout!.CtlImplements, Is.False);
        Assert.That(CdbChecks.CheckApplicable(logSelect, CdbDeviceTypes.All, out var sense), Is.False);
        Assert.That(sense.Code, Is.EqualTo(AscAscq.InvalidCommandOperationCode));
    }

    [Test]
    public void DefaultCdb_IsNotApplicable()
    {
        Assert.That(CdbChecks.CheckApplicable(default, CdbDeviceTypes.All, out _), Is.False);
    }
}
