using SanSim.Target;

namespace SanSim.Tests.Performance;

/// <summary>
/// The slab-backed sparse store behaves as a map from LBA to block: a seeded random sequence of writes,
/// unmaps and reads agrees with a plain dictionary model, and memory follows written blocks, not LUN size.
/// </summary>
public class SparseBlockStoreSlabTests
{
    [TestCase(512)]
    [TestCase(4096)]
    public void RandomWritesUnmapsAndReads_AgreeWithADictionaryModel(int blockSize)
    {
        var store = new SparseBlockStore(blockSize);
        var model = new Dictionary<ulong, byte[]>();
        var random = new Random(1234 + blockSize);
        var buffer = new byte[blockSize * 4];

        for (int step = 0; step < 4000; step++)
        {
            ulong lba = (ulong)random.Next(0, 600);
            int blocks = random.Next(1, 5);
            switch (random.Next(4))
            {
                case 0 or 1:
                    random.NextBytes(buffer);
                    store.Write(lba, buffer.AsSpan(0, blocks * blockSize));
                    for (int i = 0; i < blocks; i++) model[lba + (ulong)i] = buffer.AsSpan(i * blockSize, blockSize).ToArray();
                    break;
                case 2:
                    store.Unmap(lba, (ulong)blocks);
                    for (int i = 0; i < blocks; i++) model.Remove(lba + (ulong)i);
                    break;
                default:
                    store.Read(lba, buffer.AsSpan(0, blocks * blockSize));
                    for (int i = 0; i < blocks; i++)
                    {
                        var expected = model.TryGetValue(lba + (ulong)i, out var b) ? b : new byte[blockSize];
                        Assert.That(buffer.AsSpan(i * blockSize, blockSize).SequenceEqual(expected), Is.True, $"step {step}, LBA {lba + (ulong)i}");
                    }
                    break;
            }
        }
        Assert.That(store.WrittenBlocks, Is.EqualTo(model.Count));
        foreach (ulong lba in new ulong[] { 0, 17, 300, 599 })
            Assert.That(store.IsWritten(lba), Is.EqualTo(model.ContainsKey(lba)));
    }

    [Test]
    public void UnmappedSlots_AreReused_SoRewritingDoesNotGrowTheStore()
    {
        var store = new SparseBlockStore(4096);
        var block = new byte[4096];
        for (ulong lba = 0; lba < 64; lba++) store.Write(lba, block);
        long before = store.AllocatedBytes;

        for (int round = 0; round < 10; round++)
        {
            store.Unmap(0, 64);
            for (ulong lba = 1000; lba < 1064; lba++) store.Write(lba + (ulong)round * 100, block);
            store.Unmap(1000 + (ulong)round * 100, 64);
            for (ulong lba = 0; lba < 64; lba++) store.Write(lba, block);
        }

        Assert.That(store.AllocatedBytes, Is.EqualTo(before));
        Assert.That(store.WrittenBlocks, Is.EqualTo(64));
    }

    [Test]
    public void Memory_FollowsWrittenBlocks_NotTheLunSize()
    {
        var small = new CtlLun(0, 4096, 4096);
        var huge = new CtlLun(1, 4UL << 30, 4096);
        var block = new byte[4096];
        for (ulong i = 0; i < 1000; i++)
        {
            small.Store.Write(i * 4, block);
            huge.Store.Write(i * 4_000_000, block);
        }

        Assert.That(huge.Store.AllocatedBytes, Is.EqualTo(small.Store.AllocatedBytes));
        Assert.That(huge.Store.AllocatedBytes, Is.InRange(1000L * 4096, 1000L * 4096 + 64 * 1024));
    }

    [Test]
    public void RunEnd_And_Truncate_SeeOnlyWrittenBlocks()
    {
        var store = new SparseBlockStore(512);
        store.Write(10, new byte[512 * 3]);
        store.Write(20, new byte[512]);

        Assert.That(store.RunEnd(10, 100), Is.EqualTo(13));
        Assert.That(store.RunEnd(13, 100), Is.EqualTo(20));
        Assert.That(store.RunEnd(21, 100), Is.EqualTo(100));

        store.Truncate(12);

        Assert.That(store.WrittenBlocks, Is.EqualTo(2));
        Assert.That(store.IsWritten(20), Is.False);
    }
}
