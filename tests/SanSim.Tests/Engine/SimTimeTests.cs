using SanSim.Engine;

namespace SanSim.Tests.Engine;

public class SimTimeTests
{
    [Test]
    public void KernelTimestamp_HasSixDecimals()
    {
        var t = new SimTime(35771_996877_000);
        Assert.That(t.ToKernelTimestamp(), Is.EqualTo("35771.996877"));
    }

    [TestCase(0L, "0s")]
    [TestCase(250_000_000L, "250ms")]
    [TestCase(90_000_000_000L, "1m30s")]
    [TestCase(39_600_000_000_000L, "11h00m00s")]
    public void ToString_IsCompact(long ns, string expected)
    {
        Assert.That(new SimTime(ns).ToString(), Is.EqualTo(expected));
    }
}
