using SanSim.Scenarios.Running;

namespace SanSim.Tests.Scenarios.Running;

/// <summary>Splitting a ctladm line into words as a shell does.</summary>
public class CommandLineTests
{
    [TestCase("lunmap -p 3 -l 1 -L 1", new[] { "lunmap", "-p", "3", "-l", "1", "-L", "1" })]
    [TestCase("  portlist   -i\t-v ", new[] { "portlist", "-i", "-v" })]
    [TestCase("create -b block -o 'file=/dev/zvol/tank/a b'", new[] { "create", "-b", "block", "-o", "file=/dev/zvol/tank/a b" })]
    [TestCase("create -o \"name=\\\"x\\\"\"", new[] { "create", "-o", "name=\"x\"" })]
    [TestCase("a\\ b c''d \"\"", new[] { "a b", "cd", "" })]
    [TestCase("", new string[0])]
    public void Split_QuotesAndBlanks_AsAShellDoes(string line, string[] words)
    {
        Assert.That(CommandLine.Split(line, out string? error), Is.EqualTo(words));
        Assert.That(error, Is.Null);
    }

    [TestCase("portlist 'open", "unterminated single quote")]
    [TestCase("portlist \"open", "unterminated double quote")]
    public void Split_AnOpenQuote_IsAnError(string line, string message)
    {
        Assert.That(CommandLine.Split(line, out string? error), Is.Null);
        Assert.That(error, Is.EqualTo(message));
    }
}
