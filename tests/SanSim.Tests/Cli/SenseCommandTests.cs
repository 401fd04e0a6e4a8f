using System.CommandLine;
using SanSim.Cli;

namespace SanSim.Tests.Cli;

public class SenseCommandTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand { SenseCommand.Create() };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = SanSim.Cli.Cli.Run(root, ["sense", .. args], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Test]
    public void FixedNotReady0402_NamesKeyAndT10Text()
    {
        var (exit, output, err) = Run("70 00 02 00 00 00 00 0a 00 00 00 00 04 02 00 00 00 00".Split(' '));
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok), err);
        Assert.That(err, Is.Empty);
        Assert.That(output, Does.Contain("fixed (70h), current"));
        Assert.That(output, Does.Contain("NOT READY").And.Contain("Not Ready"));
        Assert.That(output, Does.Contain("04h/02h LOGICAL UNIT NOT READY, INITIALIZING COMMAND REQUIRED"));
    }

    [Test]
    public void OneStringWithColonsAndPrefixes_IsAccepted()
    {
        var (exit, output, _) = Run("0x70:0x00:0x06:00:00:00:00:0a:00:00:00:00:3f:0e:00:00:00:00");
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
        Assert.That(output, Does.Contain("UNIT ATTENTION").And.Contain("REPORTED LUNS DATA HAS CHANGED"));
    }

    [Test]
    public void OneStringWithoutSeparators_IsAccepted()
    {
        var (exit, output, _) = Run("700006000000000a0000000029070000000000");
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
        Assert.That(output, Does.Contain("I_T NEXUS LOSS OCCURRED"));
    }

    [Test]
    public void FixedWithInformationAndFieldPointer_PrintsBoth()
    {
        var (exit, output, _) = Run("f0 00 05 00 00 12 34 0a 00 00 00 00 24 00 00 c9 00 04".Split(' '));
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
        Assert.That(output, Does.Contain("Information:  0x1234"));
        Assert.That(output, Does.Contain("Field pointer: CDB byte 4, bit 1"));
    }

    [Test]
    public void DescriptorSense_ListsDescriptors()
    {
        var (exit, output, _) = Run("72 05 26 00 00 00 00 14 00 0a 80 00 00 00 00 00 00 00 00 07 02 06 00 00 80 00 03 00".Split(' '));
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
        Assert.That(output, Does.Contain("descriptor (72h), current"));
        Assert.That(output, Does.Contain("INVALID FIELD IN PARAMETER LIST"));
        Assert.That(output, Does.Contain("Information:  0x7"));
        Assert.That(output, Does.Contain("Field pointer: parameter data byte 3"));
        Assert.That(output, Does.Contain("00h Information, byte 8, length 10"));
        Assert.That(output, Does.Contain("02h Sense key specific, byte 20, length 6"));
    }

    [Test]
    public void BadHex_ExitsInvalidInput_NamingTheToken()
    {
        var (exit, output, err) = Run("70", "00", "0xZ2");
        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(output, Is.Empty);
        Assert.That(err, Does.Contain("token 3 \"0xZ2\"").And.Contain("'Z' is not a hex digit"));
    }

    [Test]
    public void OddNumberOfDigits_ExitsInvalidInput()
    {
        var (exit, _, err) = Run("700");
        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(err, Does.Contain("odd number of hex digits"));
    }

    [Test]
    public void NoBytes_ExitsInvalidInput_WithAnExample()
    {
        var (exit, _, err) = Run();
        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(err, Does.Contain("no sense bytes given").And.Contain("Example: sansim sense 70"));
        Assert.That(Run(" ", "::").Exit, Is.EqualTo(ExitCodes.InvalidInput));
    }

    [Test]
    public void UnparseableSense_ExitsInvalidInput_SayingWhy()
    {
        var (exit, output, err) = Run("00 00 02 00");
        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(output, Is.Empty);
        Assert.That(err, Does.Contain("response code 00h"));
    }

    [Test]
    public void TruncatedSense_IsDecodedWithAWarning()
    {
        var (exit, output, _) = Run("70 00 02 00 00 00 00 0a 00 00 00 00 04 02");
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
        Assert.That(output, Does.Contain("LOGICAL UNIT NOT READY, INITIALIZING COMMAND REQUIRED"));
        Assert.That(output, Does.Contain("Warning:").And.Contain("declares 18 bytes but the buffer has 14"));
    }

    [Test]
    public void Help_ShowsAnExample()
    {
        var (exit, output, _) = Run("--help");
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
        Assert.That(output, Does.Contain("Example:").And.Contain(SenseCommand.Example));
    }
}
