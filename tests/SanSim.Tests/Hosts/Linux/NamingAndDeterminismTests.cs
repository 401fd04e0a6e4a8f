using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts.Linux;
using SanSim.Target;

namespace SanSim.Tests.Hosts.Linux;

/// <summary>Device names, SCSI host numbers, dmesg formatting and run-to-run determinism.</summary>
public class NamingAndDeterminismTests
{
    [Test]
    public void DiscoveredDisks_AreNamedFromSdb_InOrder_OnAllocatedHostNumbers()
    {
        var sim = new Simulation(1);
        var target = new CtlTarget(sim.Trace, TargetProfile.Ctl, "t");
        target.AddPort(new CtlPort(0, PortFrontend.Iscsi, "iscsi") { TargetName = "iqn.x:t", PortalGroupTag = 1 });
        target.Luns[0] = new CtlLun(0, 2048);
        target.Luns[1] = new CtlLun(1, 4096);
        var host = new LinuxHost(sim, "n");
        host.AddPath(new ScsiPath(sim, target, 0, "n", "iqn.n,i,0x1"));
        host.Start();
        sim.Scheduler.RunUntil(SimTime.FromSeconds(5));
        Assert.That(host.Disks.Keys, Is.EquivalentTo(new[] { "sdb", "sdc" }));
        Assert.That(host.Disks["sdb"].Address.ToString(), Is.EqualTo("2:0:0:0"));
        Assert.That(host.Disks["sdc"].Address.ToString(), Is.EqualTo("2:0:0:1"));
        Assert.That(host.Disks["sdc"].SectorCount, Is.EqualTo(4096UL));
        Assert.That(host.BlockDevice("sdc"), Is.SameAs(host.Disks["sdc"]));
    }

    [Test]
    public void ConfiguredNamesAndFirstLetter_AreUsed()
    {
        var sim = new Simulation(1);
        var target = new CtlTarget(sim.Trace, TargetProfile.Ctl, "t");
        target.AddPort(new CtlPort(0, PortFrontend.Iscsi, "iscsi") { TargetName = "iqn.x:t", PortalGroupTag = 1 });
        target.Luns[0] = new CtlLun(0, 2048);
        target.Luns[1] = new CtlLun(1, 2048);
        var host = new LinuxHost(sim, "n", new LinuxHostOptions
        {
            FirstDiskLetter = 'a',
            DeviceNames = new Dictionary<ScsiAddress, string> { [new ScsiAddress(2, 0, 0, 1)] = "sdz" },
        });
        host.AddPath(new ScsiPath(sim, target, 0, "n", "iqn.n,i,0x1"));
        host.Start();
        sim.Scheduler.RunUntil(SimTime.FromSeconds(5));
        Assert.That(host.Disks.Keys, Is.EquivalentTo(new[] { "sda", "sdz" }));
    }

    [TestCase(0L, "[    0.000000]")]
    [TestCase(35771996877000L, "[35771.996877]")]
    [TestCase(81705235000L, "[   81.705235]")]
    public void Timestamp_IsFormattedAsDmesgDoes(long ns, string expected) =>
        Assert.That(KernelLog.FormatTimestamp(new SimTime(ns)), Is.EqualTo(expected));

    [TestCase(524288UL, 512UL, false, "268 MB")]
    [TestCase(524288UL, 512UL, true, "256 MiB")]
    [TestCase(2097152UL, 512UL, false, "1.07 GB")]
    [TestCase(2097152UL, 512UL, true, "1.00 GiB")]
    public void CapacityStrings_FollowStringGetSize(ulong blocks, ulong size, bool binary, string expected) =>
        Assert.That(KernelFormats.StringGetSize(blocks, size, binary), Is.EqualTo(expected));

    [TestCase((byte)0x04, (byte)0x02, "Add. Sense: Logical unit not ready, initializing command required")]
    [TestCase((byte)0x3A, (byte)0x00, "Add. Sense: Medium not present")]
    [TestCase((byte)0x04, (byte)0x0F, "ASC=0x4 ASCQ=0xf ")]
    [TestCase((byte)0x40, (byte)0x81, "Add. Sense: Diagnostic failure on component(81)")]
    [TestCase((byte)0x4D, (byte)0x12, "Add. Sense: Tagged overlapped commands(task tag 12)")]
    [TestCase((byte)0x90, (byte)0x90, "<<vendor>>ASC=0x90 <<vendor>>ASCQ=0x90 ")]
    public void AdditionalSense_UsesTheKernelTable(byte asc, byte ascq, string expected) =>
        Assert.That(ScsiConstants.FormatAdditionalSense(asc, ascq), Is.EqualTo(expected));

    [Test]
    public void CdbNames_FollowTheKernelTable()
    {
        Assert.That(ScsiConstants.FormatCdb(new byte[] { 0x2a, 8, 0, 0, 0, 0, 0, 0, 8, 0 }), Is.EqualTo("CDB: Write(10) 2a 08 00 00 00 00 00 00 08 00"));
        Assert.That(ScsiConstants.OpcodeName(new byte[] { 0x9e, 0x10 }), Is.EqualTo("Read capacity(16)"));
        Assert.That(ScsiConstants.OpcodeName(new byte[] { 0x9e, 0x05 }), Is.EqualTo("Service action in(16), sa=0x5"));
        Assert.That(ScsiConstants.OpcodeName(new byte[] { 0x62 }), Is.EqualTo("opcode=0x62 (reserved)"));
        Assert.That(ScsiConstants.OpcodeName(new byte[] { 0xc5 }), Is.EqualTo("opcode=0xc5 (vendor)"));
    }

    private static List<string> RunScenario(ulong seed)
    {
        var san = new LinuxSan(KernelVersion.V6_1, seed: seed);
        san.Write(0, 8);
        san.Target.StopLun(san.Lun);
        for (int i = 0; i < 3; i++) san.Write((ulong)i * 8, 8);
        return san.Host.Kernel.Formatted().ToList();
    }

    [Test]
    public void SameSeed_GivesTheSameLog()
    {
        var a = RunScenario(99);
        var b = RunScenario(99);
        Assert.That(a, Is.Not.Empty);
        Assert.That(b, Is.EqualTo(a));
    }
}
