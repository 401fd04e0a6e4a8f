using System.Globalization;
using System.Text;
using SanSim.Engine;
using SanSim.Hosts;
using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Ext4;

namespace SanSim.Tests.Properties;

/// <summary>A CTL LUN of a generated SAN.</summary>
internal sealed record LunSpec(int Id, ulong Blocks, int BlockSize)
{
    public ulong Bytes => Blocks * (ulong)BlockSize;
}

/// <summary>A CTL target port of a generated SAN; <see cref="Map"/> null means the port shows every LUN under its own id.</summary>
internal sealed record PortSpec(int Number, bool Fc, IReadOnlyDictionary<uint, uint>? Map)
{
    /// <summary>The CTL LUN a port LUN shows at the start of the run, or null.</summary>
    public int? CtlLunOf(ulong portLun, IReadOnlyList<LunSpec> luns)
    {
        if (Map is null) return luns.Any(l => (ulong)l.Id == portLun) ? (int)portLun : null;
        return portLun <= uint.MaxValue && Map.TryGetValue((uint)portLun, out uint c) ? (int)c : null;
    }

    /// <summary>The port LUNs that show a LUN at the start of the run.</summary>
    public IEnumerable<ulong> VisiblePortLuns(IReadOnlyList<LunSpec> luns) =>
        Map is null ? luns.Select(l => (ulong)l.Id) : Map.Keys.Select(k => (ulong)k);
}

/// <summary>One initiator host of a generated SAN and the settings of its OS model.</summary>
internal sealed record HostSpec(int Index, string Name, HostOs Os, IReadOnlyList<int> Ports, double StartAt)
{
    public KernelVersion Kernel { get; init; } = KernelVersion.V6_1;
    public bool AllowRestart { get; init; }

    /// <summary>The port LUN (through the first path) that carries ext4, or null for none.</summary>
    public ulong? Ext4Lun { get; init; }
    public Ext4ErrorsBehavior Ext4Errors { get; init; }
    public SimTime Ext4WriteEvery { get; init; } = SimTime.FromSeconds(5);

    public IReadOnlyList<ulong> OnlineLuns { get; init; } = [];
    public SimTime IoInterval { get; init; } = SimTime.FromSeconds(5);
    public bool StopOnSleep { get; init; } = true;

    public ulong DatastoreLun { get; init; }
    public bool StartUnitOnNotReady { get; init; }
    public SimTime VmWriteInterval { get; init; } = SimTime.FromSeconds(5);

    /// <summary>open-iscsi's replacement_timeout on this host's sessions.</summary>
    public SimTime ReplacementTimeout { get; init; } = SimTime.FromSeconds(120);

    /// <summary>The CTL LUNs this host writes to, decided at generation from the starting LUN maps.</summary>
    public IReadOnlyList<int> WrittenCtlLuns { get; init; } = [];

    public override string ToString()
    {
        string os = Os switch
        {
            HostOs.Linux => $"Linux {Kernel.ToVersionString()}{(AllowRestart ? " allow_restart" : "")}" +
                            (Ext4Lun is { } e ? $", ext4 on port LUN {e} errors={Ext4Errors} every {Ext4WriteEvery}" : ""),
            HostOs.Windows => $"Windows online [{string.Join(",", OnlineLuns)}] every {IoInterval}{(StopOnSleep ? "" : " no-stop")}",
            _ => $"ESXi datastore port LUN {DatastoreLun} every {VmWriteInterval}{(StartUnitOnNotReady ? " start-unit-on-0402" : "")}",
        };
        return $"{Name}: {os}; ports [{string.Join(",", Ports)}]; starts at {StartAt:0.###}s; writes CTL LUNs [{string.Join(",", WrittenCtlLuns)}]";
    }
}

/// <summary>One scenario action at a virtual time.</summary>
internal sealed record TimelineStep(double At, string What, Action<SanWorld> Apply)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{At,8:0.000}s {What}");
}

/// <summary>
/// A generated SAN and timeline: everything a run needs, drawn from a Bogus randomizer seeded with the case
/// number, so case N is the same topology and timeline on every machine and every run.
/// </summary>
internal sealed record SanCase
{
    public required int Number { get; init; }

    /// <summary>The simulation's seed (the host streams, the fault draws), derived from the case number.</summary>
    public required ulong Seed { get; init; }
    public required IReadOnlyList<LunSpec> Luns { get; init; }
    public required IReadOnlyList<PortSpec> Ports { get; init; }
    public required IReadOnlyList<HostSpec> Hosts { get; init; }
    public required IReadOnlyList<TimelineStep> Timeline { get; init; }

    /// <summary>
    /// True when no timeline step makes a port LUN show a different CTL LUN than at the start (only unmap and
    /// map back): each CTL LUN then has at most one writer for the whole run and its acknowledged data can be checked.
    /// </summary>
    public required bool StableMaps { get; init; }
    public required SimTime Duration { get; init; }

    public override string ToString() => "case " + Number.ToString(CultureInfo.InvariantCulture);

    /// <summary>The whole case, for a failure message.</summary>
    public string Describe()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"case {Number} (simulation seed {Seed}, Bogus seed {Number}), {Duration}, maps {(StableMaps ? "stable" : "free")}\n");
        foreach (var l in Luns) sb.Append(CultureInfo.InvariantCulture, $"  LUN {l.Id}: {l.Blocks} x {l.BlockSize} B\n");
        foreach (var p in Ports)
            sb.Append(CultureInfo.InvariantCulture, $"  port {p.Number} {(p.Fc ? "FC" : "iSCSI")}: " +
                $"{(p.Map is null ? "all LUNs" : string.Join(" ", p.Map.Select(kv => $"{kv.Key}->{kv.Value}")))}\n");
        foreach (var h in Hosts) sb.Append("  ").Append(h).Append('\n');
        foreach (var s in Timeline) sb.Append("  ").Append(s).Append('\n');
        return sb.ToString();
    }
}
