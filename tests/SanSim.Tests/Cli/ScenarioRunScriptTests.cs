using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using SanSim.Cli;
using SanSim.Tests.Scenarios.Library;

namespace SanSim.Tests.Cli;

/// <summary>
/// run-scenarios.ps1 run in a PowerShell runspace hosted in-process through System.Management.Automation:
/// it must need no cmdlet module and pass sansim's exit code through.
/// </summary>
public class ScenarioRunScriptTests
{
    private ScenarioFiles _files = null!;

    [SetUp]
    public void SetUp() => _files = new ScenarioFiles();

    [TearDown]
    public void TearDown() => _files.Dispose();

    /// <summary>The SanSim.Cli.dll built beside the tests, with the runtimeconfig that lets `dotnet` run it.</summary>
    private static string CliDll()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "SanSim.Cli.dll");
        Assert.That(File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")), Is.True, "SanSim.Cli.runtimeconfig.json beside the tests");
        return dll;
    }

    /// <summary>Runs the script with <paramref name="parameters"/> and returns its exit code and what it printed.</summary>
    private static (int Exit, string Out) RunScript(Hashtable parameters)
    {
        parameters["Cli"] = CliDll();
        string script = Path.Combine(ScenarioLibrary.RepoRoot(), "run-scenarios.ps1");
        // The engine's own session state (the language, providers and the few engine cmdlets) and no module:
        // the utility and management cmdlets (Write-Host, Get-ChildItem, …) are not there, so a script
        // that used one would fail here.
        var state = InitialSessionState.CreateDefault2();
        using var runspace = RunspaceFactory.CreateRunspace(state);
        runspace.Open();
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript("param($script, $parameters) & $script @parameters; $LASTEXITCODE")
            .AddArgument(script)
            .AddArgument(parameters);
        var output = ps.Invoke();
        var errors = ps.Streams.Error.Where(e => e.Exception is not RemoteException).Select(e => e.ToString()).ToList();
        Assert.That(errors, Is.Empty, "PowerShell errors");
        Assert.That(output, Is.Not.Empty);
        int exit = Convert.ToInt32(output[^1].BaseObject, System.Globalization.CultureInfo.InvariantCulture);
        string printed = string.Join("\n", output.Take(output.Count - 1).Select(o => o.ToString()));
        return (exit, printed);
    }

    [Test]
    public void AllHeld_ExitCode0_PassesThrough()
    {
        string quiet = _files.Write("quiet-lun.yaml", ScenarioFiles.QuietLun);

        var (exit, output) = RunScript(new Hashtable { ["Path"] = new[] { quiet }, ["Filter"] = "quiet-lun/base" });

        Assert.That(output, Does.Contain("PASS quiet-lun/base"));
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
    }

    [Test]
    public void AFailure_ExitCode1_PassesThrough_AndJunitIsWritten()
    {
        string quiet = _files.Write("quiet-lun.yaml", ScenarioFiles.QuietLun);
        string junit = _files.PathOf("results.xml");

        var (exit, output) = RunScript(new Hashtable { ["Path"] = new[] { quiet }, ["Junit"] = junit });

        Assert.That(output, Does.Contain("FAIL quiet-lun/wrong"));
        Assert.That(exit, Is.EqualTo(ExitCodes.Failed));
        Assert.That(File.ReadAllText(junit), Does.Contain("<testcase"));
    }

    [Test]
    public void InvalidFile_ExitCode2_PassesThrough()
    {
        string bad = _files.Write("bad.yaml", ScenarioFiles.Malformed);

        var (exit, _) = RunScript(new Hashtable { ["Path"] = new[] { bad } });

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
    }

    [Test]
    public void Script_CallsNoCommandButDotnet()
    {
        string script = Path.Combine(ScenarioLibrary.RepoRoot(), "run-scenarios.ps1");

        var ast = System.Management.Automation.Language.Parser.ParseFile(script, out _, out var parseErrors);
        var commands = ast.FindAll(a => a is System.Management.Automation.Language.CommandAst, searchNestedScriptBlocks: true)
            .Cast<System.Management.Automation.Language.CommandAst>()
            .Select(c => c.GetCommandName())
            .Distinct()
            .ToList();

        Assert.That(parseErrors, Is.Empty);
        Assert.That(commands, Is.EqualTo(new[] { "dotnet" }));
    }
}
