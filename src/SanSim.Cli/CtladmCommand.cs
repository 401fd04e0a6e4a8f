using System.CommandLine;

namespace SanSim.Cli;

/// <summary>`sansim ctladm &lt;file&gt; -- &lt;ctladm arguments&gt;`: runs ctladm against the target a file describes.</summary>
internal static class CtladmCommand
{
    public static Command Create()
    {
        var cmd = new Command("ctladm", "Run a ctladm command against the target that a ctl.conf file describes.");
        return cmd;
    }
}
