using SanSim.Engine;
using SanSim.Fabric;
using SanSim.Hosts.Transport;
using SanSim.Scsi;

namespace SanSim.Tests.Fabric;

/// <summary>
/// Which host byte the transport asks for when it has no nexus (ScsiResponse.NoConnectionReason):
/// fc_remote_port_chkready for FC, iscsi_session_chkready and replacement_timeout for iSCSI.
/// </summary>
public class NoConnectionReasonTests
{
    private const ulong DesktopWwpn = 0x2100001b32a1b2c3;

    [Test]
    public void FcRemotePortLostWithoutHold_IsGone_DidNoConnect()
    {
        var san = new FabricSan();
        var desktop = san.Fabric.Connect(san.Fabric.AddHostPort("desktop", DesktopWwpn), san.Target, 3);
        desktop.Login();
        san.Settle(desktop);
        desktop.HostPort.LinkDown();

        var r = san.Run(desktop, CdbBuilder.TestUnitReady());

        Assert.That(r.Outcome, Is.EqualTo(TransportOutcome.NoConnection));
        Assert.That(r.NoConnectionReason, Is.EqualTo(NoConnectionReason.Gone));
    }

    [Test]
    public void FcFastIoFailExpiry_IsFastFail_ForHeldAndLaterCommands()
    {
        var san = new FabricSan();
        var desktop = san.Fabric.Connect(san.Fabric.AddHostPort("desktop", DesktopWwpn), san.Target, 3);
        desktop.FastIoFailTimeout = SimTime.FromSeconds(5);
        desktop.Login();
        san.Settle(desktop);
        desktop.HostPort.LinkDown();

        var held = san.Run(desktop, CdbBuilder.TestUnitReady());
        var later = san.Run(desktop, CdbBuilder.TestUnitReady());

        Assert.That(held.NoConnectionReason, Is.EqualTo(NoConnectionReason.FastFail));
        Assert.That(later.NoConnectionReason, Is.EqualTo(NoConnectionReason.FastFail));
    }

    [Test]
    public void FcLogo_IsGone()
    {
        var san = new FabricSan();
        var desktop = san.Fabric.Connect(san.Fabric.AddHostPort("desktop", DesktopWwpn), san.Target, 3);
        desktop.FastIoFailTimeout = SimTime.FromSeconds(5);
        desktop.Login();
        san.Settle(desktop);
        desktop.Logout();

        Assert.That(san.Run(desktop, CdbBuilder.TestUnitReady()).NoConnectionReason, Is.EqualTo(NoConnectionReason.Gone));
    }

    [Test]
    public void IscsiPastReplacementTimeout_IsFastFail()
    {
        var san = new FabricSan();
        var session = new IscsiSession(san.Sim, san.Target, 0, "k8s-node-1", "iqn.1993-08.org.debian:01:e38f5e7da7d", 0x00023d000004);
        session.Login();
        san.Settle(session);
        var downAt = san.Sim.Now;
        session.LinkDown();

        var r = san.Run(session, CdbBuilder.TestUnitReady());

        Assert.That(san.Sim.Now, Is.EqualTo(downAt + session.ReplacementTimeout));
        Assert.That(r.Outcome, Is.EqualTo(TransportOutcome.NoConnection));
        Assert.That(r.NoConnectionReason, Is.EqualTo(NoConnectionReason.FastFail));
    }

    [Test]
    public void IscsiNotLoggedIn_IsFastFail()
    {
        var san = new FabricSan();
        var session = new IscsiSession(san.Sim, san.Target, 0, "k8s-node-1", "iqn.1993-08.org.debian:01:e38f5e7da7d", 0x00023d000004);

        Assert.That(san.Run(session, CdbBuilder.TestUnitReady()).NoConnectionReason, Is.EqualTo(NoConnectionReason.FastFail));
    }

    [Test]
    public void CompletedCommand_HasNoReason()
    {
        var san = new FabricSan();
        var session = new IscsiSession(san.Sim, san.Target, 0, "k8s-node-1", "iqn.1993-08.org.debian:01:e38f5e7da7d", 0x00023d000004);
        session.Login();
        san.Settle(session);

        Assert.That(san.Run(session, CdbBuilder.TestUnitReady()).NoConnectionReason, Is.EqualTo(NoConnectionReason.Unspecified));
    }
}
