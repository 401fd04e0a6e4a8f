using SanSim.Engine;
using SanSim.Target;
using SanSim.Target.Ctladm;

namespace SanSim.Tests.Target;

/// <summary>ctladm's command lookup, getopt behaviour, messages and exit statuses (FreeBSD 11 ctladm.c).</summary>
public class CtladmCommandTests
{
    private static (int Status, string Out, string Err) Run(CtlTarget t, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int status = Ctladm.Run(t, args, o, e);
        return (status, o.ToString(), e.ToString());
    }

    private static CtlTarget Target() => CtladmFieldReportTests.FieldReportTarget();

    [Test]
    public void NoArguments_PrintsUsageToStderr_AndExits1()
    {
        var (status, output, error) = Run(Target());

        Assert.That(status, Is.EqualTo(1));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.StartWith("Usage:\nPrimary commands:\n"));
    }

    [Test]
    public void Help_PrintsUsageToStdout_AndExits0()
    {
        var (status, output, _) = Run(Target(), "help");

        Assert.That(status, Is.Zero);
        Assert.That(output, Does.Contain("         ctladm lunmap      -p targ_port [-l pLUN] [-L cLUN]\n"));
    }

    [Test]
    public void UnknownCommand_WarnsOnStderr_UsageOnStdout_Exits1()
    {
        var (status, output, error) = Run(Target(), "frobnicate");

        Assert.That(status, Is.EqualTo(1));
        Assert.That(error, Is.EqualTo("ctladm: option frobnicate not found\n"));
        Assert.That(output, Does.StartWith("Usage:"));
    }

    [Test]
    public void AmbiguousPrefix_IsRejected_ButAUniquePrefixRunsTheCommand()
    {
        Assert.That(Run(Target(), "p").Err, Is.EqualTo("ctladm: ambiguous option p\n"));
        Assert.That(Run(Target(), "portl", "-q", "-p", "3").Out, Does.StartWith("3    YES    camtgt"));
    }

    [Test]
    public void IllegalOption_IsReportedTwice_AsBothGetoptPassesSeeIt_AndIsOtherwiseIgnored()
    {
        var (status, output, error) = Run(Target(), "portlist", "-z", "-p", "4");

        Assert.That(error, Is.EqualTo("ctladm: illegal option -- z\nctladm: illegal option -- z\n"));
        Assert.That(status, Is.Zero);
        Assert.That(output, Does.Contain("4    YES    camtgt   isp1"));
    }

    [Test]
    public void OptionMissingItsArgument_IsReported_AndLunmapWithoutPortFailsWithEnxio()
    {
        var (status, _, error) = Run(Target(), "lunmap", "-p");

        Assert.That(status, Is.EqualTo(1));
        Assert.That(error, Is.EqualTo(
            "ctladm: option requires an argument -- p\n" +
            "ctladm: option requires an argument -- p\n" +
            "ctladm: cctl_lunmap: error issuing CTL_LUN_MAP ioctl: Device not configured\n"));
    }

    [Test]
    public void Lunmap_ToMissingLun_FailsWithDeviceNotConfigured()
    {
        var (status, _, error) = Run(Target(), "lunmap", "-p", "3", "-l", "2", "-L", "99");

        Assert.That(status, Is.EqualTo(1));
        Assert.That(error, Is.EqualTo("ctladm: cctl_lunmap: error issuing CTL_LUN_MAP ioctl: Device not configured\n"));
    }

    [Test]
    public void LunmapForms_ShowInPortlistL_AsNoLunsAllLunsAndEntries()
    {
        var t = Target();

        Run(t, "lunmap", "-p", "3", "-L", "0");
        Assert.That(Run(t, "portlist", "-l", "-q", "-p", "3").Out, Is.EqualTo(
            "3    YES    camtgt   isp0     0  0  naa.21000024ff56f970\n  No LUNs mapped\n"));

        Run(t, "lunmap", "-p", "3", "-l", "2", "-L", "12");
        Run(t, "lunmap", "-p", "3", "-l", "0", "-L", "1");
        Assert.That(Run(t, "portlist", "-l", "-q", "-p", "3").Out, Does.EndWith("  LUN 0: 1\n  LUN 2: 12\n"));

        Run(t, "lunmap", "-p", "3");
        Assert.That(Run(t, "portlist", "-l", "-q", "-p", "3").Out, Does.EndWith("  All LUNs mapped\n"));
    }

    [Test]
    public void Lunmap_NumbersAreParsedLikeStrtol_HexAndOctal()
    {
        var t = Target();
        t.AddLun(new CtlLun(10, 2048));

        Assert.That(Run(t, "lunmap", "-p", "3", "-l", "0x10", "-L", "012").Status, Is.Zero);
        Assert.That(t.Ports[3].LunMap.Entries[16], Is.EqualTo(10u), "012 is octal 10");
    }

    [Test]
    public void PortlistFrontendFilter_AndQuiet_ListOnlyMatchingRows()
    {
        var (_, output, _) = Run(Target(), "portlist", "-q", "-f", "iscsi");

        Assert.That(output, Is.EqualTo("5    YES    iscsi    iscsi    1  1  iqn.2005-10.org.freenas.ctl:default-mosquitto-iscsi-claim,t,0x0001\n"));
    }

    [Test]
    public void PortlistX_DumpsTheKernelsXml()
    {
        var (_, output, _) = Run(Target(), "portlist", "-x");

        Assert.That(output, Does.StartWith("<ctlportlist>\n<targ_port id=\"3\">\n\t<frontend_type>camtgt</frontend_type>\n\t<port_type>1</port_type>\n"));
        Assert.That(output, Does.Contain("\t<lun_map>on</lun_map>\n\t<lun id=\"0\">12</lun>\n\t<initiator id=\"3\">iqn.1993-08.org.debian:01:e38f5e7da7d,i,0x00023d000004</initiator>\n</targ_port>\n"));
        Assert.That(output, Does.EndWith("</ctlportlist>\n"));
    }

    [Test]
    public void Devlist_PrintsCtladmsColumns()
    {
        var (status, output, _) = Run(Target(), "devlist");

        Assert.That(status, Is.Zero);
        Assert.That(output, Is.EqualTo(
            "LUN Backend       Size (Blocks)   BS Serial Number    Device ID       \n" +
            "  1 block            4294967296  512 MYSERIAL0001     MYDEVID0001     \n" +
            " 12 block               2097152  512 MYSERIAL0012     MYDEVID0012     \n"));
    }

    [Test]
    public void DevlistV_AddsLunTypeThreadsAndOptions_AndBFilters()
    {
        var t = Target();
        Run(t, "create", "-b", "ramdisk", "-s", "1m", "-l", "3", "-o", "vendor=ACME");

        var (_, output, _) = Run(t, "devlist", "-v", "-b", "ramdisk");

        Assert.That(output, Is.EqualTo(
            "LUN Backend       Size (Blocks)   BS Serial Number    Device ID       \n" +
            "  3 ramdisk                2048  512 MYSERIAL0000     MYDEVID0000     \n" +
            "      lun_type=0\n" +
            "      vendor=ACME\n"));
    }

    [Test]
    public void Stop_StopsTheLunThroughTheIoctlPath_AndStartStartsIt()
    {
        var t = Target();

        var stop = Run(t, "stop", "12");
        Assert.That(stop, Is.EqualTo((0, "(7:0:12/12):  LUN stopped successfully\n", "")));
        Assert.That(t.Luns[12].Stopped, Is.True);

        Run(t, "start", "12", "-i");
        Assert.That(t.Luns[12].Stopped, Is.False);
    }

    [Test]
    public void StartWithoutLun_AsksForALunArgument()
    {
        var (status, output, error) = Run(Target(), "start", "-i");

        Assert.That(status, Is.EqualTo(1));
        Assert.That(error, Is.EqualTo("ctladm: option start requires a lun argument\n"));
        Assert.That(output, Does.StartWith("Usage:"));
    }

    [Test]
    public void Create_PrintsWhatTheBackendChose()
    {
        var t = Target();

        var (status, output, _) = Run(t, "create", "-b", "block", "-o", "file=/dev/zvol/tank/new", "-s", "10G", "-S", "SER1", "-B", "4096");

        Assert.That(status, Is.Zero);
        Assert.That(output, Is.EqualTo(
            "LUN created successfully\n" +
            "backend:       block\n" +
            "device type:   0\n" +
            "LUN size:      10737418240 bytes\n" +
            "blocksize      4096 bytes\n" +
            "LUN ID:        0\n" +
            "Serial Number: SER1\n" +
            "Device ID;     MYDEVID0002\n"));
        Assert.That(t.Luns[0].Options, Is.EqualTo(new[] { new KeyValuePair<string, string>("file", "/dev/zvol/tank/new") }));
    }

    [Test]
    public void Create_ErrorsUseCtladmsWording()
    {
        var t = Target();

        Assert.That(Run(t, "create", "-s", "1G").Err, Is.EqualTo("ctladm: cctl_create_lun: backend name (-b) must be specified\n"));
        Assert.That(Run(t, "create", "-b", "block", "-o", "file").Err, Is.EqualTo("ctladm: cctl_create_lun: option -o takes \"name=value\"argument\n"));
        Assert.That(Run(t, "create", "-b", "block", "-s", "12x").Err, Is.EqualTo("ctladm: cctl_create_lun: invalid -s argument: Invalid argument\n"));
        var dup = Run(t, "create", "-b", "block", "-o", "file=/f", "-s", "1G", "-l", "12");
        Assert.That(dup.Err, Is.EqualTo("ctladm: LUN creation error: LUN configuration error, see dmesg for details\n"));
        Assert.That(dup.Status, Is.EqualTo(1));
    }

    [Test]
    public void Create_BlockWithoutFile_WarnsButCreatesTheLun()
    {
        var t = Target();

        var (status, output, error) = Run(t, "create", "-b", "block", "-s", "1m");

        Assert.That(status, Is.Zero);
        Assert.That(error, Is.EqualTo("ctladm: LUN creation warning: no file argument specified\n"));
        Assert.That(output, Does.StartWith("LUN created successfully\n"));
        Assert.That(t.Luns[0].NoMedia, Is.True);
    }

    [Test]
    public void Remove_RemovesTheLun_AndReportsMissingArguments()
    {
        var t = Target();

        Assert.That(Run(t, "remove", "-b", "block", "-l", "12"), Is.EqualTo((0, "LUN 12 removed successfully\n", "")));
        Assert.That(t.Luns.ContainsKey(12), Is.False);
        Assert.That(Run(t, "remove", "-b", "block").Err, Is.EqualTo("ctladm: cctl_rm_lun: LUN id (-l) must be specified\n"));
        Assert.That(Run(t, "remove", "-b", "block", "-l", "12").Err,
            Is.EqualTo("ctladm: LUN removal error: LUN 12 is not managed by the block backend\n"));
    }

    [Test]
    public void ModifyS_ResizesTheLun_AndSetsCapacityChange()
    {
        var t = Target();
        var host = new Nexus(5, 3);
        t.Luns[12].UnitAttentions.Clear(host, UnitAttention.PowerOn);

        var (status, output, _) = Run(t, "modify", "-b", "block", "-l", "12", "-s", "2g");

        Assert.That((status, output), Is.EqualTo((0, "LUN 12 modified successfully\n")));
        Assert.That(t.Luns[12].UnitAttentions.Pending(host), Is.EqualTo(UnitAttention.CapacityChange));
        Assert.That(Run(t, "modify", "-b", "block", "-l", "12").Err,
            Is.EqualTo("ctladm: cctl_modify_lun: size (-s) or options (-o) must be specified\n"));
    }

    [Test]
    public void PortO_TurnsAPortOffAndOn()
    {
        var t = Target();

        Assert.That(Run(t, "port", "-o", "off", "-p", "5"), Is.EqualTo((0, "Front End Ports disabled\n", "")));
        Assert.That(Run(t, "portlist", "-q", "-p", "5").Out, Does.StartWith("5    NO     iscsi"));
        Assert.That(Run(t, "port", "-o", "ON", "-p", "5").Out, Is.EqualTo("Front End Ports enabled\n"));
        Assert.That(t.Ports[5].Online, Is.True);
    }

    [Test]
    public void PortO_OnAMissingPort_StillReportsSuccess_AsTheKernelIgnoresIt()
    {
        var t = Target();

        Assert.That(Run(t, "port", "-o", "off", "-p", "9"), Is.EqualTo((0, "Front End Ports disabled\n", "")));
        Assert.That(t.Ports.Values.All(p => p.Online), Is.True);
    }

    [Test]
    public void PortO_WithTypeFilter_AffectsEveryPortOfThatType_AndRejectsBadValues()
    {
        var t = Target();

        Run(t, "port", "-o", "off", "-t", "fc");

        Assert.That(t.Ports[3].Online || t.Ports[4].Online, Is.False);
        Assert.That(t.Ports[5].Online, Is.True);
        Assert.That(Run(t, "port", "-o", "maybe").Err, Is.EqualTo("ctladm: Invalid -o argument maybe, \"on\" or \"off\" are the only valid args\n"));
        Assert.That(Run(t, "port", "-o", "on", "-t", "fc", "-p", "3").Err, Is.EqualTo("ctladm: cctl_port: can only specify one of -t or -n\n"));
        Assert.That(Run(t, "port").Err, Is.EqualTo("ctladm: cctl_port: one of -l, -o or -w/-W must be specified\n"));
    }

    [Test]
    public void PortL_PrintsTheOlderWwnTable()
    {
        var (_, output, _) = Run(Target(), "port", "-l");

        Assert.That(output, Is.EqualTo(
            "Port Online Type     Name         pp vp WWNN               WWPN              \n" +
            "3    YES    FC       isp0         0  0  0x20000024ff56f970 0x21000024ff56f970\n" +
            "4    YES    FC       isp1         0  0  0x20000024ff56f971 0x21000024ff56f971\n" +
            "5    YES    ISCSI    iscsi        1  1  0                  0                 \n"));
    }

    [Test]
    public void OtherDevice_CannotBeOpened()
    {
        var (status, _, error) = Run(Target(), "devlist", "-D", "/dev/cam/ctl1");

        Assert.That(status, Is.EqualTo(1));
        Assert.That(error, Is.EqualTo("ctladm: error opening /dev/cam/ctl1: No such file or directory\n"));
    }

    [Test]
    public void ArbitraryArguments_NeverThrow_AndAlwaysGiveAnExitStatusOf0Or1()
    {
        var rng = new Random(11);
        string[] words =
        [
            "portlist", "devlist", "lunmap", "port", "start", "stop", "create", "remove", "modify", "help", "p", "",
            "-p", "-l", "-L", "-o", "-b", "-s", "-S", "-B", "-t", "-f", "-i", "-v", "-x", "-q", "-w", "-W", "-D", "-I", "--", "-",
            "3", "5", "12", "99", "-1", "0x10", "4294967295", "on", "off", "block", "ramdisk", "iscsi", "fc", "a=b", "x", "1G", "auto", "1e",
        ];
        var t = Target();
        for (int i = 0; i < 3000; i++)
        {
            var args = new string[rng.Next(0, 8)];
            for (int j = 0; j < args.Length; j++) args[j] = words[rng.Next(words.Length)];
            int status = -1;
            Assert.DoesNotThrow(() => status = Ctladm.Run(t, args, TextWriter.Null, TextWriter.Null), string.Join(' ', args));
            Assert.That(status, Is.EqualTo(0).Or.EqualTo(1), string.Join(' ', args));
        }
    }

    [Test]
    public void StateChangingCommand_IsTracedAsAnAction_CausingTheChange()
    {
        var t = Target();

        Run(t, "lunmap", "-p", "3", "-l", "1", "-L", "1");

        var action = t.Trace.Events.Single(e => e.Kind == TraceKind.Action);
        Assert.That(action.Message, Is.EqualTo("ctladm lunmap -p 3 -l 1 -L 1"));
        Assert.That(t.Trace.Events.Single(e => e.Kind == TraceKind.StateChange && e.Source == "port:3").CauseId, Is.EqualTo(action.Id));
    }
}
