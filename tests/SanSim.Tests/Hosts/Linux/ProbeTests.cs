using SanSim.Engine;
using SanSim.Hosts.Linux;

namespace SanSim.Tests.Hosts.Linux;

public class ProbeTests
{
    [Test]
    public void Start_ProbesLun_PrintsScanAndSdAttachLines()
    {
        var san = new LinuxSan(KernelVersion.V6_1);
        var lines = san.LinesFrom(0);
        TestContext.Out.WriteLine(string.Join("\n", san.Host.Kernel.Formatted()));
        Assert.That(lines, Is.SupersetOf(new[]
        {
            "sd 6:0:0:0: [sdb] 2048 512-byte logical blocks: (1.05 MB/1.00 MiB)",
            "sd 6:0:0:0: [sdb] Write Protect is off",
            "sd 6:0:0:0: [sdb] Attached SCSI disk",
        }));
    }
}
