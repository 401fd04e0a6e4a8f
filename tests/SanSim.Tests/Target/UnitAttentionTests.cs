using SanSim.Target;

namespace SanSim.Tests.Target;

/// <summary>Reporting and clearing of unit attentions (ctl_build_ua, ctl_ua_to_ascq, REQUEST SENSE, REPORT LUNS).</summary>
public class UnitAttentionTests
{
    [Test]
    public void PowerOnAttention_ClearsOtherPendingAttentions()
    {
        var san = new TestSan();
        san.Lun0.UnitAttentions.Establish(san.Linux, UnitAttention.ModeChange | UnitAttention.CapacityChange);
        Expect.Check(san.Run(san.Linux, 0, Cdbs.Tur()), 6, 0x29, 0x01);
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Tur()));
    }

    [Test]
    public void LunResetAttention_ClearsOnlyItself()
    {
        var san = new TestSan().Ready();
        san.Lun0.UnitAttentions.Establish(san.Linux, UnitAttention.LunReset | UnitAttention.ModeChange);
        Expect.Check(san.Run(san.Linux, 0, Cdbs.Tur()), 6, 0x29, 0x00);
        Expect.Check(san.Run(san.Linux, 0, Cdbs.Tur()), 6, 0x2A, 0x01);
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Tur()));
    }

    [Test]
    public void LowestBit_IsReportedFirst()
    {
        var san = new TestSan().Ready();
        san.Lun0.UnitAttentions.Establish(san.Linux, UnitAttention.CapacityChange | UnitAttention.LunChange);
        Expect.Check(san.Run(san.Linux, 0, Cdbs.Tur()), 6, 0x3F, 0x0E);
        Expect.Check(san.Run(san.Linux, 0, Cdbs.Tur()), 6, 0x2A, 0x09);
    }

    [Test]
    public void ReportLuns_ClearsLunChangeAttention()
    {
        var san = new TestSan().Ready();
        san.Lun0.UnitAttentions.Establish(san.Linux, UnitAttention.LunChange);
        san.Lun1.UnitAttentions.Establish(san.Linux, UnitAttention.LunChange);
        Expect.Good(san.Run(san.Linux, 0, Cdbs.ReportLuns()));
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Tur()));
        Expect.Good(san.Run(san.Linux, 1, Cdbs.Tur()));
    }

    [Test]
    public void ReportLuns_DoesNotReportAttention()
    {
        var san = new TestSan();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.ReportLuns()));
        Expect.Check(san.Run(san.Linux, 0, Cdbs.Tur()), 6, 0x29, 0x01);
    }

    [Test]
    public void Inquiry_DoesNotReportAttention()
    {
        var san = new TestSan();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Inquiry()));
        Expect.Check(san.Run(san.Linux, 0, Cdbs.Tur()), 6, 0x29, 0x01);
    }

    [Test]
    public void LunChangeReported_IsClearedOnEveryLunForThatNexus()
    {
        var san = new TestSan().Ready();
        san.Lun0.UnitAttentions.Establish(san.Linux, UnitAttention.LunChange);
        san.Lun1.UnitAttentions.Establish(san.Linux, UnitAttention.LunChange);
        san.Lun1.UnitAttentions.Establish(san.Linux2, UnitAttention.LunChange);
        Expect.Check(san.Run(san.Linux, 0, Cdbs.Tur()), 6, 0x3F, 0x0E);
        Expect.Good(san.Run(san.Linux, 1, Cdbs.Tur()));
        Expect.Check(san.Run(san.Linux2, 1, Cdbs.Tur()), 6, 0x3F, 0x0E);
    }

    [Test]
    public void RequestSense_ReturnsAndClearsTopAttention_WithGood()
    {
        var san = new TestSan();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.RequestSense()));
        Assert.That(san.LastData[0], Is.EqualTo(0x70));
        Assert.That(san.LastData[2] & 0x0F, Is.EqualTo(6));
        Assert.That(san.LastData[12..14], Is.EqualTo(new byte[] { 0x29, 0x01 }));
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Tur()));
    }

    [Test]
    public void RequestSenseWithDesc_ReturnsDescriptorFormat()
    {
        var san = new TestSan();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.RequestSense(desc: true)));
        Assert.That(san.LastData[..4], Is.EqualTo(new byte[] { 0x72, 0x06, 0x29, 0x01 }));
    }

    [Test]
    public void RequestSense_HonoursAllocationLength()
    {
        var san = new TestSan();
        san.Run(san.Linux, 0, Cdbs.RequestSense(alloc: 8));
        Assert.That(san.LastData, Has.Length.EqualTo(8));
    }

    [Test]
    public void ModeSelectChange_SetsModeChange_ForOtherInitiatorsOnly()
    {
        var san = new TestSan().Ready();
        var caching = new byte[4 + 20];
        caching[4] = 0x08;
        caching[5] = 0x12;
        caching[6] = 0x10;
        caching[8] = 0xFF;
        caching[9] = 0xFF;
        caching[12] = 0xFF;
        caching[13] = 0xFF;
        caching[14] = 0xFF;
        caching[15] = 0xFF;
        Expect.Good(san.Run(san.Linux, 0, Cdbs.ModeSelect6((byte)caching.Length), caching));
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Tur()));
        Expect.Check(san.Run(san.Linux2, 0, Cdbs.Tur()), 6, 0x2A, 0x01);
        Expect.Check(san.Run(san.Windows, 0, Cdbs.Tur()), 6, 0x2A, 0x01);
    }

    [Test]
    public void UnseenInitiator_GetsPowerOnFirst_ThenLaterAttentions()
    {
        var san = new TestSan();
        san.Lun0.UnitAttentions.EstablishAll(UnitAttention.CapacityChange);
        var late = san.Target.AddInitiator(0, "iqn.late");
        Expect.Check(san.Run(late, 0, Cdbs.Tur()), 6, 0x29, 0x01);
        Expect.Good(san.Run(late, 0, Cdbs.Tur()));
    }

    [Test]
    public void EveryAttentionBit_ReportsWithoutThrowing()
    {
        var san = new TestSan().Ready();
        for (int bit = 0; bit < 17; bit++)
        {
            san.Lun0.UnitAttentions.Establish(san.Linux, (UnitAttention)(1u << bit));
            var c = san.Run(san.Linux, 0, Cdbs.Tur());
            Assert.That(c.Sense.Key, Is.EqualTo(SanSim.Scsi.SenseKey.UnitAttention), $"bit {bit}");
        }
    }
}
