namespace SanSim.Target;

/// <summary>
/// A LUN's data: only written blocks take memory; a block never written (or unmapped) reads as zeros.
/// A 16 TiB LUN costs nothing until written.
/// </summary>
public sealed class SparseBlockStore
{
    /// <summary>Written blocks by LBA; each array is exactly <see cref="BlockSize"/> bytes.</summary>
    private readonly Dictionary<ulong, byte[]> _blocks = new();

    public SparseBlockStore(int blockSize)
    {
        if (blockSize is not (512 or 4096))
            throw new ArgumentOutOfRangeException(nameof(blockSize), blockSize, "block size must be 512 or 4096");
        BlockSize = blockSize;
    }

    public int BlockSize { get; }

    /// <summary>Number of blocks that hold written data.</summary>
    public long WrittenBlocks => _blocks.Count;

    /// <summary>Reads <c>destination.Length / BlockSize</c> blocks starting at <paramref name="lba"/>.</summary>
    public void Read(ulong lba, Span<byte> destination)
    {
        int n = destination.Length / BlockSize;
        for (int i = 0; i < n; i++)
        {
            var dst = destination.Slice(i * BlockSize, BlockSize);
            if (_blocks.TryGetValue(lba + (ulong)i, out var b)) b.CopyTo(dst);
            else dst.Clear();
        }
    }

    /// <summary>Writes <c>source.Length / BlockSize</c> blocks starting at <paramref name="lba"/>.</summary>
    public void Write(ulong lba, ReadOnlySpan<byte> source)
    {
        int n = source.Length / BlockSize;
        for (int i = 0; i < n; i++)
        {
            ulong key = lba + (ulong)i;
            if (!_blocks.TryGetValue(key, out var b))
            {
                b = new byte[BlockSize];
                _blocks[key] = b;
            }
            source.Slice(i * BlockSize, BlockSize).CopyTo(b);
        }
    }

    /// <summary>Forgets <paramref name="count"/> blocks from <paramref name="lba"/>; they read as zeros again.</summary>
    public void Unmap(ulong lba, ulong count)
    {
        if (count > (ulong)_blocks.Count)
        {
            foreach (var key in _blocks.Keys.Where(k => k >= lba && k - lba < count).ToList())
                _blocks.Remove(key);
            return;
        }
        for (ulong i = 0; i < count; i++)
            _blocks.Remove(lba + i);
    }

    /// <summary>Whether <paramref name="lba"/> holds written data (is mapped).</summary>
    public bool IsWritten(ulong lba) => _blocks.ContainsKey(lba);

    /// <summary>
    /// The first LBA at or after <paramref name="lba"/> whose mapped state differs from that of
    /// <paramref name="lba"/>, or <paramref name="limit"/> when the run reaches it.
    /// </summary>
    public ulong RunEnd(ulong lba, ulong limit)
    {
        if (lba >= limit) return limit;
        if (_blocks.ContainsKey(lba))
        {
            ulong b = lba;
            while (b < limit && _blocks.ContainsKey(b)) b++;
            return b;
        }
        ulong next = limit;
        foreach (ulong k in _blocks.Keys)
            if (k > lba && k < next) next = k;
        return next;
    }

    /// <summary>Forgets every block at or past <paramref name="blockCount"/> (after a shrink).</summary>
    public void Truncate(ulong blockCount)
    {
        foreach (var key in _blocks.Keys.Where(k => k >= blockCount).ToList())
            _blocks.Remove(key);
    }
}
