using System.Globalization;
using Bogus;
using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts;
using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Ext4;
using SanSim.Hosts.Windows;
using SanSim.Scsi;

namespace SanSim.Tests.Properties;

/// <summary>
/// Draws a plausible SAN and an hour of operations on it from a Bogus faker seeded with the case number: 1–3
/// LUNs, 1–3 FC or iSCSI ports with their LUN maps, 1–4 Linux, Windows and ESXi hosts, and a timeline of power
/// actions, link and session losses, ctladm changes, LUN stops, injected faults and rescans.
/// </summary>
internal static class SanCaseGenerator
{
    /// <summary>Virtual length of every run.</summary>
    public static readonly SimTime Duration = SimTime.FromHours(1);

    private static readonly KernelVersion[] Kernels = [KernelVersion.V4_19, KernelVersion.V5_10, KernelVersion.V6_1];

    /// <summary>The case number's topology and timeline; the same number always gives the same case.</summary>
    public static SanCase Generate(int number)
    {
        var f = new Faker { Random = new Randomizer(number) };
        var r = f.Random;
        bool stable = r.Bool();

        var luns = new List<LunSpec>();
        foreach (int id in r.Shuffle(Enumerable.Range(0, 8)).Take(r.Int(1, 3)).Order())
        {
            int bs = r.Bool(0.7f) ? 512 : 4096;
            ulong mib = (ulong)r.ArrayElement(new[] { 64, 128, 256, 300, 512, 1024, 2048 });
            luns.Add(new LunSpec(id, mib * 1024 * 1024 / (ulong)bs, bs));
        }

        var ports = new List<PortSpec>();
        foreach (int number2 in r.Shuffle(Enumerable.Range(1, 8)).Take(r.Int(1, 3)).Order())
        {
            Dictionary<uint, uint>? map = null;
            if (r.Bool(0.6f))
            {
                map = new Dictionary<uint, uint>();
                uint next = 0;
                foreach (var l in r.Shuffle(luns).Take(r.Int(1, luns.Count)))
                    map[next++] = (uint)l.Id;
            }
            ports.Add(new PortSpec(number2, r.Bool(), map));
        }

        var claimed = new HashSet<int>();
        var hosts = new List<HostSpec>();
        int hostCount = r.Int(1, 4);
        for (int i = 0; i < hostCount; i++)
        {
            var os = r.Enum<HostOs>();
            string name = $"{f.Name.FirstName().ToLowerInvariant()}-{i}";
            var hostPorts = r.Shuffle(ports).Take(r.Int(1, Math.Min(2, ports.Count))).Select(p => p.Number).ToList();
            var spec = new HostSpec(i, name, os, hostPorts, r.Double(0, 20))
            {
                ReplacementTimeout = SimTime.FromSeconds(r.Int(5, 180)),
            };
            var first = ports.Single(p => p.Number == hostPorts[0]);
            var firstLuns = first.VisiblePortLuns(luns).ToList();
            switch (os)
            {
                case HostOs.Linux:
                {
                    spec = spec with { Kernel = r.ArrayElement(Kernels), AllowRestart = r.Bool(0.3f) };
                    // ext4 on a 4096-byte-sector LUN is only drawn where mke2fs's size rule already picks 4 KiB blocks.
                    var ext4Luns = firstLuns.Where(pl => first.CtlLunOf(pl, luns) is { } c
                        && !claimed.Contains(c) && luns.Single(l => l.Id == c) is var l && (l.BlockSize == 512 || l.Bytes >= 512UL << 20)).ToList();
                    if (ext4Luns.Count > 0 && r.Bool(0.8f))
                    {
                        ulong pl = r.ListItem(ext4Luns);
                        int ctl = first.CtlLunOf(pl, luns)!.Value;
                        claimed.Add(ctl);
                        spec = spec with
                        {
                            Ext4Lun = pl,
                            Ext4Errors = r.WeightedRandom([Ext4ErrorsBehavior.RemountRo, Ext4ErrorsBehavior.Continue, Ext4ErrorsBehavior.Panic], [0.6f, 0.25f, 0.15f]),
                            Ext4WriteEvery = SimTime.FromSeconds(r.Int(5, 30)),
                            WrittenCtlLuns = [ctl],
                        };
                    }
                    break;
                }
                case HostOs.Windows:
                {
                    var online = new List<ulong>();
                    var written = new List<int>();
                    var candidates = hostPorts.SelectMany(pn => ports.Single(p => p.Number == pn).VisiblePortLuns(luns)).Distinct().Order().ToList();
                    foreach (ulong pl in candidates)
                    {
                        if (!r.Bool(0.5f)) continue;
                        // Without MPIO each path is a disk of its own: every CTL LUN the port LUN shows must be unclaimed and distinct.
                        var shown = hostPorts.Select(pn => ports.Single(p => p.Number == pn).CtlLunOf(pl, luns)).OfType<int>().ToList();
                        if (shown.Distinct().Count() != shown.Count || shown.Any(claimed.Contains) || shown.Any(written.Contains)) continue;
                        online.Add(pl);
                        written.AddRange(shown);
                    }
                    foreach (int c in written) claimed.Add(c);
                    spec = spec with
                    {
                        OnlineLuns = online,
                        IoInterval = SimTime.FromSeconds(r.Int(5, 30)),
                        StopOnSleep = r.Bool(0.85f),
                        WrittenCtlLuns = written.Order().ToList(),
                    };
                    break;
                }
                default:
                {
                    ulong ds = firstLuns.Count > 0 ? r.ListItem(firstLuns) : 0;
                    // NMP groups paths by device, so every path that shows the same LUN is one writer.
                    var written = new List<int>();
                    if (first.CtlLunOf(ds, luns) is { } c && !claimed.Contains(c))
                    {
                        claimed.Add(c);
                        written.Add(c);
                    }
                    spec = spec with
                    {
                        DatastoreLun = ds,
                        StartUnitOnNotReady = r.Bool(0.3f),
                        VmWriteInterval = SimTime.FromSeconds(written.Count > 0 ? r.Int(5, 30) : 0),
                        WrittenCtlLuns = written,
                    };
                    break;
                }
            }
            hosts.Add(spec);
        }

        var timeline = new List<TimelineStep>();
        int steps = r.Int(4, 14);
        for (int i = 0; i < steps; i++)
            AddStep(f, timeline, luns, ports, hosts, stable);
        timeline.Sort((a, b) => a.At.CompareTo(b.At));

        return new SanCase
        {
            Number = number,
            Seed = (ulong)number * 0x9E3779B1UL + 1,
            Luns = luns,
            Ports = ports,
            Hosts = hosts,
            Timeline = timeline,
            StableMaps = stable,
            Duration = Duration,
        };
    }

    private static string S(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    private static void AddStep(Faker f, List<TimelineStep> timeline, List<LunSpec> luns, List<PortSpec> ports, List<HostSpec> hosts, bool stable)
    {
        var r = f.Random;
        double at = r.Double(30, 3300);
        double back = at + r.Double(1, 900);
        var windows = hosts.Where(h => h.Os == HostOs.Windows).ToList();
        var linux = hosts.Where(h => h.Os == HostOs.Linux).ToList();
        var fcHosts = hosts.Where(h => h.Ports.Any(pn => ports.Single(p => p.Number == pn).Fc)).ToList();
        var iscsiPaths = hosts.SelectMany(h => h.Ports.Where(pn => !ports.Single(p => p.Number == pn).Fc).Select(pn => (h.Name, Port: pn))).ToList();
        var mapped = ports.Where(p => p.Map is { Count: > 0 }).ToList();

        var ext4Hosts = hosts.Where(h => h.Ext4Lun is not null).ToList();
        var fcPairs = hosts.SelectMany(h => h.Ports.Where(pn => ports.Single(p => p.Number == pn).Fc).Select(pn => (h.Name, Port: pn))).ToList();

        switch (r.Int(0, 11))
        {
            case 0 when windows.Count > 0:
            {
                string h = r.ListItem(windows).Name;
                var action = r.Enum<PowerAction>();
                timeline.Add(new TimelineStep(at, $"{h}: {action}", w => _ = action switch
                {
                    PowerAction.Sleep => w.Host<WindowsHost>(h).Sleep(),
                    PowerAction.Hibernate => w.Host<WindowsHost>(h).Hibernate(),
                    _ => w.Host<WindowsHost>(h).Shutdown(),
                }));
                if (r.Bool(0.85f))
                    timeline.Add(action == PowerAction.Shutdown
                        ? new TimelineStep(back, $"{h}: boot", w => w.Host<WindowsHost>(h).Boot())
                        : new TimelineStep(back, $"{h}: wake", w => w.Host<WindowsHost>(h).Wake()));
                break;
            }
            case 1 when fcHosts.Count > 0:
            {
                string h = r.ListItem(fcHosts).Name;
                timeline.Add(new TimelineStep(at, $"{h}: HBA link down", w => w.Hbas[h].LinkDown()));
                timeline.Add(new TimelineStep(back, $"{h}: HBA link up", w => w.Hbas[h].LinkUp()));
                break;
            }
            case 2 when ports.Any(p => p.Fc):
            {
                int pn = r.ListItem(ports.Where(p => p.Fc).ToList()).Number;
                timeline.Add(new TimelineStep(at, $"port {pn}: target link down", w => w.Fabric.TargetLinkDown(w.Target, pn)));
                timeline.Add(new TimelineStep(back, $"port {pn}: target link up", w => w.Fabric.TargetLinkUp(w.Target, pn)));
                break;
            }
            case 3 when iscsiPaths.Count > 0:
            {
                var (h, pn) = r.ListItem(iscsiPaths);
                double? after = r.Bool(0.85f) ? r.Double(0.5, 240) : null;
                timeline.Add(new TimelineStep(at, $"{h}→port {pn}: connection drop, reconnect {(after is { } a ? "after " + S(a) + "s" : "never")}",
                    w => ((IscsiSession)w.Path(h, pn)).DropConnection(after is { } a ? SimTime.FromSeconds(a) : null)));
                break;
            }
            case 4 when stable && mapped.Count > 0:
            {
                var p = r.ListItem(mapped);
                var (pl, cl) = r.ListItem(p.Map!.ToList());
                string ps = p.Number.ToString(CultureInfo.InvariantCulture), pls = pl.ToString(CultureInfo.InvariantCulture), cls = cl.ToString(CultureInfo.InvariantCulture);
                timeline.Add(new TimelineStep(at, $"ctladm lunmap -p {ps} -l {pls}", w => w.Ctladm("lunmap", "-p", ps, "-l", pls)));
                timeline.Add(new TimelineStep(back, $"ctladm lunmap -p {ps} -l {pls} -L {cls}", w => w.Ctladm("lunmap", "-p", ps, "-l", pls, "-L", cls)));
                break;
            }
            case 4 when !stable:
            {
                string ps = r.ListItem(ports).Number.ToString(CultureInfo.InvariantCulture);
                string pls = r.Int(0, 3).ToString(CultureInfo.InvariantCulture);
                int lunId = r.Bool(0.85f) ? r.ListItem(luns).Id : r.Int(8, 12);
                string cls = lunId.ToString(CultureInfo.InvariantCulture);
                string mib = r.ArrayElement(new[] { "32M", "128M", "1G", "4G" });
                string[] args = r.Int(0, 7) switch
                {
                    0 => ["lunmap", "-p", ps, "-l", pls],
                    1 => ["lunmap", "-p", ps],
                    2 => ["lunmap", "-p", ps, "-L", "0"],
                    3 => ["remove", "-b", "block", "-l", cls],
                    4 => ["create", "-b", "block", "-l", cls, "-s", mib],
                    5 => ["modify", "-b", "block", "-l", cls, "-s", mib],
                    _ => ["lunmap", "-p", ps, "-l", pls, "-L", cls],
                };
                timeline.Add(new TimelineStep(at, "ctladm " + string.Join(' ', args), w => w.Ctladm(args)));
                break;
            }
            case 5:
            {
                string ps = r.ListItem(ports).Number.ToString(CultureInfo.InvariantCulture);
                timeline.Add(new TimelineStep(at, $"ctladm port -o off -p {ps}", w => w.Ctladm("port", "-o", "off", "-p", ps)));
                timeline.Add(new TimelineStep(back, $"ctladm port -o on -p {ps}", w => w.Ctladm("port", "-o", "on", "-p", ps)));
                break;
            }
            case 6:
            {
                int id = r.ListItem(luns).Id;
                timeline.Add(new TimelineStep(at, $"LUN {id} stopped", w => w.StopLun(id)));
                if (r.Bool(0.6f))
                    timeline.Add(new TimelineStep(back, $"LUN {id} started", w => w.StartLun(id)));
                break;
            }
            case 7:
            case 8:
            {
                var (action, label) = r.ArrayElement(FaultActions);
                byte? opcode = r.ArrayElement(new byte?[] { null, null, 0x2a, 0x28, 0x35, 0x00 });
                int? lun = r.Bool(0.6f) ? r.ListItem(luns).Id : null;
                double? p = r.Bool(0.4f) ? Math.Round(r.Double(0.2, 0.9), 2) : null;
                // A real target reports a unit attention once per I_T nexus; one on every command would make Linux
                // retry at wire speed for the whole 180 s runtime bound, as the kernel does, so those rules always end.
                bool unitAttention = action.Status == ScsiStatus.CheckCondition && action.Sense.Key == SenseKey.UnitAttention;
                int? count = unitAttention || r.Bool(0.85f) ? r.Int(1, 6) : null;
                var only = r.Bool(0.3f) ? new HashSet<string> { r.ListItem(hosts).Name } : null;
                string name = $"rule{timeline.Count}";
                string desc = $"fault {name}: {label} opcode {(opcode is { } o ? $"0x{o:x2}" : "any")} lun {(lun?.ToString(CultureInfo.InvariantCulture) ?? "any")}" +
                              $" p={(p is { } pp ? S(pp) : "1")} count {(count?.ToString(CultureInfo.InvariantCulture) ?? "all")}" +
                              (only is null ? "" : " host " + only.Single());
                timeline.Add(new TimelineStep(at, desc, w =>
                {
                    var rule = w.Faults.Add(new FaultRule(name, action) { Opcode = opcode, CtlLun = lun, Probability = p, Count = count, Hosts = only });
                    if (count is null) w.Sim.Scheduler.At(SimTime.FromSeconds(back), () => w.Faults.Remove(rule), "disarm " + name);
                }));
                break;
            }
            case 10 when fcPairs.Count > 0:
            {
                var allowed = fcPairs.Where(_ => r.Bool()).ToList();
                string zs = "zs" + timeline.Count.ToString(CultureInfo.InvariantCulture);
                timeline.Add(new TimelineStep(at, $"zone set {zs}: {string.Join(" ", allowed.Select(a => a.Name + "-" + a.Port))}", w => w.ActivateZoneSet(zs, allowed)));
                timeline.Add(new TimelineStep(back, "zoning cleared", w => w.Fabric.ActivateZoneSet(null)));
                break;
            }
            case 11 when ext4Hosts.Count > 0:
            {
                string h = r.ListItem(ext4Hosts).Name;
                timeline.Add(new TimelineStep(at, $"{h}: umount, e2fsck -p, mount", w => w.RecoverExt4(h)));
                break;
            }
            case 9 when linux.Count > 0:
            {
                string h = r.ListItem(linux).Name;
                timeline.Add(new TimelineStep(at, $"{h}: rescan", w => w.Host<LinuxHost>(h).Rescan()));
                break;
            }
            default:
            {
                int id = r.ListItem(luns).Id;
                timeline.Add(new TimelineStep(at, $"LUN {id} stopped", w => w.StopLun(id)));
                break;
            }
        }
    }

    /// <summary>
    /// Outcomes a fault may put in place of the target's answer. None of them claims success, so a write it hits
    /// is never acknowledged without reaching the LUN (RECOVERED ERROR and GOOD are left out for that reason).
    /// </summary>
    private static readonly (FaultAction Action, string Label)[] FaultActions =
    [
        (FaultAction.CheckCondition(SenseKey.NotReady, 0x04, 0x02), "NOT READY 04/02"),
        (FaultAction.CheckCondition(SenseKey.NotReady, 0x04, 0x01), "NOT READY 04/01"),
        (FaultAction.CheckCondition(SenseKey.NotReady, 0x04, 0x03), "NOT READY 04/03"),
        (FaultAction.CheckCondition(SenseKey.UnitAttention, 0x29, 0x00), "UNIT ATTENTION 29/00"),
        (FaultAction.CheckCondition(SenseKey.UnitAttention, 0x2a, 0x09), "UNIT ATTENTION 2A/09"),
        (FaultAction.CheckCondition(SenseKey.MediumError, 0x11, 0x00), "MEDIUM ERROR 11/00"),
        (FaultAction.CheckCondition(SenseKey.AbortedCommand, 0x47, 0x00), "ABORTED COMMAND 47/00"),
        (FaultAction.CheckCondition(SenseKey.HardwareError, 0x44, 0x00), "HARDWARE ERROR 44/00"),
        (FaultAction.WithStatus(ScsiStatus.Busy), "BUSY"),
        (FaultAction.WithStatus(ScsiStatus.TaskSetFull), "TASK SET FULL"),
        (FaultAction.NoAnswer, "no answer"),
    ];
}
