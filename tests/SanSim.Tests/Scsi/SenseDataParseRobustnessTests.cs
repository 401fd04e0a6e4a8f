using SanSim.Scsi;

namespace SanSim.Tests.Scsi;

public class SenseDataParseRobustnessTests
{
    [Test]
    public void Empty_IsRejectedWithAnError()
    {
        Assert.That(SenseData.TryParse([], out var p, out var error), Is.False);
        Assert.That(error, Does.Contain("empty"));
        Assert.That(p, Is.Not.Null);
    }

    [TestCase(0x00)]
    [TestCase(0x6F)]
    [TestCase(0x74)]
    [TestCase(0xFF)]
    public void UnknownResponseCode_IsRejectedNamingIt(int b0)
    {
        byte[] data = [(byte)b0, 0, 2, 0, 0, 0, 0, 10, 0, 0, 0, 0, 4, 2, 0, 0, 0, 0];
        Assert.That(SenseData.TryParse(data, out var p, out var error), Is.False);
        Assert.That(error, Does.Contain($"{b0 & 0x7F:X2}h"));
        Assert.That(p.ResponseCode, Is.EqualTo(b0 & 0x7F));
    }

    [TestCase(new byte[] { 0x70 })]
    [TestCase(new byte[] { 0x70, 0x00 })]
    [TestCase(new byte[] { 0x72 })]
    public void BufferEndingBeforeTheSenseKey_IsRejected(byte[] data)
    {
        Assert.That(SenseData.TryParse(data, out var p, out var error), Is.False);
        Assert.That(error, Does.Contain("sense key"));
        Assert.That(p.Truncated, Is.True);
    }

    [Test]
    public void FixedCutAfterTheSenseKey_DecodesTheKeyAndSaysWhatIsMissing()
    {
        byte[] data = [0xF0, 0x00, 0x06, 0x00, 0x00];
        Assert.That(SenseData.TryParse(data, out var p, out _), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(p.Key, Is.EqualTo(SenseKey.UnitAttention));
            Assert.That(p.HasCode, Is.False);
            Assert.That(p.Truncated, Is.True);
            Assert.That(p.Information, Is.Null);
            Assert.That(p.AdditionalLength, Is.EqualTo(-1));
            Assert.That(p.Warnings, Has.Some.Contains("INFORMATION"));
            Assert.That(p.Warnings, Has.Some.Contains("ASC"));
        });
    }

    [Test]
    public void AdditionalLengthPastTheEnd_IsTruncatedButDecoded()
    {
        byte[] data = [0x70, 0, 0x05, 0, 0, 0, 0, 0xF4, 0, 0, 0, 0, 0x24, 0x00];
        Assert.That(SenseData.TryParse(data, out var p, out _), Is.True);
        Assert.That(p.Code, Is.EqualTo(AscAscq.InvalidFieldInCdb));
        Assert.That(p.Truncated, Is.True);
        Assert.That(p.Length, Is.EqualTo(14));
        Assert.That(p.Warnings, Has.Some.Contains("ADDITIONAL LENGTH 244"));
    }

    [Test]
    public void FixedFieldsPastTheAdditionalLength_AreNotRead()
    {
        // Additional length 6: bytes 14-17 hold a field pointer that the sense data does not claim.
        byte[] data = [0x70, 0, 0x05, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0x24, 0x00, 0, 0xC8, 0, 4];
        Assert.That(SenseData.TryParse(data, out var p, out _), Is.True);
        Assert.That(p.Field, Is.Null);
        Assert.That(p.Length, Is.EqualTo(14));
        Assert.That(p.Warnings, Has.Some.Contains("ignored"));
    }

    [Test]
    public void DescriptorRunningPastTheEnd_IsNotListed()
    {
        byte[] data = [0x72, 0x05, 0x24, 0x00, 0, 0, 0, 12, 0x02, 0x06, 0x00, 0x00, 0xC0, 0x00, 0x04, 0x00, 0x00, 0x0A, 0x80, 0x00];
        Assert.That(SenseData.TryParse(data, out var p, out _), Is.True);
        Assert.That(p.Descriptors.Select(d => d.Type), Is.EqualTo(new byte[] { 0x02 }));
        Assert.That(p.Field, Is.EqualTo(new FieldPointer(true, 4, null)));
        Assert.That(p.Warnings, Has.Some.Contains("descriptor 00h at byte 16"));
    }

    [Test]
    public void EveryPrefixOfADescriptorSense_ParsesWithoutThrowing()
    {
        var buf = new byte[SenseData.MaxDescriptorLength];
        int n = SenseData.WriteDescriptor(SenseInfo.InvalidFieldInCdb(9, 2) with { Information = 42 },
            new SenseExtras(true, true, true, 5, 6), buf);
        for (int len = 0; len <= n; len++)
        {
            bool ok = SenseData.TryParse(buf.AsSpan(0, len), out var p, out var error);
            Assert.That(ok, Is.EqualTo(len >= 2), $"prefix {len}: {error}");
            Assert.That(p.Length, Is.LessThanOrEqualTo(len));
        }
    }

    [Test]
    public void RandomBuffers_NeverThrow_AndStayWithinTheBuffer()
    {
        var rng = new Random(20251124);
        var buf = new byte[80];
        for (int i = 0; i < 20000; i++)
        {
            int len = rng.Next(0, buf.Length + 1);
            rng.NextBytes(buf);
            if (len > 0 && rng.Next(4) != 0)
                buf[0] = (byte)(0x70 + rng.Next(4) | (rng.Next(2) << 7));
            if (len > 7 && rng.Next(2) == 0)
                buf[7] = (byte)rng.Next(0, len);
            var span = buf.AsSpan(0, len);
            bool ok = SenseData.TryParse(span, out var p, out var error);
            Assert.That(p, Is.Not.Null);
            if (!ok)
            {
                Assert.That(error, Is.Not.Empty);
                continue;
            }
            Assert.That(p.Length, Is.LessThanOrEqualTo(len));
            foreach (var d in p.Descriptors)
                Assert.That(d.Offset + 2 + d.Length, Is.LessThanOrEqualTo(p.Length));
        }
    }
}
