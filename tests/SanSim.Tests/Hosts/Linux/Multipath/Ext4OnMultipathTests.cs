using SanSim.Engine;
using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Ext4;
using SanSim.Hosts.Linux.Multipath;

namespace SanSim.Tests.Hosts.Linux.Multipath;

/// <summary>
/// ext4 mounted on dm-0 while another initiator stops the LUN: with no_path_retry queue the filesystem never sees
/// an error and stays read-write; with fail it gets EIO and remounts read-only, as on a bare sd disk.
/// </summary>
public class Ext4OnMultipathTests
{
    private const ulong LunBlocks = 256UL * 1024 * 1024 / 512;

    private static (MultipathSan San, Ext4Filesystem Fs) Mounted(NoPathRetry noPathRetry)
    {
        var san = new MultipathSan(noPathRetry, lunBlocks: LunBlocks);
        var device = san.Host.BlockDevice("dm-0") ?? throw new AssertionException("no dm-0");
        var fs = new Ext4Filesystem(san.Sim, san.Host.Log, device, KernelVersion.V6_1, san.Sim.Random.Stream("fs"));
        Assert.That(fs.Mkfs(), Is.Zero);
        int? mounted = null;
        Assert.That(fs.Mount(new Ext4MountOptions { WriteEvery = null }, 0, r => mounted = r), Is.Zero);
        san.Run(SimTime.FromSeconds(1));
        Assert.That(mounted, Is.Zero);
        return (san, fs);
    }

    /// <summary>The application writes one block a second (the filesystem's own writer is off, so read-back sees a quiet device).</summary>
    private static void WriteFor(MultipathSan san, Ext4Filesystem fs, int seconds)
    {
        for (int i = 0; i < seconds; i++)
        {
            fs.Write();
            san.Run(SimTime.FromSeconds(1));
        }
    }

    [Test]
    public void QueueMode_StoppedLun_Ext4StaysReadWrite_AndItsDataReadsBackAfterStartUnit()
    {
        var (san, fs) = Mounted(NoPathRetry.Queue);
        WriteFor(san, fs, 10);
        san.DesktopStartStop(start: false);
        WriteFor(san, fs, 60);
        Assert.That(fs.State, Is.EqualTo(Ext4MountState.ReadWrite));
        Assert.That(fs.JournalAborted, Is.False);
        Assert.That(fs.BiosFailed, Is.Zero);
        san.DesktopStartStop(start: true);
        WriteFor(san, fs, 30);
        Assert.That(fs.State, Is.EqualTo(Ext4MountState.ReadWrite));
        Assert.That(san.Host.Log.Lines.Select(l => l.Text).Where(t => t.StartsWith("EXT4-fs error", StringComparison.Ordinal)), Is.Empty);
        san.Run(SimTime.FromSeconds(15));
        Ext4ReadBackResult? result = null;
        fs.VerifyReadBack(r => result = r);
        san.Run(SimTime.FromSeconds(1));
        Assert.That(result, Is.Not.Null);
        Assert.That(result!.SectorsChecked, Is.GreaterThan(0));
        Assert.That(result.ReadErrors, Is.Zero);
        Assert.That(result.MismatchedSectors, Is.Empty);
    }

    [Test]
    public void FailMode_StoppedLun_Ext4GetsEio_AndRemountsReadOnly()
    {
        var (san, fs) = Mounted(NoPathRetry.Fail);
        WriteFor(san, fs, 10);
        san.DesktopStartStop(start: false);
        WriteFor(san, fs, 30);
        Assert.That(fs.BiosFailed, Is.GreaterThan(0));
        Assert.That(fs.State, Is.EqualTo(Ext4MountState.ReadOnly));
        Assert.That(san.Host.Log.Lines.Select(l => l.Text), Does.Contain("EXT4-fs (dm-0): Remounting filesystem read-only"));
    }
}
