using SanSim.Target;

namespace SanSim.Tests.Target;

/// <summary>Port online/offline and LUN create/remove/modify, with the unit attentions ctl.c establishes for each.</summary>
public class AdminPortAndLunTests
{
    private static readonly Nexus FcHost = new(3, 0);
    private static readonly Nexus IscsiHost = new(5, 3);

    private static CtlTarget Target()
    {
        var t = CtladmFieldReportTests.FieldReportTarget();
        t.AddInitiator(3, "naa.2100001b32a1b2c3", initiatorId: 0);
        foreach (var lun in t.Luns.Values)
        {
            lun.UnitAttentions.Clear(FcHost, UnitAttention.PowerOn);
            lun.UnitAttentions.Clear(IscsiHost, UnitAttention.PowerOn);
        }
        return t;
    }

    private static UnitAttention Pending(CtlTarget t, int lun, Nexus n) => t.Luns[lun].UnitAttentions.Pending(n);

    [Test]
    public void PortOffline_GivesInquiryChange_ToEveryInitiatorOfEachLunVisibleThroughThePort()
    {
        var t = Target();

        var r = t.SetPortOnline(3, online: false);

        Assert.That(r.Ok, Is.True);
        Assert.That(t.Ports[3].Online, Is.False);
        Assert.That(Pending(t, 12, IscsiHost), Is.EqualTo(UnitAttention.InquiryChange), "ctl_est_ua_all: initiators of every port");
        Assert.That(Pending(t, 1, FcHost), Is.EqualTo(UnitAttention.InquiryChange));
    }

    [Test]
    public void PortOnline_LeavesLunsOutsideThePortsMapAlone()
    {
        var t = Target();

        t.SetPortOnline(5, online: true);

        Assert.That(Pending(t, 12, FcHost), Is.EqualTo(UnitAttention.InquiryChange));
        Assert.That(Pending(t, 1, FcHost), Is.EqualTo(UnitAttention.None), "LUN 1 is not in port 5's map");
    }

    [Test]
    public void CreateLun_TakesLowestFreeId_AndGivesLunChangeToEveryInitiatorOfTheOtherLuns()
    {
        var t = Target();

        var r = t.CreateLun(new CtlLunCreateRequest { Backend = "ramdisk", SizeBytes = 1 << 20 });

        Assert.That(r.Lun!.Id, Is.Zero);
        Assert.That(r.Lun.BlockCount, Is.EqualTo(2048));
        Assert.That(r.Lun.Serial, Is.EqualTo("MYSERIAL0000"));
        Assert.That(Pending(t, 12, IscsiHost), Is.EqualTo(UnitAttention.LunChange));
        Assert.That(Pending(t, 1, FcHost), Is.EqualTo(UnitAttention.LunChange));
        Assert.That(Pending(t, 0, FcHost), Is.EqualTo(UnitAttention.PowerOn), "the new LUN starts with POWER ON only");
    }

    [Test]
    public void CreateLun_WithRequestedIdInUse_IsRejected_WithTheBackendsError()
    {
        var t = Target();

        var r = t.CreateLun(new CtlLunCreateRequest { LunId = 12, SizeBytes = 1 << 20, Options = [new("file", "/dev/zvol/x")] });

        Assert.That(r.Error, Is.EqualTo("LUN configuration error, see dmesg for details"));
        Assert.That(Pending(t, 1, FcHost), Is.EqualTo(UnitAttention.None));
    }

    [Test]
    public void CreateLun_BlockBackendWithoutFile_IsCreatedWithNoMedium_AndAWarning()
    {
        var t = Target();

        var r = t.CreateLun(new CtlLunCreateRequest { SizeBytes = 1 << 20 });

        Assert.That((r.Error, r.Warning), Is.EqualTo(((string?)null, "no file argument specified")));
        Assert.That(r.Lun!.NoMedia, Is.True);
    }

    [Test]
    public void CreateLun_WithUnknownBackend_IsRejected()
    {
        var t = Target();

        Assert.That(t.CreateLun(new CtlLunCreateRequest { Backend = "nvme", SizeBytes = 1 << 20 }).Error,
            Is.EqualTo("Backend \"nvme\" not found."));
        Assert.That(t.Luns.Keys, Is.EqualTo(new[] { 1, 12 }));
    }

    [Test]
    public void RemoveLun_GivesLunChangeToTheRemainingLuns_AndKeepsStaleMapEntries()
    {
        var t = Target();

        var r = t.RemoveLun("block", 12);

        Assert.That(r.Ok, Is.True);
        Assert.That(t.Luns.ContainsKey(12), Is.False);
        Assert.That(Pending(t, 1, FcHost), Is.EqualTo(UnitAttention.LunChange));
        Assert.That(t.Ports[5].LunMap.Entries[0], Is.EqualTo(12u));
        Assert.That(t.ResolveLun(5, 0), Is.Null);
    }

    [Test]
    public void RemoveLun_OfAnotherBackend_IsNotManagedByIt()
    {
        var t = Target();

        Assert.That(t.RemoveLun("ramdisk", 12).Error, Is.EqualTo("LUN 12 is not managed by the ramdisk backend"));
        Assert.That(t.Luns.ContainsKey(12), Is.True);
    }

    [Test]
    public void ResizeLun_ChangingTheBlockCount_GivesCapacityChangeToEveryInitiator()
    {
        var t = Target();

        var r = t.ResizeLun("block", 12, 2UL << 30);

        Assert.That(r.Ok, Is.True);
        Assert.That(t.Luns[12].BlockCount, Is.EqualTo((2UL << 30) / 512));
        Assert.That(Pending(t, 12, IscsiHost), Is.EqualTo(UnitAttention.CapacityChange));
        Assert.That(Pending(t, 1, IscsiHost), Is.EqualTo(UnitAttention.None));
    }

    [Test]
    public void ResizeLun_ToTheSameSize_OrBelowOneBlock_EstablishesNothing()
    {
        var t = Target();

        Assert.That(t.ResizeLun("block", 12, 1UL << 30).Ok, Is.True);
        Assert.That(t.ResizeLun("block", 12, 100).Error, Is.EqualTo("LUN size 100 < blocksize 512"));
        Assert.That(Pending(t, 12, IscsiHost), Is.EqualTo(UnitAttention.None));
    }
}
