using Moq;
using SanSim.Engine;
using SanSim.Hosts.Linux;
using SanSim.Hosts.Transport;

namespace SanSim.Tests.Hosts.Contracts;

/// <summary>How a Linux sd disk uses its <see cref="IScsiPath"/> (mocked) when the path loses its connection.</summary>
public class ScsiDiskPathContractTests
{
    private const byte Write10 = 0x2a;
    private const byte Read10 = 0x28;

    private static (MockedPath Path, LinuxHost Host) Started(KernelVersion kernel)
    {
        var sim = new Simulation(3);
        var path = new MockedPath(sim, "node1");
        var host = new LinuxHost(sim, "node1", new LinuxHostOptions { Kernel = kernel, ScsiHostNumbers = [6] });
        host.AddPath(path.Object);
        host.Start();
        path.RunFor(5);
        Assert.That(host.Disks.Keys, Does.Contain("sdb"));
        return (path, host);
    }

    private static List<(int Errno, long Cause)> Submit(MockedPath path, LinuxHost host, BioOp op)
    {
        var completions = new List<(int, long)>();
        host.Disks["sdb"].Submit(new Bio(op, 8, new byte[4096], BioFlags.None, (_, errno, cause) => completions.Add((errno, cause))));
        path.RunFor(60);
        return completions;
    }

    [TestCase(KernelVersion.V4_19)]
    [TestCase(KernelVersion.V5_10)]
    [TestCase(KernelVersion.V6_1)]
    public void NoConnection_CompletesTheWriteBioWithEio_ExactlyOnce_WithoutRetry(KernelVersion kernel)
    {
        var (path, host) = Started(kernel);
        path.CutOff();
        var completions = Submit(path, host, BioOp.Write);
        Assert.That(completions.Select(c => c.Errno), Is.EqualTo(new[] { -Errno.EIO }));
        path.Mock.Verify(p => p.Submit(MockedPath.WithOpcode(Write10), It.IsAny<Action<ScsiResponse>>()), Times.Once);
    }

    [Test]
    public void NoConnection_FailedBio_IsCausedByThePathsLoss()
    {
        var (path, host) = Started(KernelVersion.V4_19);
        long lost = path.CutOff();
        var completions = Submit(path, host, BioOp.Write);
        var chain = host.Simulation.Trace.CauseChain(completions.Single().Cause).Select(e => e.Id);
        Assert.That(chain, Does.Contain(lost));
    }

    [Test]
    public void NoConnection_SendsNoTaskManagement()
    {
        var (path, host) = Started(KernelVersion.V6_1);
        path.CutOff();
        Submit(path, host, BioOp.Read);
        path.Mock.Verify(p => p.TaskManagement(It.IsAny<TaskManagementFunction>(), It.IsAny<ulong>(),
            It.IsAny<Action<TaskManagementResult>>(), It.IsAny<ulong>(), It.IsAny<long>()), Times.Never);
        path.Mock.Verify(p => p.Submit(MockedPath.WithOpcode(Read10), It.IsAny<Action<ScsiResponse>>()), Times.Once);
    }

    [Test]
    public void ConnectedPath_CompletesTheWriteBioWithZero_ExactlyOnce()
    {
        var (path, host) = Started(KernelVersion.V5_10);
        var completions = Submit(path, host, BioOp.Write);
        Assert.That(completions.Select(c => c.Errno), Is.EqualTo(new[] { 0 }));
        path.Mock.Verify(p => p.Submit(MockedPath.WithOpcode(Write10), It.IsAny<Action<ScsiResponse>>()), Times.Once);
    }
}
