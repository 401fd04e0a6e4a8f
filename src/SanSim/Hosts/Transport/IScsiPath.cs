namespace SanSim.Hosts.Transport;

/// <summary>
/// A host's I_T nexus to one target port as the host's SCSI layer sees it (an FC remote port, an iSCSI
/// session). The fabric implements it; hosts only send commands and task management and watch its state.
/// </summary>
public interface IScsiPath
{
    /// <summary>A readable id: "k8s-node-1→port 5".</summary>
    string Name { get; }

    /// <summary>The host that owns this path.</summary>
    string HostName { get; }

    /// <summary>The target port the path leads to.</summary>
    int TargetPort { get; }

    PathState State { get; }

    /// <summary>Raised after <see cref="State"/> changes, with the trace id of the change.</summary>
    event Action<IScsiPath, long>? StateChanged;

    /// <summary>
    /// Sends a command. <paramref name="done"/> is called later in virtual time, exactly once — unless the
    /// target never answers, in which case only an abort or the loss of the path ends it. Returns the tag.
    /// </summary>
    ulong Submit(ScsiRequest request, Action<ScsiResponse> done);

    /// <summary>Sends a task management function; <paramref name="done"/> gets the answer after a round trip.</summary>
    void TaskManagement(TaskManagementFunction function, ulong portLun, Action<TaskManagementResult> done, ulong tag = 0, long causeId = 0);

    /// <summary>Logs in (FC PLOGI/PRLI, iSCSI login) and returns the trace id of the state change.</summary>
    long Login(long causeId = 0);

    /// <summary>Logs out and returns the trace id of the state change.</summary>
    long Logout(long causeId = 0);
}
