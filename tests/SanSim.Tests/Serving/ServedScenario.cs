using System.Net;
using SanSim.Engine;
using SanSim.Scenarios;
using SanSim.Scenarios.Model;
using SanSim.Serving;
using SanSim.Tests.Scenarios.Library;

namespace SanSim.Tests.Serving;

/// <summary>Scenarios served on 127.0.0.1 (a free port) for the tests, and polling helpers.</summary>
internal static class ServedScenario
{
    public const string FieldReportTarget = "iqn.2005-10.org.freenas.ctl:default-mosquitto-iscsi-claim";

    /// <summary>The virtual time the field report's desktop goes to sleep, and wakes.</summary>
    public static readonly SimTime Sleep = SimTime.FromSeconds(35771.99), Wake = SimTime.FromSeconds(39371.99);

    public static Scenario FieldReport()
    {
        var loaded = ScenarioLoader.LoadFile(Path.Combine(ScenarioLibrary.ScenariosFolder(), "field-report-windows-sleep.yaml"));
        Assert.That(loaded.Ok, Is.True);
        return loaded.Scenarios.Single(s => s.Variant == "base");
    }

    public static ScenarioServer Start(Scenario scenario, SimTime startAt, double speed) =>
        ScenarioServer.Start(scenario, new ServeOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), StartAt = startAt, Speed = speed });

    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds or <paramref name="seconds"/> pass; whether it held.</summary>
    public static bool WaitFor(Func<bool> condition, double seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (condition()) return true;
            Thread.Sleep(50);
        }
        return condition();
    }

    /// <summary>What "ctladm <paramref name="line"/>" prints against the live target.</summary>
    public static string Ctladm(ScenarioServer server, string line)
    {
        var stdout = new StringWriter();
        server.RunCtladm(line, stdout, new StringWriter()).GetAwaiter().GetResult();
        return stdout.ToString();
    }
}
