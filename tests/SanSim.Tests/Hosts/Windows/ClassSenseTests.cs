using SanSim.Hosts.Transport;
using SanSim.Hosts.Windows;
using SanSim.Scsi;

namespace SanSim.Tests.Hosts.Windows;

/// <summary>ClassInterpretSenseInfo's decisions, case by case (classpnp class.c).</summary>
public class ClassSenseTests
{
    private static SenseDecision Check(byte key, byte asc, byte ascq, bool write = true) =>
        ClassSense.Interpret(new ScsiResponse
        {
            Status = ScsiStatus.CheckCondition,
            Sense = new SenseInfo((SenseKey)key, new AscAscq(asc, ascq)),
        }, timedOut: false, write);

    [Test]
    public void InitializingCommandRequired_0402_RetriesAtOnce_WithStartUnit_AndNoRetryLog()
    {
        var d = Check(0x02, 0x04, 0x02);
        Assert.That((d.Retry, d.RetryIntervalSeconds, d.StartUnit, d.LogRetryable, d.Status),
            Is.EqualTo((true, 0, true, false, "STATUS_DEVICE_NOT_READY")));
    }

    [Test]
    public void ManualInterventionRequired_0403_IsNotRetried()
    {
        var d = Check(0x02, 0x04, 0x03);
        Assert.That((d.Retry, d.StartUnit, d.Status), Is.EqualTo((false, false, "STATUS_NO_MEDIA_IN_DEVICE")));
    }

    [Test]
    public void BecomingReady_0401_WaitsTheNotReadyRetryInterval()
    {
        var d = Check(0x02, 0x04, 0x01);
        Assert.That((d.Retry, d.RetryIntervalSeconds), Is.EqualTo((true, 10)));
    }

    [Test]
    public void AsymmetricAccessTransition_040A_FallsToTheDefault_StartUnitAndRetry()
    {
        var d = Check(0x02, 0x04, 0x0A);
        Assert.That((d.Retry, d.StartUnit), Is.EqualTo((true, true)));
    }

    [Test]
    public void CauseNotReportable_0400_IsNotRetried()
    {
        Assert.That(Check(0x02, 0x04, 0x00).Retry, Is.False);
    }

    [Test]
    public void ReservationConflict_IsDeviceBusy_NotRetried()
    {
        var d = ClassSense.Interpret(new ScsiResponse { Status = ScsiStatus.ReservationConflict }, false, true);
        Assert.That((d.Retry, d.Status), Is.EqualTo((false, "STATUS_DEVICE_BUSY")));
    }

    [Test]
    public void PowerOnUnitAttention_IsRetried_AndLogsTheRetry()
    {
        var d = Check(0x06, 0x29, 0x01);
        Assert.That((d.Retry, d.LogRetryable), Is.EqualTo((true, true)));
    }

    [Test]
    public void MediumError_IsNotRetried_AndLogsBadBlockEvent7()
    {
        var d = Check(0x03, 0x11, 0x00);
        Assert.That((d.Retry, d.LogEventId), Is.EqualTo((false, (int?)7)));
    }

    [Test]
    public void DataProtect_OnWrite_IsMediaWriteProtected()
    {
        Assert.That(Check(0x07, 0x27, 0x00).Status, Is.EqualTo("STATUS_MEDIA_WRITE_PROTECTED"));
        Assert.That(Check(0x07, 0x27, 0x00, write: false).Status, Is.EqualTo("STATUS_ACCESS_DENIED"));
    }

    [Test]
    public void Timeout_IsRetriedAfterOneSecond()
    {
        var d = ClassSense.Interpret(new ScsiResponse { Outcome = TransportOutcome.Aborted }, timedOut: true, isWrite: true);
        Assert.That((d.Retry, d.RetryIntervalSeconds, d.Status), Is.EqualTo((true, 1, "STATUS_IO_TIMEOUT")));
    }

    [Test]
    public void LostConnection_IsNotRetried_AndLogsNotReadyEvent15()
    {
        var d = ClassSense.Interpret(new ScsiResponse { Outcome = TransportOutcome.NoConnection }, false, true);
        Assert.That((d.Retry, d.LogEventId), Is.EqualTo((false, (int?)15)));
    }
}
