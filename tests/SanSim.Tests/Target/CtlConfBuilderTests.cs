using SanSim.Target;
using SanSim.Target.CtlConf;

namespace SanSim.Tests.Target;

/// <summary>Turning a ctl.conf into a target the way ctld and the kernel would.</summary>
public class CtlConfBuilderTests
{
    private static CtlTarget Build(string text)
    {
        var r = CtlConfBuilder.Load(text, "t.conf");
        Assert.That(r.Error, Is.Null);
        return r.Target!;
    }

    private static string Error(string text) => CtlConfBuilder.Load(text, "t.conf").Error?.ToString() ?? "(no error)";

    [Test]
    public void PortIsp0_GetsALunMapHoldingExactlyTheTargetsLuns()
    {
        var t = Build("""
            lun a { path /dev/zvol/a; size 1G; ctl-lun 5 }
            lun b { path /dev/zvol/b; size 1G }
            target naa.50000000000000a1 { port isp0; lun 3 a }
            """);

        var isp0 = t.Ports[3];
        Assert.That((isp0.Frontend, isp0.Name), Is.EqualTo((PortFrontend.Camtgt, "isp0")));
        Assert.That(isp0.LunMap.Enabled, Is.True);
        Assert.That(isp0.LunMap.Entries, Is.EqualTo(new Dictionary<uint, uint> { [3] = 5 }));
        Assert.That(t.Luns.Keys, Is.EqualTo(new[] { 0, 5 }), "a asks for 5; b takes the lowest free id");
        Assert.That(t.Ports, Has.Count.EqualTo(1), "a target with a port and no portal-group gets no iSCSI port");
    }

    [Test]
    public void FcPorts_NamedButNotDeclared_GetDeterministicWwns_InUnitOrder()
    {
        var t = Build("""
            target t1 { port isp1 }
            target t0 { port isp0 }
            """);

        Assert.That(t.Ports[3].Name, Is.EqualTo("isp0"));
        Assert.That((t.Ports[3].Wwnn, t.Ports[3].Wwpn), Is.EqualTo(("naa.2000005353000000", "naa.2100005353000000")));
        Assert.That((t.Ports[4].Name, t.Ports[4].Wwpn), Is.EqualTo(("isp1", "naa.2100005353000001")));
    }

    [Test]
    public void Targets_WithoutPorts_UseTheDefaultPortalGroup_WhoseTagCtldNumbersFrom256()
    {
        var t = Build("""
            portal-group pg1 { listen 0.0.0.0:3260 }
            lun x { path /dev/zvol/x; size 1G }
            target iqn.t:a { lun 0 x }
            target iqn.t:b { portal-group pg1; lun 0 x }
            """);

        var a = t.Ports[3];
        var b = t.Ports[4];
        Assert.That((a.TargetName, a.PortalGroupName, a.PortalGroupTag, a.PhysicalPort, a.VirtualPort), Is.EqualTo(("iqn.t:a", "default", 256, 256, 1)));
        Assert.That((b.TargetName, b.PortalGroupName, b.PortalGroupTag, b.VirtualPort), Is.EqualTo(("iqn.t:b", "pg1", 257, 2)));
        Assert.That(b.LunMap.Entries[0], Is.EqualTo(0u));
        Assert.That(a.Online && b.Online, Is.True);
    }

    [Test]
    public void LunOptions_AreTheConfsThenFileAndCtldName()
    {
        var t = Build("lun disk { path /dev/zvol/d; size 1M; option vendor ACME }");

        Assert.That(t.Luns[0].Options, Is.EqualTo(new KeyValuePair<string, string>[] { new("vendor", "ACME"), new("file", "/dev/zvol/d"), new("ctld_name", "disk") }));
        Assert.That(t.Luns[0].Vendor, Is.EqualTo("ACME"));
    }

    [Test]
    public void ConfVerifyErrors_NameTheLun()
    {
        Assert.That(Error("lun a { size 1G }"), Is.EqualTo("t.conf:1:5: missing path for lun \"a\""));
        Assert.That(Error("lun a {\n backend ramdisk\n}"), Is.EqualTo("t.conf:1:5: missing size for ramdisk-backed lun \"a\""));
        Assert.That(Error("lun a { path /p; size 1000 }"), Is.EqualTo("t.conf:1:5: invalid size for lun \"a\"; must be multiple of blocksize"));
        Assert.That(Error("lun a { path /p; size 1M; ctl-lun 1 }\nlun b { path /p; size 1M; ctl-lun 1 }"),
            Is.EqualTo("t.conf:2:5: failed to add lun \"b\": LUN configuration error, see dmesg for details"));
    }

    [Test]
    public void InitiatorDirective_LogsIn_OrNamesAMissingPort()
    {
        var t = Build("#sansim: initiator iqn.t:a 3 iqn.1993-08.org.debian:01:x,i,0x1\nlun x { path /p; size 1M }\ntarget iqn.t:a { lun 0 x }");

        Assert.That(t.Ports[3].Initiators[3].Name, Is.EqualTo("iqn.1993-08.org.debian:01:x,i,0x1"));
        Assert.That(Error("#sansim: initiator isp7 0 naa.1"), Is.EqualTo("t.conf:1:9: initiator: no FC port or iSCSI target \"isp7\""));
    }
}
