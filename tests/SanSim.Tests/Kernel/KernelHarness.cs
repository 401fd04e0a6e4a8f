using System.Diagnostics;
using SanSim.Tests.Scenarios.Library;

namespace SanSim.Tests.Kernel;

/// <summary>
/// Runs .ci/kernel-harness (Debian's kernel under QEMU as an iSCSI initiator) from a test, after checking
/// that the tools it needs are installed: missing under CI=true is a failure, otherwise the test is ignored
/// with the command that installs them.
/// </summary>
public static class KernelHarness
{
    /// <summary>The Debian packages the harness uses.</summary>
    public const string InstallCommand =
        "apt-get install -y --no-install-recommends qemu-system-x86 qemu-block-extra busybox-static e2fsprogs cpio kmod tgt (or: .ci/kernel-harness install)";

    private static readonly string[] Tools =
    [
        "/usr/bin/qemu-system-x86_64", "/usr/lib/x86_64-linux-gnu/qemu/block-iscsi.so", "/bin/busybox", "/sbin/mke2fs",
        "/usr/bin/cpio", "/sbin/depmod", "/sbin/modprobe", "/usr/sbin/tgtd", "/usr/sbin/tgtadm", "/usr/bin/dpkg-deb", "/usr/bin/apt-get",
    ];

    /// <summary>Fails (CI) or ignores (elsewhere) the calling test when a tool is missing.</summary>
    public static void RequireTools()
    {
        var missing = Tools.Where(t => !File.Exists(t)).ToList();
        if (missing.Count == 0) return;
        string message = "missing " + string.Join(", ", missing) + "; install with: " + InstallCommand;
        if (Environment.GetEnvironmentVariable("CI") == "true")
            Assert.Fail(message);
        Assert.Ignore(message);
    }

    /// <summary>The script's path in this repository.</summary>
    public static string Script => Path.Combine(ScenarioLibrary.RepoRoot(), ".ci", "kernel-harness");

    /// <summary>
    /// Runs the harness with <paramref name="arguments"/> (its output folder first) and returns its exit code,
    /// what it printed and the guest's console log. <paramref name="limit"/> bounds the run: the harness is
    /// killed after it.
    /// </summary>
    public static HarnessRun Run(string outDir, TimeSpan limit, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Script);
        foreach (string a in arguments) start.ArgumentList.Add(a);
        start.Environment["SANSIM"] = "dotnet " + Path.Combine(AppContext.BaseDirectory, "SanSim.Cli.dll");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
            process.Kill(entireProcessTree: true);
        process.WaitForExit();
        string console = Path.Combine(outDir, "console.log");
        return new HarnessRun(
            process.ExitCode,
            stdout.Result + stderr.Result,
            File.Exists(console) ? File.ReadAllText(console) : "");
    }
}

/// <summary>One harness run: exit code, the harness's own output, the guest's serial console.</summary>
public sealed record HarnessRun(int ExitCode, string Output, string Console)
{
    /// <summary>The guest's "guest: ..." report lines (its writer's results and mount state), without timestamps.</summary>
    public IReadOnlyList<string> GuestReports() =>
        Console.Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .Select(l => l.IndexOf("] guest: ", StringComparison.Ordinal) is var i and >= 0 ? l[(i + 2)..] : null)
            .OfType<string>()
            .ToList();
}
