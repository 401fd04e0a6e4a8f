using System.Globalization;
using System.Security.Cryptography;

namespace SanSim.Iscsi;

/// <summary>A CHAP user name and secret a target requires (ctld's auth-group chap entry).</summary>
public sealed record ChapCredentials(string User, string Secret);

/// <summary>
/// CHAP with MD5 (CHAP_A=5) as iSCSI uses it (RFC 7143 §12.1.3, RFC 1994): the target sends an identifier and
/// a challenge, the initiator answers MD5(identifier ‖ secret ‖ challenge). Values travel as "0x" hex or
/// "0b" base64 (RFC 7143 §6.1).
/// </summary>
public sealed class ChapChallenge
{
    /// <summary>Challenge length in bytes (ctld's CHAP_CHALLENGE_LEN).</summary>
    public const int ChallengeLength = 1024;

    public ChapChallenge()
    {
        Identifier = (byte)RandomNumberGenerator.GetInt32(256);
        Challenge = RandomNumberGenerator.GetBytes(ChallengeLength);
    }

    public ChapChallenge(byte identifier, byte[] challenge)
    {
        Identifier = identifier;
        Challenge = challenge;
    }

    public byte Identifier { get; }

    public byte[] Challenge { get; }

    /// <summary>CHAP_I as sent: the identifier in decimal.</summary>
    public string IdentifierText => Identifier.ToString(CultureInfo.InvariantCulture);

    /// <summary>CHAP_C as sent: "0x" and the challenge in hex.</summary>
    public string ChallengeText => "0x" + Convert.ToHexStringLower(Challenge);

    /// <summary>The response the initiator must send for <paramref name="secret"/>.</summary>
    public byte[] ExpectedResponse(string secret) => Response(Identifier, secret, Challenge);

    /// <summary>Whether <paramref name="chapR"/> (hex or base64 text) is the right answer for <paramref name="secret"/>.</summary>
    public bool Verify(string secret, string chapR) =>
        DecodeBinary(chapR) is { } r && CryptographicOperations.FixedTimeEquals(r, ExpectedResponse(secret));

    /// <summary>MD5 over the identifier byte, the secret and the challenge.</summary>
    public static byte[] Response(byte identifier, string secret, ReadOnlySpan<byte> challenge)
    {
        var secretBytes = System.Text.Encoding.UTF8.GetBytes(secret);
        var input = new byte[1 + secretBytes.Length + challenge.Length];
        input[0] = identifier;
        secretBytes.CopyTo(input, 1);
        challenge.CopyTo(input.AsSpan(1 + secretBytes.Length));
        return MD5.HashData(input);
    }

    /// <summary>A binary value from its "0x…" hex or "0b…" base64 text; null when malformed.</summary>
    public static byte[]? DecodeBinary(string text)
    {
        if (text.Length < 3) return null;
        var body = text[2..];
        try
        {
            if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                return Convert.FromHexString(body.Length % 2 == 1 ? "0" + body : body);
            if (text.StartsWith("0b", StringComparison.OrdinalIgnoreCase))
                return Convert.FromBase64String(body);
        }
        catch (FormatException)
        {
        }
        return null;
    }
}
