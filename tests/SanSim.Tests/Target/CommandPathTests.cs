using SanSim.Engine;
using SanSim.Scsi;
using SanSim.Target;

namespace SanSim.Tests.Target;

/// <summary>The order of checks on the command path: ctl_scsiio_precheck, then ctl_scsiio_lun_check.</summary>
public class CommandPathTests
{
    [Test]
    public void FirstCommand_GetsPowerOn_2901()
    {
        var san = new TestSan();
        Expect.Check(san.Run(san.Linux, 0, Cdbs.Tur()), 6, 0x29, 0x01);
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Tur()));
    }

    [Test]
    public void StoppedLun_FailsWrite10_WithNotReady_0402()
    {
        var san = new TestSan().Ready();
        san.Target.StopLun(san.Lun0);
        Expect.Check(san.Run(san.Linux, 0, Cdbs.Write10(0, 8, fua: true), Cdbs.Data(8, 1)), 2, 0x04, 0x02);
    }

    [TestCase(new byte[] { 0x00, 0, 0, 0, 0, 0 }, TestName = "StoppedLun_FailsTestUnitReady_0402")]
    [TestCase(new byte[] { 0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, TestName = "StoppedLun_FailsReadCapacity10_0402")]
    [TestCase(new byte[] { 0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0 }, TestName = "StoppedLun_FailsRead10_0402")]
    [TestCase(new byte[] { 0x35, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, TestName = "StoppedLun_FailsSynchronizeCache10_0402")]
    [TestCase(new byte[] { 0x2F, 0, 0, 0, 0, 0, 0, 0, 1, 0 }, TestName = "StoppedLun_FailsVerify10_0402")]
    public void StoppedLun_FailsMediaCommand(byte[] cdb)
    {
        var san = new TestSan().Ready();
        san.Target.StopLun(san.Lun0);
        Expect.Check(san.Run(san.Linux, 0, cdb), 2, 0x04, 0x02);
    }

    [TestCase(new byte[] { 0x12, 0, 0, 0, 36, 0 }, TestName = "StoppedLun_AllowsInquiry")]
    [TestCase(new byte[] { 0xA0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0 }, TestName = "StoppedLun_AllowsReportLuns")]
    [TestCase(new byte[] { 0x1A, 0, 0x08, 0, 255, 0 }, TestName = "StoppedLun_AllowsModeSense6")]
    [TestCase(new byte[] { 0x1E, 0, 0, 0, 0, 0 }, TestName = "StoppedLun_AllowsPreventAllowPastTheStateCheck")]
    public void StoppedLun_AllowsOkWhileStoppedCommand(byte[] cdb)
    {
        var san = new TestSan().Ready();
        san.Target.StopLun(san.Lun0);
        var c = san.Run(san.Linux, 0, cdb);
        Assert.That(c.Sense.Code, Is.Not.EqualTo(AscAscq.LunNotReadyInitializingCommandRequired));
    }

    [Test]
    public void StoppedLun_RequestSense_ReturnsNoSense_NotTheStoppedState()
    {
        var san = new TestSan().Ready();
        san.Target.StopLun(san.Lun0);
        Expect.Good(san.Run(san.Linux, 0, Cdbs.RequestSense()));
        Assert.That(san.LastData[2] & 0x0F, Is.EqualTo(0));
        Assert.That(san.LastData[12], Is.EqualTo(0));
    }

    [Test]
    public void PendingUnitAttention_IsReportedBeforeNotReady()
    {
        var san = new TestSan();
        san.Target.StopLun(san.Lun0);
        Expect.Check(san.Run(san.Linux, 0, Cdbs.Tur()), 6, 0x29, 0x01);
        Expect.Check(san.Run(san.Linux, 0, Cdbs.Tur()), 2, 0x04, 0x02);
    }

    [Test]
    public void StopFromOnePort_StopsLunForInitiatorOnOtherPort()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Windows, 0, Cdbs.StartStop(start: false, immed: true)));
        Expect.Check(san.Run(san.Linux, 0, Cdbs.Write10(0, 8), Cdbs.Data(8, 1)), 2, 0x04, 0x02);
        Expect.Check(san.Run(san.Linux2, 0, Cdbs.Tur()), 2, 0x04, 0x02);
    }

    [Test]
    public void StopUnit_SetsNoUnitAttention()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Windows, 0, Cdbs.StartStop(start: false, immed: true)));
        Assert.That(san.Lun0.UnitAttentions.Pending(san.Linux), Is.EqualTo(UnitAttention.None));
    }

    [Test]
    public void StartUnit_ClearsStopped()
    {
        var san = new TestSan().Ready();
        san.Run(san.Windows, 0, Cdbs.StartStop(start: false, immed: true));
        Expect.Good(san.Run(san.Windows, 0, Cdbs.StartStop(start: true)));
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Write10(0, 8), Cdbs.Data(8, 1)));
    }

    [Test]
    public void StopOfOneLun_LeavesOtherLunReady()
    {
        var san = new TestSan().Ready();
        san.Run(san.Windows, 0, Cdbs.StartStop(start: false, immed: true));
        Expect.Good(san.Run(san.Linux, 1, Cdbs.Tur()));
    }

    [Test]
    public void NoMediaOnNonRemovableLun_Fails_0403()
    {
        var san = new TestSan().Ready();
        san.Lun0.NoMedia = true;
        Expect.Check(san.Run(san.Linux, 0, Cdbs.Tur()), 2, 0x04, 0x03);
    }

    [Test]
    public void EjectedLun_Fails_3A02_BeforeStopped()
    {
        var san = new TestSan().Ready();
        san.Lun0.Removable = true;
        Expect.Good(san.Run(san.Linux, 0, Cdbs.StartStop(start: false, loej: true)));
        Expect.Check(san.Run(san.Linux, 0, Cdbs.Tur()), 2, 0x3A, 0x02);
    }

    [Test]
    public void NoMediaOnRemovableLun_Fails_3A01()
    {
        var san = new TestSan().Ready();
        san.Lun0.Removable = true;
        san.Lun0.NoMedia = true;
        Expect.Check(san.Run(san.Linux, 0, Cdbs.Tur()), 2, 0x3A, 0x01);
    }

    [TestCase((byte)0x1D, TestName = "UnsupportedOpcode_SendDiagnostic_Fails_0520")]
    [TestCase((byte)0xFF, TestName = "UnknownOpcode_FF_Fails_0520")]
    [TestCase((byte)0x4D, TestName = "UnsupportedOpcode_LogSense_Fails_0520")]
    public void UnsupportedOpcode_Fails_0520(byte opcode)
    {
        var san = new TestSan().Ready();
        var cdb = new byte[16];
        cdb[0] = opcode;
        Expect.Check(san.Run(san.Linux, 0, cdb), 5, 0x20, 0x00);
    }

    [Test]
    public void UnsupportedServiceAction_Fails_0524_AtByte1Bit4()
    {
        var san = new TestSan().Ready();
        var cdb = Cdbs.ReadCapacity16();
        cdb[1] = 0x13;
        var c = san.Run(san.Linux, 0, cdb);
        Expect.Check(c, 5, 0x24, 0x00);
        Assert.That(c.Sense.Field, Is.EqualTo(new FieldPointer(true, 1, 4)));
    }

    [Test]
    public void BitOutsideUsageMask_Fails_0524_WithFieldPointer()
    {
        var san = new TestSan().Ready();
        var cdb = Cdbs.Tur();
        cdb[2] = 0x20;
        var c = san.Run(san.Linux, 0, cdb);
        Expect.Check(c, 5, 0x24, 0x00);
        Assert.That(c.Sense.Field, Is.EqualTo(new FieldPointer(true, 2, 5)));
    }

    [Test]
    public void AbsentLun_Inquiry_ReturnsPeripheralQualifier011()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 7, Cdbs.Inquiry()));
        Assert.That(san.LastData[0], Is.EqualTo(0x7F));
    }

    [Test]
    public void AbsentLun_Write_Fails_0525()
    {
        var san = new TestSan().Ready();
        Expect.Check(san.Run(san.Linux, 7, Cdbs.Write10(0, 1), Cdbs.Data(1, 1)), 5, 0x25, 0x00);
    }

    [Test]
    public void AbsentLun_RequestSense_Returns0525AsData()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 7, Cdbs.RequestSense()));
        Assert.That(san.LastData[2] & 0x0F, Is.EqualTo(5));
        Assert.That(san.LastData[12], Is.EqualTo(0x25));
    }

    [Test]
    public void AbsentLun_ReportLuns_Works()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 7, Cdbs.ReportLuns()));
        Assert.That(san.LastData[3], Is.EqualTo(16));
    }

    [Test]
    public void LunNotInPortMap_IsAbsent_0525()
    {
        var san = new TestSan().Ready();
        san.Target.Ports[3].LunMap.Set(0, 1);
        Expect.Check(san.Run(san.Windows, 1, Cdbs.Tur()), 5, 0x25, 0x00);
    }

    [Test]
    public void PortLunInMap_ReachesMappedLun()
    {
        var san = new TestSan().Ready();
        san.Target.Ports[3].LunMap.Set(0, 1);
        san.ClearAttentions(san.Windows, 0);
        san.Target.StopLun(san.Lun1);
        Expect.Check(san.Run(san.Windows, 0, Cdbs.Tur()), 2, 0x04, 0x02);
    }

    [Test]
    public void OfflinePort_SeesNoLun_0525()
    {
        var san = new TestSan().Ready();
        san.Target.Ports[3].Online = false;
        Expect.Check(san.Run(san.Windows, 0, Cdbs.Tur()), 5, 0x25, 0x00);
    }

    [Test]
    public void ReadOnlyLun_Write_Fails_DataProtect_2701()
    {
        var san = new TestSan().Ready();
        san.Lun0.ReadOnly = true;
        Expect.Check(san.Run(san.Linux, 0, Cdbs.Write10(0, 1), Cdbs.Data(1, 1)), 7, 0x27, 0x01);
    }

    [Test]
    public void ReadOnlyLun_Read_Works()
    {
        var san = new TestSan().Ready();
        san.Lun0.ReadOnly = true;
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Read10(0, 1)));
    }

    [Test]
    public void Spc2Reservation_OtherInitiatorWrite_GetsReservationConflict_NoSense()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Reserve6()));
        var c = san.Run(san.Linux2, 0, Cdbs.Write10(0, 1), Cdbs.Data(1, 1));
        Assert.That(c.Status, Is.EqualTo(ScsiStatus.ReservationConflict));
        Assert.That(c.Sense.IsNone, Is.True);
    }

    [Test]
    public void Spc2ReservationConflict_ComesBeforeNotReady()
    {
        var san = new TestSan().Ready();
        san.Run(san.Linux, 0, Cdbs.Reserve6());
        san.Target.StopLun(san.Lun0);
        Assert.That(san.Run(san.Linux2, 0, Cdbs.Tur()).Status, Is.EqualTo(ScsiStatus.ReservationConflict));
    }

    [Test]
    public void DSenseSet_ReturnsDescriptorSense()
    {
        var san = new TestSan().Ready();
        san.Lun0.ModePages.DescriptorSense = true;
        san.Target.StopLun(san.Lun0);
        var c = san.Run(san.Linux, 0, Cdbs.Tur());
        var buf = new byte[64];
        int n = CtlTarget.WriteSense(san.Lun0, c.Sense, buf);
        Assert.That(buf[0], Is.EqualTo(0x72));
        Assert.That(buf[1..4], Is.EqualTo(new byte[] { 0x02, 0x04, 0x02 }));
        Assert.That(n, Is.EqualTo(8));
    }

    [Test]
    public void DSenseClear_ReturnsFixedSense()
    {
        var san = new TestSan().Ready();
        var buf = new byte[64];
        int n = CtlTarget.WriteSense(san.Lun0, SenseInfo.NotReady(AscAscq.LunNotReadyInitializingCommandRequired), buf);
        Assert.That(buf[0], Is.EqualTo(0x70));
        Assert.That(n, Is.EqualTo(14));
        Assert.That(san.Target.UsesDescriptorSense(san.Linux, 0), Is.False);
    }

    [Test]
    public void ShortDataOut_Fails_0B0E03()
    {
        var san = new TestSan().Ready();
        Expect.Check(san.Run(san.Linux, 0, Cdbs.Write10(0, 8), Cdbs.Data(2, 1)), 0x0B, 0x0E, 0x03);
    }

    [Test]
    public void EmptyCdb_Fails_0520()
    {
        var san = new TestSan().Ready();
        Expect.Check(san.Run(san.Linux, 0, []), 5, 0x20, 0x00);
    }
}

/// <summary>A CDB shorter than its command reads as zero-padded, as in CTL's zeroed ctl_io; the decoder and handlers agree.</summary>
public class ShortCdbTests
{
    [Test]
    public void OneByteTestUnitReady_IsGood()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, [0x00]));
    }

    [Test]
    public void Inquiry_CutBeforeItsAllocationLength_ReturnsNoData()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, [0x12, 0, 0]));
        Assert.That(san.LastData, Is.Empty);
    }

    [Test]
    public void WriteBuffer_WithOnlyItsMode_IsGood_AndTransfersNothing()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, [0x3B, 0x02]));
    }
}
