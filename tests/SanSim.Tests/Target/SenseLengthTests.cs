using SanSim.Scsi;
using SanSim.Target;

namespace SanSim.Tests.Target;

/// <summary>Fixed-format sense as CTL sends it: scsi_set_sense_data_va gives additional length 6 without elements, 10 with any.</summary>
public class SenseLengthTests
{
    [Test]
    public void CheckCondition_WithoutInformationOrFieldPointer_Is14Bytes_AdditionalLength6()
    {
        var san = new TestSan().Ready();
        san.Target.StopLun(san.Lun0);
        var c = san.Run(san.Linux, 0, Cdbs.Tur());
        var buf = new byte[64];
        int n = CtlTarget.WriteSense(san.Lun0, c.Sense, buf);
        Assert.That(n, Is.EqualTo(14));
        Assert.That(buf[7], Is.EqualTo(6));
        Assert.That(buf[12..14], Is.EqualTo(new byte[] { 0x04, 0x02 }));
    }

    [Test]
    public void CheckCondition_WithAFieldPointer_Is18Bytes_AdditionalLength10()
    {
        var san = new TestSan().Ready();
        var c = san.Run(san.Linux, 0, [0x28, 0x01, 0, 0, 0, 0, 0, 0, 1, 0]);
        Expect.Check(c, 5, 0x24, 0x00);
        var buf = new byte[64];
        int n = CtlTarget.WriteSense(san.Lun0, c.Sense, buf);
        Assert.That(n, Is.EqualTo(18));
        Assert.That(buf[7], Is.EqualTo(10));
        Assert.That(buf[15] & 0x80, Is.EqualTo(0x80), "SKSV");
    }

    [Test]
    public void CheckCondition_WithInformation_Is18Bytes_AndValid()
    {
        var san = new TestSan().Ready();
        var c = san.Run(san.Linux, 0, Cdbs.Read10((uint)TestSan.Blocks, 1));
        Expect.Check(c, 5, 0x21, 0x00);
        var buf = new byte[64];
        int n = CtlTarget.WriteSense(san.Lun0, c.Sense, buf);
        Assert.That(n, Is.EqualTo(18));
        Assert.That(buf[0], Is.EqualTo(0xF0));
    }

    [Test]
    public void RequestSense_NoSense_Is14ByteFixedSense_PaddedWithZerosToTheAllocationLength()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.RequestSense(alloc: 32)));
        Assert.That(san.LastData, Has.Length.EqualTo(32));
        Assert.That(san.LastData[0], Is.EqualTo(0x70));
        Assert.That(san.LastData[7], Is.EqualTo(6));
        Assert.That(san.LastData[8..], Is.All.EqualTo(0));
    }

    [Test]
    public void RequestSense_ReturnsAtMostTheSenseBuffer()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.RequestSense(alloc: 255)));
        Assert.That(san.LastData, Has.Length.EqualTo(252));
    }

    [Test]
    public void RequestSense_Desc_IsDescriptorSense()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.RequestSense(desc: true, alloc: 8)));
        Assert.That(san.LastData[0], Is.EqualTo(0x72));
        Assert.That(san.LastData[7], Is.Zero);
    }
}
