using SanSim.Engine;
using SanSim.Hosts;

namespace SanSim.Tests.Hosts;

/// <summary>The slab map of acknowledged sectors behaves as the dictionary of arrays it replaced.</summary>
public class SectorContentMapTests
{
    [TestCase(512)]
    [TestCase(4096)]
    [TestCase(3000)]
    public void SeededSetsRemovesAndClears_MatchADictionaryOfArrays_InContentAndKeyOrder(int recordSize)
    {
        var random = new SimRandom(11).Stream("sector-map");
        var map = new SectorContentMap(recordSize);
        var model = new Dictionary<ulong, byte[]>();
        for (int step = 0; step < 20_000; step++)
        {
            ulong key = (ulong)random.NextInt64(600);
            long action = random.NextInt64(100);
            if (action < 60)
            {
                var record = random.NextByteArray(recordSize);
                map.Set(key, record);
                model[key] = record;
            }
            else if (action < 99)
                Assert.That(map.Remove(key), Is.EqualTo(model.Remove(key)));
            else
            {
                map.Clear();
                model.Clear();
            }
        }
        Assert.That(map.Count, Is.EqualTo(model.Count));
        Assert.That(map.Keys, Is.EqualTo(model.Keys));
        foreach (var (key, expected) in model)
        {
            Assert.That(map.TryGet(key, out var record), Is.True);
            Assert.That(record.SequenceEqual(expected), Is.True, $"key {key}");
        }
        Assert.That(map.TryGet(600, out _), Is.False);
    }

    [Test]
    public void SetOfAnotherRecordSize_IsRefused_AndLeavesTheMapAsItWas()
    {
        var map = new SectorContentMap(512);
        map.Set(7, new byte[512]);
        Assert.That(() => map.Set(8, new byte[511]), Throws.ArgumentException);
        Assert.That(map.Keys, Is.EqualTo(new ulong[] { 7 }));
    }
}
