namespace SanSim.Hosts.Transport;

/// <summary>SAM task management functions an initiator can send over a path.</summary>
public enum TaskManagementFunction
{
    AbortTask,
    AbortTaskSet,
    ClearTaskSet,
    LunReset,
    TargetReset,
    ITNexusReset,
}

/// <summary>The target's answer to a task management function, as the initiator receives it (SAM service responses).</summary>
public enum TaskManagementResult
{
    FunctionComplete,
    FunctionSucceeded,
    FunctionRejected,
    IncorrectLun,
    /// <summary>The path was down: the function was never delivered.</summary>
    NotDelivered,
}
