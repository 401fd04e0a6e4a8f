using System.Runtime.InteropServices;

namespace SanSim.Hosts;

/// <summary>
/// What a host model last saw acknowledged for each sector (or cluster) it wrote: the bytes of a fixed-size
/// record per key, kept in 64 KiB slabs on the pinned object heap and found through a slot index, so the
/// collector sees one object per slab rather than one array per sector and never moves the data. A removed
/// key's slot is reused. Keys enumerate in the order a <see cref="Dictionary{TKey, TValue}"/> given the same
/// sets and removals would enumerate them.
/// </summary>
public sealed class SectorContentMap
{
    private const int SlabBytes = 64 * 1024;

    private readonly Dictionary<ulong, int> _slots = new();
    private readonly List<byte[]> _slabs = new();
    private readonly Stack<int> _free = new();
    private readonly int _recordsPerSlab;
    private int _nextSlot;

    /// <summary>A map of records of <paramref name="recordSize"/> bytes (512 for a sector).</summary>
    public SectorContentMap(int recordSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(recordSize);
        RecordSize = recordSize;
        _recordsPerSlab = Math.Max(1, SlabBytes / recordSize);
    }

    /// <summary>Bytes per record.</summary>
    public int RecordSize { get; }

    /// <summary>How many keys hold a record.</summary>
    public int Count => _slots.Count;

    /// <summary>The keys that hold a record.</summary>
    public IReadOnlyCollection<ulong> Keys => _slots.Keys;

    public bool ContainsKey(ulong key) => _slots.ContainsKey(key);

    /// <summary>The record of <paramref name="key"/>, valid until the key is set, removed or the map cleared.</summary>
    public bool TryGet(ulong key, out ReadOnlySpan<byte> record)
    {
        if (_slots.TryGetValue(key, out int slot))
        {
            record = Slot(slot);
            return true;
        }
        record = default;
        return false;
    }

    /// <summary>The record of <paramref name="key"/>; throws <see cref="KeyNotFoundException"/> when it has none.</summary>
    public ReadOnlySpan<byte> this[ulong key] => Slot(_slots[key]);

    /// <summary>Stores a copy of <paramref name="record"/> (exactly <see cref="RecordSize"/> bytes) under <paramref name="key"/>.</summary>
    internal void Set(ulong key, ReadOnlySpan<byte> record)
    {
        if (record.Length != RecordSize) throw new ArgumentException($"a record is {RecordSize} bytes, not {record.Length}", nameof(record));
        ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_slots, key, out bool exists);
        if (!exists) slot = _free.Count > 0 ? _free.Pop() : NewSlot();
        record.CopyTo(Slot(slot));
    }

    internal bool Remove(ulong key)
    {
        if (!_slots.Remove(key, out int slot)) return false;
        _free.Push(slot);
        return true;
    }

    /// <summary>Forgets every record; the slabs are kept for the next ones.</summary>
    internal void Clear()
    {
        _slots.Clear();
        _free.Clear();
        _nextSlot = 0;
    }

    private int NewSlot()
    {
        int slot = _nextSlot++;
        if (slot / _recordsPerSlab >= _slabs.Count)
            _slabs.Add(GC.AllocateUninitializedArray<byte>(_recordsPerSlab * RecordSize, pinned: true));
        return slot;
    }

    private Span<byte> Slot(int slot) =>
        _slabs[slot / _recordsPerSlab].AsSpan(slot % _recordsPerSlab * RecordSize, RecordSize);
}
