using System.Security.Cryptography;
using System.Text;
using SanSim.Iscsi;

namespace SanSim.Tests.Iscsi;

/// <summary>Login text keys and CHAP (MD5 over identifier, secret and challenge).</summary>
public class TextAndChapTests
{
    [Test]
    public void Keys_ParseInOrder_AndSerialiseBack()
    {
        var text = Encoding.UTF8.GetBytes("InitiatorName=iqn.x\0SessionType=Discovery\0");
        var keys = TextKeys.Parse(text, out _);
        Assert.That(keys, Is.Not.Null);
        Assert.That(keys!["SessionType"], Is.EqualTo("Discovery"));
        Assert.That(keys.Pairs.Select(p => p.Key), Is.EqualTo(new[] { "InitiatorName", "SessionType" }));
        Assert.That(keys.ToBytes(), Is.EqualTo(text));
    }

    [TestCase("NoEquals\0")]
    [TestCase("=value\0")]
    [TestCase("A=1\0A=2\0")]
    public void MalformedKeys_AreRefused(string text)
    {
        Assert.That(TextKeys.Parse(Encoding.UTF8.GetBytes(text), out string? error), Is.Null);
        Assert.That(error, Is.Not.Null);
    }

    [Test]
    public void InvalidUtf8_IsRefused()
    {
        Assert.That(TextKeys.Parse([(byte)'A', (byte)'=', 0xff, 0xfe, 0], out _), Is.Null);
    }

    [Test]
    public void ChapResponse_IsMd5OfIdentifierSecretAndChallenge()
    {
        var challenge = new byte[] { 1, 2, 3, 4 };
        var expected = MD5.HashData([7, .. Encoding.UTF8.GetBytes("secret12chars"), 1, 2, 3, 4]);
        var chap = new ChapChallenge(7, challenge);

        Assert.That(chap.ExpectedResponse("secret12chars"), Is.EqualTo(expected));
        Assert.That(chap.Verify("secret12chars", "0x" + Convert.ToHexString(expected)), Is.True);
        Assert.That(chap.Verify("secret12chars", "0b" + Convert.ToBase64String(expected)), Is.True);
        Assert.That(chap.Verify("wrong-secret", "0x" + Convert.ToHexString(expected)), Is.False);
        Assert.That(chap.Verify("secret12chars", "0xzz"), Is.False);
        Assert.That(chap.ChallengeText, Is.EqualTo("0x01020304"));
    }
}
