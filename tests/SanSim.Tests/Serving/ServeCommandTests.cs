using SanSim.Cli;
using SanSim.Tests.Scenarios.Library;

namespace SanSim.Tests.Serving;

/// <summary>The sansim serve command line: bad input exits 2 with a message, a stop request exits 0.</summary>
public class ServeCommandTests
{
    private static string FieldReport => Path.Combine(ScenarioLibrary.ScenariosFolder(), "field-report-windows-sleep.yaml");

    [TestCase("--listen", "localhost:3260", "--listen 'localhost:3260'")]
    [TestCase("--listen", "127.0.0.1:99999", "--listen")]
    [TestCase("--speed", "0", "--speed '0'")]
    [TestCase("--speed", "fast", "--speed 'fast'")]
    [TestCase("--start-at", "yesterday", "--start-at 'yesterday'")]
    public void BadOption_ExitsTwo_NamingIt(string option, string value, string message)
    {
        var stderr = new StringWriter();
        int code = SanSim.Cli.Cli.Run(SanSim.Cli.Cli.CreateRoot(), ["serve", FieldReport, option, value], new StringWriter(), stderr);
        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(stderr.ToString(), Does.Contain(message));
    }

    [Test]
    public void MissingScenario_ExitsTwo()
    {
        var stderr = new StringWriter();
        Assert.That(SanSim.Cli.Cli.Run(SanSim.Cli.Cli.CreateRoot(), ["serve", "no-such-file.yaml"], new StringWriter(), stderr), Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(stderr.ToString(), Does.Contain("no-such-file.yaml"));
    }

    [Test]
    public void ListenDefaultsToLoopback3260_AndAcceptsIpv6InBrackets()
    {
        Assert.That(ServeCommand.ParseListen(null)!.ToString(), Is.EqualTo("127.0.0.1:3260"));
        Assert.That(ServeCommand.ParseListen("[::1]:3261")!.ToString(), Is.EqualTo("[::1]:3261"));
        Assert.That(ServeCommand.ParseListen("0.0.0.0")!.ToString(), Is.EqualTo("0.0.0.0:3260"));
    }

    [Test]
    public void StopRequest_ExitsZero_AfterTheBanner()
    {
        using var stop = new CancellationTokenSource();
        var stderr = new StringWriter();
        stop.CancelAfter(TimeSpan.FromSeconds(3));
        int code = ServeCommand.Run(FieldReport, "127.0.0.1:0", null, null, "1s", admin: false, new StringWriter(), stderr, new StringReader(""), stop.Token);
        Assert.That(code, Is.EqualTo(ExitCodes.Ok));
        Assert.That(stderr.ToString(), Does.Contain("sansim: serving field-report-windows-sleep: listening on 127.0.0.1:"));
    }

    [Test]
    public void Admin_AnswersCtladmLinesFromStandardInput()
    {
        using var stop = new CancellationTokenSource();
        var stdout = new StringWriter();
        stop.CancelAfter(TimeSpan.FromSeconds(4));
        int code = ServeCommand.Run(FieldReport, "127.0.0.1:0", null, null, "1s", admin: true, stdout, new StringWriter(), new StringReader("portlist -i -p 5\n"), stop.Token);
        Assert.That(code, Is.EqualTo(ExitCodes.Ok));
        Assert.That(stdout.ToString(), Does.Contain("  Initiator 3: iqn.1993-08.org.debian:01:e38f5e7da7d,i,0x00023d000004\n"));
    }
}
