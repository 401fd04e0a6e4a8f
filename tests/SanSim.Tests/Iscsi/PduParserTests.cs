using SanSim.Iscsi;

namespace SanSim.Tests.Iscsi;

/// <summary>Framing and checking of initiator PDUs: lengths, padding, digests, opcodes, limits.</summary>
public class PduParserTests
{
    private static Pdu NopOut(int dataLength)
    {
        var pdu = new Pdu(IscsiOpcode.NopOut) { Immediate = true, InitiatorTaskTag = 7, Word20 = Pdu.ReservedTag };
        pdu.Data = Enumerable.Range(0, dataLength).Select(i => (byte)i).ToArray();
        return pdu;
    }

    [TestCase(false, false)]
    [TestCase(true, false)]
    [TestCase(true, true)]
    public void PduWithPaddingAndDigests_RoundTrips(bool headerDigest, bool dataDigest)
    {
        var bytes = NopOut(5).ToArray(headerDigest, dataDigest);
        var status = PduParser.TryParse(bytes, new PduLimits(8192, headerDigest, dataDigest), out var pdu, out int needed, out _);

        Assert.That(status, Is.EqualTo(PduParseStatus.Complete));
        Assert.That(needed, Is.EqualTo(bytes.Length));
        Assert.That(bytes, Has.Length.EqualTo(48 + 8 + (headerDigest ? 4 : 0) + (dataDigest ? 4 : 0)));
        Assert.That(pdu!.Data.ToArray(), Is.EqualTo(new byte[] { 0, 1, 2, 3, 4 }));
        Assert.That(pdu.InitiatorTaskTag, Is.EqualTo(7u));
        Assert.That(pdu.Immediate, Is.True);
    }

    [Test]
    public void TruncatedPdu_NeedsMore_WithItsWholeLength()
    {
        var bytes = NopOut(100).ToArray();
        Assert.That(PduParser.TryParse(bytes.AsSpan(0, 20), PduLimits.Login, out _, out int before, out _), Is.EqualTo(PduParseStatus.NeedMore));
        Assert.That(before, Is.EqualTo(48));
        Assert.That(PduParser.TryParse(bytes.AsSpan(0, 60), PduLimits.Login, out _, out int needed, out _), Is.EqualTo(PduParseStatus.NeedMore));
        Assert.That(needed, Is.EqualTo(148));
    }

    [Test]
    public void CorruptHeaderDigest_IsInvalid()
    {
        var bytes = NopOut(0).ToArray(headerDigest: true);
        bytes[48] ^= 1;
        Assert.That(PduParser.TryParse(bytes, new PduLimits(8192, true, false), out _, out _, out string? error), Is.EqualTo(PduParseStatus.Invalid));
        Assert.That(error, Does.Contain("header digest"));
    }

    [Test]
    public void CorruptDataDigest_IsDataDigestError_WithThePduFramed()
    {
        var bytes = NopOut(8).ToArray(dataDigest: true);
        bytes[50] ^= 0x80;
        var status = PduParser.TryParse(bytes, new PduLimits(8192, false, true), out var pdu, out int needed, out _);
        Assert.That(status, Is.EqualTo(PduParseStatus.DataDigestError));
        Assert.That(pdu, Is.Not.Null);
        Assert.That(needed, Is.EqualTo(bytes.Length));
    }

    [Test]
    public void DataSegmentOverMaxRecvDataSegmentLength_IsInvalid()
    {
        var bytes = NopOut(9000).ToArray();
        Assert.That(PduParser.TryParse(bytes, PduLimits.Login, out _, out _, out string? error), Is.EqualTo(PduParseStatus.Invalid));
        Assert.That(error, Does.Contain("exceeding MaxRecvDataSegmentLength 8192"));
    }

    [TestCase(IscsiOpcode.ScsiResponse)]
    [TestCase(IscsiOpcode.DataIn)]
    [TestCase(IscsiOpcode.Reject)]
    public void TargetOpcodeFromAnInitiator_IsInvalid(IscsiOpcode opcode)
    {
        var bytes = new Pdu(opcode).ToArray();
        Assert.That(PduParser.TryParse(bytes, PduLimits.Login, out _, out _, out string? error), Is.EqualTo(PduParseStatus.Invalid));
        Assert.That(error, Does.Contain("unsupported opcode"));
    }

    [Test]
    public void ExtendedCdbAhs_LengthensTheCdb()
    {
        var pdu = new Pdu(IscsiOpcode.ScsiCommand);
        pdu.Bhs[32] = 0x7f;
        pdu.Ahs = [0x00, 0x11, 0x01, 0x00, .. Enumerable.Range(100, 16).Select(i => (byte)i), 0, 0, 0, 0];
        var cdb = pdu.Cdb();
        Assert.That(cdb, Has.Length.EqualTo(32));
        Assert.That(cdb[0], Is.EqualTo(0x7f));
        Assert.That(cdb[16], Is.EqualTo(100));
    }

    [Test]
    public void LunField_DecodesPeripheralAndFlatAddressing_AsCtlDoes()
    {
        Assert.That(IscsiConnection.DecodeLun(0x0005_0000_0000_0000UL), Is.EqualTo(5UL));
        Assert.That(IscsiConnection.DecodeLun(0x4105_0000_0000_0000UL), Is.EqualTo(0x105UL));
        Assert.That(IscsiConnection.DecodeLun(0xC000_0000_0000_0000UL), Is.EqualTo(ulong.MaxValue));
        Assert.That(IscsiConnection.DecodeLun(0x0000_0000_0000_0001UL), Is.EqualTo(ulong.MaxValue));
    }
}
