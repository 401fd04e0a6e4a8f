using SanSim.Engine;
using SanSim.Target;

namespace SanSim.Tests.Target;

/// <summary>CTL_LUN_MAP (ctladm lunmap's four forms) and the LUN_CHANGE unit attentions ctl.c establishes for it.</summary>
public class AdminLunMapTests
{
    private static readonly Nexus FcHost = new(3, 0);
    private static readonly Nexus IscsiHost = new(5, 3);

    private static CtlTarget TargetWithFcHost()
    {
        var t = CtladmFieldReportTests.FieldReportTarget();
        t.AddInitiator(3, "naa.2100001b32a1b2c3", initiatorId: 0);
        return t;
    }

    private static bool Has(CtlTarget t, int lun, Nexus n, UnitAttention ua) => (t.Luns[lun].UnitAttentions.Pending(n) & ua) != 0;

    [Test]
    public void SetLunMap_OnOnlinePort_GivesLunChange_ToThatPortsInitiators_OnEveryLunVisibleBefore()
    {
        var t = TargetWithFcHost();

        var r = t.SetLunMap(3, 1, 1);

        Assert.That(r.Ok, Is.True);
        Assert.That(Has(t, 1, FcHost, UnitAttention.LunChange), Is.True);
        Assert.That(Has(t, 12, FcHost, UnitAttention.LunChange), Is.True, "LUN 12 was visible through port 3 before the map");
        Assert.That(Has(t, 12, IscsiHost, UnitAttention.LunChange), Is.False, "initiators of other ports are not told");
        Assert.That(t.ResolveLun(3, 1)?.Id, Is.EqualTo(1));
        Assert.That(t.ResolveLun(3, 12), Is.Null);
    }

    [Test]
    public void SetLunMap_OnlyLunsVisibleBeforeTheChange_GetLunChange()
    {
        var t = TargetWithFcHost();
        t.SetLunMap(3, 1, 1);
        t.Luns[1].UnitAttentions.Clear(FcHost, UnitAttention.LunChange);
        t.Luns[12].UnitAttentions.Clear(FcHost, UnitAttention.LunChange);

        t.SetLunMap(3, 2, 12);

        Assert.That(Has(t, 1, FcHost, UnitAttention.LunChange), Is.True);
        Assert.That(Has(t, 12, FcHost, UnitAttention.LunChange), Is.False, "LUN 12 only becomes visible with this change");
    }

    [Test]
    public void SetLunMap_OnOfflinePort_EstablishesNoUnitAttention()
    {
        var t = TargetWithFcHost();
        t.Ports[3].Online = false;

        t.SetLunMap(3, 1, 1);

        Assert.That(Has(t, 1, FcHost, UnitAttention.LunChange), Is.False);
    }

    [Test]
    public void SetLunMap_ToMissingCtlLun_FailsWithEnxio_AfterTheLunChangeIsEstablished()
    {
        var t = TargetWithFcHost();

        var r = t.SetLunMap(3, 1, 99);

        Assert.That(r.Errno, Is.EqualTo(CtlErrno.ENXIO));
        Assert.That(t.Ports[3].LunMap.Enabled, Is.False);
        Assert.That(Has(t, 12, FcHost, UnitAttention.LunChange), Is.True, "ctl.c establishes the UA before it checks the LUN");
    }

    [Test]
    public void AnyLunMapRequest_OnMissingPort_FailsWithEnxio()
    {
        var t = TargetWithFcHost();

        Assert.That(t.SetLunMap(9, 0, 1).Errno, Is.EqualTo(CtlErrno.ENXIO));
        Assert.That(t.UnmapPortLun(9, 0).Errno, Is.EqualTo(CtlErrno.ENXIO));
        Assert.That(t.DisableLunMap(9).Errno, Is.EqualTo(CtlErrno.ENXIO));
        Assert.That(t.EnableEmptyLunMap(9).Errno, Is.EqualTo(CtlErrno.ENXIO));
    }

    [Test]
    public void SetLunMap_BeyondLunMapSize_FailsWithEinval_ButLeavesAnEmptyMap()
    {
        var t = TargetWithFcHost();

        var r = t.SetLunMap(3, CtlTarget.LunMapSize, 1);

        Assert.That(r.Errno, Is.EqualTo(CtlErrno.EINVAL));
        Assert.That(t.Ports[3].LunMap.Enabled, Is.True);
        Assert.That(t.Ports[3].LunMap.Entries, Is.Empty);
    }

    [Test]
    public void EnableEmptyLunMap_DropsExistingEntries_AndDisableLunMap_ShowsAllLuns()
    {
        var t = TargetWithFcHost();

        t.EnableEmptyLunMap(5);
        Assert.That(t.Ports[5].LunMap.Enabled, Is.True);
        Assert.That(t.Ports[5].LunMap.Entries, Is.Empty);

        t.DisableLunMap(5);
        Assert.That(t.Ports[5].LunMap.Enabled, Is.False);
        Assert.That(t.ResolveLun(5, 12)?.Id, Is.EqualTo(12));
    }

    [Test]
    public void UnmapPortLun_RemovesOneEntry_AndIsANoOpWithoutAMap()
    {
        var t = TargetWithFcHost();

        Assert.That(t.UnmapPortLun(5, 0).Ok, Is.True);
        Assert.That(t.Ports[5].LunMap.Entries, Is.Empty);
        Assert.That(t.UnmapPortLun(3, 0).Ok, Is.True);
        Assert.That(t.Ports[3].LunMap.Enabled, Is.False);
    }

    [Test]
    public void LunMapChange_IsTraced_WithItsCause_AndTheUnitAttentionsHangFromIt()
    {
        var t = TargetWithFcHost();
        long cause = t.Trace.Record(TraceKind.Action, "test", "lunmap");

        var r = t.SetLunMap(3, 1, 1, cause);

        var change = t.Trace.Find(r.EventId)!;
        Assert.That(change.Kind, Is.EqualTo(TraceKind.StateChange));
        Assert.That(change.CauseId, Is.EqualTo(cause));
        Assert.That(t.Trace.Events.Count(e => e.Kind == TraceKind.UnitAttention && e.CauseId == r.EventId), Is.EqualTo(2));
    }
}
