using SanSim.Engine;
using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Ext4;
using SanSim.Hosts.Windows;
using SanSim.Target;

namespace SanSim.Tests.Properties;

/// <summary>
/// Property: every write a host was told succeeded (GOOD) is what the LUN holds. Runs the generated cases whose LUN
/// maps stay stable (each CTL LUN has one writer for the whole run), then compares ext4's acknowledged sectors
/// with the CTL LUN's store, reads them back through the host's own disk, and checks that no Windows volume
/// read back anything other than what its disk acknowledged.
/// </summary>
[Category("Property")]
public class AcknowledgedDataPropertyTests
{
    public static IEnumerable<int> StableCases() =>
        DeterminismPropertyTests.Cases().Where(n => SanCaseGenerator.Generate(n).StableMaps);

    [Test]
    public void EnoughCases_HaveStableMaps() => Assert.That(StableCases().Count(), Is.GreaterThanOrEqualTo(60));

    [TestCaseSource(nameof(StableCases))]
    public void WritesAcknowledgedGood_ReadBackIdentical(int number)
    {
        var run = PropertyRun.Execute(number);
        string context = run.Case.Describe();
        Assert.That(run.Error, Is.Null, $"run threw\n{context}\n{run.Error}");
        var world = run.World!;

        foreach (var (hostName, fs) in world.Ext4)
        {
            int ctlLun = run.Case.Hosts.Single(h => h.Name == hostName).WrittenCtlLuns.Single();
            var lun = world.Target.Luns[ctlLun];
            var differing = DifferingSectors(fs.AcknowledgedSectors(), lun);
            Assert.That(differing, Is.Empty, $"{hostName}: acknowledged sectors that LUN {ctlLun} does not hold\n{context}");
        }

        foreach (var host in world.Hosts.Values.OfType<WindowsHost>())
            foreach (var volume in host.Volumes)
                Assert.That(volume.Mismatches, Is.Zero, $"{host.Name} {volume.Letter}: read-back mismatches\n{context}");

        // Read back through the hosts' own disks, with the faults disarmed; a read may still fail (stopped LUN, lost path).
        foreach (var rule in world.Faults.Rules.ToList()) world.Faults.Remove(rule);
        var results = new Dictionary<string, Ext4ReadBackResult>();
        foreach (var (hostName, fs) in world.Ext4)
            fs.VerifyReadBack(r => results[hostName] = r);
        world.Sim.Scheduler.RunUntil(world.Sim.Now + SimTime.FromMinutes(10));
        foreach (var (hostName, fs) in world.Ext4)
        {
            Assert.That(results.ContainsKey(hostName), Is.True, $"{hostName}: read-back never completed\n{context}");
            Assert.That(results[hostName].MismatchedSectors, Is.Empty, $"{hostName}: read back differs\n{context}");
        }
    }

    /// <summary>The sectors whose acknowledged content differs from the LUN's store.</summary>
    private static List<ulong> DifferingSectors(IReadOnlyDictionary<ulong, byte[]> acknowledged, CtlLun lun)
    {
        var differing = new List<ulong>();
        var block = new byte[lun.BlockSize];
        int sectorsPerBlock = lun.BlockSize / Bio.SectorSize;
        foreach (var (sector, data) in acknowledged.OrderBy(kv => kv.Key))
        {
            lun.Store.Read(sector / (ulong)sectorsPerBlock, block);
            int offset = (int)(sector % (ulong)sectorsPerBlock) * Bio.SectorSize;
            if (!block.AsSpan(offset, Bio.SectorSize).SequenceEqual(data)) differing.Add(sector);
        }
        return differing;
    }
}
