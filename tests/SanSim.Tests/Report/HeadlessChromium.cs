using System.Diagnostics;

namespace SanSim.Tests.Report;

/// <summary>
/// Debian's chromium, run headless with no sandbox, GPU, background networking, QUIC, first-run, component
/// updates or sync, and a fresh profile each time. Missing: a failure under CI=true, else the test is ignored
/// with the install command.
/// </summary>
internal static class HeadlessChromium
{
    public const string InstallCommand = "apt-get update && apt-get install -y --no-install-recommends chromium chromium-driver";

    /// <summary>Width and height of the window the page is laid out in (and the screenshot's size).</summary>
    public const int Width = 1400, Height = 1000;

    private static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
        "--no-first-run", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
        $"--window-size={Width},{Height}",
    ];

    /// <summary>The chromium executable on PATH, or the test stops: failed under CI=true, ignored otherwise.</summary>
    public static string Require()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (string name in new[] { "chromium", "chromium-browser" })
            {
                string candidate = Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
        }
        string why = "chromium is not installed; install it with: " + InstallCommand;
        if (Environment.GetEnvironmentVariable("CI") == "true")
            Assert.Fail(why);
        Assert.Ignore(why);
        return "";
    }

    /// <summary>The page's DOM after its script ran (<c>--dump-dom</c>).</summary>
    public static string DumpDom(string chromium, string htmlFile) =>
        Run(chromium, ["--dump-dom", new Uri(htmlFile).AbsoluteUri]);

    /// <summary>Writes a PNG of the page's first screen to <paramref name="pngFile"/> (<c>--screenshot</c>).</summary>
    public static void Screenshot(string chromium, string htmlFile, string pngFile) =>
        Run(chromium, ["--screenshot=" + pngFile, new Uri(htmlFile).AbsoluteUri]);

    private static string Run(string chromium, IEnumerable<string> args)
    {
        string profile = Path.Combine(Path.GetTempPath(), "sansim-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        try
        {
            var start = new ProcessStartInfo(chromium)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string f in Flags) start.ArgumentList.Add(f);
            start.ArgumentList.Add("--user-data-dir=" + profile);
            foreach (string a in args) start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("chromium did not finish within two minutes");
            }
            Assert.That(process.ExitCode, Is.Zero, "chromium failed: " + stderr.Result);
            return stdout;
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
