using System.CommandLine;

namespace SanSim.Cli;

/// <summary>`sansim sense &lt;hex bytes&gt;`: decodes a sense buffer.</summary>
internal static class SenseCommand
{
    public static Command Create()
    {
        var cmd = new Command("sense", "Decode a SCSI sense buffer given as hex bytes.");
        return cmd;
    }
}
