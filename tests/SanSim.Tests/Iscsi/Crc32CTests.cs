using System.Buffers.Binary;
using SanSim.Iscsi;

namespace SanSim.Tests.Iscsi;

/// <summary>CRC32C against the test vectors of RFC 3720 appendix B.4 (bytes as they go on the wire).</summary>
public class Crc32CTests
{
    private static byte[] Wire(uint crc)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, crc);
        return b;
    }

    [Test]
    public void ThirtyTwoZeroBytes_GiveAa36918a()
    {
        Assert.That(Wire(Crc32C.Compute(new byte[32])), Is.EqualTo(new byte[] { 0xaa, 0x36, 0x91, 0x8a }));
    }

    [Test]
    public void ThirtyTwoOnesBytes_Give43aba862()
    {
        Assert.That(Wire(Crc32C.Compute(Enumerable.Repeat((byte)0xff, 32).ToArray())), Is.EqualTo(new byte[] { 0x43, 0xab, 0xa8, 0x62 }));
    }

    [Test]
    public void IncreasingBytes_Give4e79dd46()
    {
        Assert.That(Wire(Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray())), Is.EqualTo(new byte[] { 0x4e, 0x79, 0xdd, 0x46 }));
    }

    [Test]
    public void DecreasingBytes_Give5cdb3f11()
    {
        Assert.That(Wire(Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray())), Is.EqualTo(new byte[] { 0x5c, 0xdb, 0x3f, 0x11 }));
    }

    [Test]
    public void TwoPartDigest_EqualsTheDigestOfTheConcatenation()
    {
        var data = Enumerable.Range(0, 37).Select(i => (byte)(i * 7)).ToArray();
        Assert.That(Crc32C.Compute(data.AsSpan(0, 13), data.AsSpan(13)), Is.EqualTo(Crc32C.Compute(data)));
    }
}
