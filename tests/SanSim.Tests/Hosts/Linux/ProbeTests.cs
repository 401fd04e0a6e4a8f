using SanSim.Engine;
using SanSim.Hosts.Linux;

namespace SanSim.Tests.Hosts.Linux;

public class ProbeTests
{
    [Test]
    public void Start_ProbesLun_PrintsScanAndSdAttachLines_InTheKernelsOrder()
    {
        var san = new LinuxSan(KernelVersion.V6_1);
        var lines = san.LinesFrom(0);
        TestContext.Out.WriteLine(string.Join("\n", san.Host.Kernel.Formatted()));
        Assert.That(lines, Has.Count.EqualTo(7));
        Assert.That(lines[0], Does.Match(@"^scsi 6:0:0:0: Direct-Access     FREEBSD  CTLDISK          0001 PQ: 0 ANSI: \d$"));
        Assert.That(lines[4], Does.Match(@"^sd 6:0:0:0: \[sdb\] Mode Sense: [0-9a-f]{2} 00 10 08$"));
        Assert.That(lines.Where((_, i) => i is not (0 or 4)), Is.EqualTo(new[]
        {
            "sd 6:0:0:0: Power-on or device reset occurred",
            "sd 6:0:0:0: [sdb] 2048 512-byte logical blocks: (1.05 MB/1.00 MiB)",
            "sd 6:0:0:0: [sdb] Write Protect is off",
            "sd 6:0:0:0: [sdb] Write cache: enabled, read cache: enabled, supports DPO and FUA",
            "sd 6:0:0:0: [sdb] Attached SCSI disk",
        }));
    }
}
