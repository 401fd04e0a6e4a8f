using System.Buffers.Binary;
using SanSim.Scsi;
using SanSim.Target;

namespace SanSim.Scenarios.Generation;

/// <summary>
/// The target's command path under a steady load: one CTL target with one port (LUN map off, "All LUNs
/// mapped"), one direct-access LUN of 4 KiB blocks whose size is the working set, and one I_T nexus. Every
/// command goes through <see cref="CtlTarget.Execute"/> — CDB decode and usage-mask check, the port's LUN map,
/// the pending unit attention, write protection, SPC-2 and persistent reservation checks, the media state, the
/// handler and the sparse store — with command tracing off, as a long replay runs it. The CDBs and buffers are
/// built once, so a command allocates nothing once every block of the working set has been written.
/// </summary>
public sealed class CommandPathWorkload
{
    /// <summary>Logical block size of the LUN (4 KiB).</summary>
    public const int BlockSize = 4096;

    private readonly byte[] _tur = new byte[6];
    private readonly byte[] _read10 = [0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0];
    private readonly byte[] _write10 = [0x2A, 0, 0, 0, 0, 0, 0, 0, 1, 0];
    private readonly byte[] _read16 = [0x88, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0];
    private readonly byte[] _inquiry = [0x12, 0, 0, 0, 36, 0];
    private readonly byte[] _readCapacity10 = [0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    private readonly byte[] _requestSense = [0x03, 0, 0, 0, 18, 0];
    private readonly byte[] _modeSense6 = [0x1A, 0x08, 0x3F, 0, 0xFF, 0];
    private readonly byte[] _reportLuns = [0xA0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0];
    private readonly byte[] _dataOut = new byte[BlockSize];
    private readonly byte[] _dataIn = new byte[BlockSize];
    private readonly byte[] _copyArea;
    private uint _next;

    /// <summary>Builds the target with a LUN of <paramref name="workingSetBytes"/> (a multiple of 4 KiB, 16 MiB by default).</summary>
    public CommandPathWorkload(long workingSetBytes = 16L << 20)
    {
        if (workingSetBytes < BlockSize || workingSetBytes % BlockSize != 0 || workingSetBytes > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(workingSetBytes), workingSetBytes, "a multiple of 4096 up to 2 GiB");
        Blocks = (uint)(workingSetBytes / BlockSize);
        Target = new CtlTarget { TraceCommands = false };
        Target.Trace.Enabled = false;
        Target.AddPort(new CtlPort(1, PortFrontend.Iscsi, "iscsi"));
        Target.AddLun(new CtlLun(0, Blocks, BlockSize));
        Nexus = new Nexus(1, 0);
        for (int i = 0; i < _dataOut.Length; i++) _dataOut[i] = (byte)(i * 7 + 1);
        _copyArea = new byte[workingSetBytes];
    }

    public CtlTarget Target { get; }

    /// <summary>The I_T nexus every command comes from.</summary>
    public Nexus Nexus { get; }

    /// <summary>Blocks in the working set.</summary>
    public uint Blocks { get; }

    /// <summary>
    /// Takes the POWER ON unit attention (the first command's CHECK CONDITION) and writes every block once,
    /// so that the store holds the whole working set and later writes overwrite in place.
    /// </summary>
    public void Prime()
    {
        TestUnitReady();
        for (uint lba = 0; lba < Blocks; lba++)
            if (!Write10(lba).IsGood) throw new InvalidOperationException($"priming write of LBA {lba} failed");
        Array.Fill(_copyArea, (byte)1);
    }

    /// <summary>TEST UNIT READY through the whole command path.</summary>
    public ScsiCompletion TestUnitReady() => Target.Execute(Nexus, 0, _tur, default, default);

    /// <summary>READ(10) of one block at <paramref name="lba"/>.</summary>
    public ScsiCompletion Read10(uint lba)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_read10.AsSpan(2, 4), lba);
        return Target.Execute(Nexus, 0, _read10, default, _dataIn);
    }

    /// <summary>WRITE(10) of one block at <paramref name="lba"/>.</summary>
    public ScsiCompletion Write10(uint lba)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_write10.AsSpan(2, 4), lba);
        return Target.Execute(Nexus, 0, _write10, _dataOut, default);
    }

    /// <summary>READ(16) of one block at <paramref name="lba"/>.</summary>
    public ScsiCompletion Read16(ulong lba)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_read16.AsSpan(2, 8), lba);
        return Target.Execute(Nexus, 0, _read16, default, _dataIn);
    }

    /// <summary>Standard INQUIRY, 36 bytes.</summary>
    public ScsiCompletion Inquiry() => Target.Execute(Nexus, 0, _inquiry, default, _dataIn);

    /// <summary>READ CAPACITY(10).</summary>
    public ScsiCompletion ReadCapacity10() => Target.Execute(Nexus, 0, _readCapacity10, default, _dataIn);

    /// <summary>REQUEST SENSE, 18 bytes (NO SENSE once the unit attention is taken).</summary>
    public ScsiCompletion RequestSense() => Target.Execute(Nexus, 0, _requestSense, default, _dataIn);

    /// <summary>MODE SENSE(6), all pages, no block descriptors.</summary>
    public ScsiCompletion ModeSense6() => Target.Execute(Nexus, 0, _modeSense6, default, _dataIn);

    /// <summary>REPORT LUNS, 4 KiB allocation.</summary>
    public ScsiCompletion ReportLuns() => Target.Execute(Nexus, 0, _reportLuns, default, _dataIn);

    /// <summary>Runs <paramref name="count"/> TEST UNIT READY commands; returns how many completed GOOD.</summary>
    public long RunTestUnitReady(long count)
    {
        long good = 0;
        for (long i = 0; i < count; i++)
            if (TestUnitReady().Status == ScsiStatus.Good) good++;
        return good;
    }

    /// <summary>Runs <paramref name="count"/> one-block READ(10)s, walking the working set; returns how many completed GOOD.</summary>
    public long RunReads(long count)
    {
        long good = 0;
        for (long i = 0; i < count; i++)
            if (Read10(NextLba()).Status == ScsiStatus.Good) good++;
        return good;
    }

    /// <summary>Runs <paramref name="count"/> one-block WRITE(10)s, walking the working set; returns how many completed GOOD.</summary>
    public long RunWrites(long count)
    {
        long good = 0;
        for (long i = 0; i < count; i++)
            if (Write10(NextLba()).Status == ScsiStatus.Good) good++;
        return good;
    }

    /// <summary>
    /// The reference the write rate is compared with: <paramref name="count"/> plain 4 KiB copies of the same
    /// data-out buffer into a flat array as large as the working set, walking it block by block. Returns a byte
    /// of the area so the copies cannot be elided.
    /// </summary>
    public int RunCopies(long count)
    {
        var area = _copyArea.AsSpan();
        var src = _dataOut.AsSpan();
        for (long i = 0; i < count; i++)
            src.CopyTo(area.Slice((int)NextLba() * BlockSize, BlockSize));
        return area[(int)(count % Blocks) * BlockSize];
    }

    private uint NextLba()
    {
        uint lba = _next;
        _next = lba + 1 == Blocks ? 0 : lba + 1;
        return lba;
    }
}
