using SanSim.Engine;
using SanSim.Target;

namespace SanSim.Tests.Target;

/// <summary>Default serial and device id: "MYSERIAL%04d"/"MYDEVID%04d" of the backend's LUN count, as ctl_backend_block.c.</summary>
public class DefaultLunIdentityTests
{
    [Test]
    public void DirectlyBuiltLun_GetsZeroPaddedDefaults()
    {
        var lun = new CtlLun(7, 2048);
        Assert.That(lun.Serial, Is.EqualTo("MYSERIAL0007"));
        Assert.That(lun.DeviceId, Is.EqualTo("MYDEVID0007"));
    }

    [Test]
    public void CreateLun_NumbersDefaultsByTheBackendsLunCount_NotTheLunId()
    {
        var t = new CtlTarget(new Simulation(1).Trace);
        t.CreateLun(new CtlLunCreateRequest { Backend = "block", LunId = 5, SizeBytes = 1 << 20, Options = [new("file", "/dev/zvol/a")] });
        t.CreateLun(new CtlLunCreateRequest { Backend = "ramdisk", SizeBytes = 1 << 20 });
        var third = t.CreateLun(new CtlLunCreateRequest { Backend = "block", SizeBytes = 1 << 20, Options = [new("file", "/dev/zvol/b")] });

        Assert.That(t.Luns[5].Serial, Is.EqualTo("MYSERIAL0000"));
        Assert.That(t.Luns[0].DeviceId, Is.EqualTo("MYDEVID0000"), "the ramdisk backend counts its own LUNs");
        Assert.That(third.Lun!.Serial, Is.EqualTo("MYSERIAL0001"));
        Assert.That(third.Lun.DeviceId, Is.EqualTo("MYDEVID0001"));
    }
}
