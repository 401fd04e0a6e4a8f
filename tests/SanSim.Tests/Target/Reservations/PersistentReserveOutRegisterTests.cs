using SanSim.Scsi;
using SanSim.Target;
using SanSim.Target.Reservations;
using static SanSim.Tests.Target.Reservations.Pr;
using OutAction = SanSim.Target.Reservations.PersistentReserveOutAction;
using PrType = SanSim.Target.Reservations.PersistentReservationType;

namespace SanSim.Tests.Target.Reservations;

public class PersistentReserveOutRegisterTests
{
    [Test]
    public void Register_ThenReadKeys_ListsKey()
    {
        var lun = NewLun();
        Assert.That(Register(lun, A, KeyA).Status, Is.EqualTo(ScsiStatus.Good));

        byte[] data = In(lun, B, PersistentReserveInAction.ReadKeys);

        Assert.That(data, Is.EqualTo(new byte[] { 0, 0, 0, 1, 0, 0, 0, 8, 0xAA, 0xAA, 0, 0, 0, 0, 0, 1 }));
        Assert.That(lun.Reservations.KeyOf(A), Is.EqualTo(KeyA));
    }

    [Test]
    public void ReadKeys_ListsRegistrationsByPortThenInitiatorId()
    {
        var lun = NewLun();
        Register(lun, C, KeyC);
        Register(lun, B, KeyB);
        Register(lun, A, KeyA);

        Assert.That(lun.Reservations.Registrations.Select(r => r.Value), Is.EqualTo(new[] { KeyA, KeyB, KeyC }));
    }

    [Test]
    public void Register_FromUnregisteredWithNonzeroReservationKey_IsReservationConflict()
    {
        var lun = NewLun();
        var c = Out(lun, A, OutAction.Register, key: 5, serviceActionKey: KeyA);
        Assert.That(c.Status, Is.EqualTo(ScsiStatus.ReservationConflict));
        Assert.That(c.Sense.IsNone, Is.True);
        Assert.That(lun.Reservations.IsRegistered(A), Is.False);
    }

    [Test]
    public void Register_WithWrongReservationKey_IsReservationConflict()
    {
        var lun = NewLun();
        Register(lun, A, KeyA);
        var c = Out(lun, A, OutAction.Register, key: KeyB, serviceActionKey: KeyC);
        Assert.That(c.Status, Is.EqualTo(ScsiStatus.ReservationConflict));
        Assert.That(lun.Reservations.KeyOf(A), Is.EqualTo(KeyA));
    }

    [Test]
    public void Register_WithCurrentKey_ChangesKey()
    {
        var lun = NewLun();
        Register(lun, A, KeyA);
        Assert.That(Out(lun, A, OutAction.Register, KeyA, KeyC).Status, Is.EqualTo(ScsiStatus.Good));
        Assert.That(lun.Reservations.KeyOf(A), Is.EqualTo(KeyC));
    }

    [Test]
    public void RegisterAndIgnoreExistingKey_ReplacesKeyWithoutCheckingIt()
    {
        var lun = NewLun();
        Register(lun, A, KeyA);
        var c = Out(lun, A, OutAction.RegisterAndIgnoreExistingKey, key: 12345, serviceActionKey: KeyB);
        Assert.That(c.Status, Is.EqualTo(ScsiStatus.Good));
        Assert.That(lun.Reservations.KeyOf(A), Is.EqualTo(KeyB));
    }

    [Test]
    public void Register_BumpsGeneration_ButZeroOverZeroChangesNothing()
    {
        var lun = NewLun();
        Register(lun, A, KeyA);
        Assert.That(lun.Reservations.Generation, Is.EqualTo(1u));
        Assert.That(Out(lun, B, OutAction.Register, 0, 0).Status, Is.EqualTo(ScsiStatus.Good));
        Assert.That(Out(lun, B, OutAction.RegisterAndIgnoreExistingKey, 0, 0).Status, Is.EqualTo(ScsiStatus.Good));
        Assert.That(lun.Reservations.Generation, Is.EqualTo(1u));
        Assert.That(Out(lun, A, OutAction.Register, KeyA, 0).Status, Is.EqualTo(ScsiStatus.Good));
        Assert.That(lun.Reservations.Generation, Is.EqualTo(2u));
        Assert.That(lun.Reservations.IsRegistered(A), Is.False);
    }

    [TestCase(PersistentReserveOutParameters.ActivatePersistThroughPowerLoss, 0)]
    [TestCase(PersistentReserveOutParameters.AllTargetPorts, 2)]
    [TestCase(PersistentReserveOutParameters.SpecifyInitiatorPorts, 3)]
    [TestCase(PersistentReserveOutParameters.SpecifyInitiatorPorts | PersistentReserveOutParameters.ActivatePersistThroughPowerLoss, 0)]
    public void Register_WithUnsupportedFlag_IsInvalidFieldInParameterList_Byte20(byte flags, int bit)
    {
        var lun = NewLun();
        var c = lun.Reservations.Out(OutCdb(OutAction.Register), A, Parameters(0, KeyA, flags), lun);
        Assert.That(c.Status, Is.EqualTo(ScsiStatus.CheckCondition));
        Assert.That(c.Sense, Is.EqualTo(SenseInfo.InvalidFieldInParameterList(20, bit)));
        Assert.That(lun.Reservations.IsRegistered(A), Is.False);
    }

    [Test]
    public void Unregister_ByHolderOfRegistrantsOnly_SetsReservationsReleased_2A04_ForRemainingRegistrants()
    {
        var lun = NewLun();
        RegisterAll(lun);
        Reserve(lun, A, KeyA, PrType.WriteExclusiveRegistrantsOnly);

        Assert.That(Out(lun, A, OutAction.Register, KeyA, 0).Status, Is.EqualTo(ScsiStatus.Good));

        Assert.That(lun.Reservations.IsReserved, Is.False);
        Assert.That(HasPending(lun, B, UnitAttention.ReservationsReleased), Is.True);
        Assert.That(HasPending(lun, C, UnitAttention.ReservationsReleased), Is.True);
        Assert.That(HasPending(lun, A, UnitAttention.ReservationsReleased), Is.False);
    }

    [Test]
    public void Unregister_ByHolderOfWriteExclusive_ReleasesWithoutUnitAttention()
    {
        var lun = NewLun();
        RegisterAll(lun);
        Reserve(lun, A, KeyA, PrType.WriteExclusive);

        Out(lun, A, OutAction.Register, KeyA, 0);

        Assert.That(lun.Reservations.IsReserved, Is.False);
        Assert.That(lun.UnitAttentions.Pending(B), Is.EqualTo(UnitAttention.None));
    }

    [Test]
    public void Unregister_OneOfAllRegistrants_KeepsReservationUntilTheLastGoes()
    {
        var lun = NewLun();
        Register(lun, A, KeyA);
        Register(lun, B, KeyB);
        Reserve(lun, A, KeyA, PrType.ExclusiveAccessAllRegistrants);

        Out(lun, A, OutAction.Register, KeyA, 0);
        Assert.That(lun.Reservations.HeldByAllRegistrants, Is.True);

        Out(lun, B, OutAction.Register, KeyB, 0);
        Assert.That(lun.Reservations.IsReserved, Is.False);
    }

    [TestCase(0u)]
    [TestCase(23u)]
    [TestCase(25u)]
    [TestCase(48u)]
    public void ParameterListLengthNot24_IsInvalidFieldInCdb_Byte5Bit0(uint length)
    {
        var lun = NewLun();
        var c = lun.Reservations.Out(OutCdb(OutAction.Register, parameterListLength: length), A, Parameters(0, KeyA), lun);
        Assert.That(c.Sense, Is.EqualTo(SenseInfo.InvalidFieldInCdb(5, 0)));
        Assert.That(lun.Reservations.IsRegistered(A), Is.False);
    }

    [Test]
    public void DataOutShorterThanParameterList_IsAbortedCommand_0E03()
    {
        var lun = NewLun();
        var c = lun.Reservations.Out(OutCdb(OutAction.Register), A, Parameters(0, KeyA)[..20], lun);
        Assert.That(c.Sense.Key, Is.EqualTo(SenseKey.AbortedCommand));
        Assert.That(c.Sense.Code, Is.EqualTo(new AscAscq(0x0E, 0x03)));
    }

    [Test]
    public void RegisterAndMove_IsInvalidFieldInCdb_Byte1Bit4()
    {
        var sense = Rejected((byte)ScsiOpcode.PersistentReserveOut, (byte)OutAction.RegisterAndMove, 0, 0, 0, 0, 0, 0, 24, 0);
        Assert.That(sense, Is.EqualTo(SenseInfo.InvalidFieldInCdb(1, 4)));
    }

    [Test]
    public void Registration_IsKeptPerNexus()
    {
        var lun = NewLun();
        Register(lun, A, KeyA);
        Assert.That(lun.Reservations.IsRegistered(new Nexus(A.Port, A.InitiatorId + 5)), Is.False);
        Assert.That(lun.Reservations.IsRegistered(new Nexus(A.Port + 1, A.InitiatorId)), Is.False);
    }
}
