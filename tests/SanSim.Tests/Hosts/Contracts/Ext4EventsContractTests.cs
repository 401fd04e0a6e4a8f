using Moq;
using SanSim.Engine;
using SanSim.Hosts;
using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Ext4;

namespace SanSim.Tests.Hosts.Contracts;

/// <summary>
/// What ext4 tells its host through <see cref="IExt4Events"/> when the block layer below it (a mocked
/// <see cref="IBlockDevice"/>) fails one bio: one IoError for that bio, one change to read-only, and nothing twice.
/// </summary>
public class Ext4EventsContractTests
{
    private const ulong DeviceSectors = 1UL << 21;

    /// <summary>A simulation, a kernel log, a mocked sdb that completes bios after 200 µs, and ext4 on it with mocked events.</summary>
    private sealed class Rig
    {
        private readonly Dictionary<ulong, byte[]> _sectors = new();

        public Rig(Func<Bio, bool> fails, bool completeTwice = false, Ext4ErrorsBehavior errors = Ext4ErrorsBehavior.RemountRo)
        {
            Sim = new Simulation(5);
            var log = new HostLog(Sim, "node1");
            Device.SetupGet(d => d.Name).Returns("sdb");
            Device.SetupGet(d => d.SectorCount).Returns(DeviceSectors);
            Device.SetupGet(d => d.LogicalBlockSize).Returns(512);
            Device.Setup(d => d.Submit(It.IsAny<Bio>())).Callback<Bio>(bio => Sim.Scheduler.After(SimTime.FromMicroseconds(200), () =>
            {
                if (fails(bio))
                {
                    long line = log.Write($"I/O error, dev sdb, sector {bio.Sector}", bio.CauseId);
                    FailedBios.Add((bio, line));
                    bio.Complete(bio, -Errno.EIO, line);
                    if (completeTwice) bio.Complete(bio, -Errno.EIO, line);
                    return;
                }
                for (int i = 0; i < bio.SectorCount; i++)
                {
                    ulong s = bio.Sector + (ulong)i;
                    if (bio.Op == BioOp.Write) _sectors[s] = bio.Data.AsSpan(i * 512, 512).ToArray();
                    else if (bio.Op == BioOp.Read && _sectors.TryGetValue(s, out var d)) d.CopyTo(bio.Data.AsSpan(i * 512, 512));
                }
                bio.Complete(bio, 0, 0);
                if (completeTwice) bio.Complete(bio, 0, 0);
            }));
            Fs = new Ext4Filesystem(Sim, log, Device.Object, KernelVersion.V4_19, Sim.Random.Stream("ext4"), Events.Object);
            Assert.That(Fs.Mkfs(), Is.Zero);
            Assert.That(Fs.Mount(new Ext4MountOptions { Errors = errors }), Is.Zero);
        }

        public Simulation Sim { get; }
        public Mock<IBlockDevice> Device { get; } = new();
        public Mock<IExt4Events> Events { get; } = new();
        public Ext4Filesystem Fs { get; }
        public List<(Bio Bio, long TraceId)> FailedBios { get; } = new();

        public void RunFor(double seconds) => Sim.Scheduler.RunUntil(Sim.Now + SimTime.FromSeconds(seconds));
    }

    /// <summary>Fails the first jbd2 commit block (REQ_PREFLUSH) the device sees after <paramref name="from"/>.</summary>
    private static Func<Bio, bool> FirstCommitBlockAfter(Func<SimTime> now, SimTime from)
    {
        bool failed = false;
        return bio =>
        {
            if (failed || bio.Op != BioOp.Write || !bio.Flags.HasFlag(BioFlags.Preflush) || now() < from) return false;
            failed = true;
            return true;
        };
    }

    private static Rig FailOneCommit(bool completeTwice = false, Ext4ErrorsBehavior errors = Ext4ErrorsBehavior.RemountRo)
    {
        Simulation? sim = null;
        var rig = new Rig(FirstCommitBlockAfter(() => sim!.Now, SimTime.FromSeconds(12)), completeTwice, errors);
        sim = rig.Sim;
        rig.RunFor(120);
        return rig;
    }

    [Test]
    public void OneFailedBio_RaisesIoErrorExactlyOnce_ForThatBio_WithTheTraceIdThatDecidedIt()
    {
        var rig = FailOneCommit();
        Assert.That(rig.FailedBios, Has.Count.EqualTo(1));
        var (bio, line) = rig.FailedBios[0];
        rig.Events.Verify(e => e.IoError(Ext4IoKind.JournalCommit, bio, -Errno.EIO, line), Times.Once);
        rig.Events.Verify(e => e.IoError(It.IsAny<Ext4IoKind>(), It.IsAny<Bio>(), It.IsAny<int>(), It.IsAny<long>()), Times.Once);
    }

    [Test]
    public void OneFailedCommitBlock_ChangesStateToReadOnlyExactlyOnce_AfterMountingReadWriteOnce()
    {
        var rig = FailOneCommit();
        rig.Events.Verify(e => e.StateChanged(Ext4MountState.Unmounted, Ext4MountState.ReadWrite, It.IsAny<long>()), Times.Once);
        rig.Events.Verify(e => e.StateChanged(Ext4MountState.ReadWrite, Ext4MountState.ReadOnly, It.IsAny<long>()), Times.Once);
        rig.Events.Verify(e => e.StateChanged(It.IsAny<Ext4MountState>(), It.IsAny<Ext4MountState>(), It.IsAny<long>()), Times.Exactly(2));
        rig.Events.Verify(e => e.Panicked(It.IsAny<string>(), It.IsAny<long>()), Times.Never);
        Assert.That(rig.Fs.State, Is.EqualTo(Ext4MountState.ReadOnly));
    }

    [Test]
    public void ReadOnlyChange_IsCausedByTheFailedBio()
    {
        long readOnlyId = 0;
        Simulation? sim = null;
        var rig = new Rig(FirstCommitBlockAfter(() => sim!.Now, SimTime.FromSeconds(12)));
        sim = rig.Sim;
        rig.Events.Setup(e => e.StateChanged(Ext4MountState.ReadWrite, Ext4MountState.ReadOnly, It.IsAny<long>()))
            .Callback<Ext4MountState, Ext4MountState, long>((_, _, id) => readOnlyId = id);
        rig.RunFor(120);
        Assert.That(readOnlyId, Is.Not.Zero);
        var chain = rig.Sim.Trace.CauseChain(readOnlyId).Select(e => e.Id).ToList();
        Assert.That(chain, Does.Contain(rig.FailedBios.Single().TraceId));
    }

    [Test]
    public void DeviceCompletingABioTwice_StillRaisesIoErrorOnce()
    {
        var rig = FailOneCommit(completeTwice: true);
        rig.Events.Verify(e => e.IoError(It.IsAny<Ext4IoKind>(), It.IsAny<Bio>(), It.IsAny<int>(), It.IsAny<long>()), Times.Once);
        rig.Events.Verify(e => e.StateChanged(Ext4MountState.ReadWrite, Ext4MountState.ReadOnly, It.IsAny<long>()), Times.Once);
    }

    [Test]
    public void HealthyDevice_RaisesNoIoError_AndOnlyTheMount()
    {
        var rig = new Rig(_ => false);
        rig.RunFor(120);
        rig.Events.Verify(e => e.IoError(It.IsAny<Ext4IoKind>(), It.IsAny<Bio>(), It.IsAny<int>(), It.IsAny<long>()), Times.Never);
        rig.Events.Verify(e => e.StateChanged(Ext4MountState.Unmounted, Ext4MountState.ReadWrite, It.IsAny<long>()), Times.Once);
        rig.Events.VerifyNoOtherCalls();
        rig.Device.Verify(d => d.Submit(It.Is<Bio>(b => b.Flags.HasFlag(BioFlags.Preflush))), Times.AtLeast(10));
    }

    /// <summary>ext4_abort remounts read-only first and then panics for errors=panic ("EXT4-fs panic from previous error").</summary>
    [Test]
    public void ErrorsPanic_OneFailedBio_PanicsExactlyOnce_AfterTheAbortsReadOnlyRemount()
    {
        var rig = FailOneCommit(errors: Ext4ErrorsBehavior.Panic);
        rig.Events.Verify(e => e.Panicked(It.Is<string>(m => m.StartsWith("Kernel panic - not syncing", StringComparison.Ordinal)), It.IsAny<long>()), Times.Once);
        rig.Events.Verify(e => e.StateChanged(Ext4MountState.ReadWrite, Ext4MountState.ReadOnly, It.IsAny<long>()), Times.Once);
        rig.Events.Verify(e => e.StateChanged(Ext4MountState.ReadOnly, Ext4MountState.Panicked, It.IsAny<long>()), Times.Once);
        rig.Events.Verify(e => e.IoError(It.IsAny<Ext4IoKind>(), It.IsAny<Bio>(), It.IsAny<int>(), It.IsAny<long>()), Times.Once);
    }
}
