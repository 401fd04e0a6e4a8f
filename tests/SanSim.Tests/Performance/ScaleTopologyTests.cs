using SanSim.Cli;
using SanSim.Scenarios.Generation;
using SanSim.Scenarios.Model;
using SanSim.Tests.Cli;

namespace SanSim.Tests.Performance;

/// <summary>The generated scale topology: a valid scenario, LUNs and hosts dealt over the ports, and a run that writes.</summary>
public class ScaleTopologyTests
{
    [Test]
    public void DefaultTopology_Loads_With1024Luns256Hosts64Ports()
    {
        var loaded = ScaleTopology.Load(new ScaleOptions());

        Assert.That(loaded.Errors, Is.Empty);
        var s = loaded.Scenarios.Single();
        Assert.That(s.Target.Luns, Has.Count.EqualTo(1024));
        Assert.That(s.Target.Ports, Has.Count.EqualTo(64));
        Assert.That(s.Hosts, Has.Count.EqualTo(256));
        Assert.That(s.Duration.Nanoseconds, Is.EqualTo(3600L * 1_000_000_000));
    }

    [TestCase(1024, 256, 64)]
    [TestCase(10, 7, 3)]
    [TestCase(5, 12, 5)]
    public void EveryLun_IsOnExactlyOnePort_AndEveryHostMountsALunItsPortMaps(int luns, int hosts, int ports)
    {
        var s = ScaleTopology.Load(new ScaleOptions(luns, hosts, ports, Hours: 0.01)).Scenarios.Single();

        var mapped = s.Target.Ports.SelectMany(p => p.LunMapEntries.Select(e => (int)e.Value)).ToList();
        Assert.That(mapped, Is.EquivalentTo(Enumerable.Range(0, luns)));
        Assert.That(s.Target.Ports.Select(p => p.LunMap), Has.All.EqualTo(LunMapKind.Explicit));
        foreach (var host in s.Hosts)
        {
            var port = s.Target.Ports.Single(p => p.Port == host.Paths.Single().Port);
            Assert.That(port.LunMapEntries.Select(e => (int)e.Value), Does.Contain(host.Mounts.Single().Lun), host.Name);
            Assert.That(host.Mounts.Single().WriteEvery.Nanoseconds, Is.EqualTo(1_000_000_000L));
        }
    }

    [Test]
    public void SmallScaleRun_EveryHostWritesEverySecond_AndStaysReadWrite()
    {
        var s = ScaleTopology.Load(new ScaleOptions(8, 4, 2, Hours: 60.0 / 3600)).Scenarios.Single();

        var r = ScaleRun.Run(s);

        Assert.That(r.Mounts, Is.EqualTo(4));
        Assert.That(r.MountsReadWrite, Is.EqualTo(4));
        // Mounting takes a moment of virtual time, so the first write comes a second after it.
        Assert.That(r.WritesAccepted, Is.InRange(4 * 50, 4 * 60));
        Assert.That(r.WrittenBlocks, Is.GreaterThan(0));
        Assert.That(r.StoreBytes, Is.GreaterThanOrEqualTo(r.WrittenBytes));
    }

    [TestCase(0, 1, 1, 1.0)]
    [TestCase(4, 0, 2, 1.0)]
    [TestCase(4, 1, 8, 1.0)]
    [TestCase(4, 1, 2, 0.0)]
    [TestCase(1025, 1, 1, 1.0)]
    [TestCase(1024, 1, 1024, 1.0)]
    public void OutOfRangeOptions_AreNamed_AndTheCommandExits2(int luns, int hosts, int ports, double hours)
    {
        var o = new ScaleOptions(luns, hosts, ports, hours);

        Assert.That(o.Problem(), Is.Not.Null);
        Assert.That(() => ScaleTopology.Yaml(o), Throws.ArgumentException);
        var (exit, _, error) = ScenarioFiles.Sansim("scale", "--luns", luns.ToString(), "--hosts", hosts.ToString(),
            "--ports", ports.ToString(), "--hours", hours.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.StartWith("sansim scale: --"));
    }

    [Test]
    public void ScaleCommand_PrintsWallMemoryAndWrites_Exit0()
    {
        var (exit, output, error) = ScenarioFiles.Sansim("scale", "--luns", "4", "--hosts", "2", "--ports", "2", "--hours", "0.005");

        Assert.That(error, Is.Empty);
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
        Assert.That(output, Does.Contain("wall ").And.Contain("peak memory").And.Contain("2 of 2 mounts read-write"));
    }
}
