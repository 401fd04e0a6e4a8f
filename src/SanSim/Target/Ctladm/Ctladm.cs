using System.Globalization;
using System.Text;
using SanSim.Engine;

namespace SanSim.Target.Ctladm;

/// <summary>
/// ctladm(8) run against a simulated CTL target: the same command names (with prefix matching), getopt
/// option strings, messages, exit statuses and output formats as FreeBSD 11's ctladm.c, over the model's
/// state instead of /dev/cam/ctl. Commands that change state go through <see cref="CtlTarget"/>'s admin
/// operations under one trace action.
/// </summary>
public static class Ctladm
{
    private const string Prog = "ctladm";
    private const string MainOptions = "C:D:I:";

    private enum Cmd
    {
        Tur, Inquiry, ReqSense, ReportLuns, Help, Devlist, Adddev, Rm, Create, Read, Write, Port, Portlist,
        ReadCapacity, ModeSense, DumpOoa, DumpStructs, Start, Stop, SyncCache, Shutdown, Startup, Lunlist,
        Delay, RealSync, SetSync, GetSync, ErrInject, PresIn, PresOut, InqVpdDevid, Rtpg, Modify, IsList,
        IsLogout, IsTerminate, Lunmap,
    }

    /// <summary>option_table: name, command, whether it takes a LUN argument, its getopt string.</summary>
    private static readonly (string Name, Cmd Cmd, bool NeedLun, string? Opts)[] Table =
    [
        ("adddev", Cmd.Adddev, false, null),
        ("create", Cmd.Create, false, "b:B:d:l:o:s:S:t:"),
        ("delay", Cmd.Delay, true, "T:l:t:"),
        ("devid", Cmd.InqVpdDevid, true, null),
        ("devlist", Cmd.Devlist, false, "b:vx"),
        ("dumpooa", Cmd.DumpOoa, false, null),
        ("dumpstructs", Cmd.DumpStructs, false, null),
        ("getsync", Cmd.GetSync, true, null),
        ("help", Cmd.Help, false, null),
        ("inject", Cmd.ErrInject, true, "cd:i:p:r:s:"),
        ("inquiry", Cmd.Inquiry, true, null),
        ("islist", Cmd.IsList, false, "vx"),
        ("islogout", Cmd.IsLogout, false, "ac:i:p:"),
        ("isterminate", Cmd.IsTerminate, false, "ac:i:p:"),
        ("lunlist", Cmd.Lunlist, false, null),
        ("lunmap", Cmd.Lunmap, false, "p:l:L:"),
        ("modesense", Cmd.ModeSense, true, "P:S:dlm:c:"),
        ("modify", Cmd.Modify, false, "b:l:o:s:"),
        ("port", Cmd.Port, false, "lo:p:qt:w:W:x"),
        ("portlist", Cmd.Portlist, false, "f:ilp:qvx"),
        ("prin", Cmd.PresIn, true, "a:"),
        ("prout", Cmd.PresOut, true, "a:k:r:s:"),
        ("read", Cmd.Read, true, "Nb:c:d:f:l:"),
        ("readcapacity", Cmd.ReadCapacity, true, "c:"),
        ("realsync", Cmd.RealSync, false, null),
        ("remove", Cmd.Rm, false, "b:l:o:"),
        ("reportluns", Cmd.ReportLuns, true, null),
        ("reqsense", Cmd.ReqSense, true, null),
        ("rtpg", Cmd.Rtpg, true, null),
        ("setsync", Cmd.SetSync, true, "i:"),
        ("shutdown", Cmd.Shutdown, false, null),
        ("start", Cmd.Start, true, "io"),
        ("startup", Cmd.Startup, false, null),
        ("stop", Cmd.Stop, true, "io"),
        ("synccache", Cmd.SyncCache, true, "b:c:il:r"),
        ("tur", Cmd.Tur, true, null),
        ("write", Cmd.Write, true, "Nb:c:d:f:l:"),
        ("-?", Cmd.Help, false, null),
        ("-h", Cmd.Help, false, null),
    ];

    /// <summary>
    /// Runs "ctladm <paramref name="args"/>" (args without the program name) against <paramref name="target"/>.
    /// Returns ctladm's exit status. Never throws for bad input.
    /// </summary>
    public static int Run(CtlTarget target, IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr) =>
        Run(target, args, stdout, stderr, 0);

    /// <summary>
    /// As <see cref="Run(CtlTarget, IReadOnlyList{string}, TextWriter, TextWriter)"/>, with the trace event that made
    /// the operator run it (a scenario's timeline entry) as the cause of ctladm's own action.
    /// </summary>
    public static int Run(CtlTarget target, IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, long causeId)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        var argv = new List<string>(args.Count + 1) { Prog };
        argv.AddRange(args);
        var io = new Io(stdout, stderr);

        if (argv.Count < 2)
        {
            stderr.Write(CtladmUsage.Text);
            return 1;
        }

        int found = Lookup(argv[1], out var entry);
        if (found != 1)
        {
            io.Warnx(found == 0 ? $"option {argv[1]} not found" : $"ambiguous option {argv[1]}");
            stdout.Write(CtladmUsage.Text);
            return 1;
        }

        int optstart = 2;
        uint lun = 0;
        if (entry.NeedLun)
        {
            if (argv.Count < 3 || argv[2].Length == 0 || !char.IsAsciiDigit(argv[2][0]))
            {
                io.Warnx($"option {argv[1]} requires a lun argument");
                stdout.Write(CtladmUsage.Text);
                return 1;
            }
            lun = CNumbers.StrToU32(argv[2]);
            optstart++;
        }

        string combined = MainOptions + (entry.Opts ?? "");
        string? device = null;
        int initiator = 7;
        var main = new BsdGetopt(argv, combined, optstart, stderr);
        for (int c; (c = main.Next()) != -1;)
        {
            if (c == 'D') device = main.OptArg;
            else if (c == 'I') initiator = CNumbers.StrToInt(main.OptArg!);
        }

        if (entry.Cmd == Cmd.Help)
        {
            stdout.Write(CtladmUsage.Text);
            return 0;
        }
        if (device is not null && device != CtladmUsage.DefaultDevice)
        {
            stderr.Write($"{Prog}: error opening {device}: {Errno.StrError(Errno.ENOENT)}\n");
            return 1;
        }

        var sub = new BsdGetopt(argv, combined, optstart, stderr);
        var run = new Runner(target, io, sub, string.Join(' ', argv), causeId);
        return entry.Cmd switch
        {
            Cmd.Portlist => run.Portlist(),
            Cmd.Devlist => run.Devlist(),
            Cmd.Lunmap => run.Lunmap(),
            Cmd.Port => run.Port(),
            Cmd.Start => run.StartStop(lun, initiator, start: true),
            Cmd.Stop => run.StartStop(lun, initiator, start: false),
            Cmd.Create => run.Create(),
            Cmd.Rm => run.Remove(),
            Cmd.Modify => run.Modify(),
            _ => run.NotModelled(argv[1]),
        };
    }

    /// <summary>
    /// Checks a ctladm argument list without running it: the subcommand is known (prefix matching as ctladm
    /// does), modelled by the simulator, has its LUN argument when it needs one, and every option letter is in
    /// its getopt string with its argument. Null when it would be accepted, else ctladm's complaint.
    /// </summary>
    public static string? CheckSyntax(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0) return "no subcommand";
        int found = Lookup(args[0], out var entry);
        if (found != 1) return found == 0 ? $"option {args[0]} not found" : $"ambiguous option {args[0]}";
        if (entry.Cmd is not (Cmd.Portlist or Cmd.Devlist or Cmd.Lunmap or Cmd.Port or Cmd.Start or Cmd.Stop
            or Cmd.Create or Cmd.Rm or Cmd.Modify or Cmd.Help))
            return $"{entry.Name}: not modelled by sansim";
        var argv = new List<string>(args.Count + 1) { Prog };
        argv.AddRange(args);
        int optstart = 2;
        if (entry.NeedLun)
        {
            if (argv.Count < 3 || argv[2].Length == 0 || !char.IsAsciiDigit(argv[2][0]))
                return $"option {args[0]} requires a lun argument";
            optstart++;
        }
        using var err = new StringWriter();
        var getopt = new BsdGetopt(argv, MainOptions + (entry.Opts ?? ""), optstart, err);
        for (int c; (c = getopt.Next()) != -1;)
            if (c == '?') return err.ToString().Trim().Replace(Prog + ": ", "", StringComparison.Ordinal);
        return null;
    }

    /// <summary>getoption(): 1 found (exact, or the only prefix match), 0 not found, 2 ambiguous.</summary>
    private static int Lookup(string arg, out (string Name, Cmd Cmd, bool NeedLun, string? Opts) entry)
    {
        entry = default;
        int matches = 0;
        foreach (var e in Table)
        {
            if (!e.Name.StartsWith(arg, StringComparison.Ordinal)) continue;
            entry = e;
            if (e.Name == arg) return 1;
            if (++matches > 1) return 2;
        }
        return matches > 0 ? 1 : 0;
    }

    /// <summary>err(3)-style output: "ctladm: message" and "ctladm: message: strerror".</summary>
    private sealed class Io(TextWriter stdout, TextWriter stderr)
    {
        public TextWriter Out { get; } = stdout;
        public TextWriter Err { get; } = stderr;
        public void Warnx(string message) => Err.Write($"{Prog}: {message}\n");
        public void Warn(string message, int errno) => Err.Write($"{Prog}: {message}: {Errno.StrError(errno)}\n");
    }

    private sealed class Runner(CtlTarget target, Io io, BsdGetopt getopt, string commandLine, long causeId)
    {
        private long _action;

        /// <summary>The trace action every state change of this invocation hangs from.</summary>
        private long Action => _action != 0
            ? _action
            : _action = target.Trace.Record(TraceKind.Action, "ctladm", commandLine, causeId);

        public int NotModelled(string name)
        {
            io.Warnx($"{name}: not modelled by sansim");
            return 1;
        }

        public int Portlist()
        {
            string? frontend = null;
            ulong portArg = ulong.MaxValue;
            bool init = false, luns = false, quiet = false, verbose = false, xml = false;
            for (int c; (c = getopt.Next()) != -1;)
            {
                switch (c)
                {
                    case 'f': frontend = getopt.OptArg; break;
                    case 'i': init = true; break;
                    case 'l': luns = true; break;
                    case 'p': portArg = CNumbers.StrToU64(getopt.OptArg!); break;
                    case 'q': quiet = true; break;
                    case 'v': verbose = true; break;
                    case 'x': xml = true; break;
                }
            }
            if (xml)
            {
                io.Out.Write(PortListXml());
                return 0;
            }
            var sb = new StringBuilder();
            if (!quiet)
                sb.Append("Port Online Frontend Name     pp vp\n");
            foreach (var port in target.Ports.Values)
            {
                if (frontend is not null && frontend != port.Frontend.CtlName()) continue;
                if (portArg != ulong.MaxValue && portArg != (ulong)port.Number) continue;

                sb.Append(CultureInfo.InvariantCulture,
                    $"{port.Number,-4} {(port.Online ? "YES" : "NO"),-6} {port.Frontend.CtlName(),-8} {port.Name,-8} {port.PhysicalPort,-2} {port.VirtualPort,-2} {port.PortId() ?? ""}\n");
                if (init || verbose)
                {
                    if (port.TargetId() is { } t)
                        sb.Append($"  Target: {t}\n");
                    if (port.ListInitiators)
                        foreach (var i in port.Initiators.Values)
                            sb.Append(CultureInfo.InvariantCulture, $"  Initiator {i.Id}: {i.Name}\n");
                }
                if (luns || verbose)
                {
                    if (port.LunMap.Enabled)
                    {
                        foreach (var (p, l) in port.LunMap.Entries)
                            sb.Append(CultureInfo.InvariantCulture, $"  LUN {p}: {l}\n");
                        if (port.LunMap.Entries.Count == 0)
                            sb.Append("  No LUNs mapped\n");
                    }
                    else
                    {
                        sb.Append("  All LUNs mapped\n");
                    }
                }
                if (verbose)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"      port_type={port.PortType()}\n");
                    foreach (var (name, value) in port.Attributes())
                        sb.Append($"      {name}={value}\n");
                }
            }
            io.Out.Write(sb.ToString());
            return 0;
        }

        /// <summary>The CTL_PORT_LIST XML, element for element as ctl.c writes it.</summary>
        private string PortListXml()
        {
            var sb = new StringBuilder("<ctlportlist>\n");
            foreach (var port in target.Ports.Values)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<targ_port id=\"{port.Number}\">\n");
                sb.Append($"\t<frontend_type>{port.Frontend.CtlName()}</frontend_type>\n");
                sb.Append(CultureInfo.InvariantCulture, $"\t<port_type>{port.PortType()}</port_type>\n");
                sb.Append($"\t<online>{(port.Online ? "YES" : "NO")}</online>\n");
                sb.Append($"\t<port_name>{port.Name}</port_name>\n");
                sb.Append(CultureInfo.InvariantCulture, $"\t<physical_port>{port.PhysicalPort}</physical_port>\n");
                sb.Append(CultureInfo.InvariantCulture, $"\t<virtual_port>{port.VirtualPort}</virtual_port>\n");
                if (port.TargetId() is { } t) sb.Append($"\t<target>{t}</target>\n");
                if (port.PortId() is { } p) sb.Append($"\t<port>{p}</port>\n");
                foreach (var (name, value) in port.Attributes())
                    sb.Append($"\t<{name}>{value}</{name}>\n");
                if (port.LunMap.Enabled)
                {
                    sb.Append("\t<lun_map>on</lun_map>\n");
                    foreach (var (pl, cl) in port.LunMap.Entries)
                        sb.Append(CultureInfo.InvariantCulture, $"\t<lun id=\"{pl}\">{cl}</lun>\n");
                }
                if (port.ListInitiators)
                    foreach (var i in port.Initiators.Values)
                        sb.Append(CultureInfo.InvariantCulture, $"\t<initiator id=\"{i.Id}\">{i.Name}</initiator>\n");
                sb.Append("</targ_port>\n");
            }
            sb.Append("</ctlportlist>\n");
            return sb.ToString();
        }

        public int Devlist()
        {
            string? backend = null;
            bool verbose = false, xml = false;
            for (int c; (c = getopt.Next()) != -1;)
            {
                switch (c)
                {
                    case 'b': backend = getopt.OptArg; break;
                    case 'v': verbose = true; break;
                    case 'x': xml = true; break;
                }
            }
            if (xml)
            {
                io.Out.Write(LunListXml());
                return 0;
            }
            var sb = new StringBuilder();
            sb.Append(CultureInfo.InvariantCulture, $"LUN Backend  {"Size (Blocks)",18} {"BS",4} {"Serial Number",-16} {"Device ID",-16}\n");
            foreach (var lun in target.Luns.Values)
            {
                if (backend is not null && backend != lun.Backend) continue;
                sb.Append(CultureInfo.InvariantCulture,
                    $"{lun.Id,3} {lun.Backend,-8} {ListedBlocks(lun),18} {lun.BlockSize,4} {lun.Serial,-16} {lun.DeviceId,-16}\n");
                if (!verbose) continue;
                foreach (var (name, value) in LunAttributes(lun))
                    sb.Append($"      {name}={value}\n");
            }
            io.Out.Write(sb.ToString());
            return 0;
        }

        /// <summary>CTL lists maxlba + 1, or 0 when maxlba is 0.</summary>
        private static ulong ListedBlocks(CtlLun lun) => lun.BlockCount > 1 ? lun.BlockCount : 0;

        /// <summary>The attributes devlist -v prints: lun_type, the block backend's num_threads, then the LUN options.</summary>
        private static IEnumerable<KeyValuePair<string, string>> LunAttributes(CtlLun lun)
        {
            yield return new("lun_type", "0");
            if (lun.Backend == "block")
                yield return new("num_threads", "14");
            foreach (var o in lun.Options)
                yield return o;
        }

        /// <summary>The CTL_LUN_LIST XML as ctl.c writes it.</summary>
        private string LunListXml()
        {
            var sb = new StringBuilder("<ctllunlist>\n");
            foreach (var lun in target.Luns.Values)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<lun id=\"{lun.Id}\">\n");
                sb.Append($"\t<backend_type>{lun.Backend}</backend_type>\n");
                sb.Append("\t<lun_type>0</lun_type>\n");
                sb.Append(CultureInfo.InvariantCulture, $"\t<size>{ListedBlocks(lun)}</size>\n");
                sb.Append(CultureInfo.InvariantCulture, $"\t<blocksize>{lun.BlockSize}</blocksize>\n");
                sb.Append($"\t<serial_number>{lun.Serial}</serial_number>\n");
                sb.Append($"\t<device_id>{lun.DeviceId}</device_id>\n");
                foreach (var (name, value) in LunAttributes(lun))
                {
                    if (name == "lun_type") continue;
                    sb.Append($"\t<{name}>{value}</{name}>\n");
                }
                sb.Append("</lun>\n");
            }
            sb.Append("</ctllunlist>\n");
            return sb.ToString();
        }

        public int Lunmap()
        {
            uint port = uint.MaxValue, plun = uint.MaxValue, clun = uint.MaxValue;
            for (int c; (c = getopt.Next()) != -1;)
            {
                switch (c)
                {
                    case 'p': port = CNumbers.StrToU32(getopt.OptArg!); break;
                    case 'l': plun = CNumbers.StrToU32(getopt.OptArg!); break;
                    case 'L': clun = CNumbers.StrToU32(getopt.OptArg!); break;
                }
            }
            CtlAdminResult r;
            if (port > int.MaxValue)
                r = CtlAdminResult.Fail(CtlErrno.ENXIO);
            else if (plun != uint.MaxValue)
                r = clun == uint.MaxValue
                    ? target.UnmapPortLun((int)port, plun, Action)
                    : target.SetLunMap((int)port, plun, clun, Action);
            else
                r = clun == uint.MaxValue
                    ? target.DisableLunMap((int)port, Action)
                    : target.EnableEmptyLunMap((int)port, Action);
            if (r.Errno != 0)
            {
                io.Warn("cctl_lunmap: error issuing CTL_LUN_MAP ioctl", r.Errno);
                return 1;
            }
            return 0;
        }

        private static readonly (string Name, int Type)[] FrontendTypes =
        [
            ("fc", CtlPortInfo.PortFc), ("scsi", CtlPortInfo.PortScsi), ("internal", CtlPortInfo.PortInternal),
            ("iscsi", CtlPortInfo.PortIscsi), ("sas", CtlPortInfo.PortSas), ("all", CtlPortInfo.PortAll),
        ];

        private enum PortMode { None, List, Set, On, Off }

        public int Port()
        {
            int targPort = -1, portType = 0;
            bool quiet = false, xml = false, wwnnSet = false, wwpnSet = false;
            ulong wwnn = 0, wwpn = 0;
            var mode = PortMode.None;
            const string badArg = "cctl_port: only one of -l, -o or -w/-W may be specified";
            for (int c; (c = getopt.Next()) != -1;)
            {
                switch (c)
                {
                    case 'l':
                        if (mode != PortMode.None) { io.Warnx(badArg); return 1; }
                        mode = PortMode.List;
                        break;
                    case 'o':
                        if (mode != PortMode.None) { io.Warnx(badArg); return 1; }
                        if (string.Equals(getopt.OptArg, "on", StringComparison.OrdinalIgnoreCase)) mode = PortMode.On;
                        else if (string.Equals(getopt.OptArg, "off", StringComparison.OrdinalIgnoreCase)) mode = PortMode.Off;
                        else
                        {
                            io.Warnx($"Invalid -o argument {getopt.OptArg}, \"on\" or \"off\" are the only valid args");
                            return 1;
                        }
                        break;
                    case 'p': targPort = CNumbers.StrToInt(getopt.OptArg!); break;
                    case 'q': quiet = true; break;
                    case 't':
                    {
                        var matches = FrontendTypes.Where(f => f.Name.StartsWith(getopt.OptArg!, StringComparison.Ordinal)).ToList();
                        var exact = matches.Where(f => f.Name == getopt.OptArg).ToList();
                        if (exact.Count == 0 && matches.Count > 1)
                        {
                            io.Warnx($"cctl_port: ambiguous frontend type {getopt.OptArg}");
                            return 1;
                        }
                        if (matches.Count == 0)
                        {
                            io.Warnx($"cctl_port: invalid frontend type {getopt.OptArg}");
                            return 1;
                        }
                        portType |= (exact.Count > 0 ? exact[0] : matches[0]).Type;
                        break;
                    }
                    case 'w':
                    case 'W':
                        if (mode is not (PortMode.None or PortMode.Set)) { io.Warnx(badArg); return 1; }
                        mode = PortMode.Set;
                        if (c == 'w') { wwnn = CNumbers.StrToU64(getopt.OptArg!); wwnnSet = true; }
                        else { wwpn = CNumbers.StrToU64(getopt.OptArg!); wwpnSet = true; }
                        break;
                    case 'x': xml = true; break;
                }
            }
            if (portType != 0 && targPort != -1)
            {
                io.Warnx("cctl_port: can only specify one of -t or -n");
                return 1;
            }
            if (targPort == -1 && portType == 0)
                portType = CtlPortInfo.PortAll;

            switch (mode)
            {
                case PortMode.List:
                    PortDump(quiet, xml, targPort, portType);
                    return 0;
                case PortMode.Set:
                    if (targPort == -1)
                    {
                        io.Warnx("cctl_port: -w and -W require -n");
                        return 1;
                    }
                    foreach (var p in SelectedPorts(targPort, portType))
                    {
                        if (wwnnSet) p.Wwnn = CtlPortInfo.Naa(wwnn);
                        if (wwpnSet) p.Wwpn = CtlPortInfo.Naa(wwpn);
                        target.Trace.Record(TraceKind.StateChange, CtlTarget.PortSource(p.Number),
                            $"WWNN {p.Wwnn ?? "-"}, WWPN {p.Wwpn ?? "-"}", Action);
                    }
                    return 0;
                case PortMode.On:
                case PortMode.Off:
                    foreach (var p in SelectedPorts(targPort, portType))
                        target.SetPortOnline(p.Number, mode == PortMode.On, Action);
                    io.Out.Write(mode == PortMode.On ? "Front End Ports enabled\n" : "Front End Ports disabled\n");
                    return 0;
                default:
                    io.Warnx("cctl_port: one of -l, -o or -w/-W must be specified");
                    return 1;
            }
        }

        /// <summary>The ports a CTL_ENABLE_PORT-style request names: one port by number, or every port of the given types.</summary>
        private List<CtlPort> SelectedPorts(int targPort, int portType)
        {
            var selected = new List<CtlPort>();
            foreach (var p in target.Ports.Values)
            {
                if (portType == 0)
                {
                    if (p.Number != targPort) continue;
                    selected.Add(p);
                    break;
                }
                if ((portType & p.PortType()) != 0)
                    selected.Add(p);
            }
            return selected;
        }

        /// <summary>cctl_port_dump: the older fixed-column port list of "ctladm port -l".</summary>
        private void PortDump(bool quiet, bool xml, int targPort, int portType)
        {
            var sb = new StringBuilder();
            if (xml) sb.Append("<ctlfelist>\n");
            else if (!quiet) sb.Append(CultureInfo.InvariantCulture, $"Port Online Type     Name         pp vp {"WWNN",-18} {"WWPN",-18}\n");
            foreach (var p in target.Ports.Values)
            {
                if (targPort != -1 && targPort != p.Number) continue;
                if (portType != 0 && (portType & p.PortType()) == 0) continue;
                string type = p.PortType() switch
                {
                    CtlPortInfo.PortFc => "FC",
                    CtlPortInfo.PortScsi => "SCSI",
                    CtlPortInfo.PortIoctl => "IOCTL",
                    CtlPortInfo.PortInternal => "INTERNAL",
                    CtlPortInfo.PortIscsi => "ISCSI",
                    CtlPortInfo.PortSas => "SAS",
                    _ => "UNKNOWN",
                };
                string wwnn = AlternateHex(CtlPortInfo.ParseNaa(p.Wwnn)), wwpn = AlternateHex(CtlPortInfo.ParseNaa(p.Wwpn));
                if (!xml)
                {
                    sb.Append(CultureInfo.InvariantCulture,
                        $"{p.Number,-4} {(p.Online ? "YES" : "NO"),-6} {type,-8} {p.Name,-12} {p.PhysicalPort,-2} {p.VirtualPort,-2} {wwnn,-18} {wwpn,-18}\n");
                    continue;
                }
                sb.Append(CultureInfo.InvariantCulture, $"<targ_port id=\"{p.Number}\">\n");
                sb.Append($"<online>{(p.Online ? "YES" : "NO")}</online>\n");
                sb.Append($"<port_type>{type}</port_type>\n");
                sb.Append($"<port_name>{p.Name}</port_name>\n");
                sb.Append(CultureInfo.InvariantCulture, $"<physical_port>{p.PhysicalPort}</physical_port>\n");
                sb.Append(CultureInfo.InvariantCulture, $"<virtual_port>{p.VirtualPort}</virtual_port>\n");
                sb.Append($"<wwnn>{wwnn}</wwnn>\n");
                sb.Append($"<wwpn>{wwpn}</wwpn>\n");
                sb.Append("</targ_port>\n");
            }
            if (xml) sb.Append("</ctlfelist>\n");
            io.Out.Write(sb.ToString());
        }

        /// <summary>printf's %#jx: "0x" and lower-case hex, except that zero prints as "0".</summary>
        private static string AlternateHex(ulong v) => v == 0 ? "0" : "0x" + v.ToString("x", CultureInfo.InvariantCulture);

        public int StartStop(uint lun, int initiator, bool start)
        {
            for (int c; (c = getopt.Next()) != -1;)
            {
            }
            int ioctlPort = target.Ports.Values.FirstOrDefault(p => p.Frontend == PortFrontend.Ioctl)?.Number ?? 0;
            string path = string.Create(CultureInfo.InvariantCulture, $"({(uint)initiator}:{ioctlPort}:{lun}/{lun}): ");
            if (lun > int.MaxValue || !target.Luns.TryGetValue((int)lun, out var l))
            {
                io.Err.Write($"{path}START STOP UNIT: ILLEGAL REQUEST 25/00 LOGICAL UNIT NOT SUPPORTED (sansim's summary of ctl_io_error_print)\n");
                return 0;
            }
            if (start) target.StartLun(l, Action);
            else target.StopLun(l, eject: false, Action);
            io.Out.Write($"{path} LUN {(start ? "started" : "stopped")} successfully\n");
            return 0;
        }

        /// <summary>Parses one "-o name=value" as ctladm does (strsep on '='); false after printing its warning.</summary>
        private bool AddOption(string func, string arg, List<KeyValuePair<string, string>> options)
        {
            int eq = arg.IndexOf('=');
            if (eq < 0)
            {
                io.Warnx($"{func}: option -o takes \"name=value\"argument");
                return false;
            }
            string name = arg[..eq];
            string rest = arg[(eq + 1)..];
            int eq2 = rest.IndexOf('=');
            options.Add(new(name, eq2 < 0 ? rest : rest[..eq2]));
            return true;
        }

        /// <summary>-s as create and modify take it: "auto" (size not given) or an expand_number(3) size.</summary>
        private bool ParseSize(string func, string arg, out ulong size)
        {
            size = 0;
            if (string.Equals(arg, "auto", StringComparison.OrdinalIgnoreCase)) return true;
            int errno = CNumbers.ExpandNumber(arg, out size);
            if (errno == 0) return true;
            io.Warn($"{func}: invalid -s argument", errno);
            return false;
        }

        public int Create()
        {
            const string func = "cctl_create_lun";
            string? backend = null, serial = null, deviceId = null;
            int? blockSize = null, lunId = null;
            int deviceType = -1;
            ulong size = 0;
            bool sizeSet = false;
            var options = new List<KeyValuePair<string, string>>();
            for (int c; (c = getopt.Next()) != -1;)
            {
                switch (c)
                {
                    case 'b': backend = getopt.OptArg; break;
                    case 'B': blockSize = (int)CNumbers.StrToU32(getopt.OptArg!); break;
                    case 'd': deviceId = getopt.OptArg; break;
                    case 'l': lunId = (int)CNumbers.StrToU32(getopt.OptArg!); break;
                    case 'o': if (!AddOption(func, getopt.OptArg!, options)) return 1; break;
                    case 's': if (!ParseSize(func, getopt.OptArg!, out size)) return 1; sizeSet = true; break;
                    case 'S': serial = getopt.OptArg; break;
                    case 't': deviceType = (int)CNumbers.StrToU32(getopt.OptArg!); break;
                }
            }
            if (backend is null)
            {
                io.Warnx($"{func}: backend name (-b) must be specified");
                return 1;
            }
            var r = target.CreateLun(new CtlLunCreateRequest
            {
                Backend = backend,
                LunId = lunId,
                SizeBytes = sizeSet ? size : null,
                BlockSize = blockSize,
                Serial = serial,
                DeviceId = deviceId,
                DeviceType = deviceType == -1 ? 0 : deviceType,
                Options = options,
            }, Action);
            if (r.Error is not null)
            {
                io.Warnx($"LUN creation error: {r.Error}");
                return 1;
            }
            if (r.Warning is not null)
                io.Warnx($"LUN creation warning: {r.Warning}");
            var lun = r.Lun!;
            var sb = new StringBuilder();
            sb.Append("LUN created successfully\n");
            sb.Append($"backend:       {backend}\n");
            sb.Append(CultureInfo.InvariantCulture, $"device type:   {(deviceType == -1 ? 0 : deviceType)}\n");
            sb.Append(CultureInfo.InvariantCulture, $"LUN size:      {lun.SizeBytes} bytes\n");
            sb.Append(CultureInfo.InvariantCulture, $"blocksize      {lun.BlockSize} bytes\n");
            sb.Append(CultureInfo.InvariantCulture, $"LUN ID:        {lun.Id}\n");
            sb.Append($"Serial Number: {lun.Serial}\n");
            sb.Append($"Device ID;     {lun.DeviceId}\n");
            io.Out.Write(sb.ToString());
            return 0;
        }

        public int Remove()
        {
            const string func = "cctl_rm_lun";
            string? backend = null;
            uint lunId = 0;
            bool lunSet = false;
            var options = new List<KeyValuePair<string, string>>();
            for (int c; (c = getopt.Next()) != -1;)
            {
                switch (c)
                {
                    case 'b': backend = getopt.OptArg; break;
                    case 'l': lunId = CNumbers.StrToU32(getopt.OptArg!); lunSet = true; break;
                    case 'o': if (!AddOption(func, getopt.OptArg!, options)) return 1; break;
                }
            }
            if (backend is null) { io.Warnx($"{func}: backend name (-b) must be specified"); return 1; }
            if (!lunSet) { io.Warnx($"{func}: LUN id (-l) must be specified"); return 1; }
            var r = target.RemoveLun(backend, unchecked((int)lunId), Action);
            if (r.Error is not null)
            {
                io.Warnx($"LUN removal error: {r.Error}");
                return 1;
            }
            io.Out.Write(string.Create(CultureInfo.InvariantCulture, $"LUN {unchecked((int)lunId)} removed successfully\n"));
            return 0;
        }

        public int Modify()
        {
            const string func = "cctl_modify_lun";
            string? backend = null;
            uint lunId = 0;
            bool lunSet = false, sizeSet = false;
            ulong size = 0;
            var options = new List<KeyValuePair<string, string>>();
            for (int c; (c = getopt.Next()) != -1;)
            {
                switch (c)
                {
                    case 'b': backend = getopt.OptArg; break;
                    case 'l': lunId = CNumbers.StrToU32(getopt.OptArg!); lunSet = true; break;
                    case 'o': if (!AddOption(func, getopt.OptArg!, options)) return 1; break;
                    case 's': if (!ParseSize(func, getopt.OptArg!, out size)) return 1; sizeSet = true; break;
                }
            }
            if (backend is null) { io.Warnx($"{func}: backend name (-b) must be specified"); return 1; }
            if (!lunSet) { io.Warnx($"{func}: LUN id (-l) must be specified"); return 1; }
            if (!sizeSet && options.Count == 0) { io.Warnx($"{func}: size (-s) or options (-o) must be specified"); return 1; }
            var r = target.ResizeLun(backend, unchecked((int)lunId), size, options.Count > 0 ? options : null, Action);
            if (r.Error is not null)
            {
                io.Warnx($"LUN modification error: {r.Error}");
                return 1;
            }
            io.Out.Write(string.Create(CultureInfo.InvariantCulture, $"LUN {unchecked((int)lunId)} modified successfully\n"));
            return 0;
        }
    }
}
