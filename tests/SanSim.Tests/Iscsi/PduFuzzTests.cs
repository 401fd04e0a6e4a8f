using System.Buffers.Binary;
using System.Text;
using SanSim.Engine;
using SanSim.Iscsi;

namespace SanSim.Tests.Iscsi;

/// <summary>
/// Random and mutated PDUs (seeded) thrown at the parser and at whole connections: nothing may escape as an
/// exception, every parse must say what it found, and a connection must end on its own.
/// </summary>
public class PduFuzzTests
{
    /// <summary>Valid initiator PDUs of every kind, the seeds of the mutations.</summary>
    private static Pdu[] Seeds()
    {
        var login = new Pdu(IscsiOpcode.LoginRequest, 0x87) { Immediate = true, Data = Encoding.UTF8.GetBytes("InitiatorName=iqn.2025-01.org.sansim:f\0TargetName=iqn.2025-01.org.sansim:t\0") };
        var command = new Pdu(IscsiOpcode.ScsiCommand, 0xA1) { InitiatorTaskTag = 1, Word20 = 512, Data = new byte[512] };
        command.Bhs[32] = 0x2a;
        command.Bhs[40] = 1;
        var read = new Pdu(IscsiOpcode.ScsiCommand, 0xC1) { InitiatorTaskTag = 2, Word20 = 4096 };
        read.Bhs[32] = 0x28;
        read.Bhs[40] = 8;
        return
        [
            login,
            command,
            read,
            new Pdu(IscsiOpcode.NopOut) { Immediate = true, InitiatorTaskTag = 3, Word20 = Pdu.ReservedTag, Data = new byte[13] },
            new Pdu(IscsiOpcode.TextRequest) { InitiatorTaskTag = 4, Word20 = Pdu.ReservedTag, Data = "SendTargets=All\0"u8.ToArray() },
            new Pdu(IscsiOpcode.DataOut) { InitiatorTaskTag = 1, Word20 = 1, Data = new byte[100] },
            new Pdu(IscsiOpcode.TaskManagementRequest, 0x85) { Immediate = true, InitiatorTaskTag = 5 },
            new Pdu(IscsiOpcode.LogoutRequest, 0x80) { InitiatorTaskTag = 6 },
            new Pdu(IscsiOpcode.Snack, 0x80) { InitiatorTaskTag = 7 },
        ];
    }

    /// <summary>A seed's wire bytes with a few bytes changed, a length rewritten, or cut short.</summary>
    private static byte[] Mutate(SimRandom random, Pdu seed, bool digests)
    {
        var bytes = seed.ToArray(digests && random.Chance(0.5), digests && random.Chance(0.5));
        int flips = (int)random.NextInt64(0, 4);
        for (int i = 0; i < flips; i++)
            bytes[random.NextInt64(bytes.Length)] = (byte)random.NextUInt64();
        if (random.Chance(0.2)) bytes[4] = (byte)random.NextInt64(0, 3);
        if (random.Chance(0.2))
        {
            uint len = (uint)random.NextInt64(0, 1 << 24);
            bytes[5] = (byte)(len >> 16);
            bytes[6] = (byte)(len >> 8);
            bytes[7] = (byte)len;
        }
        if (random.Chance(0.1)) BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(24), (uint)random.NextUInt64());
        if (random.Chance(0.15)) Array.Resize(ref bytes, (int)random.NextInt64(0, bytes.Length));
        return bytes;
    }

    [Test]
    public void Parser_Survives100000RandomAndMutatedPdus()
    {
        var random = new SimRandom(7).Stream("pdu-fuzz");
        var seeds = Seeds();
        int complete = 0, invalid = 0, more = 0, digest = 0;
        for (int i = 0; i < 100_000; i++)
        {
            byte[] input;
            if (random.Chance(0.3))
            {
                input = new byte[random.NextInt64(0, 600)];
                random.NextBytes(input);
            }
            else
            {
                input = Mutate(random, seeds[random.NextInt64(seeds.Length)], digests: true);
            }
            var limits = new PduLimits(random.Chance(0.5) ? 8192 : 262144, random.Chance(0.3), random.Chance(0.3));
            var status = PduParser.TryParse(input, limits, out var pdu, out int needed, out string? error);
            switch (status)
            {
                case PduParseStatus.Complete:
                    complete++;
                    Assert.That(pdu, Is.Not.Null);
                    Assert.That(needed, Is.InRange(48, input.Length));
                    Assert.That(pdu!.Data.Length, Is.EqualTo(pdu.DataSegmentLength));
                    break;
                case PduParseStatus.DataDigestError:
                    digest++;
                    Assert.That(needed, Is.InRange(48, input.Length));
                    break;
                case PduParseStatus.NeedMore:
                    more++;
                    Assert.That(needed, Is.GreaterThan(input.Length));
                    break;
                default:
                    invalid++;
                    Assert.That(error, Is.Not.Null.And.Not.Empty);
                    break;
            }
        }
        Assert.That(new[] { complete, invalid, more }, Has.All.GreaterThan(1000), "the mix reached every outcome");
        Assert.That(complete + invalid + more + digest, Is.EqualTo(100_000));
    }

    [Test]
    public async Task Connections_SurviveMutatedPduStreams_AfterAValidLogin()
    {
        var random = new SimRandom(11).Stream("connection-fuzz");
        var seeds = Seeds();
        var backend = new DirectBackend(DirectBackend.OneLunTarget());
        int fed = 0;
        for (int c = 0; c < 300; c++)
        {
            var input = new MemoryStream();
            var login = seeds[0].ToArray();
            input.Write(login);
            uint cmdSn = 0;
            for (int i = 0; i < 100; i++)
            {
                var seed = seeds[1 + random.NextInt64(seeds.Length - 1)];
                if (seed.Opcode == IscsiOpcode.LogoutRequest && i < 99) seed = seeds[1];
                bool valid = random.Chance(0.95);
                var bytes = valid ? seed.ToArray() : Mutate(random, seed, digests: false);
                if (valid)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), (uint)(i + 10));
                    if (seed.Opcode is not (IscsiOpcode.DataOut or IscsiOpcode.Snack))
                    {
                        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(24), cmdSn);
                        if (!seed.Immediate) cmdSn++;
                    }
                }
                input.Write(bytes);
                fed++;
            }
            var stream = new ScriptedStream(input.ToArray());
            var connection = new IscsiConnection(stream, backend);
            await connection.RunAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.That(connection.Phase, Is.EqualTo(IscsiConnectionPhase.Closed));
        }
        Assert.That(fed, Is.EqualTo(30_000));
        Assert.That(backend.Commands, Is.GreaterThan(1000), "commands reached the target between the mutations");
        Assert.That(backend.Target.Ports[1].Initiators, Is.Empty, "every session ended at the target");
    }

    /// <summary>A stream that reads a fixed script of bytes, then end of stream, and swallows what is written.</summary>
    private sealed class ScriptedStream(byte[] script) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => script.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(count, script.Length - _position);
            Array.Copy(script, _position, buffer, offset, n);
            _position += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) { }
    }
}
