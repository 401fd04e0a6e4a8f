using SanSim.Engine;

namespace SanSim.Tests.Engine;

public class SimRandomTests
{
    private static ulong[] Draw(SimRandom r, int n) => Enumerable.Range(0, n).Select(_ => r.NextUInt64()).ToArray();

    [Test]
    public void SameSeed_GivesSameSequence()
    {
        var first = Draw(new SimRandom(42), 16);
        var second = Draw(new SimRandom(42), 16);
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void DifferentSeeds_GiveDifferentSequences()
    {
        Assert.That(Draw(new SimRandom(42), 4), Is.Not.EqualTo(Draw(new SimRandom(43), 4)));
    }

    [Test]
    public void NamedStream_DoesNotDependOnOtherStreamsOrDraws()
    {
        var a = new SimRandom(7);
        var hostA1 = a.Stream("hosts").Stream("k8s-node-1");
        var expected = Draw(hostA1, 8);

        var b = new SimRandom(7);
        Draw(b, 100);
        Draw(b.Stream("hosts").Stream("desktop"), 50);
        var hostB1 = b.Stream("hosts").Stream("k8s-node-1");
        Assert.That(Draw(hostB1, 8), Is.EqualTo(expected));
        Assert.That(hostB1.Path, Is.EqualTo("hosts/k8s-node-1"));
    }

    [Test]
    public void SiblingStreams_Differ()
    {
        var r = new SimRandom(7);
        Assert.That(Draw(r.Stream("a"), 4), Is.Not.EqualTo(Draw(r.Stream("b"), 4)));
    }

    [Test]
    public void NextInt64_StaysInRange_AndCoversIt()
    {
        var r = new SimRandom(3);
        var seen = new HashSet<long>();
        for (int i = 0; i < 2000; i++)
        {
            long v = r.NextInt64(10, 20);
            Assert.That(v, Is.InRange(10, 19));
            seen.Add(v);
        }
        Assert.That(seen, Has.Count.EqualTo(10));
    }

    [Test]
    public void NextDouble_IsInUnitInterval()
    {
        var r = new SimRandom(5);
        for (int i = 0; i < 1000; i++)
            Assert.That(r.NextDouble(), Is.GreaterThanOrEqualTo(0.0).And.LessThan(1.0));
    }
    [TestCase(0)]
    [TestCase(5)]
    [TestCase(8)]
    [TestCase(13)]
    [TestCase(4096)]
    public void NextBytes_IsEachDrawLittleEndian_AndATailTakesTheLowBytesOfOneMoreDraw(int length)
    {
        var draws = Draw(new SimRandom(99), (length + 7) / 8);
        var expected = new byte[length];
        for (int i = 0; i < length; i++)
            expected[i] = (byte)(draws[i / 8] >> (8 * (i % 8)));
        var filled = new byte[length];
        var random = new SimRandom(99);
        random.NextBytes(filled);
        Assert.That(filled, Is.EqualTo(expected));
        Assert.That(random.NextUInt64(), Is.EqualTo(Draw(new SimRandom(99), draws.Length + 1)[^1]));
    }
    [Test]
    public void Fork_DrawsWhatTheStreamWouldDrawNext_AndSkipMovesPastThoseDraws()
    {
        var expected = new byte[4096];
        var reference = new SimRandom(5).Stream("ext4");
        reference.NextUInt64();
        reference.NextBytes(expected);
        ulong after = reference.NextUInt64();

        var stream = new SimRandom(5).Stream("ext4");
        stream.NextUInt64();
        var fork = stream.Fork();
        stream.Skip(4096 / 8);
        Assert.That(stream.NextUInt64(), Is.EqualTo(after));
        var late = new byte[4096];
        fork.NextBytes(late);
        Assert.That(late, Is.EqualTo(expected));
        Assert.That(fork.Path, Is.EqualTo("ext4"));
    }
}
