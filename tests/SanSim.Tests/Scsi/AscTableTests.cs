using System.Reflection;
using SanSim.Scsi;

namespace SanSim.Tests.Scsi;

public class AscTableTests
{
    // Spot checks against FreeBSD's asc_table (sys/cam/scsi/scsi_all.c), in T10's capitalisation.
    [TestCase(0x00, 0x00, "NO ADDITIONAL SENSE INFORMATION")]
    [TestCase(0x04, 0x02, "LOGICAL UNIT NOT READY, INITIALIZING COMMAND REQUIRED")]
    [TestCase(0x04, 0x0A, "LOGICAL UNIT NOT ACCESSIBLE, ASYMMETRIC ACCESS STATE TRANSITION")]
    [TestCase(0x08, 0x03, "LOGICAL UNIT COMMUNICATION CRC ERROR (ULTRA-DMA/32)")]
    [TestCase(0x18, 0x01, "RECOVERED DATA WITH ERROR CORR. & RETRIES APPLIED")]
    [TestCase(0x22, 0x00, "ILLEGAL FUNCTION (USE 20 00, 24 00, OR 26 00)")]
    [TestCase(0x24, 0x00, "INVALID FIELD IN CDB")]
    [TestCase(0x28, 0x00, "NOT READY TO READY CHANGE, MEDIUM MAY HAVE CHANGED")]
    [TestCase(0x29, 0x00, "POWER ON, RESET, OR BUS DEVICE RESET OCCURRED")]
    [TestCase(0x29, 0x07, "I_T NEXUS LOSS OCCURRED")]
    [TestCase(0x2A, 0x09, "CAPACITY DATA HAS CHANGED")]
    [TestCase(0x3A, 0x02, "MEDIUM NOT PRESENT - TRAY OPEN")]
    [TestCase(0x3F, 0x0E, "REPORTED LUNS DATA HAS CHANGED")]
    [TestCase(0x40, 0x00, "RAM FAILURE (SHOULD USE 40 NN)")]
    [TestCase(0x5D, 0xFF, "FAILURE PREDICTION THRESHOLD EXCEEDED (FALSE)")]
    [TestCase(0x71, 0x00, "DECOMPRESSION EXCEPTION LONG ALGORITHM ID")]
    [TestCase(0x74, 0x79, "SECURITY CONFLICT IN TRANSLATED DEVICE")]
    public void AssignedCode_HasT10Text(int asc, int ascq, string expected)
    {
        var code = new AscAscq((byte)asc, (byte)ascq);
        Assert.That(AscTable.TryGet(code, out var text), Is.True);
        Assert.That(text, Is.EqualTo(expected));
        Assert.That(AscTable.Describe(code), Is.EqualTo(expected));
        Assert.That(AscTable.IsAssigned(code), Is.True);
    }

    [TestCase(0x40, 0x80, "DIAGNOSTIC FAILURE ON COMPONENT 80H (80H-FFH)")]
    [TestCase(0x40, 0x85, "DIAGNOSTIC FAILURE ON COMPONENT 85H (80H-FFH)")]
    [TestCase(0x40, 0xFF, "DIAGNOSTIC FAILURE ON COMPONENT FFH (80H-FFH)")]
    [TestCase(0x4D, 0x00, "TAGGED OVERLAPPED COMMANDS (00H = TASK TAG)")]
    [TestCase(0x4D, 0x2C, "TAGGED OVERLAPPED COMMANDS (2CH = TASK TAG)")]
    [TestCase(0x70, 0x11, "DECOMPRESSION EXCEPTION SHORT ALGORITHM ID OF 11H")]
    public void RangedCode_FillsTheAscqInForNN(int asc, int ascq, string expected)
    {
        Assert.That(AscTable.Describe(new AscAscq((byte)asc, (byte)ascq)), Is.EqualTo(expected));
    }

    [Test]
    public void RangedRows_AreTheThreeT10Ranges()
    {
        var ranges = AscTable.Entries.Where(e => e.IsRange).Select(e => e.ToString()).ToArray();
        Assert.That(ranges, Is.EqualTo(new[]
        {
            "40/80-FF DIAGNOSTIC FAILURE ON COMPONENT NN (80H-FFH)",
            "4D/00-FF TAGGED OVERLAPPED COMMANDS (NN = TASK TAG)",
            "70/00-FF DECOMPRESSION EXCEPTION SHORT ALGORITHM ID OF NN",
        }));
    }

    [TestCase(0x80, 0x00, "VENDOR SPECIFIC ASC (ASC=0x80 ASCQ=0x00)")]
    [TestCase(0xFF, 0xFF, "VENDOR SPECIFIC ASC (ASC=0xFF ASCQ=0xFF)")]
    [TestCase(0x04, 0xF0, "VENDOR SPECIFIC ASCQ (ASC=0x04 ASCQ=0xF0)")]
    [TestCase(0x44, 0x80, "VENDOR SPECIFIC ASCQ (ASC=0x44 ASCQ=0x80)")]
    public void VendorSpecificCode_IsNamedAsSuchWithBothBytes(int asc, int ascq, string expected)
    {
        var code = new AscAscq((byte)asc, (byte)ascq);
        Assert.That(AscTable.TryGet(code, out var text), Is.True);
        Assert.That(text, Is.EqualTo(expected));
        Assert.That(AscTable.IsAssigned(code), Is.False);
    }

    [TestCase(0x0F, 0x00)]
    [TestCase(0x04, 0x0F)]
    [TestCase(0x40, 0x01)]
    [TestCase(0x7F, 0x7F)]
    public void ReservedCode_IsNotFound_AndDescribedByItsBytes(int asc, int ascq)
    {
        var code = new AscAscq((byte)asc, (byte)ascq);
        Assert.That(AscTable.TryGet(code, out var text), Is.False);
        Assert.That(text, Is.Empty);
        Assert.That(AscTable.Describe(code), Is.EqualTo($"RESERVED ASC/ASCQ (ASC=0x{asc:X2} ASCQ=0x{ascq:X2})"));
    }

    [Test]
    public void Count_IsFreeBsdAscTablePlusLaterT10Assignments()
    {
        // FreeBSD's asc_table has 673 described rows (range end markers with a NULL text not counted);
        // T10 has assigned 93 codes since.
        Assert.That(AscTable.Count, Is.EqualTo(673 + 93));
        Assert.That(AscTable.Entries, Has.Count.EqualTo(AscTable.Count));
    }

    // Codes T10 assigned after FreeBSD's copy of the list.
    [TestCase(0x00, 0x21, "ATOMIC COMMAND ABORTED DUE TO ACA")]
    [TestCase(0x04, 0x22, "LOGICAL UNIT NOT READY, POWER CYCLE REQUIRED")]
    [TestCase(0x21, 0x04, "UNALIGNED WRITE COMMAND")]
    [TestCase(0x2C, 0x11, "DESCRIPTOR FORMAT SENSE DATA REQUIRED")]
    [TestCase(0x4B, 0x15, "PCIE TLP PREFIX BLOCKED")]
    [TestCase(0x6F, 0x0A, "DRIVE-HOST PAIRING SUSPENDED")]
    public void LaterT10Assignment_HasItsText(int asc, int ascq, string expected)
    {
        Assert.That(AscTable.Describe(new AscAscq((byte)asc, (byte)ascq)), Is.EqualTo(expected));
    }

    // T10 writes a few texts in mixed case; the table keeps T10's spelling.
    [TestCase(0x3F, 0x12, "iSCSI IP ADDRESS ADDED")]
    [TestCase(0x47, 0x03, "INFORMATION UNIT iuCRC ERROR DETECTED")]
    [TestCase(0x24, 0x02, "Obsolete")]
    [TestCase(0x5E, 0x05, "IDLE_B CONDITION ACTIVATED BY TIMER")]
    public void MixedCaseT10Text_IsKeptAsT10WritesIt(int asc, int ascq, string expected)
    {
        Assert.That(AscTable.Describe(new AscAscq((byte)asc, (byte)ascq)), Is.EqualTo(expected));
    }

    [Test]
    public void EveryRow_HasT10CapitalisedText_AndAUniqueKey_InAscendingOrder()
    {
        var entries = AscTable.Entries;
        Assert.Multiple(() =>
        {
            foreach (var e in entries)
            {
                Assert.That(e.Text, Is.Not.Empty.And.Not.StartsWith(" ").And.Not.EndsWith(" "), e.ToString());
                string upperExceptT10Spellings = e.Text.Replace("iSCSI", "ISCSI").Replace("iuCRC", "IUCRC").Replace("Obsolete", "OBSOLETE");
                Assert.That(upperExceptT10Spellings, Is.EqualTo(e.Text.ToUpperInvariant()), e.ToString());
                Assert.That(e.LastAscq, Is.GreaterThanOrEqualTo(e.FirstAscq), e.ToString());
            }
        });
        for (int i = 1; i < entries.Count; i++)
        {
            var prev = entries[i - 1];
            var cur = entries[i];
            bool ordered = cur.Asc > prev.Asc || (cur.Asc == prev.Asc && cur.FirstAscq > prev.LastAscq);
            Assert.That(ordered, Is.True, $"{prev} then {cur}: keys must be unique and ascending");
        }
    }

    [Test]
    public void EveryRow_IsFoundByItsOwnCode()
    {
        foreach (var e in AscTable.Entries)
        {
            Assert.That(AscTable.IsAssigned(new AscAscq(e.Asc, e.FirstAscq)), Is.True, e.ToString());
            Assert.That(AscTable.IsAssigned(new AscAscq(e.Asc, e.LastAscq)), Is.True, e.ToString());
            if (!e.IsRange)
                Assert.That(AscTable.Describe(new AscAscq(e.Asc, e.FirstAscq)), Is.EqualTo(e.Text));
        }
    }

    [Test]
    public void EveryPossibleCode_IsDescribed_AndAssignedCodesMatchTheRows()
    {
        int assigned = 0;
        for (int v = 0; v <= 0xFFFF; v++)
        {
            var code = new AscAscq((byte)(v >> 8), (byte)v);
            Assert.That(AscTable.Describe(code), Is.Not.Empty);
            if (AscTable.IsAssigned(code))
                assigned++;
        }
        int expected = AscTable.Entries.Sum(e => e.LastAscq - e.FirstAscq + 1);
        Assert.That(assigned, Is.EqualTo(expected));
    }

    [Test]
    public void EveryNamedAscAscqConstant_IsInTheTable()
    {
        var constants = typeof(AscAscq).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(AscAscq))
            .Select(f => (f.Name, Code: (AscAscq)f.GetValue(null)!))
            .ToArray();
        Assert.That(constants, Is.Not.Empty);
        foreach (var (name, code) in constants)
            Assert.That(AscTable.IsAssigned(code), Is.True, $"{name} {code}");
    }
}
