using SanSim.Target.CtlConf;

namespace SanSim.Tests.Target;

/// <summary>ctl.conf(5) as ctld's token.l and parse.y read it; every error names file:line:column.</summary>
public class CtlConfParserTests
{
    private static CtlConfFile Ok(string text)
    {
        var r = CtlConfParser.Parse(text, "t.conf");
        Assert.That(r.Error, Is.Null);
        return r.Conf!;
    }

    private static string Error(string text) => CtlConfParser.Parse(text, "t.conf").Error?.ToString() ?? "(no error)";

    [Test]
    public void AllContexts_AreRead_WithQuotingCommentsAndSemicolons()
    {
        var conf = Ok("""
            # a comment
            pidfile /var/run/ctld.pid;
            auth-group ag1 { chap "user" "secret"; initiator-name iqn.1994-05.com.redhat:abc }
            portal-group pg1 {
            	discovery-auth-group no-authentication
            	listen 0.0.0.0:3260
            	listen [::]:3260
            	tag 0x0002
            	option ha_shared on
            }
            lun disk0 { path /dev/zvol/tank/d0; size 4G; blocksize 4096; serial "S 1"; device-id "D 1"; ctl-lun 7; option vendor "ACME Inc" }
            target iqn.2012-06.com.example:t0 {
            	alias "Example target"   # trailing comment
            	auth-group ag1
            	portal-group pg1 no-authentication
            	port isp0
            	lun 0 disk0
            	lun 1 { path /dev/zvol/tank/d1; size 1G }
            }
            """);

        Assert.That(conf.PidFile, Is.EqualTo("/var/run/ctld.pid"));
        var pg = conf.FindPortalGroup("pg1")!;
        Assert.That(pg.Listen, Is.EqualTo(new[] { "0.0.0.0:3260", "[::]:3260" }));
        Assert.That(pg.Tag, Is.EqualTo(2));
        Assert.That(pg.Options, Is.EqualTo(new[] { new KeyValuePair<string, string>("ha_shared", "on") }));
        var d0 = conf.FindLun("disk0")!;
        Assert.That((d0.Size, d0.BlockSize, d0.Serial, d0.DeviceId, d0.CtlLun), Is.EqualTo((4UL << 30, 4096, "S 1", "D 1", (int?)7)));
        Assert.That(d0.Options[0], Is.EqualTo(new KeyValuePair<string, string>("vendor", "ACME Inc")));
        var t = conf.Targets.Single();
        Assert.That(t.Alias, Is.EqualTo("Example target"));
        Assert.That(t.PortalGroups.Single(), Is.EqualTo(new ConfTargetPortalGroup("pg1", "no-authentication", t.PortalGroups[0].At)));
        Assert.That(t.Ports.Single().Name, Is.EqualTo("isp0"));
        Assert.That(t.Luns, Is.EqualTo(new Dictionary<int, string> { [0] = "disk0", [1] = "iqn.2012-06.com.example:t0,lun,1" }));
        Assert.That(conf.FindLun("iqn.2012-06.com.example:t0,lun,1")!.Size, Is.EqualTo(1UL << 30));
    }

    [Test]
    public void SyntaxError_NamesFileLineColumn_AndTheTokenNearIt()
    {
        Assert.That(Error("target t0 {\n\talias\n}\n"), Is.EqualTo("t.conf:3:1: error in configuration file near '}': syntax error"));
        Assert.That(Error("target t0 {\n"), Is.EqualTo("t.conf:2:1: error in configuration file near end of file: syntax error"));
        Assert.That(Error("bogus {}"), Is.EqualTo("t.conf:1:1: error in configuration file near 'bogus': syntax error"));
    }

    [Test]
    public void KeywordsAreReserved_SoAKeywordCannotBeAValueUnlessQuoted()
    {
        Assert.That(Error("target t0 { alias port }"), Is.EqualTo("t.conf:1:19: error in configuration file near 'port': syntax error"));
        Assert.That(Ok("target t0 { alias \"port\" }").Targets[0].Alias, Is.EqualTo("port"));
    }

    [Test]
    public void UnknownReferences_AreReported_InCtldsWords()
    {
        Assert.That(Error("target t0 {\n  portal-group pgX\n}"), Is.EqualTo("t.conf:2:16: unknown portal-group \"pgX\" for target \"t0\""));
        Assert.That(Error("target t0 { auth-group nope }"), Is.EqualTo("t.conf:1:24: unknown auth-group \"nope\" for target \"t0\""));
        Assert.That(Error("target t0 { lun 0 missing }"), Is.EqualTo("t.conf:1:19: unknown lun \"missing\" for target \"t0\""));
    }

    [Test]
    public void BadNumbers_AndDuplicates_AreReported()
    {
        Assert.That(Error("lun a { size 12q }"), Is.EqualTo("t.conf:1:14: error in configuration file near '12q': invalid numeric value"));
        Assert.That(Error("target t0 {}\ntarget T0 {}"), Is.EqualTo("t.conf:2:8: duplicated target \"T0\""));
        Assert.That(Error("target t0 { alias a; alias b }"), Is.EqualTo("t.conf:1:22: alias for target \"t0\" specified more than once"));
        Assert.That(Error("target t0 { lun 1 { size 1G }; lun 1 { size 1G } }"), Is.EqualTo("t.conf:1:36: duplicate lun 1 for target \"t0\""));
        Assert.That(Error("target t0 { auth-group no-authentication; chap u s }"), Is.EqualTo("t.conf:1:43: cannot use both auth-group and chap for target \"t0\""));
    }

    [Test]
    public void SanSimDirectives_DeclareFcPortsAndInitiators_AndAreCheckedToo()
    {
        var conf = Ok("#sansim: fc-port isp0 wwnn naa.20000024ff56f970 wwpn 0x21000024ff56f970 initiators listed\n#sansim: initiator isp0 1 naa.2100001b32a1b2c3\n");

        var fc = conf.FcPorts.Single();
        Assert.That((fc.Wwnn, fc.Wwpn, fc.ListInitiators), Is.EqualTo(("naa.20000024ff56f970", "naa.21000024ff56f970", true)));
        Assert.That(conf.Initiators.Single(), Is.EqualTo(new ConfInitiator("isp0", 1, "naa.2100001b32a1b2c3", conf.Initiators[0].At)));
        Assert.That(Error("\n#sansim: fc-port isp0 wwnn 1234"), Is.EqualTo("t.conf:2:9: \"1234\" is not a 64-bit world wide name (naa.2000…, 16 hex digits)"));
    }

    [Test]
    public void ArbitraryInput_NeverThrows()
    {
        var rng = new Random(7);
        const string alphabet = "{}; \n\t\"#abclun target portal-group 0123=/:";
        for (int i = 0; i < 2000; i++)
        {
            var chars = new char[rng.Next(0, 60)];
            for (int j = 0; j < chars.Length; j++) chars[j] = alphabet[rng.Next(alphabet.Length)];
            Assert.DoesNotThrow(() => CtlConfBuilder.Load(new string(chars), "fuzz.conf"));
        }
    }
}
