using System.Buffers.Binary;
using SanSim.Scsi;
using SanSim.Target;
using SanSim.Target.Reservations;

namespace SanSim.Tests.Target.Reservations;

/// <summary>Builds PERSISTENT RESERVE CDBs and parameter lists as bytes, decodes them, and sends them to a LUN.</summary>
internal static class Pr
{
    public static readonly Nexus A = new(1, 0);
    public static readonly Nexus B = new(1, 1);
    public static readonly Nexus C = new(2, 0);

    public const ulong KeyA = 0xAAAA_0000_0000_0001;
    public const ulong KeyB = 0xBBBB_0000_0000_0002;
    public const ulong KeyC = 0xCCCC_0000_0000_0003;

    /// <summary>A LUN whose nexuses start with no pending unit attention, so tests see only what PR commands establish.</summary>
    public static CtlLun NewLun()
    {
        var lun = new CtlLun(0, 2048);
        lun.UnitAttentions.Initial = UnitAttention.None;
        return lun;
    }

    public static Cdb Decode(params byte[] bytes)
    {
        bool ok = CdbDecoder.TryDecode(bytes, out var cdb, out var error);
        Assert.That(ok, Is.True, $"CDB did not decode: {error}");
        return cdb;
    }

    /// <summary>Asserts that the decoder refuses <paramref name="bytes"/> before any handler sees them, and returns its sense.</summary>
    public static SenseInfo Rejected(params byte[] bytes)
    {
        bool ok = CdbDecoder.TryDecode(bytes, out _, out var error);
        Assert.That(ok, Is.False, "CDB was expected to be refused by the decoder");
        return error;
    }

    public static Cdb OutCdb(PersistentReserveOutAction action, PersistentReservationType type = PersistentReservationType.None,
        byte scope = 0, uint parameterListLength = PersistentReserveOutParameters.Length)
    {
        var b = new byte[10];
        b[0] = (byte)ScsiOpcode.PersistentReserveOut;
        b[1] = (byte)action;
        b[2] = (byte)((scope << 4) | (byte)type);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(5, 4), parameterListLength);
        return Decode(b);
    }

    public static Cdb InCdb(byte serviceAction, ushort allocationLength = 0xFFFF)
    {
        var b = new byte[10];
        b[0] = (byte)ScsiOpcode.PersistentReserveIn;
        b[1] = serviceAction;
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(7, 2), allocationLength);
        return Decode(b);
    }

    public static byte[] Parameters(ulong key, ulong serviceActionKey, byte flags = 0)
    {
        var p = new byte[PersistentReserveOutParameters.Length];
        new PersistentReserveOutParameters(key, serviceActionKey, flags).WriteTo(p);
        return p;
    }

    public static ScsiCompletion Out(CtlLun lun, Nexus nexus, PersistentReserveOutAction action, ulong key, ulong serviceActionKey = 0,
        PersistentReservationType type = PersistentReservationType.None) =>
        lun.Reservations.Out(OutCdb(action, type), nexus, Parameters(key, serviceActionKey), lun);

    public static ScsiCompletion Register(CtlLun lun, Nexus nexus, ulong key) =>
        Out(lun, nexus, PersistentReserveOutAction.Register, 0, key);

    public static ScsiCompletion Reserve(CtlLun lun, Nexus nexus, ulong key, PersistentReservationType type) =>
        Out(lun, nexus, PersistentReserveOutAction.Reserve, key, 0, type);

    public static ScsiCompletion Release(CtlLun lun, Nexus nexus, ulong key, PersistentReservationType type) =>
        Out(lun, nexus, PersistentReserveOutAction.Release, key, 0, type);

    public static ScsiCompletion Preempt(CtlLun lun, Nexus nexus, ulong key, ulong victimKey, PersistentReservationType type) =>
        Out(lun, nexus, PersistentReserveOutAction.Preempt, key, victimKey, type);

    /// <summary>Registers A, B and C with their keys; asserts each succeeds.</summary>
    public static void RegisterAll(CtlLun lun)
    {
        Assert.That(Register(lun, A, KeyA).Status, Is.EqualTo(ScsiStatus.Good));
        Assert.That(Register(lun, B, KeyB).Status, Is.EqualTo(ScsiStatus.Good));
        Assert.That(Register(lun, C, KeyC).Status, Is.EqualTo(ScsiStatus.Good));
    }

    /// <summary>Runs PERSISTENT RESERVE IN and returns the bytes it transferred.</summary>
    public static byte[] In(CtlLun lun, Nexus nexus, PersistentReserveInAction action, ushort allocationLength = 0xFFFF)
    {
        var buffer = new byte[0x10000];
        var completion = lun.Reservations.In(InCdb((byte)action, allocationLength), nexus, buffer);
        Assert.That(completion.Status, Is.EqualTo(ScsiStatus.Good));
        return buffer[..completion.DataInLength];
    }

    public static bool HasPending(CtlLun lun, Nexus nexus, UnitAttention ua) => (lun.UnitAttentions.Pending(nexus) & ua) != 0;
}
