using System.CommandLine;
using SanSim.Cli;
using SanSim.Tests.Target;

namespace SanSim.Tests.Cli;

/// <summary>`sansim ctladm &lt;file&gt; -- &lt;ctladm arguments&gt;`.</summary>
public class CtladmCliTests
{
    private static string SamplePath()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "samples", "ctl.conf");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("samples/ctl.conf not found above the test directory");
    }

    private static (int Status, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(CtladmCommand.Create());
        var o = new StringWriter();
        var e = new StringWriter();
        int status = SanSim.Cli.Cli.Run(root, args, o, e);
        return (status, o.ToString(), e.ToString());
    }

    [Test]
    public void SampleConf_PortlistIV_PrintsTheFieldReportsFirstSample()
    {
        var (status, output, error) = Run("ctladm", SamplePath(), "--", "portlist", "-i", "-v");

        Assert.That(output, Is.EqualTo(CtladmFieldReportTests.FirstSample));
        Assert.That(error, Is.Empty);
        Assert.That(status, Is.Zero);
    }

    [Test]
    public void CtladmsOwnExitStatus_IsPassedThrough()
    {
        var (status, _, error) = Run("ctladm", SamplePath(), "--", "lunmap", "-p", "9", "-L", "0");

        Assert.That(status, Is.EqualTo(1));
        Assert.That(error, Is.EqualTo("ctladm: cctl_lunmap: error issuing CTL_LUN_MAP ioctl: Device not configured\n"));
    }

    [Test]
    public void MissingFile_IsInvalidInput()
    {
        var (status, _, error) = Run("ctladm", "/nonexistent/ctl.conf", "--", "portlist");

        Assert.That(status, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.StartWith("sansim: cannot read /nonexistent/ctl.conf: "));
    }

    [Test]
    public void ConfError_IsInvalidInput_NamingFileLineColumn()
    {
        string path = Path.Combine(Path.GetTempPath(), $"sansim-bad-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, "target t0 {\n  portal-group nope\n}\n");
        try
        {
            var (status, output, error) = Run("ctladm", path, "--", "portlist");

            Assert.That(status, Is.EqualTo(ExitCodes.InvalidInput));
            Assert.That(error, Is.EqualTo($"sansim: {path}:2:16: unknown portal-group \"nope\" for target \"t0\"" + Environment.NewLine));
            Assert.That(output, Is.Empty);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void NoCtladmArguments_RunsCtladmWithNone_WhichPrintsUsageAndFails()
    {
        var (status, _, error) = Run("ctladm", SamplePath());

        Assert.That(status, Is.EqualTo(1));
        Assert.That(error, Does.StartWith("Usage:"));
    }
}
