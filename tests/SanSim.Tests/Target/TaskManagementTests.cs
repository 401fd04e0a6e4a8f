using SanSim.Target;

namespace SanSim.Tests.Target;

/// <summary>Task management functions and initiator removal (ctl_lun_reset, ctl_target_reset, ctl_i_t_nexus_reset, ctl_abort_task, ctl_remove_initiator).</summary>
public class TaskManagementTests
{
    [Test]
    public void LunReset_SetsAttention_2900_ForAllInitiators()
    {
        var san = new TestSan().Ready();
        Assert.That(san.Target.LunReset(san.Linux, 0), Is.EqualTo(TaskManagementResponse.FunctionComplete));
        Expect.Check(san.Run(san.Linux, 0, Cdbs.Tur()), 6, 0x29, 0x00);
        Expect.Check(san.Run(san.Linux2, 0, Cdbs.Tur()), 6, 0x29, 0x00);
        Expect.Check(san.Run(san.Windows, 0, Cdbs.Tur()), 6, 0x29, 0x00);
        Expect.Good(san.Run(san.Linux, 1, Cdbs.Tur()));
    }

    [Test]
    public void LunReset_ReleasesSpc2Reservation()
    {
        var san = new TestSan().Ready();
        san.Run(san.Linux, 0, Cdbs.Reserve6());
        san.Target.LunReset(san.Windows, 0);
        san.ClearAttentions(san.Linux2, 0);
        Expect.Good(san.Run(san.Linux2, 0, Cdbs.Write10(0, 1), Cdbs.Data(1, 1)));
    }

    [Test]
    public void LunReset_ClearsEveryPrevent()
    {
        var san = new TestSan().Ready();
        san.Lun0.Removable = true;
        san.Run(san.Linux, 0, Cdbs.PreventAllow(prevent: true));
        san.Target.LunReset(san.Windows, 0);
        Assert.That(san.Lun0.PreventingRemoval, Is.Empty);
    }

    [Test]
    public void LunReset_OnAbsentLun_ReturnsLunDoesNotExist()
    {
        var san = new TestSan().Ready();
        Assert.That(san.Target.LunReset(san.Linux, 9), Is.EqualTo(TaskManagementResponse.LunDoesNotExist));
    }

    [Test]
    public void LunReset_DoesNotStartAStoppedLun()
    {
        var san = new TestSan().Ready();
        san.Target.StopLun(san.Lun0);
        san.Target.LunReset(san.Linux, 0);
        Expect.Check(san.Run(san.Linux, 0, Cdbs.Tur()), 6, 0x29, 0x00);
        Expect.Check(san.Run(san.Linux, 0, Cdbs.Tur()), 2, 0x04, 0x02);
    }

    [Test]
    public void TargetReset_SetsAttention_2903_OnEveryLunMappedOnThatPort()
    {
        var san = new TestSan().Ready();
        san.Target.Ports[3].LunMap.Set(0, 1);
        san.ClearAttentions(san.Windows, 0);
        Assert.That(san.Target.TargetReset(san.Windows), Is.EqualTo(TaskManagementResponse.FunctionComplete));
        Expect.Check(san.Run(san.Linux, 1, Cdbs.Tur()), 6, 0x29, 0x03);
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Tur()));
    }

    [Test]
    public void BusReset_SetsAttention_2902()
    {
        var san = new TestSan().Ready();
        san.Target.BusReset(san.Linux);
        Expect.Check(san.Run(san.Windows, 0, Cdbs.Tur()), 6, 0x29, 0x02);
    }

    [Test]
    public void ITNexusReset_Sets2907_OnlyForThatNexus_OnEveryLun()
    {
        var san = new TestSan().Ready();
        san.Target.ITNexusReset(san.Linux);
        Expect.Check(san.Run(san.Linux, 0, Cdbs.Tur()), 6, 0x29, 0x07);
        Expect.Check(san.Run(san.Linux, 1, Cdbs.Tur()), 6, 0x29, 0x07);
        Expect.Good(san.Run(san.Linux2, 0, Cdbs.Tur()));
    }

    [Test]
    public void ITNexusReset_ReleasesOnlyThatNexusReservation()
    {
        var san = new TestSan().Ready();
        san.Run(san.Linux, 0, Cdbs.Reserve6());
        san.Target.ITNexusReset(san.Linux2);
        Assert.That(san.Lun0.Spc2.Holder, Is.EqualTo(san.Linux));
        san.Target.ITNexusReset(san.Linux);
        Assert.That(san.Lun0.Spc2.Holder, Is.Null);
    }

    [Test]
    public void ITNexusReset_ClearsItsPrevent()
    {
        var san = new TestSan().Ready();
        san.Lun0.Removable = true;
        san.Run(san.Linux, 0, Cdbs.PreventAllow(prevent: true));
        san.Run(san.Linux2, 0, Cdbs.PreventAllow(prevent: true));
        san.Target.ITNexusReset(san.Linux);
        Assert.That(san.Lun0.PreventingRemoval, Is.EquivalentTo(new[] { san.Linux2 }));
    }

    [Test]
    public void AbortTask_FindsNothing_ReturnsFunctionComplete()
    {
        var san = new TestSan().Ready();
        Assert.That(san.Target.AbortTask(san.Linux, 0, 97), Is.EqualTo(TaskManagementResponse.FunctionComplete));
        Assert.That(san.Target.AbortTaskSet(san.Linux, 0), Is.EqualTo(TaskManagementResponse.FunctionComplete));
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Tur()));
    }

    [Test]
    public void ClearAca_IsNotSupported()
    {
        var san = new TestSan().Ready();
        Assert.That(san.Target.ClearAca(san.Linux, 0), Is.EqualTo(TaskManagementResponse.FunctionNotSupported));
    }

    [Test]
    public void RemoveInitiator_SetsPowerOn_2901_OnEveryLun()
    {
        var san = new TestSan().Ready();
        Assert.That(san.Target.RemoveInitiator(0, san.Linux.InitiatorId), Is.Not.Zero);
        Expect.Check(san.Run(san.Linux, 0, Cdbs.Tur()), 6, 0x29, 0x01);
        Expect.Check(san.Run(san.Linux, 1, Cdbs.Tur()), 6, 0x29, 0x01);
        Expect.Good(san.Run(san.Linux2, 0, Cdbs.Tur()));
        Assert.That(san.Target.Ports[0].Initiators.ContainsKey(san.Linux.InitiatorId), Is.False);
    }

    [Test]
    public void RemoveInitiator_ReleasesItsSpc2Reservation()
    {
        var san = new TestSan().Ready();
        san.Run(san.Linux, 0, Cdbs.Reserve6());
        san.Target.RemoveInitiator(0, san.Linux.InitiatorId);
        Assert.That(san.Lun0.Spc2.Holder, Is.Null);
    }

    [Test]
    public void RemoveInitiator_Unknown_ReturnsZero()
    {
        var san = new TestSan().Ready();
        Assert.That(san.Target.RemoveInitiator(0, 77), Is.Zero);
        Assert.That(san.Target.RemoveInitiator(9, 0), Is.Zero);
    }
}
