using SanSim.Engine;

namespace SanSim.Target;

/// <summary>The response to a task management function (CTL's ctl_task_status).</summary>
public enum TaskManagementResponse
{
    /// <summary>CTL_TASK_FUNCTION_COMPLETE.</summary>
    FunctionComplete,
    /// <summary>CTL_TASK_FUNCTION_SUCCEEDED (QUERY TASK found the task).</summary>
    FunctionSucceeded,
    /// <summary>CTL_TASK_LUN_DOES_NOT_EXIST: no LUN behind the addressed port LUN.</summary>
    LunDoesNotExist,
    /// <summary>CTL_TASK_FUNCTION_NOT_SUPPORTED (CLEAR ACA).</summary>
    FunctionNotSupported,
}

public sealed partial class CtlTarget
{
    /// <summary>
    /// ABORT TASK (ctl_abort_task). Commands complete synchronously here, so no task is ever found: FUNCTION
    /// COMPLETE, as CTL answers when the tag is not in the LUN's queue.
    /// </summary>
    public TaskManagementResponse AbortTask(Nexus nexus, ulong portLun, ulong tag, long causeId = 0)
    {
        var lun = TaskLun(nexus, portLun, $"ABORT TASK tag {tag}", causeId, out _);
        return lun is null ? TaskManagementResponse.LunDoesNotExist : TaskManagementResponse.FunctionComplete;
    }

    /// <summary>ABORT TASK SET (ctl_abort_task_set): aborts the nexus's tasks on the LUN — none are outstanding.</summary>
    public TaskManagementResponse AbortTaskSet(Nexus nexus, ulong portLun, long causeId = 0) =>
        TaskLun(nexus, portLun, "ABORT TASK SET", causeId, out _) is null ? TaskManagementResponse.LunDoesNotExist : TaskManagementResponse.FunctionComplete;

    /// <summary>CLEAR TASK SET: aborts every initiator's tasks on the LUN — none are outstanding.</summary>
    public TaskManagementResponse ClearTaskSet(Nexus nexus, ulong portLun, long causeId = 0) =>
        TaskLun(nexus, portLun, "CLEAR TASK SET", causeId, out _) is null ? TaskManagementResponse.LunDoesNotExist : TaskManagementResponse.FunctionComplete;

    /// <summary>QUERY TASK: no task is ever outstanding, so FUNCTION COMPLETE (not found).</summary>
    public TaskManagementResponse QueryTask(Nexus nexus, ulong portLun, ulong tag, long causeId = 0) =>
        TaskLun(nexus, portLun, $"QUERY TASK tag {tag}", causeId, out _) is null ? TaskManagementResponse.LunDoesNotExist : TaskManagementResponse.FunctionComplete;

    /// <summary>CLEAR ACA: CTL does not support it.</summary>
    public TaskManagementResponse ClearAca(Nexus nexus, ulong portLun, long causeId = 0)
    {
        RecordTask(nexus, "CLEAR ACA", causeId);
        return TaskManagementResponse.FunctionNotSupported;
    }

    /// <summary>
    /// LUN RESET (ctl_lun_reset, ctl_do_lun_reset): releases the SPC-2 reservation, clears every PREVENT, and
    /// establishes 29/00 for every initiator of the LUN, the sender included.
    /// </summary>
    public TaskManagementResponse LunReset(Nexus nexus, ulong portLun, long causeId = 0)
    {
        var lun = TaskLun(nexus, portLun, "LUN RESET", causeId, out long id);
        if (lun is null) return TaskManagementResponse.LunDoesNotExist;
        ResetLun(lun, UnitAttention.LunReset, id);
        return TaskManagementResponse.FunctionComplete;
    }

    /// <summary>
    /// TARGET RESET (ctl_target_reset): a LUN reset of every LUN visible through the sender's port, with 29/03
    /// for every initiator of those LUNs (on every port).
    /// </summary>
    public TaskManagementResponse TargetReset(Nexus nexus, long causeId = 0) => PortReset(nexus, "TARGET RESET", UnitAttention.TargetReset, causeId);

    /// <summary>BUS RESET: as TARGET RESET, with 29/02.</summary>
    public TaskManagementResponse BusReset(Nexus nexus, long causeId = 0) => PortReset(nexus, "BUS RESET", UnitAttention.BusReset, causeId);

    /// <summary>
    /// I_T NEXUS RESET (ctl_i_t_nexus_reset → ctl_i_t_nexus_loss): on every LUN, releases the nexus's SPC-2
    /// reservation and PREVENT and establishes 29/07 for that nexus.
    /// </summary>
    public TaskManagementResponse ITNexusReset(Nexus nexus, long causeId = 0)
    {
        long id = RecordTask(nexus, "I_T NEXUS RESET", causeId);
        NexusLoss(nexus, UnitAttention.ITNexusLoss, id);
        return TaskManagementResponse.FunctionComplete;
    }

    /// <summary>ctl_i_t_nexus_loss: per LUN, drop the nexus's reservation and PREVENT and establish <paramref name="ua"/> for it.</summary>
    private void NexusLoss(Nexus nexus, UnitAttention ua, long causeId)
    {
        foreach (var lun in Luns.Values)
        {
            lun.Spc2.OnNexusLoss(nexus);
            lun.PreventingRemoval.Remove(nexus);
            lun.UnitAttentions.Establish(nexus, ua, causeId);
        }
    }

    private TaskManagementResponse PortReset(Nexus nexus, string name, UnitAttention ua, long causeId)
    {
        long id = RecordTask(nexus, name, causeId);
        if (!Ports.TryGetValue(nexus.Port, out var port)) return TaskManagementResponse.FunctionComplete;
        foreach (var lun in Luns.Values)
            if (lun.Id >= 0 && port.LunMap.ToPortLun((uint)lun.Id) is not null)
                ResetLun(lun, ua, id);
        return TaskManagementResponse.FunctionComplete;
    }

    /// <summary>ctl_do_lun_reset: clear the SPC-2 reservation, all PREVENTs and the third-party copy lists, establish <paramref name="ua"/> for all initiators.</summary>
    private void ResetLun(CtlLun lun, UnitAttention ua, long causeId)
    {
        lun.Spc2.Clear();
        lun.PreventingRemoval.Clear();
        lun.CopyLists.Clear();
        lun.UnitAttentions.EstablishAll(ua, null, causeId);
        if (Trace.Enabled)
            Trace.Record(TraceKind.UnitAttention, LunSource(lun.Id), $"{UnitAttentionTable.AscFor(ua)} established for all initiators", causeId);
    }

    private CtlLun? TaskLun(Nexus nexus, ulong portLun, string name, long causeId, out long id)
    {
        id = RecordTask(nexus, $"{name} lun {portLun}", causeId);
        return Ports.TryGetValue(nexus.Port, out var p) && p.Online ? ResolveLun(nexus.Port, portLun) : null;
    }

    private long RecordTask(Nexus nexus, string what, long causeId) =>
        Trace.Record(TraceKind.TaskManagement, PortSource(nexus.Port), $"{what} from {nexus}", causeId);
}
