using SanSim.Scsi;
using SanSim.Target;
using static SanSim.Tests.Target.Reservations.Pr;
using OutAction = SanSim.Target.Reservations.PersistentReserveOutAction;
using PrType = SanSim.Target.Reservations.PersistentReservationType;

namespace SanSim.Tests.Target.Reservations;

public class PersistentReserveOutPreemptClearTests
{
    [Test]
    public void Preempt_SetsRegistrationsPreempted_2A05_ForPreempted()
    {
        var lun = NewLun();
        RegisterAll(lun);
        Reserve(lun, A, KeyA, PrType.WriteExclusive);

        Assert.That(Preempt(lun, B, KeyB, KeyA, PrType.ExclusiveAccess).Status, Is.EqualTo(ScsiStatus.Good));

        Assert.That(lun.UnitAttentions.Pending(A), Is.EqualTo(UnitAttention.RegistrationsPreempted));
        Assert.That(lun.UnitAttentions.Pending(B), Is.EqualTo(UnitAttention.None));
        Assert.That(lun.UnitAttentions.Pending(C), Is.EqualTo(UnitAttention.None));
        Assert.That(lun.Reservations.IsRegistered(A), Is.False);
        Assert.That(UnitAttentionTable.AscFor(lun.UnitAttentions.Take(A)), Is.EqualTo(new AscAscq(0x2A, 0x05)));
    }

    [Test]
    public void Preempt_OfHolderKey_MovesReservationToSenderWithNewType()
    {
        var lun = NewLun();
        RegisterAll(lun);
        Reserve(lun, A, KeyA, PrType.WriteExclusive);

        Preempt(lun, B, KeyB, KeyA, PrType.ExclusiveAccess);

        Assert.That(lun.Reservations.Holder, Is.EqualTo(B));
        Assert.That(lun.Reservations.Type, Is.EqualTo(PrType.ExclusiveAccess));
        Assert.That(lun.Reservations.Generation, Is.EqualTo(4u));
    }

    [Test]
    public void Preempt_OfOwnHolderKey_ChangesTypeAndKeepsOwnRegistration()
    {
        var lun = NewLun();
        Register(lun, A, KeyA);
        Register(lun, B, KeyA);
        Reserve(lun, A, KeyA, PrType.WriteExclusive);

        Assert.That(Preempt(lun, A, KeyA, KeyA, PrType.ExclusiveAccess).Status, Is.EqualTo(ScsiStatus.Good));

        Assert.That(lun.Reservations.IsRegistered(A), Is.True);
        Assert.That(lun.Reservations.IsRegistered(B), Is.False);
        Assert.That(lun.Reservations.Type, Is.EqualTo(PrType.ExclusiveAccess));
        Assert.That(lun.UnitAttentions.Pending(B), Is.EqualTo(UnitAttention.RegistrationsPreempted));
    }

    [Test]
    public void Preempt_OfNonHolderKey_RemovesRegistrationAndKeepsReservation()
    {
        var lun = NewLun();
        RegisterAll(lun);
        Reserve(lun, A, KeyA, PrType.WriteExclusive);

        Assert.That(Preempt(lun, B, KeyB, KeyC, PrType.ExclusiveAccess).Status, Is.EqualTo(ScsiStatus.Good));

        Assert.That(lun.Reservations.Holder, Is.EqualTo(A));
        Assert.That(lun.Reservations.Type, Is.EqualTo(PrType.WriteExclusive));
        Assert.That(lun.UnitAttentions.Pending(C), Is.EqualTo(UnitAttention.RegistrationsPreempted));
    }

    [Test]
    public void Preempt_OfUnknownKey_IsReservationConflict()
    {
        var lun = NewLun();
        RegisterAll(lun);
        Reserve(lun, A, KeyA, PrType.WriteExclusive);
        Assert.That(Preempt(lun, B, KeyB, 0x1234, PrType.WriteExclusive).Status, Is.EqualTo(ScsiStatus.ReservationConflict));
        Assert.That(lun.Reservations.Generation, Is.EqualTo(3u));
    }

    [Test]
    public void Preempt_WithoutReservation_RemovesRegistrations()
    {
        var lun = NewLun();
        RegisterAll(lun);
        Assert.That(Preempt(lun, A, KeyA, KeyB, PrType.WriteExclusive).Status, Is.EqualTo(ScsiStatus.Good));
        Assert.That(lun.Reservations.IsRegistered(B), Is.False);
        Assert.That(lun.Reservations.IsReserved, Is.False);
    }

    [Test]
    public void Preempt_OwnKeyWithoutReservation_IsInvalidFieldInParameterList_Byte8()
    {
        var lun = NewLun();
        Register(lun, A, KeyA);
        var c = Preempt(lun, A, KeyA, KeyA, PrType.WriteExclusive);
        Assert.That(c.Sense, Is.EqualTo(SenseInfo.InvalidFieldInParameterList(8)));
    }

    [Test]
    public void Preempt_ZeroKeyUnderSingleHolder_IsInvalidFieldInParameterList_Byte8()
    {
        var lun = NewLun();
        RegisterAll(lun);
        Reserve(lun, A, KeyA, PrType.WriteExclusive);
        var c = Preempt(lun, B, KeyB, 0, PrType.WriteExclusive);
        Assert.That(c.Sense, Is.EqualTo(SenseInfo.InvalidFieldInParameterList(8)));
    }

    [Test]
    public void Preempt_ZeroKeyUnderAllRegistrants_RemovesEveryoneElseAndTakesReservation()
    {
        var lun = NewLun();
        RegisterAll(lun);
        Reserve(lun, A, KeyA, PrType.WriteExclusiveAllRegistrants);

        Assert.That(Preempt(lun, B, KeyB, 0, PrType.ExclusiveAccess).Status, Is.EqualTo(ScsiStatus.Good));

        Assert.That(lun.Reservations.Registrations.Select(r => r.Key), Is.EqualTo(new[] { B }));
        Assert.That(lun.Reservations.Holder, Is.EqualTo(B));
        Assert.That(lun.Reservations.Type, Is.EqualTo(PrType.ExclusiveAccess));
        Assert.That(lun.UnitAttentions.Pending(A), Is.EqualTo(UnitAttention.RegistrationsPreempted));
        Assert.That(lun.UnitAttentions.Pending(C), Is.EqualTo(UnitAttention.RegistrationsPreempted));
    }

    [Test]
    public void Preempt_ZeroKeyUnderAllRegistrants_WithInvalidType_IsInvalidFieldInCdb_Byte2Bit0()
    {
        var lun = NewLun();
        RegisterAll(lun);
        Reserve(lun, A, KeyA, PrType.WriteExclusiveAllRegistrants);
        var c = Preempt(lun, B, KeyB, 0, (PrType)4);
        Assert.That(c.Sense, Is.EqualTo(SenseInfo.InvalidFieldInCdb(2, 0)));
        Assert.That(lun.Reservations.Registrations, Has.Count.EqualTo(3));
    }

    [Test]
    public void Preempt_RegistrantsOnlyIntoOtherType_SetsReservationsReleased_2A04_ForRemaining()
    {
        var lun = NewLun();
        RegisterAll(lun);
        Reserve(lun, A, KeyA, PrType.WriteExclusiveRegistrantsOnly);

        Preempt(lun, B, KeyB, KeyA, PrType.ExclusiveAccess);

        Assert.That(lun.UnitAttentions.Pending(A), Is.EqualTo(UnitAttention.RegistrationsPreempted));
        Assert.That(lun.UnitAttentions.Pending(C), Is.EqualTo(UnitAttention.ReservationsReleased));
        Assert.That(lun.UnitAttentions.Pending(B), Is.EqualTo(UnitAttention.None));
    }

    [Test]
    public void Preempt_NeverSetsReservationsPreempted_2A03()
    {
        var lun = NewLun();
        RegisterAll(lun);
        Reserve(lun, A, KeyA, PrType.ExclusiveAccessRegistrantsOnly);
        Preempt(lun, B, KeyB, KeyA, PrType.WriteExclusive);
        foreach (var n in new[] { A, B, C })
            Assert.That(HasPending(lun, n, UnitAttention.ReservationsPreempted), Is.False);
    }

    [Test]
    public void PreemptAndAbort_BehavesAsPreempt()
    {
        var lun = NewLun();
        RegisterAll(lun);
        Reserve(lun, A, KeyA, PrType.WriteExclusive);

        var c = Out(lun, B, OutAction.PreemptAndAbort, KeyB, KeyA, PrType.WriteExclusive);

        Assert.That(c.Status, Is.EqualTo(ScsiStatus.Good));
        Assert.That(lun.Reservations.Holder, Is.EqualTo(B));
        Assert.That(lun.UnitAttentions.Pending(A), Is.EqualTo(UnitAttention.RegistrationsPreempted));
    }

    [Test]
    public void Preempt_FromUnregistered_IsReservationConflict()
    {
        var lun = NewLun();
        Register(lun, A, KeyA);
        Reserve(lun, A, KeyA, PrType.WriteExclusive);
        Assert.That(Preempt(lun, B, 0, KeyA, PrType.WriteExclusive).Status, Is.EqualTo(ScsiStatus.ReservationConflict));
        Assert.That(lun.Reservations.Holder, Is.EqualTo(A));
    }

    [Test]
    public void Clear_RemovesEverything_AndSetsRegistrationsPreempted_2A05_ForOthers()
    {
        var lun = NewLun();
        RegisterAll(lun);
        Reserve(lun, A, KeyA, PrType.ExclusiveAccess);

        Assert.That(Out(lun, B, OutAction.Clear, KeyB).Status, Is.EqualTo(ScsiStatus.Good));

        Assert.That(lun.Reservations.IsReserved, Is.False);
        Assert.That(lun.Reservations.Registrations, Is.Empty);
        Assert.That(lun.Reservations.Generation, Is.EqualTo(4u));
        Assert.That(lun.UnitAttentions.Pending(A), Is.EqualTo(UnitAttention.RegistrationsPreempted));
        Assert.That(lun.UnitAttentions.Pending(C), Is.EqualTo(UnitAttention.RegistrationsPreempted));
        Assert.That(lun.UnitAttentions.Pending(B), Is.EqualTo(UnitAttention.None));
    }

    [Test]
    public void Clear_FromUnregistered_IsReservationConflict()
    {
        var lun = NewLun();
        Register(lun, A, KeyA);
        Assert.That(Out(lun, B, OutAction.Clear, 0).Status, Is.EqualTo(ScsiStatus.ReservationConflict));
        Assert.That(lun.Reservations.IsRegistered(A), Is.True);
    }
}
