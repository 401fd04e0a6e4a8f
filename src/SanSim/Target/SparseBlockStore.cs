namespace SanSim.Target;

/// <summary>
/// A LUN's data: only written blocks take memory; a block never written (or unmapped) reads as zeros.
/// A 16 TiB LUN costs nothing until written.
/// </summary>
/// <remarks>
/// Written blocks live in slots of 64 KiB slabs on the pinned object heap, found by LBA through one
/// dictionary. A slab is one object that the garbage collector never moves, so a store of millions of
/// blocks costs the collector a few hundred objects rather than one array per block, and its data is not
/// copied from generation to generation. An unmapped block's slot is reused by the next new block.
/// Memory is about the written data plus 24 bytes of index per block, and at most one partly used slab.
/// </remarks>
public sealed class SparseBlockStore
{
    private const int SlabBytes = 64 * 1024;

    /// <summary>Slot of each written block, by LBA.</summary>
    private readonly Dictionary<ulong, int> _slots = new();
    private readonly List<byte[]> _slabs = new();
    /// <summary>Slots given back by unmap or truncate, reused before new ones.</summary>
    private readonly Stack<int> _free = new();
    private readonly int _slotShift;
    private readonly int _slotMask;
    private int _nextSlot;

    public SparseBlockStore(int blockSize)
    {
        if (blockSize is not (512 or 4096))
            throw new ArgumentOutOfRangeException(nameof(blockSize), blockSize, "block size must be 512 or 4096");
        BlockSize = blockSize;
        int slotsPerSlab = SlabBytes / blockSize;
        _slotShift = System.Numerics.BitOperations.Log2((uint)slotsPerSlab);
        _slotMask = slotsPerSlab - 1;
    }

    public int BlockSize { get; }

    /// <summary>Number of blocks that hold written data.</summary>
    public long WrittenBlocks => _slots.Count;

    /// <summary>Bytes held for block data (whole slabs, used or not), for memory accounting.</summary>
    public long AllocatedBytes => (long)_slabs.Count * SlabBytes;

    /// <summary>Reads <c>destination.Length / BlockSize</c> blocks starting at <paramref name="lba"/>.</summary>
    public void Read(ulong lba, Span<byte> destination)
    {
        int n = destination.Length / BlockSize;
        for (int i = 0; i < n; i++)
        {
            var dst = destination.Slice(i * BlockSize, BlockSize);
            if (_slots.TryGetValue(lba + (ulong)i, out int slot)) Slot(slot).CopyTo(dst);
            else dst.Clear();
        }
    }

    /// <summary>Writes <c>source.Length / BlockSize</c> blocks starting at <paramref name="lba"/>.</summary>
    public void Write(ulong lba, ReadOnlySpan<byte> source)
    {
        int n = source.Length / BlockSize;
        for (int i = 0; i < n; i++)
        {
            ref int slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_slots, lba + (ulong)i, out bool exists);
            if (!exists) slot = NewSlot();
            source.Slice(i * BlockSize, BlockSize).CopyTo(Slot(slot));
        }
    }

    /// <summary>Forgets <paramref name="count"/> blocks from <paramref name="lba"/>; they read as zeros again.</summary>
    public void Unmap(ulong lba, ulong count)
    {
        if (count > (ulong)_slots.Count)
        {
            foreach (var key in _slots.Keys.Where(k => k >= lba && k - lba < count).ToList())
                Forget(key);
            return;
        }
        for (ulong i = 0; i < count; i++)
            Forget(lba + i);
    }

    /// <summary>Whether <paramref name="lba"/> holds written data (is mapped).</summary>
    public bool IsWritten(ulong lba) => _slots.ContainsKey(lba);

    /// <summary>
    /// The first LBA at or after <paramref name="lba"/> whose mapped state differs from that of
    /// <paramref name="lba"/>, or <paramref name="limit"/> when the run reaches it.
    /// </summary>
    public ulong RunEnd(ulong lba, ulong limit)
    {
        if (lba >= limit) return limit;
        if (_slots.ContainsKey(lba))
        {
            ulong b = lba;
            while (b < limit && _slots.ContainsKey(b)) b++;
            return b;
        }
        ulong next = limit;
        foreach (ulong k in _slots.Keys)
            if (k > lba && k < next) next = k;
        return next;
    }

    /// <summary>Forgets every block at or past <paramref name="blockCount"/> (after a shrink).</summary>
    public void Truncate(ulong blockCount)
    {
        foreach (var key in _slots.Keys.Where(k => k >= blockCount).ToList())
            Forget(key);
    }

    private void Forget(ulong lba)
    {
        if (_slots.Remove(lba, out int slot)) _free.Push(slot);
    }

    private int NewSlot()
    {
        if (_free.TryPop(out int slot)) return slot;
        slot = _nextSlot++;
        if ((slot >> _slotShift) == _slabs.Count)
            _slabs.Add(GC.AllocateUninitializedArray<byte>(SlabBytes, pinned: true));
        return slot;
    }

    private Span<byte> Slot(int slot) => _slabs[slot >> _slotShift].AsSpan((slot & _slotMask) * BlockSize, BlockSize);
}
