using System.Net;
using SanSim.Engine;
using SanSim.Iscsi;

namespace SanSim.Serving;

/// <summary>How <c>sansim serve</c> runs a scenario's target.</summary>
public sealed record ServeOptions
{
    /// <summary>The default iSCSI port (RFC 7143 §13.2).</summary>
    public const int IscsiPort = 3260;

    /// <summary>Where the portal listens; 127.0.0.1:3260 unless asked otherwise.</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, IscsiPort);

    /// <summary>Virtual seconds per real second.</summary>
    public double Speed { get; init; } = 1.0;

    /// <summary>The virtual time the scenario is run to before the portal opens.</summary>
    public SimTime StartAt { get; init; } = SimTime.Zero;

    /// <summary>CHAP credentials every login must present (none: AuthMethod None).</summary>
    public ChapCredentials? Chap { get; init; }

    /// <summary>Most connections served at once; more are closed at accept.</summary>
    public int MaxConnections { get; init; } = 64;
}
