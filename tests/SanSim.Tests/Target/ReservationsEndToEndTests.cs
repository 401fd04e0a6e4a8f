using System.Buffers.Binary;
using SanSim.Scsi;
using SanSim.Target;
using SanSim.Tests.Target.Reservations;

namespace SanSim.Tests.Target;

/// <summary>Reservations through CtlTarget.Execute: what ctl_scsiio_lun_check refuses, and what protects a LUN.</summary>
public class ReservationsEndToEndTests
{
    private const ulong Key = 0x1234_5678_9ABC_DEF0;

    /// <summary>PERSISTENT RESERVE OUT with its 24-byte parameter list.</summary>
    private static (byte[] Cdb, byte[] Data) PrOut(byte action, ulong key, ulong saKey, byte type = 0) =>
        ([0x5F, action, type, 0, 0, 0, 0, 0, 24, 0], Pr.Parameters(key, saKey));

    private static void RegisterAndReserve(TestSan san, Nexus holder, byte type)
    {
        var (reg, regData) = PrOut(0x00, 0, Key);
        Expect.Good(san.Run(holder, 0, reg, regData));
        var (res, resData) = PrOut(0x01, Key, 0, type);
        Expect.Good(san.Run(holder, 0, res, resData));
    }

    [Test]
    public void WriteExclusive_OtherNexusWrite10_IsReservationConflict_ItsRead10_IsGood()
    {
        var san = new TestSan().Ready();
        RegisterAndReserve(san, san.Linux, type: 1);

        var write = san.Run(san.Linux2, 0, Cdbs.Write10(0, 1), Cdbs.Data(1, 0xAB));
        Assert.That(write.Status, Is.EqualTo(ScsiStatus.ReservationConflict));
        Expect.Good(san.Run(san.Linux2, 0, Cdbs.Read10(0, 1)));
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Write10(0, 1), Cdbs.Data(1, 0xCD)));
    }

    [Test]
    public void ReservedLun_StopUnitFromAnUnregisteredInitiator_IsReservationConflict_AndTheLunKeepsRunning()
    {
        var san = new TestSan().Ready();
        RegisterAndReserve(san, san.Linux, type: 1);

        var stop = san.Run(san.Windows, 0, Cdbs.StartStop(start: false, immed: true));

        Assert.That(stop.Status, Is.EqualTo(ScsiStatus.ReservationConflict));
        Assert.That(san.Lun0.Stopped, Is.False);
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Read10(0, 1)));
    }

    [Test]
    public void ReservedLun_PrReadKeysAndInquiryFromAnUnregisteredInitiator_AreAllowed()
    {
        var san = new TestSan().Ready();
        RegisterAndReserve(san, san.Linux, type: 3);

        Expect.Good(san.Run(san.Windows, 0, [0x5E, 0x00, 0, 0, 0, 0, 0, 0x10, 0, 0]));
        Expect.Good(san.Run(san.Windows, 0, Cdbs.Inquiry()));
        Assert.That(san.Run(san.Windows, 0, Cdbs.Read10(0, 1)).Status, Is.EqualTo(ScsiStatus.ReservationConflict),
            "EXCLUSIVE ACCESS refuses reads too");
    }

    [Test]
    public void Spc2Reserve_OtherNexusWrite_IsReservationConflict_UntilItNexusReset()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.Reserve6()));

        Assert.That(san.Run(san.Linux2, 0, Cdbs.Write10(0, 1), Cdbs.Data(1, 1)).Status, Is.EqualTo(ScsiStatus.ReservationConflict));

        san.Target.ITNexusReset(san.Linux);
        Expect.Good(san.Run(san.Linux2, 0, Cdbs.Write10(0, 1), Cdbs.Data(1, 1)));
    }

    [Test]
    public void ReadFullStatus_ThroughExecute_CarriesTheRegistrantsIscsiTransportId()
    {
        var san = new TestSan().Ready();
        var (reg, regData) = PrOut(0x00, 0, Key);
        Expect.Good(san.Run(san.Linux, 0, reg, regData));

        Expect.Good(san.Run(san.Linux, 0, [0x5E, 0x03, 0, 0, 0, 0, 0, 0x04, 0, 0]));

        int additional = BinaryPrimitives.ReadInt32BigEndian(san.LastData.AsSpan(8 + 20));
        Assert.That(additional, Is.GreaterThan(0), "the LUN knows its target's ports");
        Assert.That(san.LastData[8 + 24] & 0x0F, Is.EqualTo(5), "iSCSI TransportID");
    }

    [Test]
    public void ModeSelectSettingNuar_ReachesThePersistentReservations()
    {
        var san = new TestSan().Ready();
        Expect.Good(san.Run(san.Linux, 0, Cdbs.ModeSense6(0x0A, alloc: 255)));
        var page = san.LastData[(4 + san.LastData[3])..];
        var list = new byte[4 + 12];
        page[..12].CopyTo(list.AsSpan(4));
        list[4] &= 0x3F;
        list[4 + 3] |= 0x08;

        Expect.Good(san.Run(san.Linux, 0, Cdbs.ModeSelect6((byte)list.Length), list));

        Assert.That(san.Lun0.Reservations.NoUnitAttentionOnRelease, Is.True);
        Expect.Good(san.Run(san.Linux, 0, [0x15, 0x02, 0, 0, 0, 0]));
        Assert.That(san.Lun0.Reservations.NoUnitAttentionOnRelease, Is.False, "RTD reverts NUAR too");
    }
}
