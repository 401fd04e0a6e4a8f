using System.Diagnostics;
using SanSim.Tests.Scenarios.Library;

namespace SanSim.Tests.Kernel;

/// <summary>
/// Debian's 6.1 kernel under QEMU attached to `sansim serve`: the field report's desktop sleep reaches the real
/// kernel as NOT READY 04/02 and its ext4 goes read-only; the LUN map variant contains it; and the real kernel's
/// log agrees line for line, once masked, with the Linux 6.1 host model's log of the same scenario.
/// </summary>
[Category("RealKernel")]
public class RealKernelServeTests
{
    private const string FieldReportIqn = "iqn.2005-10.org.freenas.ctl:default-mosquitto-iscsi-claim";

    /// <summary>
    /// The field report's desktop sleeps at 35771.99 s and wakes an hour later: served at 100 virtual seconds
    /// per real second from 1800 s before the sleep, the guest (writing about 10 s in) meets the sleep about 18 s
    /// after the server starts and the wake 36 s after that.
    /// </summary>
    private static readonly string[] FieldReportTiming = ["--start-at", "33971.99s", "--speed", "100"];

    private string _out = null!;

    [SetUp]
    public void SetUp() => _out = Directory.CreateTempSubdirectory("sansim-kernel-serve-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_out, recursive: true);

    private static string Scenario(string name) => Path.Combine(ScenarioLibrary.ScenariosFolder(), name);

    [Test]
    public void FieldReport_DesktopSleep_RealKernelGets0402_Ext4StaysReadOnlyAfterTheWake()
    {
        KernelHarness.RequireTools();
        var run = KernelHarness.Run(_out, TimeSpan.FromMinutes(3),
            ["serve", _out, Scenario("field-report-windows-sleep.yaml"), FieldReportIqn, .. FieldReportTiming, "--seconds", "56", "--probe"]);

        Assert.That(run.ExitCode, Is.Zero, run.Output + "\n" + run.Console);
        Assert.That(run.Console, Does.Contain("Add. Sense: Logical unit not ready, initializing command required"));
        Assert.That(run.Console, Does.Contain("EXT4-fs (sda): Remounting filesystem read-only"));
        var reports = run.GuestReports();
        int failedRead = reports.ToList().FindIndex(r => r == "guest: read failed");
        int answered = reports.ToList().FindIndex(r => r == "guest: read ok");
        Assert.That(failedRead, Is.GreaterThanOrEqualTo(0), "the stopped LUN fails a direct read\n" + run.Console);
        Assert.That(answered, Is.GreaterThan(failedRead), "after the desktop's wake the LUN answers again\n" + run.Console);
        Assert.That(reports.Skip(answered).Where(r => r.StartsWith("guest: write ", StringComparison.Ordinal)),
            Is.Not.Empty.And.All.Matches("^guest: write [0-9]+ EROFS "), "ext4 stays read-only after the wake");
    }

    [Test]
    public void FieldReportLunmapIsolated_DesktopSleep_RealKernelMountStaysWritable()
    {
        KernelHarness.RequireTools();
        var run = KernelHarness.Run(_out, TimeSpan.FromMinutes(3),
            ["serve", _out, Scenario("field-report-windows-sleep.yaml"), FieldReportIqn, "--variant", "lunmap-isolated", .. FieldReportTiming, "--seconds", "24"]);

        Assert.That(run.ExitCode, Is.Zero, run.Output + "\n" + run.Console);
        var writes = run.GuestReports().Where(r => r.StartsWith("guest: write ", StringComparison.Ordinal)).ToList();
        Assert.That(writes, Has.Count.GreaterThanOrEqualTo(10));
        Assert.That(writes, Is.All.Matches("^guest: write [0-9]+ ok mount rw$"), run.Console);
        Assert.That(run.Console, Does.Not.Contain("Not Ready"));
    }

    [Test]
    public void QemuGuestScenario_RealKernelLog_MatchesLinux61HostModel_LineForLine()
    {
        KernelHarness.RequireTools();
        string scenario = Scenario("qemu-guest-6-1-desktop-sleep.yaml");
        // Real time (speed 1) from 16 s before the sleep: the guest writes a few times, then meets the stopped LUN
        // and keeps trying every 2 s, as the model's node does.
        var run = KernelHarness.Run(_out, TimeSpan.FromMinutes(3),
            ["serve", _out, scenario, FieldReportIqn, "--variant", "served", "--start-at", "35755.99s", "--seconds", "26"]);
        Assert.That(run.ExitCode, Is.Zero, run.Output + "\n" + run.Console);

        var guest = GuestLinesBeforePowerOff(run.Console);
        var model = KernelLogMask.StorageLines(ModelLog(scenario, "qemu-guest"));
        Assert.That(guest, Has.Some.Contains("Logical unit not ready, initializing command required"), run.Console);
        Assert.That(model, Has.Count.GreaterThanOrEqualTo(guest.Count));
        Assert.That(guest, Is.EqualTo(model.Take(guest.Count)), "guest (masked):\n" + string.Join("\n", guest));
    }

    /// <summary>
    /// The guest's masked storage lines up to its writer's last report, without the one line QEMU rather than the
    /// target causes: "Optimal transfer size", from the Block Limits VPD page QEMU's scsi-block device emulates.
    /// </summary>
    private static List<string> GuestLinesBeforePowerOff(string console)
    {
        int done = console.IndexOf("] guest: done", StringComparison.Ordinal);
        string upTo = done < 0 ? console : console[..done];
        return KernelLogMask.StorageLines(upTo)
            .Where(l => !l.Contains("] Optimal transfer size ", StringComparison.Ordinal))
            .ToList();
    }

    /// <summary>The host model's kernel log of <paramref name="host"/>: `sansim log FILE --host HOST`.</summary>
    private static string ModelLog(string scenario, string host)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "SanSim.Cli.dll"), "log", scenario, "--host", host })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string log = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, stderr.Result);
        return log;
    }
}
