using System.Net;
using System.Net.Sockets;
using SanSim.Iscsi;

namespace SanSim.Tests.Iscsi;

/// <summary>A portal on 127.0.0.1 (a free port) serving each accepted connection with an <see cref="IscsiConnection"/>.</summary>
internal sealed class LoopbackPortal : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;
    private readonly List<Task> _served = new();

    public LoopbackPortal(IIscsiBackend backend, IscsiPortalSettings? settings = null)
    {
        _listener.Start();
        _accept = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket socket;
                try
                {
                    socket = await _listener.AcceptSocketAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }
                var connection = new IscsiConnection(new NetworkStream(socket, ownsSocket: true), backend, settings);
                lock (_served) _served.Add(Task.Run(() => connection.RunAsync(_stop.Token)));
            }
        });
    }

    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Waits for every connection served so far to end.</summary>
    public void WaitForConnections()
    {
        Task[] all;
        lock (_served) all = _served.ToArray();
        Task.WaitAll(all, TimeSpan.FromSeconds(20));
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _accept.Wait(TimeSpan.FromSeconds(5));
        WaitForConnections();
        _listener.Dispose();
        _stop.Dispose();
    }
}
