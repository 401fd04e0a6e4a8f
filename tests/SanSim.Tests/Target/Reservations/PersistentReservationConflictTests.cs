using SanSim.Target;
using static SanSim.Tests.Target.Reservations.Pr;
using PrType = SanSim.Target.Reservations.PersistentReservationType;

namespace SanSim.Tests.Target.Reservations;

/// <summary>ctl_scsiio_lun_check's persistent reservation rule, and ctl_start_stop's STOP rule.</summary>
public class PersistentReservationConflictTests
{
    /// <summary>WRITE(10)'s flags in CTL's table: none of the reservation allowances.</summary>
    private const CommandFlags Write = CommandFlags.Writes;

    /// <summary>READ(10)'s flags in CTL's table: ALLOW_ON_PR_WRESV.</summary>
    private const CommandFlags Read = CommandFlags.AllowedUnderWriteReservation;

    /// <summary>INQUIRY-like flags: ALLOW_ON_PR_RESV.</summary>
    private const CommandFlags Inquiry = CommandFlags.AllowedUnderPersistentReservation | CommandFlags.AllowedUnderReservation;

    private static CtlLun ReservedLun(PrType type)
    {
        var lun = NewLun();
        Register(lun, A, KeyA);
        Register(lun, B, KeyB);
        Reserve(lun, A, KeyA, type);
        return lun;
    }

    [Test]
    public void NoReservation_NeverConflicts()
    {
        var lun = NewLun();
        Register(lun, A, KeyA);
        Assert.That(lun.Reservations.Conflicts(C, Write), Is.False);
    }

    [Test]
    public void ReserveWriteExclusive_BlocksWriteFromOtherInitiator()
    {
        var lun = ReservedLun(PrType.WriteExclusive);
        Assert.That(lun.Reservations.Conflicts(B, Write), Is.True);
        Assert.That(lun.Reservations.Conflicts(C, Write), Is.True);
    }

    [Test]
    public void ReserveWriteExclusive_AllowsWriteFromHolder()
    {
        var lun = ReservedLun(PrType.WriteExclusive);
        Assert.That(lun.Reservations.Conflicts(A, Write), Is.False);
    }

    [TestCase(PrType.WriteExclusive)]
    [TestCase(PrType.WriteExclusiveRegistrantsOnly)]
    [TestCase(PrType.WriteExclusiveAllRegistrants)]
    public void ReserveWriteExclusive_AllowsReadFromOtherInitiator(PrType type)
    {
        var lun = ReservedLun(type);
        Assert.That(lun.Reservations.Conflicts(C, Read), Is.False);
    }

    [TestCase(PrType.ExclusiveAccess)]
    [TestCase(PrType.ExclusiveAccessRegistrantsOnly)]
    [TestCase(PrType.ExclusiveAccessAllRegistrants)]
    public void ReserveExclusiveAccess_BlocksReadFromUnregisteredInitiator(PrType type)
    {
        var lun = ReservedLun(type);
        Assert.That(lun.Reservations.Conflicts(C, Read), Is.True);
    }

    [Test]
    public void ReserveExclusiveAccess_BlocksReadFromRegistrantNotHolder()
    {
        var lun = ReservedLun(PrType.ExclusiveAccess);
        Assert.That(lun.Reservations.Conflicts(B, Read), Is.True);
        Assert.That(lun.Reservations.Conflicts(A, Read), Is.False);
    }

    [TestCase(PrType.WriteExclusiveRegistrantsOnly)]
    [TestCase(PrType.ExclusiveAccessRegistrantsOnly)]
    [TestCase(PrType.WriteExclusiveAllRegistrants)]
    [TestCase(PrType.ExclusiveAccessAllRegistrants)]
    public void RegistrantTypes_AllowWriteFromRegistrant_AndBlockUnregistered(PrType type)
    {
        var lun = ReservedLun(type);
        Assert.That(lun.Reservations.Conflicts(B, Write), Is.False);
        Assert.That(lun.Reservations.Conflicts(C, Write), Is.True);
    }

    [Test]
    public void AllowedUnderPersistentReservation_NeverConflicts()
    {
        var lun = ReservedLun(PrType.ExclusiveAccess);
        Assert.That(lun.Reservations.Conflicts(C, Inquiry), Is.False);
    }

    [Test]
    public void StopUnit_FromUnregisteredInitiator_NotAllowedWhenReserved()
    {
        var lun = ReservedLun(PrType.ExclusiveAccessAllRegistrants);
        Assert.That(lun.Reservations.AllowsStop(C), Is.False);
        Assert.That(lun.Reservations.AllowsStop(B), Is.True);
    }

    [TestCase(PrType.WriteExclusive)]
    [TestCase(PrType.ExclusiveAccess)]
    public void StopUnit_FromRegistrantNotHolder_NotAllowedUnderHolderOnlyType(PrType type)
    {
        var lun = ReservedLun(type);
        Assert.That(lun.Reservations.AllowsStop(B), Is.False);
        Assert.That(lun.Reservations.AllowsStop(A), Is.True);
    }

    [TestCase(PrType.WriteExclusiveRegistrantsOnly)]
    [TestCase(PrType.ExclusiveAccessRegistrantsOnly)]
    public void StopUnit_FromRegistrantNotHolder_AllowedUnderRegistrantsOnlyType(PrType type)
    {
        var lun = ReservedLun(type);
        Assert.That(lun.Reservations.AllowsStop(B), Is.True);
    }

    [Test]
    public void StopUnit_AllowedFromAnyoneWithoutReservation()
    {
        var lun = NewLun();
        Register(lun, A, KeyA);
        Assert.That(lun.Reservations.AllowsStop(C), Is.True);
    }

    [Test]
    public void Registrations_SurviveSpc2NexusLossAndClear()
    {
        var lun = ReservedLun(PrType.WriteExclusive);
        lun.Spc2.OnNexusLoss(A);
        lun.Spc2.Clear();
        Assert.That(lun.Reservations.Holder, Is.EqualTo(A));
        Assert.That(lun.Reservations.IsRegistered(B), Is.True);
    }
}
