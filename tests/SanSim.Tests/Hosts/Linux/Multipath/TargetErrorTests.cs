using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Multipath;
using SanSim.Scsi;
using SanSim.Tests.Hosts.Linux;

namespace SanSim.Tests.Hosts.Linux.Multipath;

/// <summary>
/// Errors that blk_path_error does not count as path errors end the request at once, and the path stays in use;
/// NOT READY 04/02 is BLK_STS_IOERR and is a path error.
/// </summary>
public class TargetErrorTests
{
    private static bool IsWrite(byte[] cdb) => cdb[0] is 0x2A or 0x8A;

    [Test]
    public void MediumError_1100_FailsTheWriteWithEio_WithoutFailingThePath()
    {
        var san = new MultipathSan(NoPathRetry.Queue);
        var faults = new TestFaults(cdb => IsWrite(cdb) ? TestFaults.Check(SenseKey.MediumError, 0x11, 0x00) : FaultDecision.Pass);
        san.PathA.Faults = faults;
        int k = san.Host.Log.Lines.Count;
        var write = san.Submit(BioOp.Write, 0, MultipathSan.Pattern(1));
        san.Run(SimTime.FromSeconds(1));
        Assert.That(write.Error, Is.EqualTo(-Errno.EIO));
        Assert.That(san.Dm.Paths.Select(p => p.IsActive), Is.All.True);
        Assert.That(san.KernelFrom(k).Where(l => l.Contains("Failing path")), Is.Empty);
        Assert.That(san.KernelFrom(k), Does.Contain("I/O error, dev dm-0, sector 0 op 0x1:(WRITE) flags 0x0 phys_seg 1 prio class 2"));
    }

    [Test]
    public void NotReady0402OnOnePath_IsAPathError_TheWriteSucceedsOnTheOther()
    {
        var san = new MultipathSan(NoPathRetry.Fail);
        san.PathA.Faults = new TestFaults(cdb => IsWrite(cdb) ? TestFaults.Check(SenseKey.NotReady, 0x04, 0x02) : FaultDecision.Pass);
        int k = san.Host.Log.Lines.Count;
        var write = san.Submit(BioOp.Write, 0, MultipathSan.Pattern(1));
        san.Run(SimTime.FromSeconds(1));
        Assert.That(write.Error, Is.EqualTo(0));
        var kernel = san.KernelFrom(k);
        Assert.That(kernel.Any(l => l.StartsWith("sd 6:0:0:0: [sdb]", StringComparison.Ordinal) && l.Contains("FAILED Result")), Is.True);
        Assert.That(kernel, Does.Contain("I/O error, dev sdb, sector 0 op 0x1:(WRITE) flags 0x0 phys_seg 1 prio class 2"));
        Assert.That(kernel, Does.Contain("device-mapper: multipath: 253:0: Failing path 8:16."));
    }

    [TestCase(BlkStatus.IoErr, true)]
    [TestCase(BlkStatus.Transport, true)]
    [TestCase(BlkStatus.Timeout, true)]
    [TestCase(BlkStatus.Target, false)]
    [TestCase(BlkStatus.Nexus, false)]
    [TestCase(BlkStatus.Medium, false)]
    [TestCase(BlkStatus.NoSpc, false)]
    [TestCase(BlkStatus.NotSupp, false)]
    [TestCase(BlkStatus.Protection, false)]
    public void BlkPathError_Classifies_AsTheKernelDoes(BlkStatus status, bool pathError) =>
        Assert.That(status.IsPathError(), Is.EqualTo(pathError));
}
