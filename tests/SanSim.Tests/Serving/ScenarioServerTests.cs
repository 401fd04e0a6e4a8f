using SanSim.Engine;
using SanSim.Iscsi;
using SanSim.Tests.Iscsi;

namespace SanSim.Tests.Serving;

/// <summary>
/// sansim serve's target as a real initiator meets it over TCP: the scenario's timeline runs in scaled real
/// time, so the simulated desktop's sleep stops the LUN for the real initiator too, and the login is an
/// initiator on the port that ctladm portlist shows.
/// </summary>
public class ScenarioServerTests
{
    [Test]
    public async Task RealInitiator_GetsNotReady0402_OnceTheSimulatedDesktopSleeps()
    {
        await using var server = ServedScenario.Start(ServedScenario.FieldReport(), ServedScenario.Sleep - SimTime.FromSeconds(2), speed: 1);
        using var ini = new TestInitiator(server.LocalEndpoint);
        Assert.That(ini.Login(ServedScenario.FieldReportTarget).Bhs[36], Is.Zero);
        var before = ini.TestUnitReadyClearingAttentions();
        if (await server.VirtualNow() >= ServedScenario.Sleep)
            Assert.Inconclusive("the machine was too slow to send a command before the simulated sleep");
        Assert.That(before.Status, Is.Zero);

        Assert.That(ServedScenario.WaitFor(() => server.OnTarget(t => t.Luns[12].Stopped).Result, 30), Is.True, "the desktop's STOP UNIT stopped LUN 12");
        var after = ini.Run(new byte[6], 0, read: false);

        Assert.That(after.Status, Is.EqualTo(2));
        Assert.That(new[] { after.Sense[2] & 0x0F, after.Sense[12], after.Sense[13] }, Is.EqualTo(new[] { 2, 0x04, 0x02 }));
    }

    [Test]
    public async Task Login_IsAnInitiatorOnThePort_AsPortlistShowsIt_AndLeavesWithTheConnection()
    {
        await using var server = ServedScenario.Start(ServedScenario.FieldReport(), SimTime.FromSeconds(1), speed: 1);
        const string line = "  Initiator 0: iqn.2025-01.org.sansim:test-initiator,i,0x00023d000001\n";
        using (var ini = new TestInitiator(server.LocalEndpoint))
        {
            Assert.That(ini.Login(ServedScenario.FieldReportTarget).Bhs[36], Is.Zero);
            var portlist = ServedScenario.Ctladm(server, "portlist -i -p 5");
            Assert.That(portlist, Does.Contain(line));
            Assert.That(portlist, Does.Contain("  Initiator 3: iqn.1993-08.org.debian:01:e38f5e7da7d,i,0x00023d000004\n"), "the simulated node stays beside it");
        }
        Assert.That(ServedScenario.WaitFor(() => !ServedScenario.Ctladm(server, "portlist -i -p 5").Contains(line, StringComparison.Ordinal), 20), Is.True);
    }

    [Test]
    public async Task SecondLogin_WithTheSameNameAndIsid_ReinstatesTheSession_ClosingTheFirst()
    {
        await using var server = ServedScenario.Start(ServedScenario.FieldReport(), SimTime.FromSeconds(1), speed: 1);
        using var first = new TestInitiator(server.LocalEndpoint);
        Assert.That(first.Login(ServedScenario.FieldReportTarget).Bhs[36], Is.Zero);
        using var second = new TestInitiator(server.LocalEndpoint);
        Assert.That(second.Login(ServedScenario.FieldReportTarget).Bhs[36], Is.Zero);

        Assert.That(first.ClosedByTarget(), Is.True);
        var portlist = ServedScenario.Ctladm(server, "portlist -i -p 5");
        Assert.That(portlist.Split('\n').Count(l => l.Contains("test-initiator", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(second.TestUnitReadyClearingAttentions().Status, Is.Zero);
    }

    [Test]
    public async Task AdminLunmap_ChangesWhatALoggedInInitiatorSees()
    {
        await using var server = ServedScenario.Start(ServedScenario.FieldReport(), SimTime.FromSeconds(1), speed: 1);
        using var ini = new TestInitiator(server.LocalEndpoint);
        ini.Login(ServedScenario.FieldReportTarget);
        ini.TestUnitReadyClearingAttentions();

        ServedScenario.Ctladm(server, "ctladm lunmap -p 5 -l 0");
        var r = ini.TestUnitReadyClearingAttentions();

        Assert.That(r.Status, Is.EqualTo(2));
        Assert.That(new[] { r.Sense[2] & 0x0F, r.Sense[12], r.Sense[13] }, Is.EqualTo(new[] { 5, 0x25, 0x00 }), "LOGICAL UNIT NOT SUPPORTED");
    }

    [Test]
    public async Task DiscoveryOnTheServedPortal_ListsTheScenariosIscsiPorts()
    {
        await using var server = ServedScenario.Start(ServedScenario.FieldReport(), SimTime.Zero, speed: 1);
        using var ini = new TestInitiator(server.LocalEndpoint);
        ini.Send(ini.LoginRequest("InitiatorName=iqn.2025-01.org.sansim:x\nSessionType=Discovery\n"));
        Assert.That(ini.Receive()!.Bhs[36], Is.Zero);
        ini.Send(new Pdu(IscsiOpcode.TextRequest) { Immediate = true, InitiatorTaskTag = 3, Word20 = Pdu.ReservedTag, Data = "SendTargets=All\0"u8.ToArray() });
        var text = System.Text.Encoding.UTF8.GetString(ini.Receive()!.Data.Span);
        Assert.That(text, Is.EqualTo($"TargetName={ServedScenario.FieldReportTarget}\0TargetAddress={server.LocalEndpoint},1\0"));
    }
    [Test]
    public async Task RealLogin_WithASimulatedHostsNameAndIsid_EndsTheSimulatedSession()
    {
        await using var server = ServedScenario.Start(ServedScenario.FieldReport(), SimTime.FromSeconds(1), speed: 1);
        using var ini = new TestInitiator(server.LocalEndpoint);
        var response = ini.Login(ServedScenario.FieldReportTarget, isid: 0x00023d000004, iqn: "iqn.1993-08.org.debian:01:e38f5e7da7d");
        Assert.That(response.Bhs[36], Is.Zero);

        var portlist = ServedScenario.Ctladm(server, "portlist -i -p 5");
        Assert.That(portlist.Split('\n').Count(l => l.Contains("e38f5e7da7d,i,0x00023d000004", StringComparison.Ordinal)), Is.EqualTo(1), portlist);
        Assert.That(portlist, Does.Not.Contain("Initiator 3:"), "the simulated node's session (initiator 3) ended");
    }
}
