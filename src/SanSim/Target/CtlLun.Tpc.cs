namespace SanSim.Target;

public sealed partial class CtlLun
{
    /// <summary>The LUN's third-party copy lists (CTL's lun->tpc_lists): held lists wait here for RECEIVE COPY RESULTS.</summary>
    internal List<Commands.CopyList> CopyLists { get; } = new();
}
