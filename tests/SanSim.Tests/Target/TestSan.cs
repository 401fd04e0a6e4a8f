using SanSim.Engine;
using SanSim.Scsi;
using SanSim.Target;

namespace SanSim.Tests.Target;

/// <summary>
/// A small CTL target for tests: port 0 (iSCSI, two Linux initiators), port 3 (FC, a Windows desktop), LUN 0
/// and LUN 1 of <see cref="Blocks"/> 512-byte blocks, no LUN maps.
/// </summary>
internal sealed class TestSan
{
    public const ulong Blocks = 2048;

    public TestSan(TargetProfile profile = TargetProfile.Ctl)
    {
        Sim = new Simulation(42);
        Target = new CtlTarget(Sim.Trace, profile, "freenas");
        Target.AddPort(new CtlPort(0, PortFrontend.Iscsi, "iscsi") { TargetName = "iqn.2005-10.org.freenas.ctl:k8s", PortalGroupTag = 1 });
        Target.AddPort(new CtlPort(3, PortFrontend.Camtgt, "isp0") { Wwnn = "naa.20000024ff56f970", Wwpn = "naa.21000024ff56f970" });
        Lun0 = Target.AddLun(new CtlLun(0, Blocks));
        Lun1 = Target.AddLun(new CtlLun(1, Blocks));
        Linux = Target.AddInitiator(0, "iqn.1994-05.com.redhat:node1,i,0x23d000000");
        Linux2 = Target.AddInitiator(0, "iqn.1994-05.com.redhat:node2,i,0x23d000001");
        Windows = Target.AddInitiator(3, "naa.2100001b32a1b2c3");
    }

    public Simulation Sim { get; }
    public CtlTarget Target { get; }
    public CtlLun Lun0 { get; }
    public CtlLun Lun1 { get; }
    public Nexus Linux { get; }
    public Nexus Linux2 { get; }
    public Nexus Windows { get; }

    /// <summary>Data-in of the last <see cref="Run"/>, cut to its length.</summary>
    public byte[] LastData { get; private set; } = [];

    public ScsiCompletion Run(Nexus nexus, ulong lun, byte[] cdb, byte[]? dataOut = null, int dataInSize = 65536, long causeId = 0)
    {
        var dataIn = new byte[dataInSize];
        var c = Target.Execute(nexus, lun, cdb, dataOut ?? [], dataIn, causeId);
        LastData = dataIn[..c.DataInLength];
        return c;
    }

    /// <summary>Takes every pending unit attention of <paramref name="nexus"/> on <paramref name="lun"/> with REQUEST SENSE.</summary>
    public void ClearAttentions(Nexus nexus, ulong lun)
    {
        for (int i = 0; i < 32; i++)
        {
            Run(nexus, lun, Cdbs.RequestSense());
            if (LastData.Length > 2 && (LastData[2] & 0x0F) == 0) return;
        }
    }

    /// <summary>Clears the initial POWER ON attentions of every initiator on both LUNs.</summary>
    public TestSan Ready()
    {
        foreach (var n in new[] { Linux, Linux2, Windows })
            for (ulong l = 0; l < 2; l++) ClearAttentions(n, l);
        return this;
    }
}

/// <summary>Completion checks with the sense spelled as key/ASC/ASCQ.</summary>
internal static class Expect
{
    public static void Good(ScsiCompletion c) => Assert.That(c.ToString(), Is.EqualTo("Good"));

    public static void Check(ScsiCompletion c, int key, int asc, int ascq) =>
        Assert.That(c.ToString(), Is.EqualTo($"CHECK CONDITION {key:X2}/{asc:X2}/{ascq:X2}"));
}

/// <summary>Small CDB builders for the tests.</summary>
internal static class Cdbs
{
    public static byte[] Tur() => new byte[6];

    public static byte[] RequestSense(bool desc = false, byte alloc = 252) => [0x03, (byte)(desc ? 1 : 0), 0, 0, alloc, 0];

    public static byte[] Inquiry(bool evpd = false, byte page = 0, ushort alloc = 255) =>
        [0x12, (byte)(evpd ? 1 : 0), page, (byte)(alloc >> 8), (byte)alloc, 0];

    public static byte[] ReportLuns(byte select = 0, uint alloc = 4096) =>
        [0xA0, 0, select, 0, 0, 0, (byte)(alloc >> 24), (byte)(alloc >> 16), (byte)(alloc >> 8), (byte)alloc, 0, 0];

    public static byte[] Read6(uint lba, byte len) => [0x08, (byte)(lba >> 16 & 0x1F), (byte)(lba >> 8), (byte)lba, len, 0];

    public static byte[] Read10(uint lba, ushort len) => Rw10(0x28, lba, len, 0);

    public static byte[] Write10(uint lba, ushort len, bool fua = false) => Rw10(0x2A, lba, len, (byte)(fua ? 0x08 : 0));

    public static byte[] Verify10(uint lba, ushort len, bool byteCheck) => Rw10(0x2F, lba, len, (byte)(byteCheck ? 0x02 : 0));

    public static byte[] SyncCache10(uint lba = 0, ushort len = 0) => Rw10(0x35, lba, len, 0);

    public static byte[] WriteSame10(uint lba, ushort len, bool unmap = false) => Rw10(0x41, lba, len, (byte)(unmap ? 0x08 : 0));

    public static byte[] Read16(ulong lba, uint len) => Rw16(0x88, lba, len, 0);

    public static byte[] Write16(ulong lba, uint len) => Rw16(0x8A, lba, len, 0);

    public static byte[] WriteSame16(ulong lba, uint len, bool unmap = false, bool ndob = false) =>
        Rw16(0x93, lba, len, (byte)((unmap ? 0x08 : 0) | (ndob ? 0x01 : 0)));

    public static byte[] CompareAndWrite(ulong lba, byte blocks)
    {
        var c = Rw16(0x89, lba, 0, 0);
        c[13] = blocks;
        return c;
    }

    public static byte[] Unmap(ushort paramLen) => [0x42, 0, 0, 0, 0, 0, 0, (byte)(paramLen >> 8), (byte)paramLen, 0];

    /// <summary>An UNMAP parameter list with one block descriptor.</summary>
    public static byte[] UnmapList(ulong lba, uint count)
    {
        var p = new byte[24];
        p[1] = 22;
        p[3] = 16;
        for (int i = 0; i < 8; i++) p[8 + i] = (byte)(lba >> (56 - 8 * i));
        for (int i = 0; i < 4; i++) p[16 + i] = (byte)(count >> (24 - 8 * i));
        return p;
    }

    public static byte[] ReadCapacity10() => new byte[] { 0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0 };

    public static byte[] ReadCapacity16(uint alloc = 32) => [0x9E, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, (byte)(alloc >> 24), (byte)(alloc >> 16), (byte)(alloc >> 8), (byte)alloc, 0, 0];

    /// <summary>START STOP UNIT; Windows' STOP is (start: false, immed: true), its START (start: true).</summary>
    public static byte[] StartStop(bool start, bool immed = false, bool loej = false, byte powerCondition = 0, bool noFlush = false) =>
        [0x1B, (byte)(immed ? 1 : 0), 0, 0, (byte)((powerCondition << 4) | (noFlush ? 0x04 : 0) | (loej ? 0x02 : 0) | (start ? 0x01 : 0)), 0];

    public static byte[] PreventAllow(bool prevent) => [0x1E, 0, 0, 0, (byte)(prevent ? 1 : 0), 0];

    public static byte[] ModeSense6(byte page, byte subpage = 0, byte pc = 0, bool dbd = false, byte alloc = 255) =>
        [0x1A, (byte)(dbd ? 0x08 : 0), (byte)((pc << 6) | page), subpage, alloc, 0];

    public static byte[] ModeSense10(byte page, bool llba = false, ushort alloc = 1024) =>
        [0x5A, (byte)(llba ? 0x10 : 0), page, 0, 0, 0, 0, (byte)(alloc >> 8), (byte)alloc, 0];

    public static byte[] ModeSelect6(byte paramLen, bool pf = true) => [0x15, (byte)(pf ? 0x10 : 0), 0, 0, paramLen, 0];

    public static byte[] Reserve6() => new byte[] { 0x16, 0, 0, 0, 0, 0 };

    public static byte[] Release6() => new byte[] { 0x17, 0, 0, 0, 0, 0 };

    public static byte[] ReportOpcodes(byte options, byte opcode = 0, ushort sa = 0, uint alloc = 8192) =>
        [0xA3, 0x0C, options, opcode, (byte)(sa >> 8), (byte)sa, (byte)(alloc >> 24), (byte)(alloc >> 16), (byte)(alloc >> 8), (byte)alloc, 0, 0];

    /// <summary>A data-out buffer of <paramref name="blocks"/> 512-byte blocks filled with <paramref name="fill"/>.</summary>
    public static byte[] Data(int blocks, byte fill)
    {
        var d = new byte[blocks * 512];
        Array.Fill(d, fill);
        return d;
    }

    private static byte[] Rw10(byte op, uint lba, ushort len, byte b1) =>
        [op, b1, (byte)(lba >> 24), (byte)(lba >> 16), (byte)(lba >> 8), (byte)lba, 0, (byte)(len >> 8), (byte)len, 0];

    private static byte[] Rw16(byte op, ulong lba, uint len, byte b1)
    {
        var c = new byte[16];
        c[0] = op;
        c[1] = b1;
        for (int i = 0; i < 8; i++) c[2 + i] = (byte)(lba >> (56 - 8 * i));
        for (int i = 0; i < 4; i++) c[10 + i] = (byte)(len >> (24 - 8 * i));
        return c;
    }
}
