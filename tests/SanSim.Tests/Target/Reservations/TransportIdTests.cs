using SanSim.Target;
using SanSim.Target.Reservations;

namespace SanSim.Tests.Target.Reservations;

/// <summary>TransportIDs as ctl_create_iid builds them for READ FULL STATUS.</summary>
public class TransportIdTests
{
    [Test]
    public void FcInitiator_IsFcFormatWithNPortName()
    {
        var port = new CtlPort(3, PortFrontend.Camtgt, "isp0");
        port.Initiators[1] = new CtlInitiator(1, "naa.2100001b32a1b2c3");
        byte[] id = TransportId.Create(port, 1);
        Assert.That(id, Is.EqualTo(new byte[]
        {
            0x00, 0, 0, 0, 0, 0, 0, 0,
            0x21, 0x00, 0x00, 0x1B, 0x32, 0xA1, 0xB2, 0xC3,
            0, 0, 0, 0, 0, 0, 0, 0,
        }));
    }

    [Test]
    public void FcInitiatorNotKnown_HasNoTransportId()
    {
        var port = new CtlPort(3, PortFrontend.Camtgt, "isp0");
        Assert.That(TransportId.Create(port, 1), Is.Empty);
    }

    [Test]
    public void IscsiInitiator_IsPortFormat_NameTerminatedAndPaddedToFour()
    {
        var port = new CtlPort(5, PortFrontend.Iscsi, "iscsi");
        port.Initiators[0] = new CtlInitiator(0, "iqn.ab,i,0x2");
        byte[] id = TransportId.Create(port, 0);
        Assert.That(id[..4], Is.EqualTo(new byte[] { 0x45, 0x00, 0x00, 0x10 }));
        Assert.That(id, Has.Length.EqualTo(4 + 16));
        Assert.That(System.Text.Encoding.ASCII.GetString(id, 4, 12), Is.EqualTo("iqn.ab,i,0x2"));
        Assert.That(id[16..], Is.EqualTo(new byte[4]));
    }

    [Test]
    public void IscsiName_IsCutTo251CharactersPlusTerminator()
    {
        var port = new CtlPort(5, PortFrontend.Iscsi, "iscsi");
        port.Initiators[0] = new CtlInitiator(0, "iqn." + new string('a', 400));
        byte[] id = TransportId.Create(port, 0);
        Assert.That(id, Has.Length.EqualTo(256));
        Assert.That(id[2..4], Is.EqualTo(new byte[] { 0x00, 0xFC }));
        Assert.That(id[4 + 250], Is.EqualTo((byte)'a'));
        Assert.That(id[4 + 251], Is.EqualTo(0));
    }

    [Test]
    public void IoctlPort_IsParallelScsiFormatWithInitiatorAndPort()
    {
        var port = new CtlPort(2, PortFrontend.Ioctl, "ioctl");
        byte[] id = TransportId.Create(port, 7);
        Assert.That(id, Has.Length.EqualTo(24));
        Assert.That(id[..8], Is.EqualTo(new byte[] { 0x01, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x02 }));
    }
}
