using SanSim.Engine;
using SanSim.Hosts;
using SanSim.Hosts.Linux;
using SanSim.Scenarios.Model;
using SanSim.Target;

namespace SanSim.Tests.Scenarios.Running;

/// <summary>
/// The field report as a <see cref="Scenario"/> record, with the values of issue 4's example and of
/// <c>FieldReportSan</c>: target freenas (FC ports 3 and 4 with all LUNs, iSCSI port 5 mapping LUN 0 to CTL LUN 12),
/// the Windows desktop on port 3 with LUN 1 online, the 4.19 node k8s-node-1 on port 5 (initiator 3, SCSI host 6)
/// with ext4 on sdb, errors=remount-ro. The desktop sleeps at 35771.99 s and wakes an hour later; the run lasts 11 h.
/// </summary>
internal static class FieldReportScenario
{
    public const string ClaimSense = "Add. Sense: Logical unit not ready, initializing command required";

    public static readonly SimTime SleepAt = SimTime.FromSeconds(35771.99);
    public static readonly SimTime WakeAt = SimTime.FromSeconds(39371.99);

    public static Scenario Base(IReadOnlyList<Expectation>? expect = null) => new()
    {
        Name = "field-report-windows-sleep",
        Seed = 1,
        Duration = SimTime.FromHours(11),
        Target = new TargetSpec
        {
            Name = "freenas",
            Profile = TargetProfile.Ctl,
            Luns =
            [
                new LunSpec { Lun = 1, Name = "desktop-zvol", Blocks = (2UL << 40) / 512 },
                new LunSpec { Lun = 12, Name = "default-mosquitto-iscsi-claim", Blocks = (1UL << 30) / 512 },
            ],
            Ports =
            [
                new PortSpec { Port = 3, Frontend = PortFrontend.Camtgt, Name = "isp0", Wwnn = "naa.20000024ff56f970", Wwpn = "naa.21000024ff56f970" },
                new PortSpec { Port = 4, Frontend = PortFrontend.Camtgt, Name = "isp1", Wwnn = "naa.20000024ff56f971", Wwpn = "naa.21000024ff56f971" },
                new PortSpec
                {
                    Port = 5,
                    Frontend = PortFrontend.Iscsi,
                    Target = "iqn.2005-10.org.freenas.ctl:default-mosquitto-iscsi-claim",
                    Alias = "default-mosquitto-iscsi-claim",
                    PortalGroupTag = 1,
                    PortalGroupName = "pg1",
                    Pp = 1,
                    Vp = 1,
                    LunMap = LunMapKind.Explicit,
                    LunMapEntries = [new(0, 12)],
                    Options = [new("ha_shared", "on")],
                },
            ],
        },
        Hosts =
        [
            new HostSpec
            {
                Name = "desktop",
                Os = HostOs.Windows,
                Paths = [new PathSpec { Port = 3, Wwpn = "naa.2100001b32a1b2c3" }],
                OnlineDisks = [1],
            },
            new HostSpec
            {
                Name = "k8s-node-1",
                Os = HostOs.Linux,
                Kernel = KernelVersion.V4_19,
                Paths = [new PathSpec { Port = 5, Iqn = "iqn.1993-08.org.debian:01:e38f5e7da7d", Iid = 3, Isid = 0x00023d000004, ScsiHost = 6 }],
                Mounts = [new MountSpec { Lun = 12, Device = "sdb" }],
            },
        ],
        Timeline =
        [
            new TimelineEvent { At = SleepAt, Host = "desktop", Do = "sleep" },
            new TimelineEvent { At = WakeAt, Host = "desktop", Do = "wake" },
        ],
        Expect = expect ?? BaseExpectations,
    };

    public static readonly IReadOnlyList<Expectation> BaseExpectations =
    [
        new Expectation { Host = "k8s-node-1", Mount = "sdb", Is = "ro" },
        new Expectation { Host = "k8s-node-1", LogContains = ClaimSense },
        new Expectation { Lun = 12, Is = "started" },
        new Expectation { Spread = new SpreadSpec { From = "desktop", Reaches = ["k8s-node-1"], Level = SpreadLevel.Error } },
    ];

    /// <summary>Variant lunmap-isolated: port 3 maps only LUN 1 from time zero.</summary>
    public static Scenario LunmapIsolated() => Base(
    [
        new Expectation { Host = "k8s-node-1", Mount = "sdb", Is = "rw" },
        new Expectation { Spread = new SpreadSpec { From = "desktop", Reaches = [] } },
    ]) with
    {
        Variant = "lunmap-isolated",
        Timeline =
        [
            new TimelineEvent { At = SimTime.Zero, Ctladm = "lunmap -p 3 -l 1 -L 1" },
            new TimelineEvent { At = SleepAt, Host = "desktop", Do = "sleep" },
            new TimelineEvent { At = WakeAt, Host = "desktop", Do = "wake" },
        ],
    };

    /// <summary>The same SAN on another target profile; the node is expected to be untouched.</summary>
    public static Scenario Profile(TargetProfile profile, string variant) => Base(
    [
        new Expectation { Host = "k8s-node-1", Mount = "sdb", Is = "rw" },
        new Expectation { Spread = new SpreadSpec { From = "desktop", Reaches = [] } },
    ]) with
    {
        Variant = variant,
        Target = Base().Target with { Profile = profile },
    };
}

/// <summary>The field report compressed in time, for tests that need many runs: sleep at 60 s, wake at 1260 s, end at 1500 s.</summary>
internal static class ShortFieldReport
{
    public static readonly SimTime SleepAt = SimTime.FromSeconds(60);
    public static readonly SimTime WakeAt = SimTime.FromSeconds(1260);

    public static Scenario Build(IReadOnlyList<Expectation>? expect = null, IReadOnlyList<TimelineEvent>? extra = null, ulong seed = 1)
    {
        var timeline = new List<TimelineEvent>(extra ?? [])
        {
            new() { At = SleepAt, Host = "desktop", Do = "sleep" },
            new() { At = WakeAt, Host = "desktop", Do = "wake" },
        };
        return FieldReportScenario.Base(expect ?? []) with
        {
            Name = "field-report-short",
            Seed = seed,
            Duration = SimTime.FromSeconds(1500),
            Timeline = timeline.OrderBy(t => t.At).ToList(),
        };
    }
}
