using System.Buffers.Binary;
using SanSim.Scsi;

namespace SanSim.Target.Commands;

/// <summary>One mode page of a LUN: its code, subpage and current, changeable and default bytes (page header included).</summary>
public sealed class ModePage
{
    internal ModePage(byte code, byte subpage, byte[] defaults, byte[] changeable)
    {
        Code = code;
        Subpage = subpage;
        Default = defaults;
        Changeable = changeable;
        Current = (byte[])defaults.Clone();
    }

    public byte Code { get; }
    public byte Subpage { get; }
    /// <summary>True for a sub-page format page (SPF): a 4-byte header with a 2-byte page length.</summary>
    public bool HasSubpageFormat => Subpage != 0;
    public byte[] Current { get; }
    public byte[] Changeable { get; }
    public byte[] Default { get; }
    public int Length => Default.Length;

    /// <summary>The bytes for MODE SENSE page control 0 (current), 1 (changeable) or 2 (default).</summary>
    public byte[] ForPageControl(int pc) => pc switch { 1 => Changeable, 2 => Default, _ => Current };
}

/// <summary>
/// A LUN's mode pages, as CTL's page index holds them for a direct-access LUN: Read-Write Error Recovery (01h),
/// Format Device (03h), Rigid Disk Geometry (04h), Verify Error Recovery (07h), Caching (08h), Control (0Ah),
/// Control Extension (0Ah/01h), Informational Exceptions Control (1Ch) and Logical Block Provisioning
/// (1Ch/02h), with CTL's default and changeable values (ctl.c templates, ctl_init_page_index).
/// </summary>
public sealed class ModePageSet
{
    public const byte ReadWriteErrorRecovery = 0x01;
    public const byte FormatDevice = 0x03;
    public const byte RigidDiskGeometry = 0x04;
    public const byte VerifyErrorRecovery = 0x07;
    public const byte Caching = 0x08;
    public const byte Control = 0x0A;
    public const byte InformationalExceptions = 0x1C;

    /// <summary>Pages in the order MODE SENSE returns them (page code, then subpage).</summary>
    public IReadOnlyList<ModePage> Pages { get; }

    /// <summary>CTL_DEFAULT_SECTORS_PER_TRACK and CTL_DEFAULT_HEADS: the made-up geometry of pages 03h and 04h.</summary>
    private const int SectorsPerTrack = 256, Heads = 128;
    /// <summary>CTL_DEFAULT_ROTATION_RATE (SVPD_NON_ROTATING).</summary>
    private const int RotationRate = 1;

    public ModePageSet() : this(512, 0)
    {
    }

    /// <summary>The pages of a LUN of <paramref name="blockCount"/> blocks of <paramref name="blockSize"/> bytes (pages 03h and 04h carry the geometry).</summary>
    public ModePageSet(int blockSize, ulong blockCount)
    {
        Pages = new[]
        {
            new ModePage(ReadWriteErrorRecovery, 0,
                [0x01, 0x0A, 0xC0, 0, 0, 0, 0, 0x80, 0, 0, 0, 0],
                [0x01, 0x0A, 0x04, 0, 0, 0, 0, 0x80, 0, 0, 0, 0]),
            new ModePage(FormatDevice, 0, FormatPage(blockSize), Header(FormatDevice, 24)),
            new ModePage(RigidDiskGeometry, 0, RigidDiskPage(blockCount), Header(RigidDiskGeometry, 24)),
            new ModePage(VerifyErrorRecovery, 0,
                [0x07, 0x0A, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
                [0x07, 0x0A, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            new ModePage(Caching, 0,
                [0x08, 0x12, 0x14, 0, 0xFF, 0xFF, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0],
                [0x08, 0x12, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            new ModePage(Control, 0,
                [0x0A, 0x0A, 0x00, 0x00, 0x00, 0x40, 0, 0, 0, 0, 0, 0],
                [0x0A, 0x0A, 0x04, 0xF8, 0x08, 0x00, 0, 0, 0, 0, 0, 0]),
            new ModePage(Control, 0x01,
                ControlExtension(0),
                ControlExtension(0xFF)),
            new ModePage(InformationalExceptions, 0,
                [0x1C, 0x0A, 0x10, 0x00, 0, 0, 0, 0, 0, 0, 0, 1],
                [0x1C, 0x0A, 0x1D, 0x0F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]),
            new ModePage(InformationalExceptions, 0x02, ProvisioningPage(defaults: true), ProvisioningPage(defaults: false)),
        };
    }

    /// <summary>A page of <paramref name="length"/> bytes holding only its code and length (all fields unchangeable).</summary>
    private static byte[] Header(byte code, int length)
    {
        var p = new byte[length];
        p[0] = code;
        p[1] = (byte)(length - 2);
        return p;
    }

    /// <summary>Format Device page: sectors per track, bytes per sector (the block size), HSEC.</summary>
    private static byte[] FormatPage(int blockSize)
    {
        var p = Header(FormatDevice, 24);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(10, 2), SectorsPerTrack);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(12, 2), (ushort)blockSize);
        p[20] = 0x40;
        return p;
    }

    /// <summary>Rigid Disk Geometry page: cylinders from the capacity (blocks / (256 × 128), at most 2^24 - 1), 128 heads, rotation rate.</summary>
    private static byte[] RigidDiskPage(ulong blockCount)
    {
        var p = Header(RigidDiskGeometry, 24);
        ulong cylinders = Math.Min(blockCount >> 15, 0xFFFFFF);
        p[2] = (byte)(cylinders >> 16);
        p[3] = (byte)(cylinders >> 8);
        p[4] = (byte)cylinders;
        p[5] = Heads;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(20, 2), RotationRate);
        return p;
    }

    /// <summary>Logical Block Provisioning page (1Ch/02h): SITUA changeable, four threshold descriptors (resources 01h, 02h, F1h, F2h), none armed.</summary>
    private static byte[] ProvisioningPage(bool defaults)
    {
        var p = new byte[48];
        p[0] = 0x40 | InformationalExceptions;
        p[1] = 0x02;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2, 2), 44);
        if (defaults)
        {
            byte[] resources = [0x01, 0x02, 0xF1, 0xF2];
            for (int i = 0; i < 4; i++) p[16 + 8 * i + 1] = resources[i];
        }
        else
        {
            p[4] = 0x01;
        }
        return p;
    }

    /// <summary>The page with <paramref name="code"/> and <paramref name="subpage"/>, or null.</summary>
    public ModePage? Find(byte code, byte subpage)
    {
        foreach (var p in Pages)
            if (p.Code == code && p.Subpage == subpage) return p;
        return null;
    }

    private ModePage ControlPage => Find(Control, 0)!;
    private ModePage CachingPage => Find(Caching, 0)!;

    /// <summary>D_SENSE (Control page byte 2 bit 2): sense data in descriptor format.</summary>
    public bool DescriptorSense
    {
        get => (ControlPage.Current[2] & 0x04) != 0;
        set => ControlPage.Current[2] = (byte)(value ? ControlPage.Current[2] | 0x04 : ControlPage.Current[2] & ~0x04);
    }

    /// <summary>SWP (Control page byte 4 bit 3): software write protect; writes fail with 07/27/02.</summary>
    public bool SoftwareWriteProtect => (ControlPage.Current[4] & 0x08) != 0;

    /// <summary>NUAR (Control page byte 3 bit 3): no unit attention on release of a persistent reservation.</summary>
    public bool NoUnitAttentionOnRelease => (ControlPage.Current[3] & 0x08) != 0;

    /// <summary>WCE (Caching page byte 2 bit 2): write cache enabled.</summary>
    public bool WriteCacheEnabled => (CachingPage.Current[2] & 0x04) != 0;

    /// <summary>RCD (Caching page byte 2 bit 0): read cache disabled.</summary>
    public bool ReadCacheDisabled => (CachingPage.Current[2] & 0x01) != 0;

    private static byte[] ControlExtension(byte maxSense)
    {
        var p = new byte[32];
        p[0] = 0x40 | Control;
        p[1] = 0x01;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2, 2), 28);
        p[6] = maxSense;
        return p;
    }
}

/// <summary>MODE SENSE(6/10) and MODE SELECT(6/10) (ctl_mode_sense, ctl_mode_select).</summary>
internal static class ModeCommands
{
    public static ScsiCompletion ModeSense(CtlTarget target, ref CommandContext ctx)
    {
        var lun = ctx.Lun!;
        ref readonly var cdb = ref ctx.Cdb;
        bool six = cdb.Opcode == ScsiOpcode.ModeSense6;
        if (cdb.PageControl == 3)
            return ScsiCompletion.Check(SenseInfo.IllegalRequest(AscAscq.SavingParametersNotSupported));

        var pages = new List<ModePage>();
        byte code = cdb.PageCode, sub = cdb.SubpageCode;
        foreach (var p in lun.ModePages.Pages)
        {
            bool codeMatches = code == 0x3F || p.Code == code;
            bool subMatches = sub == 0xFF || p.Subpage == sub;
            if (codeMatches && subMatches) pages.Add(p);
        }
        if (pages.Count == 0)
            return ScsiCompletion.Check(SenseInfo.InvalidFieldInCdb(2, 5));

        bool llba = !six && cdb.LongLba;
        int bdLen = cdb.DisableBlockDescriptors ? 0 : llba ? 16 : 8;
        int headerLen = six ? 4 : 8;
        int total = headerLen + bdLen;
        foreach (var p in pages) total += p.Length;

        Span<byte> buf = total <= 512 ? stackalloc byte[total] : new byte[total];
        buf.Clear();
        byte devSpecific = 0x10;
        if (lun.ReadOnly || lun.ModePages.SoftwareWriteProtect) devSpecific |= 0x80;
        if (six)
        {
            buf[0] = (byte)Math.Min(total - 1, 255);
            buf[2] = devSpecific;
            buf[3] = (byte)bdLen;
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(buf[..2], (ushort)(total - 2));
            buf[3] = devSpecific;
            if (llba) buf[4] = 0x01;
            BinaryPrimitives.WriteUInt16BigEndian(buf.Slice(6, 2), (ushort)bdLen);
        }
        int o = headerLen;
        if (bdLen == 8)
        {
            ulong blocks = lun.BlockCount;
            BinaryPrimitives.WriteUInt32BigEndian(buf.Slice(o, 4), blocks > uint.MaxValue ? uint.MaxValue : (uint)blocks);
            buf[o + 5] = (byte)(lun.BlockSize >> 16);
            buf[o + 6] = (byte)(lun.BlockSize >> 8);
            buf[o + 7] = (byte)lun.BlockSize;
        }
        else if (bdLen == 16)
        {
            BinaryPrimitives.WriteUInt64BigEndian(buf.Slice(o, 8), lun.BlockCount);
            BinaryPrimitives.WriteUInt32BigEndian(buf.Slice(o + 12, 4), (uint)lun.BlockSize);
        }
        o += bdLen;
        foreach (var p in pages)
        {
            p.ForPageControl(cdb.PageControl).CopyTo(buf[o..]);
            o += p.Length;
        }
        return ScsiCompletion.Good(ctx.ReturnData(buf, cdb.AllocationLength));
    }

    public static ScsiCompletion ModeSelect(CtlTarget target, ref CommandContext ctx)
    {
        var lun = ctx.Lun!;
        ref readonly var cdb = ref ctx.Cdb;
        bool six = cdb.Opcode == ScsiOpcode.ModeSelect6;
        if (!cdb.PageFormat)
            return ScsiCompletion.Check(SenseInfo.InvalidFieldInCdb(1, 4));
        int paramLen = (int)cdb.AllocationLength;
        if (paramLen == 0) return ScsiCompletion.Good();
        if (!ctx.TryGetDataOut(paramLen, out var data, out var shortData)) return shortData;

        int headerLen = six ? 4 : 8;
        if (paramLen < headerLen)
            return ScsiCompletion.Check(SenseInfo.IllegalRequest(AscAscq.ParameterListLengthError));
        int bdLen = six ? data[3] : BinaryPrimitives.ReadUInt16BigEndian(data.Slice(6, 2));
        if (paramLen < headerLen + bdLen)
            return ScsiCompletion.Check(SenseInfo.IllegalRequest(AscAscq.ParameterListLengthError));

        // Validate every page before changing any (CTL checks each page against its changeable mask).
        var changes = new List<(ModePage Page, int Offset)>();
        int o = headerLen + bdLen;
        while (o < paramLen)
        {
            if (paramLen - o < 2)
                return ScsiCompletion.Check(SenseInfo.IllegalRequest(AscAscq.ParameterListLengthError));
            byte code = (byte)(data[o] & 0x3F);
            bool spf = (data[o] & 0x40) != 0;
            byte sub = spf ? data[o + 1] : (byte)0;
            var page = lun.ModePages.Find(code, sub);
            if (page is null || page.HasSubpageFormat != spf)
                return ScsiCompletion.Check(SenseInfo.InvalidFieldInParameterList(o));
            int len;
            if (spf)
            {
                if (paramLen - o < 4)
                    return ScsiCompletion.Check(SenseInfo.IllegalRequest(AscAscq.ParameterListLengthError));
                len = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(o + 2, 2)) + 4;
            }
            else
            {
                len = data[o + 1] + 2;
            }
            if (len != page.Length)
                return ScsiCompletion.Check(SenseInfo.InvalidFieldInParameterList(o + (spf ? 2 : 1)));
            if (paramLen - o < len)
                return ScsiCompletion.Check(SenseInfo.IllegalRequest(AscAscq.ParameterListLengthError));
            for (int i = spf ? 4 : 2; i < len; i++)
            {
                int diff = (data[o + i] ^ page.Current[i]) & ~page.Changeable[i];
                if (diff != 0)
                    return ScsiCompletion.Check(SenseInfo.InvalidFieldInParameterList(o + i, 31 - System.Numerics.BitOperations.LeadingZeroCount((uint)diff)));
            }
            changes.Add((page, o));
            o += len;
        }

        bool changed = false;
        foreach (var (page, offset) in changes)
        {
            var src = data.Slice(offset, page.Length);
            int start = page.HasSubpageFormat ? 4 : 2;
            if (!src[start..].SequenceEqual(page.Current.AsSpan(start)))
            {
                src[start..].CopyTo(page.Current.AsSpan(start));
                changed = true;
            }
        }
        if (changed)
            lun.UnitAttentions.EstablishAll(UnitAttention.ModeChange, ctx.Nexus, ctx.CommandTraceId);
        return ScsiCompletion.Good();
    }
}
