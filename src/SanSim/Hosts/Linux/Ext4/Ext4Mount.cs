using SanSim.Engine;

namespace SanSim.Hosts.Linux.Ext4;

/// <summary>
/// An ext4 filesystem as a <see cref="LinuxHost"/> holds it: one <see cref="Ext4Filesystem"/> on one block
/// device, kept across umount and mount (the superblock and journal state live on the device), seen by the host
/// as an <see cref="IMountedFilesystem"/> while mounted. It listens to the filesystem's events and passes a
/// panic on to the host.
/// </summary>
public sealed class Ext4Mount : IMountedFilesystem, IExt4Events
{
    private readonly Action<Ext4Mount, string, long> _panicked;

    internal Ext4Mount(LinuxHost host, IBlockDevice device, string mountPoint, Action<Ext4Mount, string, long> panicked)
    {
        Device = device;
        MountPoint = mountPoint;
        _panicked = panicked;
        Filesystem = new Ext4Filesystem(host.Simulation, host.Log, device, host.Options.Kernel,
            host.Random.Stream("ext4").Stream(device.Name), this, host.PrintkSites);
    }

    public Ext4Filesystem Filesystem { get; }

    public IBlockDevice Device { get; }

    public string MountPoint { get; }

    /// <summary>rw, ro, unmounted, or dead with the kernel.</summary>
    public Ext4MountState State => Filesystem.State;

    public bool ReadOnly => Filesystem.State == Ext4MountState.ReadOnly;

    /// <summary>JBD2_ABORT on the journal: the mount is (or is about to be) read-only until umount, fsck and mount.</summary>
    public bool JournalAborted => Filesystem.JournalAborted;

    /// <summary>The options of the last mount (reused by a later mount of the same device).</summary>
    public Ext4MountOptions Options => Filesystem.Options;

    /// <summary>Raised once per failed bio of the filesystem, with the trace id that decided the failure.</summary>
    public event Action<Ext4Mount, Ext4IoKind, Bio, int, long>? IoFailed;

    /// <summary>Raised after every mount state change, with its trace id.</summary>
    public event Action<Ext4Mount, Ext4MountState, Ext4MountState, long>? StateChanged;

    public int Umount(long causeId = 0) => Filesystem.Umount(causeId);

    void IExt4Events.IoError(Ext4IoKind kind, Bio bio, int errno, long traceId) => IoFailed?.Invoke(this, kind, bio, errno, traceId);

    void IExt4Events.StateChanged(Ext4MountState from, Ext4MountState to, long traceId) => StateChanged?.Invoke(this, from, to, traceId);

    void IExt4Events.Panicked(string message, long traceId) => _panicked(this, message, traceId);

    public override string ToString() => $"{Device.Name} on {MountPoint} type ext4 ({State})";
}
