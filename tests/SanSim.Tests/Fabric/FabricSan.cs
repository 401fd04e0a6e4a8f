using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts.Transport;
using SanSim.Scsi;
using SanSim.Target;

namespace SanSim.Tests.Fabric;

/// <summary>
/// A CTL target for fabric tests: port 0 (iSCSI), port 3 (FC isp0, physical port) and port 4 (FC isp0,
/// NPIV virtual port 1). CTL LUN 0 has <see cref="Lun0Blocks"/> blocks, LUN 1 <see cref="Lun1Blocks"/>.
/// </summary>
internal sealed class FabricSan
{
    public const ulong Lun0Blocks = 1024;
    public const ulong Lun1Blocks = 2048;
    public const ulong FcPortWwpn = 0x21000024ff56f970;
    public const ulong NpivPortWwpn = 0x22000024ff56f970;
    public const string TargetIqn = "iqn.2005-10.org.freenas.ctl:k8s";

    public FabricSan()
    {
        Sim = new Simulation(7);
        Target = new CtlTarget(Sim.Trace, TargetProfile.Ctl, "freenas");
        Target.AddPort(new CtlPort(0, PortFrontend.Iscsi, "iscsi") { TargetName = TargetIqn, PortalGroupTag = 1 });
        Target.AddPort(new CtlPort(3, PortFrontend.Camtgt, "isp0") { Wwnn = "naa.20000024ff56f970", Wwpn = FcNames.Naa(FcPortWwpn) });
        Target.AddPort(new CtlPort(4, PortFrontend.Camtgt, "isp0") { VirtualPort = 1, Wwnn = "naa.20000024ff56f970", Wwpn = FcNames.Naa(NpivPortWwpn) });
        Target.Luns[0] = new CtlLun(0, Lun0Blocks);
        Target.Luns[1] = new CtlLun(1, Lun1Blocks);
        Fabric = new FcFabric(Sim);
    }

    public Simulation Sim { get; }
    public CtlTarget Target { get; }
    public FcFabric Fabric { get; }

    /// <summary>Sends one command and runs the simulation until it is answered (or nothing is left to run).</summary>
    public ScsiResponse Run(IScsiPath path, byte[] cdb, ulong lun = 0, int dataIn = 0, byte[]? dataOut = null)
    {
        ScsiResponse? response = null;
        path.Submit(new ScsiRequest(cdb, lun, dataOut, dataIn), r => response = r);
        while (response is null && Sim.Scheduler.Step()) { }
        return response ?? throw new AssertionException("the command was never answered");
    }

    /// <summary>Sends TEST UNIT READY until it is GOOD (taking pending unit attentions), at most 8 times.</summary>
    public void Settle(IScsiPath path, ulong lun = 0)
    {
        for (int i = 0; i < 8; i++)
            if (Run(path, CdbBuilder.TestUnitReady(), lun).IsGood) return;
        throw new AssertionException("TEST UNIT READY never came back GOOD");
    }

    /// <summary>The READ CAPACITY(10) returned logical block address + 1, the block count seen through <paramref name="lun"/>.</summary>
    public ulong Blocks(IScsiPath path, ulong lun)
    {
        var r = Run(path, CdbBuilder.ReadCapacity10(), lun, 8);
        Assert.That(r.IsGood, Is.True, r.ToString());
        return ((ulong)r.DataIn[0] << 24 | (ulong)r.DataIn[1] << 16 | (ulong)r.DataIn[2] << 8 | r.DataIn[3]) + 1;
    }

    public string Portlist(params string[] extra)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Target.Ctladm(["portlist", .. extra], stdout, stderr);
        return stdout.ToString();
    }
}

internal static class CtladmRunner
{
    public static int Ctladm(this CtlTarget target, IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr) =>
        SanSim.Target.Ctladm.Ctladm.Run(target, args, stdout, stderr);
}
