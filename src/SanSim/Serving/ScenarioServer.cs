using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SanSim.Engine;
using SanSim.Iscsi;
using SanSim.Scenarios.Model;
using SanSim.Scenarios.Running;
using SanSim.Target;

namespace SanSim.Serving;

/// <summary>
/// Serves a scenario's CTL target over iSCSI: the scenario runs in real time scaled by the speed from the
/// start time on one simulation thread, every iSCSI port is a target on the portal, and every accepted TCP
/// connection is an <see cref="IscsiConnection"/> whose commands go to that thread.
/// </summary>
public sealed class ScenarioServer : IAsyncDisposable
{
    private readonly SimulationLoop _loop;
    private readonly SimulatedTargetBackend _backend;
    private readonly TcpListener _listener;
    private readonly IscsiPortalSettings _settings;
    private readonly ServeOptions _options;
    private readonly Action<string> _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = new();
    private readonly object _gate = new();
    private Task? _accept;
    private int _active;

    private ScenarioServer(SimulationLoop loop, TcpListener listener, ServeOptions options, Action<string> log)
    {
        _loop = loop;
        _backend = new SimulatedTargetBackend(loop);
        _listener = listener;
        _options = options;
        _log = log;
        var bound = (IPEndPoint)listener.LocalEndpoint;
        _settings = new IscsiPortalSettings
        {
            PortalAddress = bound.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{bound.Address}]:{bound.Port}" : bound.ToString(),
            Chap = options.Chap,
        };
    }

    /// <summary>The address the portal listens on (with the real port when 0 was asked for).</summary>
    public IPEndPoint LocalEndpoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>The targets the portal offers at start.</summary>
    public IReadOnlyList<IscsiTargetEntry> Targets { get; private set; } = [];

    /// <summary>
    /// Builds the scenario's world, runs it to <see cref="ServeOptions.StartAt"/>, opens the portal and starts
    /// accepting connections. Throws <see cref="SocketException"/> when the address cannot be bound, and
    /// <see cref="InvalidOperationException"/> when the scenario cannot be built.
    /// </summary>
    public static ScenarioServer Start(Scenario scenario, ServeOptions options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        log ??= _ => { };
        ScenarioWorld world;
        try
        {
            world = new ScenarioWorld(scenario);
            world.Start();
            world.ScheduleTimeline();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            throw new InvalidOperationException($"{scenario.Id}: cannot build the simulated SAN: {e.Message}", e);
        }
        var listener = new TcpListener(options.Listen);
        listener.Start();
        var loop = new SimulationLoop(world, options.StartAt, options.Speed, log);
        var server = new ScenarioServer(loop, listener, options, log);
        server.Targets = SimulatedTargetBackend.ListTargets(world.Target);
        loop.Start();
        server._accept = Task.Run(server.AcceptLoopAsync);
        return server;
    }

    /// <summary>Runs <paramref name="work"/> against the live target on the simulation thread.</summary>
    public Task<T> OnTarget<T>(Func<CtlTarget, T> work) => _loop.Post(world => work(world.Target));

    /// <summary>The scenario's current virtual time.</summary>
    public Task<SimTime> VirtualNow() => _loop.Post(world => world.Sim.Now);

    /// <summary>
    /// Runs one ctladm command line against the live target, writing what ctladm prints; returns its exit status
    /// (2 for a line that cannot be split into words).
    /// </summary>
    public Task<int> RunCtladm(string line, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(line);
        return _loop.Post(world =>
        {
            var words = CommandLine.Split(line, out string? error);
            if (words is null)
            {
                stderr.WriteLine($"ctladm: {error}");
                return 2;
            }
            if (words.Count > 0 && words[0] == "ctladm") words = words.Skip(1).ToList();
            if (words.Count == 0) return 0;
            long id = world.Sim.Trace.Record(TraceKind.Action, SimulatedTargetBackend.Source, "ctladm " + string.Join(' ', words));
            return SanSim.Target.Ctladm.Ctladm.Run(world.Target, words, stdout, stderr, id);
        });
    }

    private async Task AcceptLoopAsync()
    {
        var ct = _stop.Token;
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (ct.IsCancellationRequested) return;
                continue;
            }
            if (Interlocked.Increment(ref _active) > _options.MaxConnections)
            {
                Interlocked.Decrement(ref _active);
                _log($"{socket.RemoteEndPoint}: too many connections; closing");
                socket.Dispose();
                continue;
            }
            socket.NoDelay = true;
            var task = Task.Run(() => ServeAsync(socket, ct), CancellationToken.None);
            lock (_gate)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(task);
            }
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken ct)
    {
        string peer = socket.RemoteEndPoint?.ToString() ?? "?";
        var stream = new NetworkStream(socket, ownsSocket: true);
        await using (stream.ConfigureAwait(false))
        {
            var connection = new IscsiConnection(stream, _backend, _settings, m => _log(peer + " " + m));
            try
            {
                await connection.RunAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _log($"{peer}: connection failed: {e.GetType().Name}: {e.Message}");
            }
            finally
            {
                Interlocked.Decrement(ref _active);
            }
        }
    }

    /// <summary>Stops accepting, closes every connection (their sessions end at the target), then stops the simulation thread.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        if (_accept is { } accept) await accept.ConfigureAwait(false);
        Task[] all;
        lock (_gate) all = _connections.ToArray();
        try
        {
            await Task.WhenAll(all).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _log("some connections did not close within 10 s");
        }
        _loop.Dispose();
        _listener.Dispose();
        _stop.Dispose();
    }

    /// <summary>A one-line description for the start banner: the address and each target.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"listening on {LocalEndpoint}; virtual time {_loop.StartAt} × {_loop.Speed}; targets: {string.Join(", ", Targets.Select(t => $"{t.Name} (port {t.Port})"))}");
}
