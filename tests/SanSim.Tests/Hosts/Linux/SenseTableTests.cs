using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts.Linux;
using SanSim.Target;

namespace SanSim.Tests.Hosts.Linux;

public class SenseTableTests
{
    [TestCase((byte)0x5D, (byte)0x3C, "Add. Sense: Data channel impending failure drive calibration retry count")]
    [TestCase((byte)0x0B, (byte)0x07, "Add. Sense: Warning - degraded power to non-volatile cache")]
    [TestCase((byte)0x2C, (byte)0x0E, "Add. Sense: Zone is offline")]
    [TestCase((byte)0x74, (byte)0x79, "Add. Sense: Security conflict in translated device")]
    [TestCase((byte)0x04, (byte)0x23, "ASC=0x4 ASCQ=0x23 ")]
    [TestCase((byte)0x3B, (byte)0x10, "ASC=0x3b ASCQ=0x10 ")]
    public void KernelTable_NamesOrLeavesAsTheKernelDoes(byte asc, byte ascq, string expected) =>
        Assert.That(ScsiConstants.FormatAdditionalSense(asc, ascq), Is.EqualTo(expected));

    [TestCase((byte)0x2, "Not Ready")]
    [TestCase((byte)0x9, "Vendor Specific(9)")]
    [TestCase((byte)0xC, "Equal")]
    [TestCase((byte)0xF, null)]
    public void SenseKeyNames_AreTheKernelsSnstext(byte key, string? expected) =>
        Assert.That(ScsiConstants.SenseKeyString(key), Is.EqualTo(expected));

    [Test]
    public void SenseKeyF_PrintsAsHex() =>
        Assert.That(KernelFormats.SenseKeyLine(0xF, false, true), Is.EqualTo("Sense Key : 0xf [current] [descriptor] "));
}
