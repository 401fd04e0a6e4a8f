using System.Buffers.Binary;
using System.Globalization;
using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts;
using SanSim.Hosts.Esxi;
using SanSim.Hosts.Linux;
using SanSim.Hosts.Transport;
using SanSim.Hosts.Windows;
using SanSim.Scenarios.Model;
using SanSim.Scsi;

namespace SanSim.Scenarios.Running;

/// <summary>
/// The timeline: each event runs at its time, records an Action in the trace (host actions under the host's
/// source, ctladm lines and faults under "scenario") and passes that id as the cause of everything it sets off.
/// A ctladm line is followed by an Action with ctladm's exit status and what it printed; ctladm's own action
/// (source "ctladm") hangs from the line's.
/// </summary>
internal sealed partial class ScenarioWorld
{
    /// <summary>Schedules every timeline event at its time, in the order given (which is time, then file order).</summary>
    public void ScheduleTimeline()
    {
        foreach (var ev in Scenario.Timeline)
            Sim.Scheduler.At(ev.At, () => Apply(ev), Describe(ev));
    }

    private static string Describe(TimelineEvent ev) =>
        ev.Ctladm is { } line ? "ctladm " + line
        : ev.Inject is not null ? "inject"
        : ev.Zoneset is not null ? "zoneset"
        : $"{ev.Host} {ev.Do}";

    private void Apply(TimelineEvent ev)
    {
        if (ev.Ctladm is { } line) RunCtladm(line);
        else if (ev.Inject is { } inject) Inject(inject);
        else if (ev.Zoneset is { } zoneset) ChangeZoning(zoneset);
        else if (ev.Host is { } name && ev.Do is { } what) HostAction(name, what, ev);
    }

    /// <summary>Runs a ctladm line against the live target; the command and what it printed go into the trace.</summary>
    private void RunCtladm(string line)
    {
        long id = Sim.Trace.Record(TraceKind.Action, ScenarioSource, "ctladm " + line);
        var words = CommandLine.Split(line, out string? error);
        if (words is null)
        {
            Sim.Trace.Record(TraceKind.Action, ScenarioSource, "ctladm: " + error, id);
            return;
        }
        var stdout = new StringWriter(CultureInfo.InvariantCulture);
        var stderr = new StringWriter(CultureInfo.InvariantCulture);
        int status = SanSim.Target.Ctladm.Ctladm.Run(Target, words, stdout, stderr, id);
        string output = (stderr.ToString() + stdout.ToString()).TrimEnd('\n');
        Sim.Trace.Record(TraceKind.Action, ScenarioSource,
            $"ctladm exit {status.ToString(CultureInfo.InvariantCulture)}" + (output.Length > 0 ? ": " + output : ""), id);
    }

    /// <summary>The fabric activates the new zone set (or clears zoning); FcFabric logs out the pairs it forbids and logs in the wanted pairs it allows.</summary>
    private void ChangeZoning(ZoneSetChange change)
    {
        string what = change.Zones is { } zones
            ? "zoneset " + string.Join("; ", zones.Select(z => z.Name + ": " + string.Join(" ", z.Members)))
            : "zoneset all (zoning cleared)";
        long id = Sim.Trace.Record(TraceKind.Action, ScenarioSource, what);
        _zoneSets++;
        var set = change.Zones is { } list ? BuildZoneSet("cfg" + _zoneSets.ToString(CultureInfo.InvariantCulture), list) : null;
        Fabric.ActivateZoneSet(set, id);
    }

    private int _zoneSets;

    /// <summary>Arms a fault rule on the injector every path consults.</summary>
    private void Inject(InjectSpec spec)
    {
        var action = spec.Timeout ? FaultAction.NoAnswer
            : spec.Status is { } status ? FaultAction.WithStatus(status)
            : spec.Sense is { } sense ? new FaultAction(FaultKind.Complete, ScsiStatus.CheckCondition, sense)
            : FaultAction.NoAnswer;
        var rule = new FaultRule("inject" + (Faults.Rules.Count + 1).ToString(CultureInfo.InvariantCulture), action)
        {
            CtlLun = spec.Lun,
            Opcode = spec.Opcode,
            Count = spec.Count,
            Hosts = spec.Hosts.Count > 0 ? spec.Hosts.ToHashSet(StringComparer.Ordinal) : null,
        };
        long id = Sim.Trace.Record(TraceKind.Action, ScenarioSource, "inject " + rule);
        Faults.Add(rule, id);
    }

    private void HostAction(string name, string what, TimelineEvent ev)
    {
        if (Host(name) is not { } host) return;
        string detail = what + (ev.Mount is { } m ? " " + m : "") + (ev.Lun is { } l ? " lun " + l.ToString(CultureInfo.InvariantCulture) : "")
            + (ev.Port is { } p ? " port " + p.ToString(CultureInfo.InvariantCulture) : "");
        long id = Sim.Trace.Record(TraceKind.Action, host.Source, "scenario: " + detail);
        var paths = PathsOf(name).Where(x => ev.Port is null || x.Spec.Port == ev.Port).ToList();
        switch (what)
        {
            case "sleep" when host is WindowsHost w: w.Sleep(id); break;
            case "hibernate" when host is WindowsHost w: w.Hibernate(id); break;
            case "shutdown" when host is WindowsHost w: w.Shutdown(id); break;
            case "wake" when host is WindowsHost w: w.Wake(id); break;
            case "boot" when host is WindowsHost w: w.Boot(id); break;
            case "boot": host.Start(id); break;
            case "link-down": LinkDown(paths, id); break;
            case "link-up": LinkUp(paths, id); break;
            case "login": foreach (var (_, path) in paths) path.Login(id); break;
            case "logout": foreach (var (_, path) in paths) path.Logout(id); break;
            case "rescan" when host is LinuxHost linux: linux.Rescan(id); break;
            case "umount" when host is LinuxHost linux && ev.Mount is { } dev: Report(host, id, "umount", linux.Umount(dev, id)); break;
            case "mount" when host is LinuxHost linux && ev.Mount is { } dev:
                linux.Mount(dev, id, rc => Report(host, id, "mount", rc));
                break;
            case "remount-rw" when host is LinuxHost linux && ev.Mount is { } dev: Report(host, id, "remount-rw", linux.RemountRw(dev, id)); break;
            case "pr-register" or "pr-reserve" or "pr-release" or "pr-clear" or "pr-preempt":
                PersistentReserveOut(host, paths, what, ev, id);
                break;
            default:
                Sim.Trace.Record(TraceKind.Action, host.Source, $"scenario: {what} does nothing on {host.Os}", id);
                break;
        }
    }

    private void Report(Host host, long id, string what, int rc)
    {
        if (rc != 0) Sim.Trace.Record(TraceKind.Action, host.Source, $"scenario: {what} returned {rc.ToString(CultureInfo.InvariantCulture)}", id);
    }

    /// <summary>FC: the host's HBA ports of these paths lose their link; iSCSI: the connection drops and nothing reconnects it.</summary>
    private static void LinkDown(List<(PathSpec Spec, ObservedPath Path)> paths, long id)
    {
        foreach (var (_, path) in paths)
        {
            if (path.Inner is FcPath fc) fc.HostPort.LinkDown(id);
            else if (path.Inner is IscsiSession session) session.LinkDown(id);
        }
    }

    /// <summary>FC: the link comes back (the HBA logs in again); iSCSI: iscsid reconnects.</summary>
    private static void LinkUp(List<(PathSpec Spec, ObservedPath Path)> paths, long id)
    {
        foreach (var (_, path) in paths)
        {
            if (path.Inner is FcPath fc) fc.HostPort.LinkUp(id);
            else if (path.Inner is IscsiSession session) session.LinkUp(id);
            else path.Login(id);
        }
    }

    /// <summary>
    /// PERSISTENT RESERVE OUT (SPC-4 6.16) from the host's first path that shows the LUN: the basic parameter
    /// list carries RESERVATION KEY (bytes 0–7) and SERVICE ACTION RESERVATION KEY (bytes 8–15).
    /// REGISTER: service action 00h, key in the service action key; RESERVE 01h, RELEASE 02h: key and type;
    /// CLEAR 03h: key; PREEMPT 04h: key, type, and the victim's key in the service action key.
    /// </summary>
    private void PersistentReserveOut(Host host, List<(PathSpec Spec, ObservedPath Path)> paths, string what, TimelineEvent ev, long id)
    {
        (ObservedPath Path, ulong PortLun)? route = null;
        foreach (var (spec, path) in paths)
            if (ev.Lun is { } lun && lun >= 0 && Target.Ports.TryGetValue(spec.Port, out var port) && port.LunMap.ToPortLun((uint)lun) is { } pl)
            {
                route = (path, pl);
                break;
            }
        if (route is not { } r)
        {
            Sim.Trace.Record(TraceKind.Action, host.Source, $"scenario: {what}: no path of {host.Name} shows LUN {ev.Lun}", id);
            return;
        }
        byte action = what switch
        {
            "pr-register" => 0x00,
            "pr-reserve" => 0x01,
            "pr-release" => 0x02,
            "pr-clear" => 0x03,
            _ => 0x04,
        };
        byte type = ReservationType(ev.Type);
        var list = new byte[24];
        ulong key = ev.Key ?? 0;
        if (action == 0x00) BinaryPrimitives.WriteUInt64BigEndian(list.AsSpan(8), key);
        else BinaryPrimitives.WriteUInt64BigEndian(list, key);
        if (action == 0x04) BinaryPrimitives.WriteUInt64BigEndian(list.AsSpan(8), ev.VictimKey ?? 0);
        bool typed = action is 0x01 or 0x02 or 0x04;
        var request = new ScsiRequest(CdbBuilder.PersistentReserveOut(action, 0, typed ? type : (byte)0, 24), r.PortLun, list, 0, id);
        r.Path.Submit(request, response =>
            Sim.Trace.Record(TraceKind.StateChange, host.Source, $"{what}: {Outcome(response)}", response.TraceId != 0 ? response.TraceId : id));
    }

    private static string Outcome(ScsiResponse response) =>
        response.Outcome != TransportOutcome.Completed ? response.Outcome.ToString()
        : response.Status == ScsiStatus.CheckCondition ? $"CHECK CONDITION {response.Sense}"
        : response.Status.ToString();

    /// <summary>SPC-4 table 214, the persistent reservation TYPE codes.</summary>
    public static byte ReservationType(string? name) => name switch
    {
        "write-exclusive" => 0x1,
        "exclusive-access" => 0x3,
        "write-exclusive-registrants-only" => 0x5,
        "exclusive-access-registrants-only" => 0x6,
        "write-exclusive-all-registrants" => 0x7,
        "exclusive-access-all-registrants" => 0x8,
        _ => 0x1,
    };
}
