using System.Buffers.Binary;
using SanSim.Engine;
using SanSim.Scsi;
using SanSim.Target;

namespace SanSim.Tests.Target;

/// <summary>Random and mutated CDBs with random data-out thrown at Execute: no exception, only legal statuses, no stray writes.</summary>
public class ExecuteFuzzTests
{
    private const int Commands = 100_000;

    /// <summary>Valid CDBs to mutate: the data path, state changes and the informational commands.</summary>
    private static readonly byte[][] Seeds =
    [
        Cdbs.Tur(), Cdbs.RequestSense(), Cdbs.Inquiry(), Cdbs.Inquiry(evpd: true, page: 0x83), Cdbs.ReportLuns(),
        Cdbs.Read6(1, 2), Cdbs.Read10(10, 4), Cdbs.Write10(20, 2), Cdbs.Read16(30, 3), Cdbs.Write16(40, 1),
        Cdbs.Verify10(50, 1, true), Cdbs.SyncCache10(), Cdbs.WriteSame10(60, 4), Cdbs.WriteSame16(70, 2, unmap: true),
        Cdbs.CompareAndWrite(80, 1), Cdbs.Unmap(24), Cdbs.ReadCapacity10(), Cdbs.ReadCapacity16(),
        Cdbs.StartStop(start: false, immed: true), Cdbs.StartStop(start: true), Cdbs.PreventAllow(true),
        Cdbs.ModeSense6(0x3F, 0xFF), Cdbs.ModeSense10(0x08), Cdbs.ModeSelect6(16), Cdbs.Reserve6(), Cdbs.Release6(),
        Cdbs.ReportOpcodes(0), Cdbs.ReportOpcodes(2, 0x9E, 0x10),
        [0x5E, 0, 0, 0, 0, 0, 0, 0, 64, 0], [0x5F, 0, 0, 0, 0, 0, 0, 0, 24, 0],
        [0x9E, 0x12, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 24, 0, 0], [0xA3, 0x0A, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0],
        [0xA3, 0x0D, 0x80, 0, 0, 0, 0, 0, 0, 16, 0, 0], [0x3B, 0x02, 0, 0, 0, 0, 0, 2, 0, 0], [0x3C, 0x02, 0, 0, 0, 0, 0, 2, 0, 0],
        [0x15, 0x02, 0, 0, 0, 0], [0x04, 0x10, 0, 0, 0, 0],
    ];

    [TestCase(false, Commands, TestName = "RandomAndMutatedCdbs_NeverThrow_OnlyLegalStatuses_AndLeaveUntouchedBlocksAlone")]
    [TestCase(true, Commands / 5, TestName = "RandomAndMutatedCdbs_WithTracing_NeverThrow_AndLeaveUntouchedBlocksAlone")]
    public void RandomAndMutatedCdbs(bool traced, int commands)
    {
        var san = new TestSan();
        san.Target.TraceCommands = traced;
        var lun = san.Lun0;
        var rnd = new SimRandom(20261124).Stream("fuzz");
        var original = new byte[(int)TestSan.Blocks * 512];
        rnd.NextBytes(original);
        lun.Store.Write(0, original);
        var touched = new bool[TestSan.Blocks];
        var nexuses = new[] { san.Linux, san.Linux2, san.Windows };
        var dataIn = new byte[70_000];
        var statusCounts = new Dictionary<ScsiStatus, int>();
        long untouchedChecked = 0;

        for (int i = 0; i < commands; i++)
        {
            byte[] cdb = NextCdb(rnd);
            byte[] dataOut = new byte[rnd.Chance(0.5) ? rnd.NextInt64(0, 2048) : rnd.NextInt64(0, 8 * 1024)];
            rnd.NextBytes(dataOut);
            if (cdb.Length > 0 && cdb[0] == 0x42 && rnd.Chance(0.7)) dataOut = UnmapList(rnd);
            var nexus = nexuses[rnd.NextInt64(nexuses.Length)];
            ulong portLun = rnd.Chance(0.9) ? 0UL : (ulong)rnd.NextInt64(0, 4);
            var span = dataIn.AsSpan(0, (int)rnd.NextInt64(0, dataIn.Length));

            ScsiCompletion c;
            try
            {
                c = san.Target.Execute(nexus, portLun, cdb, dataOut, span);
            }
            catch (Exception e)
            {
                Assert.Fail($"command {i} {Convert.ToHexString(cdb)} from {nexus} threw {e}");
                return;
            }
            Assert.That(c.Status, Is.AnyOf(ScsiStatus.Good, ScsiStatus.CheckCondition, ScsiStatus.ReservationConflict), $"command {i} {Convert.ToHexString(cdb)}");
            Assert.That(c.DataInLength, Is.InRange(0, span.Length));
            statusCounts[c.Status] = statusCounts.GetValueOrDefault(c.Status) + 1;
            if (c.IsGood && portLun == 0) MarkTouched(cdb, dataOut, touched);
            if (i % CheckpointEvery == CheckpointEvery - 1)
                untouchedChecked += Checkpoint(lun, original, touched, i);
        }

        Assert.That(untouchedChecked, Is.GreaterThan(commands / CheckpointEvery * 100));
        if (traced) Assert.That(san.Sim.Trace.Events.Count(e => e.Kind == TraceKind.Completion), Is.EqualTo(commands));
        Assert.That(statusCounts.GetValueOrDefault(ScsiStatus.Good), Is.GreaterThan(1000));
    }

    /// <summary>Commands between comparisons of the blocks no successful write addressed.</summary>
    private const int CheckpointEvery = 500;

    /// <summary>
    /// Checks that every block no successful write addressed since the last checkpoint still holds what it
    /// held then; then takes the LUN's data as the new reference. Returns how many blocks were checked.
    /// </summary>
    private static int Checkpoint(CtlLun lun, byte[] reference, bool[] touched, int command)
    {
        var now = new byte[reference.Length];
        lun.Store.Read(0, now);
        int checkedBlocks = 0;
        for (int b = 0; b < touched.Length; b++)
        {
            if (!touched[b])
            {
                checkedBlocks++;
                if (!now.AsSpan(b * 512, 512).SequenceEqual(reference.AsSpan(b * 512, 512)))
                    Assert.Fail($"block {b} changed without a write (checkpoint after command {command})");
            }
            touched[b] = false;
        }
        now.CopyTo(reference, 0);
        return checkedBlocks;
    }

    private static byte[] NextCdb(SimRandom rnd)
    {
        if (rnd.Chance(0.3))
        {
            var raw = new byte[rnd.NextInt64(0, 20)];
            rnd.NextBytes(raw);
            return raw;
        }
        var cdb = (byte[])Seeds[rnd.NextInt64(Seeds.Length)].Clone();
        int mutations = (int)rnd.NextInt64(0, 4);
        for (int m = 0; m < mutations && cdb.Length > 1; m++)
        {
            int at = (int)rnd.NextInt64(1, cdb.Length);
            cdb[at] = rnd.Chance(0.5) ? (byte)rnd.NextUInt64() : (byte)(cdb[at] ^ (1 << (int)rnd.NextInt64(8)));
        }
        if (rnd.Chance(0.05)) cdb = cdb[..(int)rnd.NextInt64(0, cdb.Length)];
        return cdb;
    }

    private static byte[] UnmapList(SimRandom rnd)
    {
        int n = (int)rnd.NextInt64(0, 4);
        var p = new byte[8 + 16 * n];
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(0, 2), (ushort)(p.Length - 2));
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2, 2), (ushort)(16 * n));
        for (int i = 0; i < n; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(p.AsSpan(8 + 16 * i, 8), (ulong)rnd.NextInt64(0, (long)TestSan.Blocks + 8));
            BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(16 + 16 * i, 4), (uint)rnd.NextInt64(0, 64));
        }
        return p;
    }

    /// <summary>Marks the blocks a successful command may have changed.</summary>
    private static void MarkTouched(byte[] cdb, byte[] dataOut, bool[] touched)
    {
        if (!CdbDecoder.TryDecode(cdb, out var d, out _)) return;
        ulong lba = d.Lba, len = d.TransferLength;
        switch (d.Opcode)
        {
            case ScsiOpcode.Write6 or ScsiOpcode.Write10 or ScsiOpcode.Write12 or ScsiOpcode.Write16
                or ScsiOpcode.WriteAndVerify10 or ScsiOpcode.WriteAndVerify16 or ScsiOpcode.CompareAndWrite:
                break;
            case ScsiOpcode.WriteSame10 or ScsiOpcode.WriteSame16:
                if (len == 0) len = (ulong)touched.Length - Math.Min(lba, (ulong)touched.Length);
                break;
            case ScsiOpcode.Unmap:
                int descLen = dataOut.Length >= 4 ? BinaryPrimitives.ReadUInt16BigEndian(dataOut.AsSpan(2, 2)) : 0;
                for (int o = 8; o + 16 <= dataOut.Length && o < 8 + descLen; o += 16)
                    Mark(touched, BinaryPrimitives.ReadUInt64BigEndian(dataOut.AsSpan(o, 8)), BinaryPrimitives.ReadUInt32BigEndian(dataOut.AsSpan(o + 8, 4)));
                return;
            default:
                return;
        }
        Mark(touched, lba, len);
    }

    private static void Mark(bool[] touched, ulong lba, ulong len)
    {
        for (ulong b = lba; b < lba + len && b < (ulong)touched.Length; b++) touched[b] = true;
    }
}
