using System.Buffers.Binary;
using SanSim.Scsi;

namespace SanSim.Target.Commands;

/// <summary>One mode page of a LUN: its code, subpage and current, changeable and default bytes (page header included).</summary>
public sealed class ModePage
{
    internal ModePage(byte code, byte subpage, byte[] defaults, byte[] changeable, bool selectable = true)
    {
        Selectable = selectable;
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
    /// <summary>Whether MODE SELECT may send this page (CTL has no select handler for pages 03h and 04h).</summary>
    public bool Selectable { get; }

    /// <summary>
    /// The bytes for MODE SENSE page control 0 (current), 1 (changeable), 2 (default) or 3 (saved: CTL keeps
    /// the defaults there, as MODE SELECT changes only the current values).
    /// </summary>
    public byte[] ForPageControl(int pc) => pc switch { 1 => Changeable, 2 or 3 => Default, _ => Current };

    /// <summary>Puts the current values back to the defaults (MODE SELECT with RTD).</summary>
    internal void RevertToDefaults() => Default.CopyTo(Current, 0);
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
            new ModePage(FormatDevice, 0, FormatPage(blockSize), Header(FormatDevice, 24), selectable: false),
            new ModePage(RigidDiskGeometry, 0, RigidDiskPage(blockCount), Header(RigidDiskGeometry, 24), selectable: false),
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
        // Indexed, not foreach: the write path asks for the Control page on every command, and an interface
        // enumerator would be an allocation each time.
        var pages = Pages;
        for (int i = 0; i < pages.Count; i++)
            if (pages[i].Code == code && pages[i].Subpage == subpage) return pages[i];
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

/// <summary>MODE SENSE(6/10) and MODE SELECT(6/10) (ctl_mode_sense, ctl_mode_select, ctl_do_mode_select).</summary>
internal static class ModeCommands
{
    public static ScsiCompletion ModeSense(CtlTarget target, ref CommandContext ctx)
    {
        var lun = ctx.Lun!;
        ref readonly var cdb = ref ctx.Cdb;
        bool six = cdb.Opcode == ScsiOpcode.ModeSense6;
        byte code = cdb.PageCode, sub = cdb.SubpageCode;
        if (code == 0x3F && sub is not (0x00 or 0xFF))
            return ScsiCompletion.Check(SenseInfo.InvalidFieldInCdb(3));

        var pages = new List<ModePage>();
        foreach (var p in lun.ModePages.Pages)
        {
            bool match = code == 0x3F
                ? p.Subpage == 0 || sub == 0xFF
                : p.Code == code && (p.Subpage == sub || sub == 0xFF);
            if (match) pages.Add(p);
        }
        if (pages.Count == 0)
            return ScsiCompletion.Check(SenseInfo.InvalidFieldInCdb(2, 5));

        bool llba = !six && cdb.LongLba && !cdb.DisableBlockDescriptors;
        int bdLen = cdb.DisableBlockDescriptors ? 0 : llba ? 16 : 8;
        int headerLen = six ? 4 : 8;
        int total = headerLen + bdLen;
        foreach (var p in pages) total += p.Length;

        var buf = new byte[total];
        byte devSpecific = 0x10;
        if (lun.ReadOnly || lun.ModePages.SoftwareWriteProtect) devSpecific |= 0x80;
        if (six)
        {
            buf[0] = (byte)Math.Min(total - 1, 254);
            buf[2] = devSpecific;
            buf[3] = (byte)bdLen;
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(buf.AsSpan(0, 2), (ushort)Math.Min(total - 2, 65533));
            buf[3] = devSpecific;
            if (llba) buf[4] = 0x01;
            BinaryPrimitives.WriteUInt16BigEndian(buf.AsSpan(6, 2), (ushort)bdLen);
        }
        int o = headerLen;
        ulong blocks = lun.BlockCount;
        if (bdLen == 8)
        {
            if (blocks > 1) BinaryPrimitives.WriteUInt32BigEndian(buf.AsSpan(o, 4), (uint)Math.Min(blocks, uint.MaxValue));
            buf[o + 5] = (byte)(lun.BlockSize >> 16);
            buf[o + 6] = (byte)(lun.BlockSize >> 8);
            buf[o + 7] = (byte)lun.BlockSize;
        }
        else if (bdLen == 16)
        {
            if (blocks > 1) BinaryPrimitives.WriteUInt64BigEndian(buf.AsSpan(o, 8), blocks);
            BinaryPrimitives.WriteUInt32BigEndian(buf.AsSpan(o + 12, 4), (uint)lun.BlockSize);
        }
        o += bdLen;
        foreach (var p in pages)
        {
            p.ForPageControl(cdb.PageControl).CopyTo(buf, o);
            o += p.Length;
        }
        return ScsiCompletion.Good(ctx.ReturnData(buf, cdb.AllocationLength));
    }

    /// <summary>
    /// MODE SELECT: with RTD the current values revert to the defaults; otherwise each page in turn is found,
    /// checked against its length and changeable mask, and applied. A page that changes the current values sets
    /// MODE PARAMETERS CHANGED for every other initiator. An error stops the list; pages before it stay applied.
    /// </summary>
    public static ScsiCompletion ModeSelect(CtlTarget target, ref CommandContext ctx)
    {
        var lun = ctx.Lun!;
        ref readonly var cdb = ref ctx.Cdb;
        bool six = cdb.Opcode == ScsiOpcode.ModeSelect6;
        bool revert = (ctx.Raw[1] & 0x02) != 0;
        int paramLen = (int)cdb.AllocationLength;
        var lengthError = ScsiCompletion.Check(SenseInfo.IllegalRequest(AscAscq.ParameterListLengthError));
        if (revert)
        {
            if (paramLen != 0) return ScsiCompletion.Check(SenseInfo.IllegalRequest(AscAscq.InvalidFieldInCdb));
            foreach (var p in lun.ModePages.Pages) p.RevertToDefaults();
            CurrentValuesChanged(lun, ctx);
            return ScsiCompletion.Good();
        }
        if (paramLen == 0) return ScsiCompletion.Good();
        int headerLen = six ? 4 : 8;
        if (paramLen < headerLen) return lengthError;
        if (!ctx.TryGetDataOut(paramLen, out var data, out var shortData)) return shortData;
        int bdLen = six ? data[3] : BinaryPrimitives.ReadUInt16BigEndian(data.Slice(6, 2));
        if (paramLen < headerLen + bdLen) return lengthError;

        int used = headerLen + bdLen;
        while (used < paramLen)
        {
            int left = paramLen - used;
            bool spf = (data[used] & 0x40) != 0;
            if (left < 2 || (spf && left < 4)) return lengthError;
            byte code = (byte)(data[used] & 0x3F);
            ModePage? page = null;
            int pageLen = 0;
            foreach (var p in lun.ModePages.Pages)
            {
                if (p.Code != code || p.HasSubpageFormat != spf) continue;
                if (!spf)
                {
                    page = p;
                    pageLen = data[used + 1];
                    break;
                }
                if (p.Subpage == data[used + 1])
                {
                    page = p;
                    pageLen = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(used + 2, 2));
                    break;
                }
            }
            if (page is null || !page.Selectable)
                return ScsiCompletion.Check(SenseInfo.InvalidFieldInParameterList(used));
            int lenOffset = spf ? 2 : 1;
            if (pageLen != page.Length - lenOffset - (spf ? 2 : 1))
                return ScsiCompletion.Check(SenseInfo.InvalidFieldInParameterList(used + lenOffset));
            if (left < page.Length) return lengthError;

            var src = data.Slice(used, page.Length);
            for (int i = 0; i < page.Length; i++)
            {
                int fixedBits = ~page.Changeable[i];
                if ((src[i] & fixedBits) == (page.Current[i] & fixedBits)) continue;
                // CTL names the bit with the byte's index (a quirk of ctl_do_mode_select), 0 when that bit is fine.
                int bit = i < 8 && (((1 << i) & fixedBits) & (src[i] ^ page.Current[i])) != 0 ? i : 0;
                return ScsiCompletion.Check(SenseInfo.InvalidFieldInParameterList(used + i, bit));
            }
            if (!src.SequenceEqual(page.Current))
            {
                src.CopyTo(page.Current);
                CurrentValuesChanged(lun, ctx);
            }
            used += page.Length;
        }
        return ScsiCompletion.Good();
    }

    /// <summary>
    /// After MODE SELECT changed current values: MODE PARAMETERS CHANGED for every other initiator, and the
    /// Control page's NUAR bit handed to the persistent reservations, which read it on RELEASE.
    /// </summary>
    private static void CurrentValuesChanged(CtlLun lun, in CommandContext ctx)
    {
        lun.UnitAttentions.EstablishAll(UnitAttention.ModeChange, ctx.Nexus, ctx.CommandTraceId);
        lun.Reservations.NoUnitAttentionOnRelease = lun.ModePages.NoUnitAttentionOnRelease;
    }
}