using SanSim.Scsi;
using SanSim.Target;

namespace SanSim.Tests.Target;

/// <summary>START STOP UNIT as CTL does it (ctl_start_stop), PREVENT ALLOW MEDIUM REMOVAL, and the other targets' profiles.</summary>
public class StartStopUnitTests
{
    [Test]
    public void PowerConditionNonZero_IsGood_AndChangesNothing()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Windows, 0, Cdbs.StartStop(start: false, powerCondition: 3)));
        Assert.That(san.Lun0.Stopped, Is.False);
    }

    [Test]
    public void LoadEjectOnNonRemovableLun_Fails_0524_AtByte4Bit1()
    {
        var san = new TestSan().Ready();
        var c = san.Run(san.Windows, 0, Cdbs.StartStop(start: false, loej: true));
        Expect.Check(c, 5, 0x24, 0x00);
        Assert.That(c.Sense.Field, Is.EqualTo(new FieldPointer(true, 4, 1)));
        Assert.That(san.Lun0.Stopped, Is.False);
    }

    [Test]
    public void StopWithLoadEject_WhilePrevented_Fails_0553_02()
    {
        var san = new TestSan().Ready();
        san.Lun0.Removable = true;
        Expect.Good(san.Run(san.Linux, 0, Cdbs.PreventAllow(prevent: true)));
        Expect.Check(san.Run(san.Windows, 0, Cdbs.StartStop(start: false, loej: true)), 5, 0x53, 0x02);
    }

    [Test]
    public void StopWithoutLoadEject_WhilePrevented_Stops()
    {
        var san = new TestSan().Ready();
        san.Lun0.Removable = true;
        san.Run(san.Linux, 0, Cdbs.PreventAllow(prevent: true));
        Expect.Good(san.Run(san.Windows, 0, Cdbs.StartStop(start: false)));
        Assert.That(san.Lun0.Stopped, Is.True);
    }

    [Test]
    public void AllowMediumRemoval_LetsEjectThrough()
    {
        var san = new TestSan().Ready();
        san.Lun0.Removable = true;
        san.Run(san.Linux, 0, Cdbs.PreventAllow(prevent: true));
        san.Run(san.Linux, 0, Cdbs.PreventAllow(prevent: false));
        Expect.Good(san.Run(san.Windows, 0, Cdbs.StartStop(start: false, loej: true)));
        Assert.That(san.Lun0.Ejected, Is.True);
    }

    [Test]
    public void StartWithLoadEject_ReloadsMedium_AndSetsMediumChange()
    {
        var san = new TestSan().Ready();
        san.Lun0.Removable = true;
        san.Run(san.Windows, 0, Cdbs.StartStop(start: false, loej: true));
        Expect.Good(san.Run(san.Windows, 0, Cdbs.StartStop(start: true, loej: true)));
        Expect.Check(san.Run(san.Linux, 0, Cdbs.Tur()), 6, 0x28, 0x00);
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Tur()));
    }

    [Test]
    public void PreventAllow_OnNonRemovableLun_Fails_0520()
    {
        var san = new TestSan().Ready();
        Expect.Check(san.Run(san.Linux, 0, Cdbs.PreventAllow(prevent: true)), 5, 0x20, 0x00);
    }

    [Test]
    public void StopUnit_WithWindowsImmed_StopsTheLun()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Windows, 0, Cdbs.StartStop(start: false, immed: true)));
        Assert.That(san.Lun0.Stopped, Is.True);
    }

    [Test]
    public void LioProfile_RejectsStopUnit()
    {
        var san = new TestSan(TargetProfile.Lio).Ready();
        Expect.Check(san.Run(san.Windows, 0, Cdbs.StartStop(start: false, immed: true)), 5, 0x24, 0x00);
        Assert.That(san.Lun0.Stopped, Is.False);
    }

    [Test]
    public void LioProfile_RejectsWindowsStartUnitWithoutImmed()
    {
        var san = new TestSan(TargetProfile.Lio).Ready();
        Expect.Check(san.Run(san.Windows, 0, Cdbs.StartStop(start: true)), 5, 0x24, 0x00);
    }

    [Test]
    public void LioProfile_AcceptsImmedStartUnit()
    {
        var san = new TestSan(TargetProfile.Lio).Ready();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.StartStop(start: true, immed: true)));
    }

    [Test]
    public void LioProfile_RejectsNoFlush()
    {
        var san = new TestSan(TargetProfile.Lio).Ready();
        Expect.Check(san.Run(san.Linux, 0, Cdbs.StartStop(start: true, immed: true, noFlush: true)), 5, 0x24, 0x00);
    }

    [Test]
    public void LioProfile_RejectsPowerConditionModifier()
    {
        var san = new TestSan(TargetProfile.Lio).Ready();
        var cdb = Cdbs.StartStop(start: true, immed: true);
        cdb[3] = 0x01;
        Expect.Check(san.Run(san.Linux, 0, cdb), 5, 0x24, 0x00);
    }

    [Test]
    public void ScstProfile_IgnoresStopUnit()
    {
        var san = new TestSan(TargetProfile.Scst).Ready();
        Expect.Good(san.Run(san.Windows, 0, Cdbs.StartStop(start: false, immed: true)));
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Write10(0, 8), Cdbs.Data(8, 1)));
    }

    [Test]
    public void TgtProfile_IgnoresStopUnitOnNonRemovableLun()
    {
        var san = new TestSan(TargetProfile.Tgt).Ready();
        Expect.Good(san.Run(san.Windows, 0, Cdbs.StartStop(start: false, immed: true)));
        Assert.That(san.Lun0.Stopped, Is.False);
    }

    [Test]
    public void TgtProfile_PlainStopDoesNotStopRemovableLun()
    {
        var san = new TestSan(TargetProfile.Tgt).Ready();
        san.Lun0.Removable = true;
        Expect.Good(san.Run(san.Windows, 0, Cdbs.StartStop(start: false, immed: true)));
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Tur()));
    }

    [Test]
    public void TgtProfile_StopWithLoadEject_TakesOutTheMediumOfRemovableLun()
    {
        var san = new TestSan(TargetProfile.Tgt).Ready();
        san.Lun0.Removable = true;
        Expect.Good(san.Run(san.Windows, 0, Cdbs.StartStop(start: false, loej: true)));
        Assert.That(san.Run(san.Linux, 0, Cdbs.Tur()).Sense.Code.Asc, Is.EqualTo(0x3A));
        Expect.Good(san.Run(san.Windows, 0, Cdbs.StartStop(start: true, loej: true)));
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Tur()));
    }

    [Test]
    public void StopUnit_StillReportsPendingAttentionFirst()
    {
        var san = new TestSan();
        Expect.Check(san.Run(san.Windows, 0, Cdbs.StartStop(start: false, immed: true)), 6, 0x29, 0x01);
        Assert.That(san.Lun0.Stopped, Is.False);
    }
}
