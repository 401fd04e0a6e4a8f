using SanSim.Scsi;
using SanSim.Target;
using SanSim.Target.Reservations;
using static SanSim.Tests.Target.Reservations.Pr;
using PrType = SanSim.Target.Reservations.PersistentReservationType;

namespace SanSim.Tests.Target.Reservations;

/// <summary>PERSISTENT RESERVE IN parameter data, byte for byte, as ctl_persistent_reserve_in builds it.</summary>
public class PersistentReserveInFormatTests
{
    [Test]
    public void ReadKeys_NoRegistrations_IsHeaderWithZeroLength()
    {
        var lun = NewLun();
        Assert.That(In(lun, A, PersistentReserveInAction.ReadKeys), Is.EqualTo(new byte[8]));
    }

    [Test]
    public void ReadKeys_ListsGenerationLengthAndKeys()
    {
        var lun = NewLun();
        Register(lun, B, 0x0102030405060708);
        Register(lun, A, 0x1112131415161718);

        Assert.That(In(lun, C, PersistentReserveInAction.ReadKeys), Is.EqualTo(new byte[]
        {
            0, 0, 0, 2, 0, 0, 0, 16,
            0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,
            0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
        }));
    }

    [Test]
    public void ReadKeys_IsTruncatedToAllocationLength()
    {
        var lun = NewLun();
        Register(lun, A, KeyA);
        Register(lun, B, KeyB);
        byte[] data = In(lun, C, PersistentReserveInAction.ReadKeys, allocationLength: 12);
        Assert.That(data, Is.EqualTo(new byte[] { 0, 0, 0, 2, 0, 0, 0, 16, 0xAA, 0xAA, 0, 0 }));
    }

    [Test]
    public void ReadReservation_WithoutReservation_IsHeaderOnly()
    {
        var lun = NewLun();
        Register(lun, A, KeyA);
        Assert.That(In(lun, A, PersistentReserveInAction.ReadReservation), Is.EqualTo(new byte[] { 0, 0, 0, 1, 0, 0, 0, 0 }));
    }

    [Test]
    public void ReadReservation_ReportsHolderKeyAndType()
    {
        var lun = NewLun();
        Register(lun, A, 0x0102030405060708);
        Reserve(lun, A, 0x0102030405060708, PrType.ExclusiveAccessRegistrantsOnly);

        Assert.That(In(lun, B, PersistentReserveInAction.ReadReservation), Is.EqualTo(new byte[]
        {
            0, 0, 0, 1, 0, 0, 0, 16,
            0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
            0, 0, 0, 0, 0, 0x06, 0, 0,
        }));
    }

    [Test]
    public void ReadReservation_AllRegistrants_ReportsZeroKey()
    {
        var lun = NewLun();
        Register(lun, A, KeyA);
        Reserve(lun, A, KeyA, PrType.WriteExclusiveAllRegistrants);
        byte[] data = In(lun, A, PersistentReserveInAction.ReadReservation);
        Assert.That(data, Has.Length.EqualTo(24));
        Assert.That(data[8..16], Is.EqualTo(new byte[8]));
        Assert.That(data[21], Is.EqualTo(0x07));
    }

    [Test]
    public void ReportCapabilities_IsCtlsFixedAnswer()
    {
        var lun = NewLun();
        Assert.That(In(lun, A, PersistentReserveInAction.ReportCapabilities),
            Is.EqualTo(new byte[] { 0x00, 0x08, 0x10, 0xD0, 0xEA, 0x01, 0x00, 0x00 }));
    }

    [Test]
    public void ReportCapabilities_IsTruncatedToAllocationLength()
    {
        var lun = NewLun();
        Assert.That(In(lun, A, PersistentReserveInAction.ReportCapabilities, allocationLength: 2), Is.EqualTo(new byte[] { 0x00, 0x08 }));
    }

    [Test]
    public void ReadFullStatus_DescribesEachRegistration_WithCtlsBufferLength()
    {
        var target = new CtlTarget();
        var iscsi = target.AddPort(new CtlPort(4, PortFrontend.Iscsi, "iscsi"));
        iscsi.Initiators[0] = new CtlInitiator(0, "iqn.x,i,0x1");
        var lun = target.AddLun(NewLun());
        var i = new Nexus(4, 0);
        var unknown = new Nexus(9, 3);
        Register(lun, i, 0x0102030405060708);
        Register(lun, unknown, KeyB);
        Reserve(lun, i, 0x0102030405060708, PrType.WriteExclusive);

        byte[] data = In(lun, A, PersistentReserveInAction.ReadFullStatus);

        Assert.That(data, Has.Length.EqualTo(8 + 2 * (24 + 256)));
        byte[] first =
        [
            0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
            0, 0, 0, 0, 0x01, 0x01, 0, 0, 0, 0, 0x00, 0x04, 0, 0, 0, 16,
            0x45, 0x00, 0x00, 0x0C, (byte)'i', (byte)'q', (byte)'n', (byte)'.', (byte)'x', (byte)',', (byte)'i', (byte)',',
            (byte)'0', (byte)'x', (byte)'1', 0x00,
        ];
        byte[] second =
        [
            0xBB, 0xBB, 0, 0, 0, 0, 0, 2,
            0, 0, 0, 0, 0x00, 0x00, 0, 0, 0, 0, 0x00, 0x09, 0, 0, 0, 0,
        ];
        Assert.That(data[..8], Is.EqualTo(new byte[] { 0, 0, 0, 2, 0, 0, 0, (byte)(first.Length + second.Length) }));
        Assert.That(data[8..(8 + first.Length)], Is.EqualTo(first));
        Assert.That(data[(8 + first.Length)..(8 + first.Length + second.Length)], Is.EqualTo(second));
        Assert.That(data[(8 + first.Length + second.Length)..].All(b => b == 0), Is.True);
    }

    [Test]
    public void ReadFullStatus_AllRegistrants_MarksEveryRegistrantHolder()
    {
        var lun = NewLun();
        Register(lun, A, KeyA);
        Register(lun, B, KeyB);
        Reserve(lun, A, KeyA, PrType.ExclusiveAccessAllRegistrants);
        byte[] data = In(lun, A, PersistentReserveInAction.ReadFullStatus);
        Assert.That(data[8 + 12], Is.EqualTo(0x01));
        Assert.That(data[8 + 13], Is.EqualTo(0x08));
        Assert.That(data[8 + 24 + 12], Is.EqualTo(0x01));
        Assert.That(data[8 + 24 + 13], Is.EqualTo(0x08));
    }

    [TestCase((byte)0x04)]
    [TestCase((byte)0x1F)]
    public void UnsupportedServiceAction_IsInvalidFieldInCdb_Byte1Bit4(byte serviceAction)
    {
        var sense = Rejected((byte)ScsiOpcode.PersistentReserveIn, serviceAction, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0);
        Assert.That(sense, Is.EqualTo(SenseInfo.InvalidFieldInCdb(1, 4)));
    }

    [Test]
    public void DataInShorterThanAllocationLength_IsFilledWithoutOverrun()
    {
        var lun = NewLun();
        var buffer = new byte[3];
        var c = lun.Reservations.In(InCdb((byte)PersistentReserveInAction.ReportCapabilities), A, buffer);
        Assert.That(c.DataInLength, Is.EqualTo(3));
        Assert.That(buffer, Is.EqualTo(new byte[] { 0x00, 0x08, 0x10 }));
    }
}
