using SanSim.Cli;

namespace SanSim.Tests.Cli;

public class RootCommandTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = SanSim.Cli.Cli.Run(SanSim.Cli.Cli.CreateRoot(), args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Test]
    public void Help_NamesTheCommandSansim_AndListsSubcommands()
    {
        var (exit, output, _) = Run("--help");
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
        Assert.That(output, Does.Contain("sansim [command] [options]"));
        Assert.That(output, Does.Contain("sense <bytes>"));
        Assert.That(output, Does.Contain("ctladm <file>"));
    }

    [Test]
    public void NoCommand_IsInvalidInput_Exit2()
    {
        var (exit, _, err) = Run();
        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(err, Does.Contain("sansim --help"));
    }

    [Test]
    public void UnknownCommand_IsInvalidInput_Exit2_AndNamesIt()
    {
        var (exit, _, err) = Run("frobnicate");
        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(err, Does.Contain("frobnicate"));
    }
}
