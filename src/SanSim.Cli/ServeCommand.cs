using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using SanSim.Cli.Reports;
using SanSim.Engine;
using SanSim.Iscsi;
using SanSim.Serving;

namespace SanSim.Cli;

/// <summary>
/// `sansim serve &lt;scenario.yaml&gt; [--listen 127.0.0.1:3260] [--variant V] [--speed X] [--start-at T] [--admin]`:
/// serves the scenario's CTL target over iSCSI while its timeline runs in scaled real time. Ctrl-C and SIGTERM
/// stop it (exit 0); bad input exits 2.
/// </summary>
internal static class ServeCommand
{
    /// <summary>Environment variables that make every login use CHAP with this user and secret.</summary>
    internal const string ChapUserVariable = "SANSIM_CHAP_USER", ChapSecretVariable = "SANSIM_CHAP_SECRET";

    public static Command Create()
    {
        var file = new Argument<string>("scenario") { Description = "The scenario (.yaml) whose target to serve." };
        var listen = new Option<string>("--listen") { Description = "Address and port to listen on (default 127.0.0.1:3260; only loopback unless given)." };
        var variant = new Option<string>("--variant") { Description = "The variant to serve (default: base)." };
        var speed = new Option<string>("--speed") { Description = "Virtual seconds per real second (default 1)." };
        var startAt = new Option<string>("--start-at") { Description = "Virtual time to start from: the scenario runs there at once (250ms, 5s, 35771s, 9h56m; default 0)." };
        var admin = new Option<bool>("--admin") { Description = "Read ctladm command lines on standard input and answer them from the live target." };
        var cmd = new Command("serve", "Serve a scenario's CTL target over iSCSI (RFC 7143) to real initiators while its timeline runs in real time scaled by --speed. Every iSCSI port is a target on the portal. Ctrl-C or SIGTERM stops it (exit 0); invalid input exits 2.\n\nCHAP: set " + ChapUserVariable + " and " + ChapSecretVariable + " to require it.")
        {
            file, listen, variant, speed, startAt, admin,
        };
        cmd.SetAction(r => Run(
            r.GetValue(file)!, r.GetValue(listen), r.GetValue(variant), r.GetValue(speed), r.GetValue(startAt), r.GetValue(admin),
            r.InvocationConfiguration.Output, r.InvocationConfiguration.Error, Console.In));
        return cmd;
    }

    internal static int Run(string path, string? listen, string? variant, string? speed, string? startAt, bool admin,
        TextWriter stdout, TextWriter stderr, TextReader stdin, CancellationToken token = default)
    {
        var endpoint = ParseListen(listen);
        if (endpoint is null)
        {
            stderr.WriteLine($"sansim: --listen '{listen}': expected an IP address and port such as 127.0.0.1:3260 or [::1]:3260");
            return ExitCodes.InvalidInput;
        }
        double factor = 1.0;
        if (speed is not null && (!double.TryParse(speed, NumberStyles.Float, CultureInfo.InvariantCulture, out factor) || !(factor > 0) || double.IsInfinity(factor)))
        {
            stderr.WriteLine($"sansim: --speed '{speed}': expected a positive number");
            return ExitCodes.InvalidInput;
        }
        var start = SimTime.Zero;
        if (startAt is not null)
        {
            if (CtladmCommand.ParseTime(startAt) is not { } t)
            {
                stderr.WriteLine($"sansim: --start-at '{startAt}': expected a time such as 250ms, 5s, 35771.99s or 1h30m");
                return ExitCodes.InvalidInput;
            }
            start = t;
        }
        ChapCredentials? chap = null;
        string? user = Environment.GetEnvironmentVariable(ChapUserVariable), secret = Environment.GetEnvironmentVariable(ChapSecretVariable);
        if (!string.IsNullOrEmpty(user) && !string.IsNullOrEmpty(secret)) chap = new ChapCredentials(user, secret);

        var scenario = ScenarioInput.One(path, variant, stderr);
        if (scenario is null) return ExitCodes.InvalidInput;

        var options = new ServeOptions { Listen = endpoint, Speed = factor, StartAt = start, Chap = chap };
        var log = TextWriter.Synchronized(stderr);
        ScenarioServer server;
        try
        {
            server = ScenarioServer.Start(scenario, options, m => log.WriteLine("sansim: " + m));
        }
        catch (SocketException e)
        {
            stderr.WriteLine($"sansim: cannot listen on {endpoint}: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (InvalidOperationException e)
        {
            stderr.WriteLine($"sansim: {e.Message}");
            return ExitCodes.InvalidInput;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            stop.Cancel();
        });
        try
        {
            log.WriteLine($"sansim: serving {scenario.Id}: {server.Describe()}");
            log.Flush();
            Task adminTask = admin ? Task.Run(() => AdminLoop(server, stdin, TextWriter.Synchronized(stdout), log, stop.Token)) : Task.CompletedTask;
            stop.Token.WaitHandle.WaitOne();
            log.WriteLine("sansim: stopping");
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        return ExitCodes.Ok;
    }

    /// <summary>--admin: each line of standard input is a ctladm command line, answered on standard output.</summary>
    private static async Task AdminLoop(ScenarioServer server, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            string? line;
            try
            {
                line = await stdin.ReadLineAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (line is null) return;
            if (line.Trim().Length == 0) continue;
            try
            {
                await server.RunCtladm(line, stdout, stderr).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            stdout.Flush();
        }
    }

    /// <summary>"ip:port", "[v6]:port" or a bare IP (port 3260); null when malformed.</summary>
    internal static IPEndPoint? ParseListen(string? text)
    {
        if (text is null) return new IPEndPoint(IPAddress.Loopback, ServeOptions.IscsiPort);
        if (IPAddress.TryParse(text, out var bare) && !text.Contains(':', StringComparison.Ordinal))
            return new IPEndPoint(bare, ServeOptions.IscsiPort);
        if (IPEndPoint.TryParse(text, out var ep) && (text.Contains("]:", StringComparison.Ordinal) || (ep.AddressFamily == AddressFamily.InterNetwork && text.Contains(':', StringComparison.Ordinal))))
            return ep;
        if (IPAddress.TryParse(text.Trim('[', ']'), out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6)
            return new IPEndPoint(v6, ServeOptions.IscsiPort);
        return null;
    }
}
