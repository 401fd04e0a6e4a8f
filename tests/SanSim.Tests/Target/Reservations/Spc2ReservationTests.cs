using SanSim.Scsi;
using SanSim.Target;
using static SanSim.Tests.Target.Reservations.Pr;
using PrType = SanSim.Target.Reservations.PersistentReservationType;

namespace SanSim.Tests.Target.Reservations;

/// <summary>SPC-2 RESERVE/RELEASE (ctl_scsi_reserve, ctl_scsi_release, ctl_i_t_nexus_loss, ctl_do_lun_reset).</summary>
public class Spc2ReservationTests
{
    private static readonly Cdb Reserve6 = Decode(0x16, 0, 0, 0, 0, 0);
    private static readonly Cdb Release6 = Decode(0x17, 0, 0, 0, 0, 0);
    private static readonly Cdb Reserve10 = Decode(0x56, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    private static readonly Cdb Release10 = Decode(0x57, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    [Test]
    public void Spc2Reserve_ConflictsForOtherNexus()
    {
        var lun = NewLun();
        Assert.That(lun.Spc2.Reserve(Reserve6, A).Status, Is.EqualTo(ScsiStatus.Good));
        Assert.That(lun.Spc2.Conflicts(B, CommandFlags.None), Is.True);
        Assert.That(lun.Spc2.Conflicts(A, CommandFlags.None), Is.False);
    }

    [Test]
    public void Spc2Reservation_DoesNotConflictForCommandsAllowedUnderReservation()
    {
        var lun = NewLun();
        lun.Spc2.Reserve(Reserve10, A);
        Assert.That(lun.Spc2.Conflicts(B, CommandFlags.AllowedUnderReservation), Is.False);
    }

    [Test]
    public void Spc2Reserve_ByOtherNexus_IsReservationConflict()
    {
        var lun = NewLun();
        lun.Spc2.Reserve(Reserve6, A);
        var c = lun.Spc2.Reserve(Reserve10, B);
        Assert.That(c.Status, Is.EqualTo(ScsiStatus.ReservationConflict));
        Assert.That(c.Sense.IsNone, Is.True);
        Assert.That(lun.Spc2.Holder, Is.EqualTo(A));
    }

    [Test]
    public void Spc2Reserve_AgainByHolder_IsGood()
    {
        var lun = NewLun();
        lun.Spc2.Reserve(Reserve6, A);
        Assert.That(lun.Spc2.Reserve(Reserve6, A).Status, Is.EqualTo(ScsiStatus.Good));
    }

    [Test]
    public void Spc2Release_ByNonHolder_IsGoodAndKeepsReservation()
    {
        var lun = NewLun();
        lun.Spc2.Reserve(Reserve6, A);
        Assert.That(lun.Spc2.Release(Release6, B).Status, Is.EqualTo(ScsiStatus.Good));
        Assert.That(lun.Spc2.Holder, Is.EqualTo(A));
    }

    [Test]
    public void Spc2Release_ByHolder_Releases()
    {
        var lun = NewLun();
        lun.Spc2.Reserve(Reserve10, A);
        Assert.That(lun.Spc2.Release(Release10, A).Status, Is.EqualTo(ScsiStatus.Good));
        Assert.That(lun.Spc2.Holder, Is.Null);
        Assert.That(lun.Spc2.Conflicts(B, CommandFlags.None), Is.False);
    }

    [Test]
    public void Spc2Reservation_ReleasedOnNexusLoss()
    {
        var lun = NewLun();
        lun.Spc2.Reserve(Reserve6, A);
        lun.Spc2.OnNexusLoss(B);
        Assert.That(lun.Spc2.Holder, Is.EqualTo(A));
        lun.Spc2.OnNexusLoss(A);
        Assert.That(lun.Spc2.Holder, Is.Null);
    }

    [Test]
    public void Spc2Reservation_ReleasedOnLunReset()
    {
        var lun = NewLun();
        lun.Spc2.Reserve(Reserve6, A);
        lun.Spc2.Clear();
        Assert.That(lun.Spc2.Holder, Is.Null);
    }

    [Test]
    public void Spc2Reserve_UnderPersistentReservation_IsGoodButDoesNotReserve()
    {
        var lun = NewLun();
        Register(lun, A, KeyA);
        Reserve(lun, A, KeyA, PrType.WriteExclusive);

        Assert.That(lun.Spc2.Reserve(Reserve6, A).Status, Is.EqualTo(ScsiStatus.Good));
        Assert.That(lun.Spc2.Holder, Is.Null);
    }

    [Test]
    public void Spc2Reserve_ByOtherNexus_IsConflictEvenUnderPersistentReservation()
    {
        var lun = NewLun();
        lun.Spc2.Reserve(Reserve6, B);
        Register(lun, A, KeyA);
        Reserve(lun, A, KeyA, PrType.WriteExclusive);
        Assert.That(lun.Spc2.Reserve(Reserve6, A).Status, Is.EqualTo(ScsiStatus.ReservationConflict));
    }

    [Test]
    public void Reserve10_WithThirdParty_IsInvalidFieldInCdb_Byte1Bit4()
    {
        Assert.That(Rejected(0x56, 0x10, 0, 7, 0, 0, 0, 0, 0, 0), Is.EqualTo(SenseInfo.InvalidFieldInCdb(1, 4)));
    }

    [Test]
    public void Reserve10_WithThirdPartyDeviceId_IsInvalidFieldInCdb_Byte3()
    {
        Assert.That(Rejected(0x56, 0, 0, 0x05, 0, 0, 0, 0, 0, 0), Is.EqualTo(SenseInfo.InvalidFieldInCdb(3, 2)));
    }

    [TestCase((byte)0x01, (byte)0x00, 7, 0)]
    [TestCase((byte)0x00, (byte)0x18, 8, 4)]
    public void Release10_WithParameterListLength_IsInvalidFieldInCdb(byte high, byte low, int field, int bit)
    {
        Assert.That(Rejected(0x57, 0, 0, 0, 0, 0, 0, high, low, 0), Is.EqualTo(SenseInfo.InvalidFieldInCdb(field, bit)));
    }
}
