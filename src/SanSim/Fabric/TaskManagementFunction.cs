namespace SanSim.Fabric;

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
