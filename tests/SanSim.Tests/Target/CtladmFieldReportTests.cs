using SanSim.Target;
using SanSim.Target.Ctladm;

namespace SanSim.Tests.Target;

/// <summary>
/// The two real "ctladm portlist -i -v" samples in the field report, rebuilt from the target state they
/// describe. ctladm.c's row format "%-4ju %-6s %-8s %-8s %-2d %-2d %s" ends every row here with a port id,
/// so no line carries trailing blanks and the report's copy is byte for byte what the formats produce.
/// </summary>
public class CtladmFieldReportTests
{
    internal const string FirstSample =
        "Port Online Frontend Name     pp vp\n" +
        "3    YES    camtgt   isp0     0  0  naa.21000024ff56f970\n" +
        "  Target: naa.20000024ff56f970\n" +
        "  All LUNs mapped\n" +
        "      port_type=1\n" +
        "4    YES    camtgt   isp1     0  0  naa.21000024ff56f971\n" +
        "  Target: naa.20000024ff56f971\n" +
        "  All LUNs mapped\n" +
        "      port_type=1\n" +
        "5    YES    iscsi    iscsi    1  1  iqn.2005-10.org.freenas.ctl:default-mosquitto-iscsi-claim,t,0x0001\n" +
        "  Target: iqn.2005-10.org.freenas.ctl:default-mosquitto-iscsi-claim\n" +
        "  Initiator 3: iqn.1993-08.org.debian:01:e38f5e7da7d,i,0x00023d000004\n" +
        "  LUN 0: 12\n" +
        "      port_type=16\n" +
        "      cfiscsi_state=1\n" +
        "      cfiscsi_target=iqn.2005-10.org.freenas.ctl:default-mosquitto-iscsi-claim\n" +
        "      cfiscsi_portal_group_tag=1\n" +
        "      cfiscsi_target_alias=default-mosquitto-iscsi-claim\n" +
        "      ctld_portal_group_name=pg1\n" +
        "      ha_shared=on\n";

    internal const string SecondSample =
        "Port Online Frontend Name     pp vp\n" +
        "3    YES    camtgt   isp0     0  0  naa.21000024ff56f970\n" +
        "  Target: naa.20000024ff56f970\n" +
        "  LUN 1: 1\n" +
        "      port_type=1\n";

    /// <summary>The target of the field report: two FC ports, one iSCSI port with one session, LUNs 1 and 12.</summary>
    internal static CtlTarget FieldReportTarget()
    {
        var t = new CtlTarget(name: "freenas");
        t.AddPort(new CtlPort(3, PortFrontend.Camtgt, "isp0") { Wwnn = "naa.20000024ff56f970", Wwpn = "naa.21000024ff56f970" });
        t.AddPort(new CtlPort(4, PortFrontend.Camtgt, "isp1") { Wwnn = "naa.20000024ff56f971", Wwpn = "naa.21000024ff56f971" });
        var iscsi = t.AddPort(new CtlPort(5, PortFrontend.Iscsi, "iscsi")
        {
            PhysicalPort = 1,
            VirtualPort = 1,
            TargetName = "iqn.2005-10.org.freenas.ctl:default-mosquitto-iscsi-claim",
            Alias = "default-mosquitto-iscsi-claim",
            PortalGroupTag = 1,
            PortalGroupName = "pg1",
        });
        iscsi.Options.Add(new("ha_shared", "on"));
        iscsi.LunMap.Set(0, 12);
        t.AddInitiator(5, "iqn.1993-08.org.debian:01:e38f5e7da7d,i,0x00023d000004", initiatorId: 3);
        t.AddLun(new CtlLun(1, 2UL << 40 >> 9));
        t.AddLun(new CtlLun(12, 1UL << 30 >> 9));
        return t;
    }

    private static (int Status, string Out, string Err) Run(CtlTarget t, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int status = Ctladm.Run(t, args, o, e);
        return (status, o.ToString(), e.ToString());
    }

    [Test]
    public void PortlistIV_ReproducesFirstFieldReportSample_ByteForByte()
    {
        var (status, output, error) = Run(FieldReportTarget(), "portlist", "-i", "-v");

        Assert.That(output, Is.EqualTo(FirstSample));
        Assert.That(error, Is.Empty);
        Assert.That(status, Is.Zero);
    }

    [Test]
    public void LunmapP3L1L1_ThenPortlistIVP3_ReproducesSecondFieldReportSample()
    {
        var t = FieldReportTarget();

        var map = Run(t, "lunmap", "-p", "3", "-l", "1", "-L", "1");
        var (status, output, _) = Run(t, "portlist", "-i", "-v", "-p", "3");

        Assert.That(map, Is.EqualTo((0, "", "")));
        Assert.That(output, Is.EqualTo(SecondSample));
        Assert.That(status, Is.Zero);
    }
}
