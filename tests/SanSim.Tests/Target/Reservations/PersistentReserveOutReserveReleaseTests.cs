using SanSim.Scsi;
using SanSim.Target;
using static SanSim.Tests.Target.Reservations.Pr;
using OutAction = SanSim.Target.Reservations.PersistentReserveOutAction;
using PrType = SanSim.Target.Reservations.PersistentReservationType;

namespace SanSim.Tests.Target.Reservations;

public class PersistentReserveOutReserveReleaseTests
{
    [Test]
    public void Reserve_FromUnregistered_IsReservationConflict()
    {
        var lun = NewLun();
        var c = Reserve(lun, A, 0, PrType.WriteExclusive);
        Assert.That(c.Status, Is.EqualTo(ScsiStatus.ReservationConflict));
        Assert.That(lun.Reservations.IsReserved, Is.False);
    }

    [Test]
    public void Reserve_MakesSenderHolder_WithoutBumpingGeneration()
    {
        var lun = NewLun();
        Register(lun, A, KeyA);
        Assert.That(Reserve(lun, A, KeyA, PrType.ExclusiveAccess).Status, Is.EqualTo(ScsiStatus.Good));
        Assert.That(lun.Reservations.Holder, Is.EqualTo(A));
        Assert.That(lun.Reservations.Type, Is.EqualTo(PrType.ExclusiveAccess));
        Assert.That(lun.Reservations.Generation, Is.EqualTo(1u));
    }

    [Test]
    public void Reserve_WithScopeOtherThanLu_IsInvalidFieldInCdb_Byte2Bit4()
    {
        var lun = NewLun();
        Register(lun, A, KeyA);
        var c = lun.Reservations.Out(OutCdb(OutAction.Reserve, PrType.WriteExclusive, scope: 2), A, Parameters(KeyA, 0), lun);
        Assert.That(c.Sense, Is.EqualTo(SenseInfo.InvalidFieldInCdb(2, 4)));
    }

    [TestCase((byte)0)]
    [TestCase((byte)2)]
    [TestCase((byte)4)]
    [TestCase((byte)9)]
    [TestCase((byte)15)]
    public void Reserve_WithUnsupportedType_IsInvalidFieldInCdb_Byte2Bit0(byte type)
    {
        var lun = NewLun();
        Register(lun, A, KeyA);
        var c = lun.Reservations.Out(OutCdb(OutAction.Reserve, (PrType)type), A, Parameters(KeyA, 0), lun);
        Assert.That(c.Sense, Is.EqualTo(SenseInfo.InvalidFieldInCdb(2, 0)));
    }

    [Test]
    public void ScopeAndType_AreCheckedBeforeParameterListLength()
    {
        var lun = NewLun();
        var c = lun.Reservations.Out(OutCdb(OutAction.Release, (PrType)2, parameterListLength: 0), A, [], lun);
        Assert.That(c.Sense, Is.EqualTo(SenseInfo.InvalidFieldInCdb(2, 0)));
    }

    [Test]
    public void Reserve_ByOtherRegistrant_IsReservationConflict()
    {
        var lun = NewLun();
        RegisterAll(lun);
        Reserve(lun, A, KeyA, PrType.WriteExclusive);
        Assert.That(Reserve(lun, B, KeyB, PrType.WriteExclusive).Status, Is.EqualTo(ScsiStatus.ReservationConflict));
        Assert.That(lun.Reservations.Holder, Is.EqualTo(A));
    }

    [Test]
    public void Reserve_AgainByHolder_IsGoodWithSameType_AndConflictWithAnother()
    {
        var lun = NewLun();
        Register(lun, A, KeyA);
        Reserve(lun, A, KeyA, PrType.WriteExclusive);
        Assert.That(Reserve(lun, A, KeyA, PrType.WriteExclusive).Status, Is.EqualTo(ScsiStatus.Good));
        Assert.That(Reserve(lun, A, KeyA, PrType.ExclusiveAccess).Status, Is.EqualTo(ScsiStatus.ReservationConflict));
        Assert.That(lun.Reservations.Type, Is.EqualTo(PrType.WriteExclusive));
    }

    [Test]
    public void Reserve_AllRegistrantsType_IsHeldByEveryRegistrant()
    {
        var lun = NewLun();
        RegisterAll(lun);
        Reserve(lun, A, KeyA, PrType.WriteExclusiveAllRegistrants);
        Assert.That(lun.Reservations.HeldByAllRegistrants, Is.True);
        Assert.That(lun.Reservations.Holder, Is.Null);
        Assert.That(Reserve(lun, B, KeyB, PrType.WriteExclusiveAllRegistrants).Status, Is.EqualTo(ScsiStatus.Good));
    }

    [TestCase(PrType.WriteExclusiveRegistrantsOnly)]
    [TestCase(PrType.ExclusiveAccessRegistrantsOnly)]
    [TestCase(PrType.WriteExclusiveAllRegistrants)]
    [TestCase(PrType.ExclusiveAccessAllRegistrants)]
    public void Release_SetsReservationsReleased_2A04_ForOtherRegistrants(PrType type)
    {
        var lun = NewLun();
        RegisterAll(lun);
        Reserve(lun, A, KeyA, type);

        Assert.That(Release(lun, A, KeyA, type).Status, Is.EqualTo(ScsiStatus.Good));

        Assert.That(lun.Reservations.IsReserved, Is.False);
        Assert.That(lun.UnitAttentions.Pending(B), Is.EqualTo(UnitAttention.ReservationsReleased));
        Assert.That(lun.UnitAttentions.Pending(C), Is.EqualTo(UnitAttention.ReservationsReleased));
        Assert.That(lun.UnitAttentions.Pending(A), Is.EqualTo(UnitAttention.None));
        Assert.That(UnitAttentionTable.AscFor(lun.UnitAttentions.Take(B)), Is.EqualTo(new AscAscq(0x2A, 0x04)));
    }

    [Test]
    public void Release_DoesNotTellUnregisteredInitiators()
    {
        var lun = NewLun();
        Register(lun, A, KeyA);
        Reserve(lun, A, KeyA, PrType.ExclusiveAccessRegistrantsOnly);
        Release(lun, A, KeyA, PrType.ExclusiveAccessRegistrantsOnly);
        Assert.That(lun.UnitAttentions.Pending(B), Is.EqualTo(UnitAttention.None));
    }

    [TestCase(PrType.WriteExclusive)]
    [TestCase(PrType.ExclusiveAccess)]
    public void Release_OfHolderOnlyType_SetsNoUnitAttention(PrType type)
    {
        var lun = NewLun();
        RegisterAll(lun);
        Reserve(lun, A, KeyA, type);
        Assert.That(Release(lun, A, KeyA, type).Status, Is.EqualTo(ScsiStatus.Good));
        Assert.That(lun.Reservations.IsReserved, Is.False);
        Assert.That(lun.UnitAttentions.Pending(B), Is.EqualTo(UnitAttention.None));
    }

    [Test]
    public void Release_WithNuarSet_SetsNoUnitAttention()
    {
        var lun = NewLun();
        RegisterAll(lun);
        lun.Reservations.NoUnitAttentionOnRelease = true;
        Reserve(lun, A, KeyA, PrType.WriteExclusiveRegistrantsOnly);
        Release(lun, A, KeyA, PrType.WriteExclusiveRegistrantsOnly);
        Assert.That(lun.UnitAttentions.Pending(B), Is.EqualTo(UnitAttention.None));
    }

    [Test]
    public void ReleaseWithWrongKey_IsReservationConflict()
    {
        var lun = NewLun();
        Register(lun, A, KeyA);
        Reserve(lun, A, KeyA, PrType.WriteExclusive);
        var c = Release(lun, A, KeyB, PrType.WriteExclusive);
        Assert.That(c.Status, Is.EqualTo(ScsiStatus.ReservationConflict));
        Assert.That(c.Sense.IsNone, Is.True);
        Assert.That(lun.Reservations.IsReserved, Is.True);
    }

    [Test]
    public void Release_ByRegistrantNotHolder_IsGoodAndKeepsReservation()
    {
        var lun = NewLun();
        RegisterAll(lun);
        Reserve(lun, A, KeyA, PrType.WriteExclusive);
        Assert.That(Release(lun, B, KeyB, PrType.WriteExclusive).Status, Is.EqualTo(ScsiStatus.Good));
        Assert.That(lun.Reservations.Holder, Is.EqualTo(A));
    }

    [Test]
    public void Release_WithoutReservation_IsGood()
    {
        var lun = NewLun();
        Register(lun, A, KeyA);
        Assert.That(Release(lun, A, KeyA, PrType.WriteExclusive).Status, Is.EqualTo(ScsiStatus.Good));
    }

    [Test]
    public void Release_ByHolderWithOtherType_IsInvalidReleaseOfPersistentReservation_052604()
    {
        var lun = NewLun();
        Register(lun, A, KeyA);
        Reserve(lun, A, KeyA, PrType.WriteExclusive);
        var c = Release(lun, A, KeyA, PrType.ExclusiveAccess);
        Assert.That(c.Sense.Key, Is.EqualTo(SenseKey.IllegalRequest));
        Assert.That(c.Sense.Code, Is.EqualTo(new AscAscq(0x26, 0x04)));
        Assert.That(lun.Reservations.IsReserved, Is.True);
    }

    [Test]
    public void ReserveAndRelease_DoNotBumpGeneration()
    {
        var lun = NewLun();
        Register(lun, A, KeyA);
        Reserve(lun, A, KeyA, PrType.WriteExclusiveRegistrantsOnly);
        Release(lun, A, KeyA, PrType.WriteExclusiveRegistrantsOnly);
        Assert.That(lun.Reservations.Generation, Is.EqualTo(1u));
    }
}
