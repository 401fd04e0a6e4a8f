using SanSim.Engine;
using SanSim.Hosts.Windows;

namespace SanSim.Tests.Hosts.Windows;

/// <summary>NtfsVolume.VerifyReadBack: every acknowledged cluster read back through the class driver and compared.</summary>
public class NtfsReadBackTests
{
    private static NtfsReadBackResult ReadBack(WindowsSan san)
    {
        NtfsReadBackResult? result = null;
        san.Host.Volumes.Single().VerifyReadBack(r => result = r);
        san.Run(30);
        Assert.That(result, Is.Not.Null, "read-back did not complete");
        return result!;
    }

    [Test]
    public void AcknowledgedClusters_ReadBackIdentical()
    {
        var san = new WindowsSan().Started();
        san.Run(60);

        var result = ReadBack(san);

        Assert.That(result.ClustersChecked, Is.GreaterThan(5));
        Assert.That(result.Intact, Is.True);
    }

    [Test]
    public void AClusterChangedOnTheLunBehindTheVolume_IsReportedByItsLba()
    {
        var san = new WindowsSan(new WindowsHostSettings { OnlineLuns = [1], IoInterval = SimTime.FromSeconds(5) }).Started();
        san.Run(60);
        ulong victim = FirstWrittenLba(san);
        san.Lun(1).Store.Write(victim, new byte[512]);

        var result = ReadBack(san);

        Assert.That(result.MismatchedLbas, Is.EqualTo(new[] { victim }));
    }

    [Test]
    public void ReadBack_WhileTheDesktopSleeps_CountsEveryClusterAsAReadError()
    {
        var san = new WindowsSan(new WindowsHostSettings { OnlineLuns = [1], IoInterval = SimTime.FromSeconds(5) }).Started();
        san.Run(60);
        san.Host.Sleep();
        san.Run(5);

        var result = ReadBack(san);

        Assert.That(result.ReadErrors, Is.EqualTo(result.ClustersChecked).And.GreaterThan(0));
    }

    /// <summary>The LBA of the volume's first write, from the requests the path recorded.</summary>
    private static ulong FirstWrittenLba(WindowsSan san) =>
        san.DesktopPath.To(1, 0x2A).Concat(san.DesktopPath.To(1, 0x8A))
            .Select(r => r.Cdb[0] == 0x2A
                ? (ulong)(r.Cdb[2] << 24 | r.Cdb[3] << 16 | r.Cdb[4] << 8 | r.Cdb[5])
                : System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(r.Cdb.AsSpan(2)))
            .First();
}
