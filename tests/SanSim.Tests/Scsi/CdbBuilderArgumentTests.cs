using SanSim.Scsi;

namespace SanSim.Tests.Scsi;

/// <summary>Builders refuse values their CDB field cannot hold.</summary>
public class CdbBuilderArgumentTests
{
    [Test]
    public void Read6_RefusesLbaAbove21Bits()
    {
        Assert.That(() => CdbBuilder.Read6(CdbBuilder.MaxLba6 + 1, 1), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("lba"));
    }

    [TestCase((ushort)0)]
    [TestCase((ushort)257)]
    public void Write6_RefusesBlockCountsOutside1To256(ushort blocks)
    {
        Assert.That(() => CdbBuilder.Write6(0, blocks), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("blocks"));
    }

    [Test]
    public void TenAndTwelveByteCdbs_RefuseLbaAbove32Bits()
    {
        Assert.That(() => CdbBuilder.Read10(1UL << 32, 1), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => CdbBuilder.Write12(1UL << 32, 1), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => CdbBuilder.SynchronizeCache10(1UL << 32), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => CdbBuilder.WriteSame10(1UL << 32, 1), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => CdbBuilder.Verify10(1UL << 32, 1), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(CdbBuilder.Read10(uint.MaxValue, 1), Has.Length.EqualTo(10));
    }

    [Test]
    public void StartStopUnit_RefusesPowerConditionAndModifierAbove4Bits()
    {
        Assert.That(() => CdbBuilder.StartStopUnit(true, powerCondition: 16), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("powerCondition"));
        Assert.That(() => CdbBuilder.StartStopUnit(true, powerConditionModifier: 16), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void PersistentReserve_RefusesServiceActionAbove5BitsAndScopeTypeAbove4Bits()
    {
        Assert.That(() => CdbBuilder.PersistentReserveIn(0x20), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => CdbBuilder.PersistentReserveOut(0x20), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => CdbBuilder.PersistentReserveOut(1, scope: 0x10), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => CdbBuilder.PersistentReserveOut(1, type: 0x10), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void ModeSense_RefusesPageCodeAbove6BitsAndPageControlAbove2Bits()
    {
        Assert.That(() => CdbBuilder.ModeSense6(0x40), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("pageCode"));
        Assert.That(() => CdbBuilder.ModeSense10(0x08, pageControl: 4), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("pageControl"));
    }

    [Test]
    public void SmallFields_RefuseValuesTheyCannotHold()
    {
        Assert.That(() => CdbBuilder.PreventAllowMediumRemoval(4), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => CdbBuilder.Verify16(0, 1, byteCheck: 4), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => CdbBuilder.ReportSupportedOperationCodes(reportingOptions: 8), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Inquiry_EncodesPageWithoutEvpd_ForTargetsToRefuse()
    {
        Assert.That(CdbBuilder.Inquiry(evpd: false, page: 0x80), Is.EqualTo(new byte[] { 0x12, 0x00, 0x80, 0x00, 0xFF, 0x00 }));
    }

    [Test]
    public void Read10_WireBytes_AreBigEndianWithDpoFuaInByte1()
    {
        Assert.That(CdbBuilder.Read10(0x01020304, 0x0506, dpo: true, fua: true),
            Is.EqualTo(new byte[] { 0x28, 0x18, 0x01, 0x02, 0x03, 0x04, 0x00, 0x05, 0x06, 0x00 }));
    }

    [Test]
    public void StopUnitImmed_WireBytes_MatchWindowsSleepCommand()
    {
        Assert.That(CdbBuilder.StartStopUnit(start: false, immed: true), Is.EqualTo(new byte[] { 0x1B, 0x01, 0x00, 0x00, 0x00, 0x00 }));
    }
}
