using System.Diagnostics;
using SanSim.Engine;

namespace SanSim.Tests.Serving;

/// <summary>
/// libiscsi's own tools against sansim serve. They need the Debian package libiscsi-bin: missing, a test fails
/// under CI=true and is ignored elsewhere.
/// </summary>
public class RealInitiatorTests
{
    /// <summary>Runs <paramref name="tool"/> with <paramref name="args"/>; its exit status and everything it printed.</summary>
    internal static (int Code, string Output) RunTool(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Fails under CI=true, ignores elsewhere, when <paramref name="tool"/> is not on PATH.</summary>
    internal static void RequireTool(string tool)
    {
        bool found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, tool)));
        if (found) return;
        const string install = "apt-get update && apt-get install -y --no-install-recommends libiscsi-bin";
        if (Environment.GetEnvironmentVariable("CI") == "true")
            Assert.Fail($"{tool} is not installed; CI must install it: {install}");
        Assert.Ignore($"{tool} is not installed: {install}");
    }

    [Test]
    public async Task IscsiReadCapacity16_Succeeds_ThenFailsNotReady0402AfterTheDesktopSleeps_ThenSucceedsAfterItsWake()
    {
        RequireTool("iscsi-readcapacity16");
        // 180 virtual seconds a second: the sleep comes 3 s after the start, the wake 20 s after the sleep.
        await using var server = ServedScenario.Start(ServedScenario.FieldReport(), ServedScenario.Sleep - SimTime.FromSeconds(540), speed: 180);
        string url = $"iscsi://{server.LocalEndpoint}/{ServedScenario.FieldReportTarget}/0";

        var first = RunTool("iscsi-readcapacity16", url);
        if (await server.VirtualNow() >= ServedScenario.Sleep)
            Assert.Inconclusive("the machine was too slow to read the capacity before the simulated sleep");
        Assert.That(first.Code, Is.Zero, first.Output);
        Assert.That(first.Output, Does.Contain("Total size:1073741824"));

        (int Code, string Output) asleep = default;
        Assert.That(ServedScenario.WaitFor(() => (asleep = RunTool("iscsi-readcapacity16", url)).Code != 0, 30), Is.True, "it failed once the desktop slept");
        Assert.That(asleep.Output, Does.Contain("NOT READY").And.Contain("0x0402"));
        Assert.That(await server.VirtualNow(), Is.GreaterThanOrEqualTo(ServedScenario.Sleep));

        (int Code, string Output) awake = default;
        Assert.That(ServedScenario.WaitFor(() => (awake = RunTool("iscsi-readcapacity16", url)).Code == 0, 60), Is.True, "it succeeded again after the wake");
        Assert.That(awake.Output, Does.Contain("Total size:1073741824"));
        Assert.That(await server.VirtualNow(), Is.GreaterThanOrEqualTo(ServedScenario.Wake));
    }
}
