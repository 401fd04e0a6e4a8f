using SanSim.Target;

namespace SanSim.Tests.Target;

/// <summary>READ CAPACITY and MODE SENSE/SELECT with CTL's Caching and Control pages.</summary>
public class CapacityAndModePageTests
{
    [Test]
    public void ReadCapacity10_ReturnsLastLbaAndBlockSize()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.ReadCapacity10()));
        Assert.That(san.LastData, Is.EqualTo(new byte[] { 0, 0, 0x07, 0xFF, 0, 0, 0x02, 0 }));
    }

    [Test]
    public void ReadCapacity10_OnLunBeyond2TiB_ReturnsFFFFFFFF()
    {
        var san = new TestSan();
        san.Target.AddLun(new CtlLun(4, 1UL << 33));
        san.ClearAttentions(san.Linux, 4);
        san.Run(san.Linux, 4, Cdbs.ReadCapacity10());
        Assert.That(san.LastData[..4], Is.EqualTo(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }));
    }

    [Test]
    public void ReadCapacity16_ReturnsLastLba_AndLbpmeWithLbprz()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.ReadCapacity16()));
        Assert.That(san.LastData, Has.Length.EqualTo(32));
        Assert.That(san.LastData[..12], Is.EqualTo(new byte[] { 0, 0, 0, 0, 0, 0, 0x07, 0xFF, 0, 0, 0x02, 0 }));
        Assert.That(san.LastData[14], Is.EqualTo(0xC0));
    }

    [Test]
    public void ModeSense6_CachingPage_DefaultsToWriteCacheOn()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.ModeSense6(0x08)));
        var d = san.LastData;
        Assert.That(d[..4], Is.EqualTo(new byte[] { 4 + 8 + 20 - 1, 0, 0x10, 8 }));
        Assert.That(d[4..12], Is.EqualTo(new byte[] { 0, 0, 0x08, 0, 0, 0, 0x02, 0 }));
        Assert.That(d[12..15], Is.EqualTo(new byte[] { 0x08, 0x12, 0x14 }));
    }

    [Test]
    public void ModeSense6_Changeable_ShowsWceAndRcd()
    {
        var san = new TestSan().Ready();
        san.Run(san.Linux, 0, Cdbs.ModeSense6(0x08, pc: 1, dbd: true));
        Assert.That(san.LastData[4..7], Is.EqualTo(new byte[] { 0x08, 0x12, 0x05 }));
    }

    [Test]
    public void ModeSense_ReadOnlyLun_SetsWriteProtectBit()
    {
        var san = new TestSan().Ready();
        san.Lun0.ReadOnly = true;
        san.Run(san.Linux, 0, Cdbs.ModeSense6(0x0A));
        Assert.That(san.LastData[2], Is.EqualTo(0x90));
    }

    [Test]
    public void ModeSense6_AllPages_ReturnsEverySubpageZeroPage()
    {
        var san = new TestSan().Ready();
        san.Run(san.Linux, 0, Cdbs.ModeSense6(0x3F, dbd: true));
        Assert.That(san.LastData[0] + 1, Is.EqualTo(4 + 12 + 24 + 24 + 12 + 20 + 12 + 12));
        Assert.That(san.LastData[4], Is.EqualTo(0x01));
        Assert.That(san.LastData[16], Is.EqualTo(0x03));
    }

    [Test]
    public void ModeSense6_AllPagesAllSubpages_AddsControlExtensionAndProvisioning()
    {
        var san = new TestSan().Ready();
        san.Run(san.Linux, 0, Cdbs.ModeSense6(0x3F, 0xFF, dbd: true));
        Assert.That(san.LastData[0] + 1, Is.EqualTo(4 + 12 + 24 + 24 + 12 + 20 + 12 + 32 + 12 + 48));
    }

    [Test]
    public void RigidDiskPage_DerivesCylindersFromCapacity()
    {
        var san = new TestSan();
        san.Target.AddLun(new CtlLun(4, 1UL << 30));
        san.ClearAttentions(san.Linux, 4);
        san.Run(san.Linux, 4, Cdbs.ModeSense6(0x04, dbd: true));
        Assert.That(san.LastData[4..10], Is.EqualTo(new byte[] { 0x04, 0x16, 0x00, 0x80, 0x00, 128 }));
    }

    [Test]
    public void ModeSense10_LongLba_Uses16ByteBlockDescriptor()
    {
        var san = new TestSan().Ready();
        san.Run(san.Linux, 0, Cdbs.ModeSense10(0x0A, llba: true));
        Assert.That(san.LastData[4], Is.EqualTo(0x01));
        Assert.That(san.LastData[6..8], Is.EqualTo(new byte[] { 0, 16 }));
    }

    [Test]
    public void ModeSense_SavedValues_AreTheDefaults_NotTheSelectedValues()
    {
        var san = new TestSan().Ready();
        san.Lun0.ModePages.DescriptorSense = true;
        Expect.Good(san.Run(san.Linux, 0, Cdbs.ModeSense6(0x0A, pc: 3, dbd: true)));
        Assert.That(san.LastData[6], Is.EqualTo(0x00));
        san.Run(san.Linux, 0, Cdbs.ModeSense6(0x0A, pc: 0, dbd: true));
        Assert.That(san.LastData[6], Is.EqualTo(0x04));
    }

    [Test]
    public void ModeSense_AllPagesWithOddSubpage_Fails_0524_AtByte3()
    {
        var san = new TestSan().Ready();
        var c = san.Run(san.Linux, 0, Cdbs.ModeSense6(0x3F, 0x05));
        Expect.Check(c, 5, 0x24, 0x00);
        Assert.That(c.Sense.Field?.Byte, Is.EqualTo(3));
    }

    [Test]
    public void ModeSense_UnknownPage_Fails_0524()
    {
        var san = new TestSan().Ready();
        Expect.Check(san.Run(san.Linux, 0, Cdbs.ModeSense6(0x19)), 5, 0x24, 0x00);
    }

    [Test]
    public void ModeSelect_SettingDSense_SwitchesSenseToDescriptorFormat()
    {
        var san = new TestSan().Ready();
        var p = ControlPage(dSense: true);
        Expect.Good(san.Run(san.Linux, 0, Cdbs.ModeSelect6((byte)p.Length), p));
        Assert.That(san.Lun0.DescriptorSense, Is.True);
        Assert.That(san.Target.UsesDescriptorSense(san.Linux, 0), Is.True);
    }

    [Test]
    public void ModeSelect_ChangingUnchangeableField_Fails_0526_AndChangesNothing()
    {
        var san = new TestSan().Ready();
        var p = ControlPage(dSense: true);
        p[4 + 5] = 0x00;
        var c = san.Run(san.Linux, 0, Cdbs.ModeSelect6((byte)p.Length), p);
        Expect.Check(c, 5, 0x26, 0x00);
        Assert.That(c.Sense.Field?.Byte, Is.EqualTo(9));
        Assert.That(san.Lun0.DescriptorSense, Is.False);
    }

    [Test]
    public void ModeSelect_WithoutPageFormat_IsAcceptedAsCtlDoes()
    {
        var san = new TestSan().Ready();
        var p = ControlPage(dSense: true);
        Expect.Good(san.Run(san.Linux, 0, Cdbs.ModeSelect6((byte)p.Length, pf: false), p));
    }

    [Test]
    public void ModeSelect_RevertToDefaults_RestoresPagesAndSetsModeChange()
    {
        var san = new TestSan().Ready();
        san.Lun0.ModePages.DescriptorSense = true;
        byte[] cdb = [0x15, 0x02, 0, 0, 0, 0];
        Expect.Good(san.Run(san.Linux, 0, cdb));
        Assert.That(san.Lun0.DescriptorSense, Is.False);
        Expect.Check(san.Run(san.Windows, 0, Cdbs.Tur()), 6, 0x2A, 0x01);
    }

    [Test]
    public void ModeSelect_FormatDevicePage_IsNotSelectable_0526()
    {
        var san = new TestSan().Ready();
        var p = new byte[4 + 24];
        p[4] = 0x03;
        p[5] = 0x16;
        var c = san.Run(san.Linux, 0, Cdbs.ModeSelect6((byte)p.Length), p);
        Expect.Check(c, 5, 0x26, 0x00);
        Assert.That(c.Sense.Field?.Byte, Is.EqualTo(4));
    }

    [Test]
    public void ModeSelect_ErrorInSecondPage_KeepsTheFirstPageApplied()
    {
        var san = new TestSan().Ready();
        var first = ControlPage(dSense: true);
        var p = first.Concat(new byte[] { 0x19, 0x02, 0, 0 }).ToArray();
        Expect.Check(san.Run(san.Linux, 0, Cdbs.ModeSelect6((byte)p.Length), p), 5, 0x26, 0x00);
        Assert.That(san.Lun0.DescriptorSense, Is.True);
    }

    [Test]
    public void ModeSelect_SameValues_SetsNoModeChange()
    {
        var san = new TestSan().Ready();
        var p = ControlPage(dSense: false);
        Expect.Good(san.Run(san.Linux, 0, Cdbs.ModeSelect6((byte)p.Length), p));
        Expect.Good(san.Run(san.Linux2, 0, Cdbs.Tur()));
    }

    /// <summary>A MODE SELECT(6) parameter list: header, no block descriptor, the Control page with CTL's defaults.</summary>
    private static byte[] ControlPage(bool dSense)
    {
        var p = new byte[4 + 12];
        p[4] = 0x0A;
        p[5] = 0x0A;
        p[6] = (byte)(dSense ? 0x04 : 0);
        p[9] = 0x40;
        return p;
    }
}
