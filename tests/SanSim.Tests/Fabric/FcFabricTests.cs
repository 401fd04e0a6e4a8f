using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts.Transport;
using SanSim.Scsi;

namespace SanSim.Tests.Fabric;

/// <summary>FC logins, link loss, zoning and NPIV against a real CTL target.</summary>
public class FcFabricTests
{
    private const ulong DesktopWwpn = 0x2100001b32a1b2c3;
    private const ulong ServerWwpn = 0x2100001b32a1b2c4;

    [Test]
    public void Login_RegistersNaaWwpnInitiator_OnTheTargetPort()
    {
        var san = new FabricSan();
        var path = san.Fabric.Connect(san.Fabric.AddHostPort("desktop", DesktopWwpn), san.Target, 3);

        path.Login();

        Assert.That(path.State, Is.EqualTo(PathState.Up));
        Assert.That(path.Nexus, Is.Not.Null);
        Assert.That(san.Target.Ports[3].Initiators[path.Nexus!.Value.InitiatorId].Name, Is.EqualTo("naa.2100001b32a1b2c3"));
        san.Target.Ports[3].ListInitiators = true;
        Assert.That(san.Portlist("-i", "-p", "3"), Does.Contain("  Initiator 0: naa.2100001b32a1b2c3\n"));
    }

    [Test]
    public void LinkDownThenUp_FirstCommandGetsPowerOn2901_ForThatHostOnly()
    {
        var san = new FabricSan();
        var desktop = san.Fabric.Connect(san.Fabric.AddHostPort("desktop", DesktopWwpn), san.Target, 3);
        var server = san.Fabric.Connect(san.Fabric.AddHostPort("server", ServerWwpn), san.Target, 3);
        desktop.Login();
        server.Login();
        san.Settle(desktop);
        san.Settle(server);

        desktop.HostPort.LinkDown();
        Assert.That(desktop.State, Is.EqualTo(PathState.Down));
        Assert.That(san.Target.Ports[3].Initiators, Has.Count.EqualTo(1), "the target removed the lost initiator");
        desktop.HostPort.LinkUp();

        Assert.That(desktop.State, Is.EqualTo(PathState.Up));
        Assert.That(san.Run(desktop, CdbBuilder.TestUnitReady()).ToString(), Is.EqualTo("CHECK CONDITION 06/29/01"));
        Assert.That(san.Run(desktop, CdbBuilder.TestUnitReady()).IsGood, Is.True);
        Assert.That(san.Run(server, CdbBuilder.TestUnitReady()).IsGood, Is.True, "another host's nexus is untouched");
    }

    [Test]
    public void Relogin_KeepsTheInitiatorId_ThePortDatabaseGaveTheWwpn()
    {
        var san = new FabricSan();
        var desktop = san.Fabric.Connect(san.Fabric.AddHostPort("desktop", DesktopWwpn), san.Target, 3);
        var server = san.Fabric.Connect(san.Fabric.AddHostPort("server", ServerWwpn), san.Target, 3);
        desktop.Login();
        int before = desktop.Nexus!.Value.InitiatorId;

        desktop.HostPort.LinkDown();
        server.Login();
        desktop.HostPort.LinkUp();

        Assert.That(desktop.Nexus!.Value.InitiatorId, Is.EqualTo(before));
        Assert.That(server.Nexus!.Value.InitiatorId, Is.Not.EqualTo(before), "a newcomer does not take a known WWPN's index");
    }

    [Test]
    public void LinkDown_FailsCommands_WithNoConnection()
    {
        var san = new FabricSan();
        var desktop = san.Fabric.Connect(san.Fabric.AddHostPort("desktop", DesktopWwpn), san.Target, 3);
        desktop.Login();
        san.Settle(desktop);
        long down = desktop.HostPort.LinkDown();

        var r = san.Run(desktop, CdbBuilder.TestUnitReady());

        Assert.That(r.Outcome, Is.EqualTo(TransportOutcome.NoConnection));
        Assert.That(san.Sim.Trace.CauseChain(r.TraceId).Select(e => e.Id), Does.Contain(down));
    }

    [Test]
    public void FastIoFailTimeout_HoldsCommands_UntilTheRemotePortReturns()
    {
        var san = new FabricSan();
        var desktop = san.Fabric.Connect(san.Fabric.AddHostPort("desktop", DesktopWwpn), san.Target, 3);
        desktop.FastIoFailTimeout = SimTime.FromSeconds(5);
        desktop.Login();
        san.Settle(desktop);
        desktop.HostPort.LinkDown();
        Assert.That(desktop.State, Is.EqualTo(PathState.Recovering));

        ScsiResponse? r = null;
        desktop.Submit(new ScsiRequest(CdbBuilder.TestUnitReady(), 0), x => r = x);
        san.Sim.Scheduler.RunUntil(SimTime.FromSeconds(2));
        Assert.That(r, Is.Null, "the command waits while the remote port is blocked");
        desktop.HostPort.LinkUp();
        san.Sim.Scheduler.RunUntil(SimTime.FromSeconds(3));

        Assert.That(r?.ToString(), Is.EqualTo("CHECK CONDITION 06/29/01"));
    }

    [Test]
    public void FastIoFailTimeout_Expiring_FailsHeldCommands_WithNoConnection()
    {
        var san = new FabricSan();
        var desktop = san.Fabric.Connect(san.Fabric.AddHostPort("desktop", DesktopWwpn), san.Target, 3);
        desktop.FastIoFailTimeout = SimTime.FromSeconds(5);
        desktop.Login();
        san.Settle(desktop);
        var downAt = san.Sim.Now;
        desktop.HostPort.LinkDown();

        var r = san.Run(desktop, CdbBuilder.TestUnitReady());

        Assert.That(r.Outcome, Is.EqualTo(TransportOutcome.NoConnection));
        Assert.That(san.Sim.Now, Is.EqualTo(downAt + SimTime.FromSeconds(5)));
        Assert.That(desktop.State, Is.EqualTo(PathState.Down));
    }

    [Test]
    public void Zoning_ForbidsLogin_OfAHostPortNotZonedWithTheTargetPort()
    {
        var san = new FabricSan();
        var desktop = san.Fabric.Connect(san.Fabric.AddHostPort("desktop", DesktopWwpn), san.Target, 3);
        san.Fabric.ActivateZoneSet(new FcZoneSet("prod").Add("servers", ServerWwpn, FabricSan.FcPortWwpn));

        desktop.Login();

        Assert.That(desktop.State, Is.EqualTo(PathState.Down));
        Assert.That(san.Target.Ports[3].Initiators, Is.Empty);
        Assert.That(san.Run(desktop, CdbBuilder.TestUnitReady()).Outcome, Is.EqualTo(TransportOutcome.NoConnection));
    }

    [Test]
    public void NoZoneSet_IsAllAccess()
    {
        var san = new FabricSan();
        var hp = san.Fabric.AddHostPort("desktop", DesktopWwpn);

        Assert.That(san.Fabric.ActiveZoneSet, Is.Null);
        Assert.That(san.Fabric.Zoned(hp, san.Target, 3), Is.True);
        Assert.That(san.Fabric.Zoned(hp, san.Target, 4), Is.True);
    }

    [Test]
    public void ZoneChange_LogsOutForbiddenPaths_AndLogsInAllowedOnes()
    {
        var san = new FabricSan();
        var desktop = san.Fabric.Connect(san.Fabric.AddHostPort("desktop", DesktopWwpn), san.Target, 3);
        var server = san.Fabric.Connect(san.Fabric.AddHostPort("server", ServerWwpn), san.Target, 3);
        desktop.Login();
        server.Login();

        san.Fabric.ActivateZoneSet(new FcZoneSet("prod").Add("servers", ServerWwpn, FabricSan.FcPortWwpn));

        Assert.That(desktop.State, Is.EqualTo(PathState.Down));
        Assert.That(server.State, Is.EqualTo(PathState.Up));
        Assert.That(san.Target.Ports[3].Initiators.Values.Select(i => i.Name), Is.EqualTo(new[] { "naa.2100001b32a1b2c4" }));

        san.Fabric.ActivateZoneSet(new FcZoneSet("prod2").Add("all", ServerWwpn, DesktopWwpn, FabricSan.FcPortWwpn));

        Assert.That(desktop.State, Is.EqualTo(PathState.Up), "a wanted path logs in again once zoning allows it");
    }

    [Test]
    public void Npiv_HostPortLogsIntoTwoTargetPorts_AndSeesEachPortsLunMap()
    {
        var san = new FabricSan();
        san.Target.SetLunMap(3, 0, 0);
        san.Target.SetLunMap(4, 0, 1);
        var hp = san.Fabric.AddHostPort("desktop", DesktopWwpn);
        var physical = san.Fabric.Connect(hp, san.Target, 3);
        var virtualPort = san.Fabric.Connect(hp, san.Target, 4);

        physical.Login();
        virtualPort.Login();
        san.Settle(physical);
        san.Settle(virtualPort);

        Assert.That(san.Target.Ports[4].VirtualPort, Is.Not.Zero);
        Assert.That(san.Blocks(physical, 0), Is.EqualTo(FabricSan.Lun0Blocks));
        Assert.That(san.Blocks(virtualPort, 0), Is.EqualTo(FabricSan.Lun1Blocks));
        Assert.That(san.Run(physical, CdbBuilder.TestUnitReady(), 1).ToString(), Is.EqualTo("CHECK CONDITION 05/25/00"));
    }

    [Test]
    public void Npiv_ZoningIsPerTargetPortWwpn()
    {
        var san = new FabricSan();
        var hp = san.Fabric.AddHostPort("desktop", DesktopWwpn);
        var physical = san.Fabric.Connect(hp, san.Target, 3);
        var virtualPort = san.Fabric.Connect(hp, san.Target, 4);
        san.Fabric.ActivateZoneSet(new FcZoneSet("npiv").Add("vp", DesktopWwpn, FabricSan.NpivPortWwpn));

        physical.Login();
        virtualPort.Login();

        Assert.That(physical.State, Is.EqualTo(PathState.Down));
        Assert.That(virtualPort.State, Is.EqualTo(PathState.Up));
    }

    [Test]
    public void Login_ToAnIscsiPort_IsRefusedWithoutThrowing()
    {
        var san = new FabricSan();
        var path = san.Fabric.Connect(san.Fabric.AddHostPort("desktop", DesktopWwpn), san.Target, 0);

        long id = path.Login();

        Assert.That(path.State, Is.EqualTo(PathState.Down));
        Assert.That(san.Sim.Trace.Find(id)?.Message, Does.Contain("not an FC port"));
    }

    [Test]
    public void Logout_RemovesTheInitiator_AndDoesNotLogInAgainOnLinkUp()
    {
        var san = new FabricSan();
        var desktop = san.Fabric.Connect(san.Fabric.AddHostPort("desktop", DesktopWwpn), san.Target, 3);
        desktop.Login();

        desktop.Logout();
        desktop.HostPort.LinkDown();
        desktop.HostPort.LinkUp();

        Assert.That(desktop.State, Is.EqualTo(PathState.Down));
        Assert.That(san.Target.Ports[3].Initiators, Is.Empty);
    }

    [Test]
    public void TargetPortLinkDown_LosesEveryLoginOnThatPortOnly_AndTheyComeBackWith2901()
    {
        var san = new FabricSan();
        var hp = san.Fabric.AddHostPort("desktop", DesktopWwpn);
        var physical = san.Fabric.Connect(hp, san.Target, 3);
        var virtualPort = san.Fabric.Connect(hp, san.Target, 4);
        var server = san.Fabric.Connect(san.Fabric.AddHostPort("server", ServerWwpn), san.Target, 3);
        foreach (var p in new[] { physical, virtualPort, server })
        {
            p.Login();
            san.Settle(p);
        }

        san.Fabric.TargetLinkDown(san.Target, 3);

        Assert.That(physical.State, Is.EqualTo(PathState.Down));
        Assert.That(server.State, Is.EqualTo(PathState.Down));
        Assert.That(virtualPort.State, Is.EqualTo(PathState.Up));
        Assert.That(san.Target.Ports[3].Initiators, Is.Empty);
        Assert.That(server.Login(), Is.Not.Zero);
        Assert.That(server.State, Is.EqualTo(PathState.Down), "no login while the target port's link is down");

        san.Fabric.TargetLinkUp(san.Target, 3);

        Assert.That(server.State, Is.EqualTo(PathState.Up));
        Assert.That(san.Run(server, CdbBuilder.TestUnitReady()).ToString(), Is.EqualTo("CHECK CONDITION 06/29/01"));
        Assert.That(san.Run(virtualPort, CdbBuilder.TestUnitReady()).IsGood, Is.True);
    }
}
