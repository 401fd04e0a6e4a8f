using SanSim.Target;

namespace SanSim.Tests.Target;

/// <summary>INQUIRY standard data and VPD pages as ctl_inquiry_std and ctl_inquiry_evpd_* build them.</summary>
public class InquiryTests
{
    [Test]
    public void StandardData_IsCtlDisk_Spc5_WithTpgsAndHiSup()
    {
        var san = new TestSan();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Inquiry()));
        var d = san.LastData;
        Assert.That(d, Has.Length.EqualTo(96));
        Assert.That(d[..8], Is.EqualTo(new byte[] { 0x00, 0x00, 0x07, 0x12, 91, 0x18, 0x10, 0x02 }));
        Assert.That(System.Text.Encoding.ASCII.GetString(d, 8, 28), Is.EqualTo("FREEBSD CTLDISK         0001"));
    }

    [Test]
    public void StandardData_VersionDescriptors_NameTheTransport()
    {
        var san = new TestSan();
        san.Run(san.Windows, 0, Cdbs.Inquiry());
        Assert.That(san.LastData[58..66], Is.EqualTo(new byte[] { 0x00, 0xC0, 0x05, 0xC0, 0x09, 0x17, 0x06, 0x00 }));
        san.Run(san.Linux, 0, Cdbs.Inquiry());
        Assert.That(san.LastData[62..64], Is.EqualTo(new byte[] { 0x09, 0x60 }));
    }

    [Test]
    public void RemovableLun_SetsRmb()
    {
        var san = new TestSan();
        san.Lun0.Removable = true;
        san.Run(san.Linux, 0, Cdbs.Inquiry());
        Assert.That(san.LastData[1], Is.EqualTo(0x80));
    }

    [Test]
    public void ShortAllocationLength_TruncatesData()
    {
        var san = new TestSan();
        san.Run(san.Linux, 0, Cdbs.Inquiry(alloc: 36));
        Assert.That(san.LastData, Has.Length.EqualTo(36));
    }

    [Test]
    public void PageCodeWithoutEvpd_Fails_0524()
    {
        var san = new TestSan();
        Expect.Check(san.Run(san.Linux, 0, Cdbs.Inquiry(evpd: false, page: 0x80)), 5, 0x24, 0x00);
    }

    [Test]
    public void VpdSupportedPages_ListsTheServedPages()
    {
        var san = new TestSan();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Inquiry(evpd: true, page: 0x00)));
        Assert.That(san.LastData, Is.EqualTo(new byte[] { 0, 0, 0, 11, 0x00, 0x80, 0x83, 0x86, 0x87, 0x88, 0x8F, 0x92, 0xB0, 0xB1, 0xB2 }));
    }

    [Test]
    public void VpdSupportedPages_WithoutLun_LeavesOutBlockPages_AndSaysOffline()
    {
        var san = new TestSan();
        san.Run(san.Linux, 9, Cdbs.Inquiry(evpd: true, page: 0x00));
        Assert.That(san.LastData, Is.EqualTo(new byte[] { 0x20, 0, 0, 8, 0x00, 0x80, 0x83, 0x86, 0x87, 0x88, 0x8F, 0x92 }));
    }

    [Test]
    public void VpdExtendedInquiry_AdvertisesLuiclrAndRtd()
    {
        var san = new TestSan();
        san.Run(san.Linux, 0, Cdbs.Inquiry(evpd: true, page: 0x86));
        Assert.That(san.LastData, Has.Length.EqualTo(64));
        Assert.That(san.LastData[..9], Is.EqualTo(new byte[] { 0, 0x86, 0, 60, 0, 0x07, 0x01, 0x01, 0x08 }));
    }

    [Test]
    public void VpdScsiPorts_ListsPortsThatSeeTheLun()
    {
        var san = new TestSan();
        san.Target.Ports[3].LunMap.Set(0, 1);
        san.Run(san.Linux, 0, Cdbs.Inquiry(evpd: true, page: 0x88));
        var d = san.LastData;
        Assert.That(d[4..8], Is.EqualTo(new byte[] { 0, 0, 0, 0 }));
        Assert.That((d[2] << 8) | d[3], Is.EqualTo(d.Length - 4));
        Assert.That(d.Length, Is.EqualTo(4 + 8 + 4 + 4 + 44));
        Assert.That(System.Text.Encoding.ASCII.GetString(d, 20, 40), Is.EqualTo("iqn.2005-10.org.freenas.ctl:k8s,t,0x0001"));
    }

    [Test]
    public void VpdFeatureSets_NamesDiscoverySbcAndProvisioning()
    {
        var san = new TestSan();
        san.Run(san.Linux, 0, Cdbs.Inquiry(evpd: true, page: 0x92));
        Assert.That(san.LastData, Is.EqualTo(new byte[] { 0, 0x92, 0, 12, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 1, 3, 0, 0 }));
    }

    [Test]
    public void VpdSerialNumber_Is64BytesOfSerial()
    {
        var san = new TestSan();
        san.Lun0.Serial = "SER123";
        san.Run(san.Linux, 0, Cdbs.Inquiry(evpd: true, page: 0x80));
        Assert.That(san.LastData[..4], Is.EqualTo(new byte[] { 0, 0x80, 0, 64 }));
        Assert.That(System.Text.Encoding.ASCII.GetString(san.LastData, 4, 6), Is.EqualTo("SER123"));
        Assert.That(san.LastData[10], Is.Zero);
    }

    [Test]
    public void VpdDeviceId_StartsWithT10VendorIdOfDeviceId()
    {
        var san = new TestSan();
        san.Run(san.Linux, 0, Cdbs.Inquiry(evpd: true, page: 0x83));
        var d = san.LastData;
        Assert.That(d[4..8], Is.EqualTo(new byte[] { 0x02, 0x81, 0x00, 24 }));
        Assert.That(System.Text.Encoding.ASCII.GetString(d, 8, 19), Is.EqualTo("FREEBSD MYDEVID0000"));
    }

    [Test]
    public void VpdDeviceId_OnFcPort_HasNaaPortAndTargetNames()
    {
        var san = new TestSan();
        san.Run(san.Windows, 0, Cdbs.Inquiry(evpd: true, page: 0x83));
        var d = san.LastData;
        int o = 4 + 4 + 24;
        Assert.That(d[o..(o + 12)], Is.EqualTo(new byte[] { 0x01, 0x93, 0, 8, 0x21, 0x00, 0x00, 0x24, 0xFF, 0x56, 0xF9, 0x70 }));
        o += 12;
        Assert.That(d[o..(o + 8)], Is.EqualTo(new byte[] { 0x01, 0x94, 0, 4, 0, 0, 0, 3 }));
        o += 8;
        Assert.That(d[o..(o + 8)], Is.EqualTo(new byte[] { 0x01, 0x95, 0, 4, 0, 0, 0, 1 }));
        o += 8;
        Assert.That(d[o..(o + 5)], Is.EqualTo(new byte[] { 0x01, 0xA3, 0, 8, 0x20 }));
        Assert.That((d[2] << 8) | d[3], Is.EqualTo(d.Length - 4));
    }

    [Test]
    public void VpdBlockLimits_Is64Bytes_WithUnlimitedTransfer()
    {
        var san = new TestSan();
        san.Run(san.Linux, 0, Cdbs.Inquiry(evpd: true, page: 0xB0));
        Assert.That(san.LastData, Has.Length.EqualTo(64));
        Assert.That(san.LastData[5], Is.EqualTo(0xFF));
        Assert.That(san.LastData[36..44], Is.EqualTo(Enumerable.Repeat((byte)0xFF, 8).ToArray()));
        Assert.That(san.LastData[8..12], Is.EqualTo(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }));
    }

    [Test]
    public void VpdLogicalBlockProvisioning_AdvertisesUnmapAndThin()
    {
        var san = new TestSan();
        san.Run(san.Linux, 0, Cdbs.Inquiry(evpd: true, page: 0xB2));
        Assert.That(san.LastData, Is.EqualTo(new byte[] { 0, 0xB2, 0, 4, 11, 0xE6, 0x02, 0 }));
    }

    [Test]
    public void VpdBlockPageOnAbsentLun_Fails_0524()
    {
        var san = new TestSan();
        Expect.Check(san.Run(san.Linux, 9, Cdbs.Inquiry(evpd: true, page: 0xB0)), 5, 0x24, 0x00);
    }

    [Test]
    public void UnknownVpdPage_Fails_0524()
    {
        var san = new TestSan();
        Expect.Check(san.Run(san.Linux, 0, Cdbs.Inquiry(evpd: true, page: 0xC7)), 5, 0x24, 0x00);
    }
}
