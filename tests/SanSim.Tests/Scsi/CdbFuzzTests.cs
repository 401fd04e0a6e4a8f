using SanSim.Scsi;

namespace SanSim.Tests.Scsi;

/// <summary>
/// Property test: the decoder never throws on any bytes, and every rejection is 05/20/00 without a field
/// pointer or 05/24/00 with a C/D=1 field pointer inside the CDB. Fixed seed, so a failure reproduces.
/// </summary>
public class CdbFuzzTests
{
    private const int Seed = 0x5A45_1115;
    private const int Iterations = 120_000;

    private static readonly byte[][] ValidCdbs =
    [
        CdbBuilder.TestUnitReady(), CdbBuilder.RequestSense(true), CdbBuilder.Inquiry(true, 0x83),
        CdbBuilder.ReportLuns(), CdbBuilder.ReadCapacity10(), CdbBuilder.ReadCapacity16(),
        CdbBuilder.Read6(5, 8), CdbBuilder.Write6(5, 256), CdbBuilder.Read10(9, 9, true, true), CdbBuilder.Write12(1, 2),
        CdbBuilder.Read16(1UL << 40, 16), CdbBuilder.Write16(3, 3, fua: true), CdbBuilder.SynchronizeCache10(immed: true),
        CdbBuilder.SynchronizeCache16(), CdbBuilder.StartStopUnit(false, immed: true), CdbBuilder.ModeSense6(0x3F),
        CdbBuilder.ModeSense10(0x08, llbaa: true), CdbBuilder.ModeSelect6(12), CdbBuilder.ModeSelect10(20, sp: true),
        CdbBuilder.PersistentReserveIn(ServiceAction.PrInReadFullStatus), CdbBuilder.PersistentReserveOut(ServiceAction.PrOutPreempt, 0, 3),
        CdbBuilder.Reserve6(), CdbBuilder.Release10(), CdbBuilder.PreventAllowMediumRemoval(1), CdbBuilder.WriteSame10(0, 0, true),
        CdbBuilder.WriteSame16(0, 8, true, false, true), CdbBuilder.Unmap(24), CdbBuilder.Verify10(0, 1, 1),
        CdbBuilder.Verify16(0, 1), CdbBuilder.CompareAndWrite(7, 1), CdbBuilder.ReportSupportedOperationCodes(3, true, 0x28),
    ];

    [Test]
    public void RandomMutatedAndTruncatedCdbs_NeverThrow_AndRejectOnlyWith0520Or0524InsideTheCdb()
    {
        var random = new Random(Seed);
        Span<byte> buffer = stackalloc byte[CdbDecoder.MaxLength + 4];
        int accepted = 0, rejected = 0;
        for (int n = 0; n < Iterations; n++)
        {
            int length;
            switch (n % 4)
            {
                case 0:
                    length = random.Next(0, buffer.Length + 1);
                    random.NextBytes(buffer[..length]);
                    break;
                case 1:
                case 2:
                {
                    var valid = ValidCdbs[random.Next(ValidCdbs.Length)];
                    valid.CopyTo(buffer);
                    length = valid.Length;
                    int flips = random.Next(1, 4);
                    for (int f = 0; f < flips; f++)
                        buffer[random.Next(length)] ^= (byte)(1 << random.Next(8));
                    break;
                }
                default:
                {
                    var valid = ValidCdbs[random.Next(ValidCdbs.Length)];
                    valid.CopyTo(buffer);
                    length = random.Next(0, valid.Length);
                    break;
                }
            }

            var cdb = buffer[..length];
            bool ok;
            Cdb decoded;
            SenseInfo sense;
            try
            {
                ok = CdbDecoder.TryDecode(cdb, out decoded, out sense);
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {Seed} iteration {n}: {Convert.ToHexString(cdb)} threw {e}");
                return;
            }

            if (ok)
            {
                accepted++;
                if (decoded.Layout is null || decoded.Length != decoded.Layout.Length || (byte)decoded.Opcode != cdb[0])
                    Assert.Fail($"seed {Seed} iteration {n}: {Convert.ToHexString(cdb)} decoded inconsistently");
                continue;
            }

            rejected++;
            if (!IsAllowedRejection(cdb, sense))
                Assert.Fail($"seed {Seed} iteration {n}: {Convert.ToHexString(cdb)} rejected with {sense} {sense.Field}");
        }

        Assert.That(accepted, Is.GreaterThan(Iterations / 10), "the mutations should keep many CDBs valid");
        Assert.That(rejected, Is.GreaterThan(Iterations / 10), "the mutations should break many CDBs");
    }

    /// <summary>05/20/00 with no field pointer, or 05/24/00 with C/D=1 and a byte/bit inside the CDB's layout.</summary>
    private static bool IsAllowedRejection(ReadOnlySpan<byte> cdb, SenseInfo sense)
    {
        if (sense.Key != SenseKey.IllegalRequest) return false;
        if (sense.Code == AscAscq.InvalidCommandOperationCode) return sense.Field is null;
        if (sense.Code != AscAscq.InvalidFieldInCdb || sense.Field is not { InCdb: true, Bit: <= 7 } field) return false;
        ushort sa = (ushort)(cdb.Length > 1 ? cdb[1] & CdbLayouts.ServiceActionMask : 0);
        if (!CdbLayouts.TryGet(cdb[0], sa, out var layout))
            return CdbLayouts.HasServiceActions(cdb[0]) && field == new FieldPointer(true, 1, 4);
        return field.Byte >= 1 && field.Byte < layout.Length;
    }
}
