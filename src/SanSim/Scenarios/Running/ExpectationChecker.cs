using System.Globalization;
using System.Text.RegularExpressions;
using SanSim.Engine;
using SanSim.Hosts;
using SanSim.Hosts.Linux;
using SanSim.Hosts.Linux.Ext4;
using SanSim.Scenarios.Model;

namespace SanSim.Scenarios.Running;

/// <summary>
/// Checks one expectation against the world as it stands when it runs (its <c>at</c>, or the end). Every result
/// says what was expected, what was found, and the cause chain behind what was found where there is one.
/// </summary>
internal static class ExpectationChecker
{
    /// <summary>ctladm subcommands that only read the target, and so may be run by an expectation.</summary>
    public static readonly IReadOnlySet<string> ReadOnlyCtladm =
        new HashSet<string>(["devlist", "portlist", "lunlist", "islist", "dumpooa", "dumpstructs", "help"], StringComparer.Ordinal);

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Everything but spread, which needs the whole trace and is done by <see cref="CheckSpread"/>.</summary>
    public static ExpectationResult Check(ScenarioWorld world, Expectation e)
    {
        if (e.Ctladm is { } line) return CheckCtladm(world, e, line);
        if (e.Lun is { } lun && e.Host is null) return CheckLun(world, e, lun);
        if (e.Host is not { } name) return Result(e, false, "a host, LUN, ctladm or spread check", "an expectation with nothing to check", []);
        if (world.Host(name) is not { } host) return Result(e, false, $"host {name}", "no such host", []);
        if (e.Mount is { } device) return CheckMount(world, e, host, device);
        if (e.LogContains is { } contains) return CheckLog(world, e, host, contains, LogCheck.Contains);
        if (e.LogLacks is { } lacks) return CheckLog(world, e, host, lacks, LogCheck.Lacks);
        if (e.LogMatches is { } pattern) return CheckLog(world, e, host, pattern, LogCheck.Matches);
        return Result(e, false, "a mount or log check", "an expectation with nothing to check", []);
    }

    private static ExpectationResult Result(Expectation e, bool held, string expected, string actual, IReadOnlyList<TraceEvent> chain) =>
        new(e, held, expected, actual, chain);

    private static ExpectationResult CheckMount(ScenarioWorld world, Expectation e, Host host, string device)
    {
        string expected = $"{host.Name}: /dev/{device} {e.Is}";
        if (host is not LinuxHost linux) return Result(e, false, expected, $"{host.Name} is {host.Os}, not Linux", []);
        string actual = linux.MountState(device) switch
        {
            Ext4MountState.ReadWrite => "rw",
            Ext4MountState.ReadOnly => "ro",
            Ext4MountState.Panicked => "panicked",
            _ => "unmounted",
        };
        string prefix = $"ext4 {device}: ";
        var change = world.Sim.Trace.Events.LastOrDefault(ev =>
            ev.Kind == TraceKind.StateChange && ev.Source == host.Source && ev.Message.StartsWith(prefix, StringComparison.Ordinal));
        var chain = change is null ? [] : world.Sim.Trace.CauseChain(change.Id);
        string since = change is null ? "" : $" since {change.Time.ToKernelTimestamp()} ({change.Message})";
        return Result(e, actual == e.Is, expected, $"{host.Name}: /dev/{device} {actual}{since}", chain);
    }

    private enum LogCheck
    {
        Contains,
        Lacks,
        Matches,
    }

    /// <summary>
    /// Log checks look at every line the host has written by now, in two forms: the text as written, and the
    /// line as the OS prints it (for Linux with its "[seconds.micros]" timestamp; see <see cref="ScenarioRunner.FormatLog"/>).
    /// A line counts when either form contains (or for log_matches, matches) the text.
    /// </summary>
    private static ExpectationResult CheckLog(ScenarioWorld world, Expectation e, Host host, string text, LogCheck check)
    {
        Regex? regex = null;
        if (check == LogCheck.Matches)
        {
            try
            {
                regex = new Regex(text, RegexOptions.CultureInvariant, RegexTimeout);
            }
            catch (ArgumentException ex)
            {
                return Result(e, false, $"{host.Name}'s log matches /{text}/", "invalid regular expression: " + ex.Message, []);
            }
        }
        var lines = host.Log.Lines;
        var formatted = ScenarioRunner.FormatLog(host);
        int found = -1;
        for (int i = 0; i < lines.Count && found < 0; i++)
        {
            bool hit;
            try
            {
                hit = regex is not null
                    ? regex.IsMatch(lines[i].Text) || regex.IsMatch(formatted[i])
                    : lines[i].Text.Contains(text, StringComparison.Ordinal) || formatted[i].Contains(text, StringComparison.Ordinal);
            }
            catch (RegexMatchTimeoutException)
            {
                return Result(e, false, $"{host.Name}'s log matches /{text}/", "the regular expression took too long", []);
            }
            if (hit) found = i;
        }
        string expected = check switch
        {
            LogCheck.Contains => $"{host.Name}'s log has a line containing \"{text}\"",
            LogCheck.Lacks => $"no line of {host.Name}'s log contains \"{text}\"",
            _ => $"{host.Name}'s log has a line matching /{text}/",
        };
        if (found >= 0)
        {
            var chain = world.Sim.Trace.CauseChain(lines[found].TraceId);
            return Result(e, check != LogCheck.Lacks, expected, formatted[found], chain);
        }
        string actual = lines.Count == 0
            ? $"{host.Name}'s log is empty"
            : $"none of {lines.Count.ToString(CultureInfo.InvariantCulture)} lines does; the last is: {formatted[^1]}";
        return Result(e, check == LogCheck.Lacks, expected, actual, []);
    }

    private static ExpectationResult CheckLun(ScenarioWorld world, Expectation e, int id)
    {
        string expected = $"LUN {id.ToString(CultureInfo.InvariantCulture)} {e.Is}";
        if (!world.Target.Luns.TryGetValue(id, out var lun)) return Result(e, false, expected, $"LUN {id} does not exist", []);
        string state = lun.Stopped ? "stopped" : "started";
        string source = SanSim.Target.CtlTarget.LunSource(id);
        var change = lun.Stopped && lun.StopCauseId != 0
            ? world.Sim.Trace.Find(lun.StopCauseId)
            : world.Sim.Trace.Events.LastOrDefault(ev => ev.Kind == TraceKind.StateChange && ev.Source == source);
        var chain = change is null ? [] : world.Sim.Trace.CauseChain(change.Id);
        string since = change is null ? "" : $" (last change at {change.Time.ToKernelTimestamp()}: {change.Message})";
        return Result(e, state == e.Is, expected, $"LUN {id} {state}{since}", chain);
    }

    private static ExpectationResult CheckCtladm(ScenarioWorld world, Expectation e, string line)
    {
        string expected = e.Output is { } exact ? $"ctladm {line} prints:\n{exact}" : $"ctladm {line} prints a line containing \"{e.OutputContains}\"";
        var words = CommandLine.Split(line, out string? error);
        if (words is null) return Result(e, false, expected, "the command line does not parse: " + error, []);
        if (words.Count == 0 || !ReadOnlyCtladm.Contains(words[0]))
            return Result(e, false, expected,
                $"ctladm {(words.Count > 0 ? words[0] : "")} may change the target; an expectation may run only {string.Join(", ", ReadOnlyCtladm.Order(StringComparer.Ordinal))}", []);
        var stdout = new StringWriter(CultureInfo.InvariantCulture);
        var stderr = new StringWriter(CultureInfo.InvariantCulture);
        int status = SanSim.Target.Ctladm.Ctladm.Run(world.Target, words, stdout, stderr);
        string output = stdout.ToString();
        string actual = output + (stderr.ToString() is { Length: > 0 } err ? err : "") + (status != 0 ? $"(exit {status})" : "");
        bool held = e.Output is { } want
            ? SameOutput(want, output)
            : output.Contains(e.OutputContains ?? "", StringComparison.Ordinal);
        return Result(e, held && status == 0, expected, actual, []);
    }

    /// <summary>Exact, except that a single final newline on either side does not count (YAML's "|" keeps one, "|-" none).</summary>
    private static bool SameOutput(string want, string got) =>
        string.Equals(TrimOneNewline(want), TrimOneNewline(got), StringComparison.Ordinal);

    private static string TrimOneNewline(string s) => s.EndsWith('\n') ? s[..^1] : s;

    public static ExpectationResult CheckSpread(ScenarioWorld world, Expectation e, SpreadSpec spec, IReadOnlyList<SpreadEdge> edges)
    {
        var want = spec.Reaches.Order(StringComparer.Ordinal).ToList();
        var got = SpreadAnalysis.Reached(edges, spec.From, spec.Level);
        string level = spec.Level.ToString().ToLowerInvariant();
        string expected = $"{spec.From} reaches [{string.Join(", ", want)}] at {level}";
        bool held = want.SequenceEqual(got, StringComparer.Ordinal);
        var described = edges.Where(x => x.From == spec.From)
            .Select(x => $"{x.To} at {x.Level.ToString().ToLowerInvariant()} from {x.FirstAt.ToKernelTimestamp()}s");
        string actual = $"{spec.From} reaches [{string.Join(", ", got)}] at {level}"
            + (described.Any() ? " (" + string.Join("; ", described) + ")" : "");
        var extra = got.Except(want, StringComparer.Ordinal).FirstOrDefault() ?? got.FirstOrDefault();
        var edge = extra is null ? null : edges.FirstOrDefault(x => x.From == spec.From && x.To == extra);
        var chain = edge is null ? [] : world.Sim.Trace.CauseChain(edge.SymptomEventId);
        return Result(e, held, expected, actual, chain);
    }
}
