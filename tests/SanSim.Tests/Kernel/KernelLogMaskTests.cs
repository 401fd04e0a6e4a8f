namespace SanSim.Tests.Kernel;

/// <summary>The masking that makes a real kernel's log and the host model's log comparable line for line.</summary>
public class KernelLogMaskTests
{
    [Test]
    public void Write10Cdb_MasksLbaAndLength_KeepsOpcodeFlagsGroupAndControl()
    {
        string masked = KernelLogMask.Mask("sd 0:0:0:0: [sda] tag#134 CDB: Write(10) 2a 08 00 00 00 02 00 00 02 00");
        Assert.That(masked, Is.EqualTo("sd H:C:T:L: [sdX] tag#* CDB: Write(10) 2a 08 .. .. .. .. 00 .. .. 00"));
    }

    [Test]
    public void Write16Cdb_MasksEightLbaBytesAndFourLengthBytes()
    {
        Assert.That(KernelLogMask.MaskCdb("8a 08 00 00 00 00 00 00 00 02 00 00 00 02 00 00"),
            Is.EqualTo("8a 08 .. .. .. .. .. .. .. .. .. .. .. .. 00 00"));
    }

    [Test]
    public void SynchronizeCache10Cdb_MasksTheSameFieldsAsWrite10()
    {
        Assert.That(KernelLogMask.Mask("sd 6:0:0:0: [sdb] tag#1 CDB: Synchronize Cache(10) 35 00 00 00 00 00 00 00 00 00"),
            Is.EqualTo("sd H:C:T:L: [sdX] tag#* CDB: Synchronize Cache(10) 35 00 .. .. .. .. 00 .. .. 00"));
    }

    [Test]
    public void BlockLayerAndBufferLines_MaskSectorBlockAndDevice_KeepFlags()
    {
        Assert.That(KernelLogMask.Mask("I/O error, dev sda, sector 32844 op 0x1:(WRITE) flags 0x0 phys_seg 1 prio class 2"),
            Is.EqualTo("I/O error, dev sdX, sector # op 0x1:(WRITE) flags 0x0 phys_seg 1 prio class 2"));
        Assert.That(KernelLogMask.Mask("Buffer I/O error on dev sdb, logical block 114689, lost sync page write"),
            Is.EqualTo("Buffer I/O error on dev sdX, logical block #, lost sync page write"));
        Assert.That(KernelLogMask.Mask("JBD2: I/O error when updating journal superblock for sdc-8."),
            Is.EqualTo("JBD2: I/O error when updating journal superblock for sdX-8."));
    }

    [Test]
    public void Ext4EndBioWarning_MasksInodeAndBlock_KeepsSourceLine()
    {
        Assert.That(
            KernelLogMask.Mask("EXT4-fs warning (device sda): ext4_end_bio:343: I/O error 10 writing to inode 12 starting block 16422)"),
            Is.EqualTo("EXT4-fs warning (device sdX): ext4_end_bio:343: I/O error 10 writing to inode # starting block #)"));
    }

    [Test]
    public void StorageLines_KeepsScsiBlockExt4AndJbd2_DropsBootNoiseGuestReportsAndUntimestampedText()
    {
        const string log = """
            [    1.709914] evm: HMAC attrs: 0x1
            [    2.362370] scsi host0: Virtio SCSI HBA
            [    2.371487] scsi 0:0:0:0: Direct-Access     IET      VIRTUAL-DISK     0001 PQ: 0 ANSI: 5
            [    2.694525] guest: disk sda
            /init: line 61: can't create /mnt/heartbeat: Read-only file system
            [    2.274495] EXT4-fs (sda): mounted filesystem with ordered data mode. Quota mode: none.
            [   14.016894] Aborting journal on device sda-8.
            [35773.001100] sd 6:0:0:0: [sdb] tag#24158 Sense Key : Not Ready [current] 
            """;
        Assert.That(KernelLogMask.StorageLines(log), Is.EqualTo(new[]
        {
            "scsi H:C:T:L: Direct-Access     IET      VIRTUAL-DISK     0001 PQ: 0 ANSI: 5",
            "EXT4-fs (sdX): mounted filesystem with ordered data mode. Quota mode: none.",
            "Aborting journal on device sdX-8.",
            "sd H:C:T:L: [sdX] tag#* Sense Key : Not Ready [current] ",
        }));
    }

    [Test]
    public void MaskComm_ReplacesTheWritingTasksName()
    {
        Assert.That(KernelLogMask.MaskComm("EXT4-fs error (device sdX): ext4_journal_check_start:83: comm init: Detected aborted journal"),
            Is.EqualTo("EXT4-fs error (device sdX): ext4_journal_check_start:83: comm *: Detected aborted journal"));
    }
}
