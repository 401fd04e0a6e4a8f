using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Ext4;

namespace SanSim.Tests.Hosts.Linux.Ext4;

/// <summary>Records what a filesystem reports through <see cref="IExt4Events"/>.</summary>
internal sealed class Ext4EventsRecorder : IExt4Events
{
    public List<(Ext4IoKind Kind, Bio Bio, int Errno)> IoErrors { get; } = new();
    public List<(Ext4MountState From, Ext4MountState To)> States { get; } = new();
    public List<string> Panics { get; } = new();

    public void IoError(Ext4IoKind kind, Bio bio, int errno, long traceId) => IoErrors.Add((kind, bio, errno));
    public void StateChanged(Ext4MountState from, Ext4MountState to, long traceId) => States.Add((from, to));
    public void Panicked(string message, long traceId) => Panics.Add(message);
}
