using System.CommandLine;
using SanSim.Scenarios.Import;

namespace SanSim.Cli;

/// <summary>
/// `sansim import --portlist FILE [--devlist FILE] [--ctl-conf FILE] [-o scenario.yaml]`: turns ctladm output copied off a CTL box into a
/// scenario skeleton that loads, runs and gives the same portlist back.
/// </summary>
internal static class ImportCommand
{
    /// <summary>Where the schema sits relative to a scenarios/ folder.</summary>
    private static readonly string SchemaInScenarios = Path.Combine("schema", "scenario.schema.json");

    public static Command Create()
    {
        var portlist = new Option<string>("--portlist") { Description = "Output of ctladm portlist [-i] [-l] [-v] (e.g. portlist -i -v).", Required = true };
        var devlist = new Option<string>("--devlist") { Description = "Output of ctladm devlist [-v]: LUN sizes, block sizes, serial numbers and device ids." };
        var ctlConf = new Option<string>("--ctl-conf") { Description = "The box's ctl.conf: names, sizes and block sizes of the LUNs its iSCSI targets map." };
        var output = new Option<string>("--output", "-o") { Description = "Write the scenario here instead of to stdout." };
        var name = new Option<string>("--name") { Description = "The scenario's name (default: the portlist file's name)." };
        var schema = new Option<string>("--schema") { Description = "The $schema path for the first line when -o is not inside the repository's scenarios/ folder." };
        var cmd = new Command("import", "Turn ctladm portlist (and devlist, ctl.conf) output into a scenario skeleton. Exit 0 written, 2 bad input (each unreadable line as file:line).")
        {
            portlist, devlist, ctlConf, output, name, schema,
        };
        cmd.SetAction(r => Run(r.GetValue(portlist)!, r.GetValue(devlist), r.GetValue(ctlConf), r.GetValue(output), r.GetValue(name), r.GetValue(schema),
            r.InvocationConfiguration.Output, r.InvocationConfiguration.Error));
        return cmd;
    }

    internal static int Run(string portlist, string? devlist, string? ctlConf, string? output, string? name, string? schema, TextWriter stdout, TextWriter stderr)
    {
        string? portlistText = ReadOrReport(portlist, stderr);
        string? devlistText = devlist is null ? null : ReadOrReport(devlist, stderr);
        string? ctlConfText = ctlConf is null ? null : ReadOrReport(ctlConf, stderr);
        if (portlistText is null || (devlist is not null && devlistText is null) || (ctlConf is not null && ctlConfText is null))
            return ExitCodes.InvalidInput;
        var result = ScenarioImporter.Import(new ImportOptions
        {
            PortlistText = portlistText,
            PortlistFile = portlist,
            DevlistText = devlistText,
            DevlistFile = devlist,
            CtlConfText = ctlConfText,
            CtlConfFile = ctlConf,
            Name = name,
            SchemaPath = output is null ? schema : SchemaFor(output) ?? schema,
        });
        if (!result.Ok)
        {
            foreach (var e in result.Errors) stderr.WriteLine(e.ToString());
            return ExitCodes.InvalidInput;
        }
        if (output is null)
        {
            stdout.Write(result.Yaml);
            return ExitCodes.Ok;
        }
        try
        {
            File.WriteAllText(output, result.Yaml);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"{output}: cannot write: {ex.Message}");
            return ExitCodes.InvalidInput;
        }
        stderr.WriteLine($"wrote {output}");
        return ExitCodes.Ok;
    }

    private static string? ReadOrReport(string path, TextWriter stderr)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"{path}: cannot read: {ex.Message}");
            return null;
        }
    }

    /// <summary>The schema's path relative to the output file when the file goes under a scenarios/ folder that holds schema/scenario.schema.json.</summary>
    private static string? SchemaFor(string output)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(output)) ?? "";
        for (var d = new DirectoryInfo(dir); d is not null; d = d.Parent)
        {
            if (d.Name == "scenarios" && File.Exists(Path.Combine(d.FullName, SchemaInScenarios)))
                return Path.GetRelativePath(dir, Path.Combine(d.FullName, SchemaInScenarios)).Replace('\\', '/');
        }
        return null;
    }
}
