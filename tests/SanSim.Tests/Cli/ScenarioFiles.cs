namespace SanSim.Tests.Cli;

/// <summary>Small scenario files written to a temporary folder for the command tests, and a way to run sansim on them.</summary>
internal sealed class ScenarioFiles : IDisposable
{
    /// <summary>A quiet target: nothing happens, so LUN 1 stays started. Base holds; variant "wrong" expects it stopped and fails.</summary>
    public const string QuietLun = """
        name: quiet-lun
        description: A target with one LUN and nothing happening; for the command-line tests.
        seed: 7
        duration: 1m
        target:
          luns: [ { lun: 1, size: 1GiB } ]
          ports: [ { port: 3, frontend: camtgt, name: isp0, wwnn: naa.20000024ff56f970, wwpn: naa.21000024ff56f970 } ]
        expect:
          - { lun: 1, is: started }
        variants:
          - name: wrong
            expect: [ { lun: 1, is: stopped } ]
        """;

    /// <summary>A file with an unknown key on line 3.</summary>
    public const string Malformed = """
        name: malformed
        duration: 1m
        bogus: 1
        target:
          luns: [ { lun: 1, size: 1GiB } ]
        """;

    public string Folder { get; }

    public ScenarioFiles()
    {
        Folder = Path.Combine(Path.GetTempPath(), "sansim-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> in the folder and returns its path.</summary>
    public string Write(string name, string text)
    {
        string path = Path.Combine(Folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        return path;
    }

    public string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>scenarios/field-report-windows-sleep.yaml in the repository.</summary>
    public static string FieldReport() =>
        Path.Combine(SanSim.Tests.Scenarios.Library.ScenarioLibrary.ScenariosFolder(), "field-report-windows-sleep.yaml");

    public void Dispose()
    {
        if (Directory.Exists(Folder))
            Directory.Delete(Folder, recursive: true);
    }

    /// <summary>Runs `sansim args…` in-process with the real root command.</summary>
    public static (int Exit, string Out, string Err) Sansim(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        int exit = SanSim.Cli.Cli.Run(SanSim.Cli.Cli.CreateRoot(), args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
