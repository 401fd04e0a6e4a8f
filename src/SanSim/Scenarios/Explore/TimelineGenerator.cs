using System.Globalization;
using SanSim.Engine;
using SanSim.Hosts;
using SanSim.Scenarios.Model;
using SanSim.Scsi;

namespace SanSim.Scenarios.Explore;

/// <summary>
/// Random but plausible timelines over a topology, drawn from one <see cref="SimRandom"/> stream: episodes that
/// start and, where the real thing does, end — a Windows host sleeping, hibernating or shutting down and coming
/// back, a link dropping and returning, an iSCSI logout and login, an administrator taking a port offline and back
/// or changing a LUN map and undoing it, FC zoning cleared and restored, a Linux rescan or remount, an injected
/// fault for a few commands.
/// Episodes on the same thing (a host's power, a path, a port, a map entry) never overlap, and everything is
/// over <see cref="QuietTail"/> before the end, so a host still stuck at the end is stuck for good.
/// </summary>
public static class TimelineGenerator
{
    /// <summary>The last stretch of every run, in which nothing is generated.</summary>
    public static readonly SimTime QuietTail = SimTime.FromMinutes(10);

    /// <summary>Nothing is generated in the first minute, while the hosts log in and mount.</summary>
    public static readonly SimTime Settle = SimTime.FromMinutes(1);

    /// <summary>Episodes per hour of run, at most (the count is drawn from 1 to this, times the hours).</summary>
    public const int EpisodesPerHour = 6;

    /// <summary>Faults an episode may inject: sense (key/ASC/ASCQ as the library's scenarios use them), a status, or no answer.</summary>
    private static readonly InjectSpec[] Faults =
    [
        new() { Sense = new SenseInfo(SenseKey.MediumError, new AscAscq(0x11, 0x00)) },
        new() { Sense = new SenseInfo(SenseKey.MediumError, new AscAscq(0x0C, 0x00)) },
        new() { Sense = SenseInfo.NotReady(AscAscq.LunNotReadyBecomingReady) },
        new() { Status = ScsiStatus.Busy },
        new() { Status = ScsiStatus.TaskSetFull },
        new() { Timeout = true },
    ];

    /// <summary>Operation codes a fault is limited to: any, WRITE(10), READ(10).</summary>
    private static readonly byte?[] FaultOpcodes = [null, 0x2A, 0x28];

    private enum Kind
    {
        Power,
        Link,
        Session,
        Rescan,
        Remount,
        Umount,
        PortOffline,
        Unmap,
        MapExtra,
        Zoning,
        Fault,
    }

    /// <summary>
    /// A timeline for <paramref name="topology"/> lasting <paramref name="duration"/>, in time order, from
    /// <paramref name="random"/>. The same topology, duration and stream state always give the same events.
    /// </summary>
    public static IReadOnlyList<TimelineEvent> Generate(Scenario topology, SimTime duration, SimRandom random)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(random);
        var window = duration - QuietTail - Settle;
        if (window <= SimTime.Zero) return [];
        var kinds = Available(topology);
        if (kinds.Count == 0) return [];
        var g = new Generation(topology, random, Settle, duration - QuietTail);
        long hours = Math.Max(1, (duration.Nanoseconds + SimTime.FromHours(1).Nanoseconds - 1) / SimTime.FromHours(1).Nanoseconds);
        long episodes = 1 + random.NextInt64(Math.Min(EpisodesPerHour * hours, 60));
        for (long i = 0; i < episodes; i++)
        {
            var kind = kinds[(int)random.NextInt64(kinds.Count)];
            for (int attempt = 0; attempt < 4 && !g.Add(kind); attempt++)
            {
            }
        }
        return g.Events.Select((e, i) => (e, i)).OrderBy(x => x.e.At).ThenBy(x => x.i).Select(x => x.e).ToList();
    }

    /// <summary>Each kind once per thing it can happen to, so a topology with more Windows hosts sleeps more often.</summary>
    private static List<Kind> Available(Scenario s)
    {
        var kinds = new List<Kind>();
        foreach (var h in s.Hosts)
        {
            if (h.Os == HostOs.Windows) kinds.AddRange([Kind.Power, Kind.Power]);
            if (h.Paths.Count > 0) kinds.AddRange([Kind.Link, Kind.Session]);
            if (h.Os == HostOs.Linux)
            {
                kinds.Add(Kind.Rescan);
                if (h.Mounts.Count > 0 && h.Multipath is null) kinds.AddRange([Kind.Remount, Kind.Umount]);
            }
        }
        if (s.Target.Ports.Count > 0) kinds.Add(Kind.PortOffline);
        if (s.Target.Ports.Any(p => p.LunMap == LunMapKind.Explicit && p.LunMapEntries.Count > 0)) kinds.Add(Kind.Unmap);
        if (s.Target.Luns.Count > 0 && s.Target.Ports.Any(p => p.LunMap != LunMapKind.All)) kinds.Add(Kind.MapExtra);
        if (s.Fabric?.Zones is not null) kinds.Add(Kind.Zoning);
        if (s.Target.Luns.Count > 0) kinds.AddRange([Kind.Fault, Kind.Fault]);
        return kinds;
    }

    private sealed class Generation(Scenario s, SimRandom random, SimTime from, SimTime until)
    {
        private readonly Dictionary<string, List<(SimTime Start, SimTime End)>> _busy = new(StringComparer.Ordinal);

        public List<TimelineEvent> Events { get; } = new();

        public bool Add(Kind kind) => kind switch
        {
            Kind.Power => Power(),
            Kind.Link => PathEpisode("link-down", "link-up"),
            Kind.Session => PathEpisode("logout", "login"),
            Kind.Rescan => Single(Pick(s.Hosts.Where(h => h.Os == HostOs.Linux)), "rescan"),
            Kind.Remount => MountAction(pair: false),
            Kind.Umount => MountAction(pair: true),
            Kind.PortOffline => PortOffline(),
            Kind.Unmap => Unmap(),
            Kind.MapExtra => MapExtra(),
            Kind.Zoning => Zoning(),
            _ => Fault(),
        };

        private T? Pick<T>(IEnumerable<T> items) where T : class
        {
            var list = items as IReadOnlyList<T> ?? items.ToList();
            return list.Count == 0 ? null : list[(int)random.NextInt64(list.Count)];
        }

        /// <summary>A start in the window, and an end from 5 s to about 30 min later (log-uniform), inside the window.</summary>
        private (SimTime Start, SimTime End) Span()
        {
            long start = random.NextInt64(from.Nanoseconds / SimTime.NanosPerMillisecond, until.Nanoseconds / SimTime.NanosPerMillisecond);
            double seconds = Math.Exp(Math.Log(5) + random.NextDouble() * (Math.Log(1800) - Math.Log(5)));
            long end = Math.Min(start + (long)(seconds * 1000), until.Nanoseconds / SimTime.NanosPerMillisecond);
            return (SimTime.FromMilliseconds(start), SimTime.FromMilliseconds(Math.Max(end, start + 1)));
        }

        /// <summary>Claims <paramref name="key"/> for the span; false when it overlaps an episode already there.</summary>
        private bool Claim(string key, (SimTime Start, SimTime End) span)
        {
            if (!_busy.TryGetValue(key, out var list)) _busy[key] = list = new();
            if (list.Any(b => span.Start <= b.End && b.Start <= span.End)) return false;
            list.Add(span);
            return true;
        }

        private bool Power()
        {
            if (Pick(s.Hosts.Where(h => h.Os == HostOs.Windows)) is not { } host) return false;
            var span = Span();
            if (!Claim("power:" + host.Name, span)) return false;
            var (down, up) = random.NextInt64(4) switch
            {
                0 => ("hibernate", "wake"),
                1 => ("shutdown", "boot"),
                _ => ("sleep", "wake"),
            };
            Events.Add(new TimelineEvent { At = span.Start, Host = host.Name, Do = down });
            Events.Add(new TimelineEvent { At = span.End, Host = host.Name, Do = up });
            return true;
        }

        private bool PathEpisode(string down, string up)
        {
            if (Pick(s.Hosts.Where(h => h.Paths.Count > 0)) is not { } host) return false;
            var path = host.Paths[(int)random.NextInt64(host.Paths.Count)];
            var span = Span();
            if (!Claim($"path:{host.Name}:{path.Port}", span)) return false;
            Events.Add(new TimelineEvent { At = span.Start, Host = host.Name, Do = down, Port = path.Port });
            Events.Add(new TimelineEvent { At = span.End, Host = host.Name, Do = up, Port = path.Port });
            return true;
        }

        private bool Single(HostSpec? host, string what)
        {
            if (host is null) return false;
            Events.Add(new TimelineEvent { At = Span().Start, Host = host.Name, Do = what });
            return true;
        }

        private bool MountAction(bool pair)
        {
            if (Pick(s.Hosts.Where(h => h.Os == HostOs.Linux && h.Mounts.Count > 0 && h.Multipath is null)) is not { } host) return false;
            var mount = host.Mounts[(int)random.NextInt64(host.Mounts.Count)];
            var span = Span();
            if (!pair)
            {
                Events.Add(new TimelineEvent { At = span.Start, Host = host.Name, Do = "remount-rw", Mount = mount.Device });
                return true;
            }
            if (!Claim($"mount:{host.Name}:{mount.Device}", span)) return false;
            Events.Add(new TimelineEvent { At = span.Start, Host = host.Name, Do = "umount", Mount = mount.Device });
            Events.Add(new TimelineEvent { At = span.End, Host = host.Name, Do = "mount", Mount = mount.Device });
            return true;
        }

        private bool PortOffline()
        {
            if (Pick(s.Target.Ports) is not { } port) return false;
            var span = Span();
            if (!Claim("port:" + Num(port.Port), span)) return false;
            Events.Add(new TimelineEvent { At = span.Start, Ctladm = $"port -o off -p {Num(port.Port)}" });
            Events.Add(new TimelineEvent { At = span.End, Ctladm = $"port -o on -p {Num(port.Port)}" });
            return true;
        }

        /// <summary>An administrator removes one entry of an explicit map, then puts it back as it was.</summary>
        private bool Unmap()
        {
            if (Pick(s.Target.Ports.Where(p => p.LunMap == LunMapKind.Explicit && p.LunMapEntries.Count > 0)) is not { } port) return false;
            var (portLun, ctlLun) = port.LunMapEntries[(int)random.NextInt64(port.LunMapEntries.Count)];
            var span = Span();
            if (!Claim($"map:{Num(port.Port)}:{Num(portLun)}", span)) return false;
            Events.Add(new TimelineEvent { At = span.Start, Ctladm = $"lunmap -p {Num(port.Port)} -l {Num(portLun)}" });
            Events.Add(new TimelineEvent { At = span.End, Ctladm = $"lunmap -p {Num(port.Port)} -l {Num(portLun)} -L {Num(ctlLun)}" });
            return true;
        }

        /// <summary>An administrator shows a port one more LUN at a free port LUN, then takes it away again.</summary>
        private bool MapExtra()
        {
            if (Pick(s.Target.Ports.Where(p => p.LunMap != LunMapKind.All)) is not { } port) return false;
            if (Pick(s.Target.Luns.Where(l => port.LunMapEntries.All(e => e.Value != (uint)l.Lun))) is not { } lun) return false;
            uint portLun = 0;
            while (port.LunMapEntries.Any(e => e.Key == portLun)) portLun++;
            var span = Span();
            if (!Claim($"map:{Num(port.Port)}:{Num(portLun)}", span)) return false;
            Events.Add(new TimelineEvent { At = span.Start, Ctladm = $"lunmap -p {Num(port.Port)} -l {Num(portLun)} -L {Num(lun.Lun)}" });
            Events.Add(new TimelineEvent { At = span.End, Ctladm = $"lunmap -p {Num(port.Port)} -l {Num(portLun)}" });
            return true;
        }

        /// <summary>A fabric administrator clears the zoning (every port reaches every port), then activates the file's zones again.</summary>
        private bool Zoning()
        {
            if (s.Fabric?.Zones is not { } zones) return false;
            var span = Span();
            if (!Claim("zoning", span)) return false;
            Events.Add(new TimelineEvent { At = span.Start, Zoneset = new ZoneSetChange { Zones = null } });
            Events.Add(new TimelineEvent { At = span.End, Zoneset = new ZoneSetChange { Zones = zones } });
            return true;
        }

        private bool Fault()
        {
            if (Pick(s.Target.Luns) is not { } lun) return false;
            var fault = Faults[(int)random.NextInt64(Faults.Length)];
            var opcode = FaultOpcodes[(int)random.NextInt64(FaultOpcodes.Length)];
            IReadOnlyList<string> hosts = s.Hosts.Count > 0 && random.Chance(0.5) ? [s.Hosts[(int)random.NextInt64(s.Hosts.Count)].Name] : [];
            var spec = fault with { Lun = lun.Lun, Opcode = opcode, Count = (int)random.NextInt64(1, 6), Hosts = hosts };
            Events.Add(new TimelineEvent { At = Span().Start, Inject = spec });
            return true;
        }

        private static string Num(long n) => n.ToString(CultureInfo.InvariantCulture);
    }
}
