using SanSim.Iscsi;
using SanSim.Serving;
using SanSim.Target;

namespace SanSim.Tests.Iscsi;

/// <summary>An iSCSI back end straight over a CTL target, serialised by a lock (no scenario, no clock).</summary>
internal sealed class DirectBackend : IIscsiBackend
{
    private readonly object _gate = new();

    public DirectBackend(CtlTarget target) => Target = target;

    public CtlTarget Target { get; }

    public ValueTask<IReadOnlyList<IscsiTargetEntry>> TargetsAsync()
    {
        lock (_gate) return new(SimulatedTargetBackend.ListTargets(Target));
    }

    public ValueTask<Nexus?> OpenSessionAsync(IscsiSessionRequest request)
    {
        lock (_gate)
        {
            if (!Target.Ports.TryGetValue(request.Port, out var port) || !port.Online) return new((Nexus?)null);
            return new(Target.AddInitiator(request.Port, request.CtlInitiatorName));
        }
    }

    public ValueTask CloseSessionAsync(Nexus nexus)
    {
        lock (_gate)
        {
            Target.ITNexusReset(nexus);
            Target.RemoveInitiator(nexus.Port, nexus.InitiatorId);
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask<IscsiCommandResult> ExecuteAsync(Nexus nexus, ulong lun, ReadOnlyMemory<byte> cdb, ReadOnlyMemory<byte> dataOut, int expectedDataInLength)
    {
        lock (_gate) return new(SimulatedTargetBackend.Execute(Target, nexus, lun, cdb.Span, dataOut.Span, expectedDataInLength));
    }

    public ValueTask<TaskResponse> TaskManagementAsync(Nexus nexus, TaskFunction function, ulong lun, uint referencedTaskTag)
    {
        lock (_gate) return new(SimulatedTargetBackend.TaskManagement(Target, nexus, function, lun, referencedTaskTag));
    }

    /// <summary>A target with one 1 GiB LUN (CTL LUN 0) behind iSCSI port 1, "iqn.2025-01.org.sansim:t".</summary>
    public static CtlTarget OneLunTarget()
    {
        var target = new CtlTarget();
        target.AddLun(new CtlLun(0, 2 * 1024 * 1024, 512));
        var port = new CtlPort(1, PortFrontend.Iscsi, "iscsi") { TargetName = TargetName, PortalGroupTag = 1, Alias = "t" };
        port.LunMap.Enable();
        port.LunMap.Set(0, 0);
        target.AddPort(port);
        return target;
    }

    public const string TargetName = "iqn.2025-01.org.sansim:t";
}
