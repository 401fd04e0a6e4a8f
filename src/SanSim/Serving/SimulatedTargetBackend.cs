using SanSim.Engine;
using SanSim.Iscsi;
using SanSim.Scenarios.Running;
using SanSim.Scsi;
using SanSim.Target;

namespace SanSim.Serving;

/// <summary>
/// The scenario's CTL target as an iSCSI back end: every call runs on the simulation thread. A login is an
/// initiator added to the port under CTL's name for it ("iqn…,i,0x&lt;isid&gt;"); a session end is an I_T NEXUS
/// RESET and then the initiator's removal, as cfiscsi does; a login with a name and ISID already logged in on
/// the port ends the older session first (session reinstatement).
/// </summary>
internal sealed class SimulatedTargetBackend : IIscsiBackend
{
    /// <summary>Trace source of the real initiators' sessions.</summary>
    public const string Source = "serve";

    private readonly SimulationLoop _loop;
    /// <summary>Live sessions by nexus (touched on the simulation thread only).</summary>
    private readonly Dictionary<Nexus, (string Name, IIscsiSessionControl Control)> _sessions = new();

    public SimulatedTargetBackend(SimulationLoop loop) => _loop = loop;

    private CtlTarget Target(ScenarioWorld world) => world.Target;

    public ValueTask<IReadOnlyList<IscsiTargetEntry>> TargetsAsync() =>
        new(_loop.Post<IReadOnlyList<IscsiTargetEntry>>(world => ListTargets(world.Target)));

    /// <summary>Every iSCSI port with a target name, in port order.</summary>
    public static IReadOnlyList<IscsiTargetEntry> ListTargets(CtlTarget target) =>
        target.Ports.Values
            .Where(p => p.Frontend == PortFrontend.Iscsi && !string.IsNullOrEmpty(p.TargetName))
            .Select(p => new IscsiTargetEntry(p.Number, p.TargetName!, p.Alias, p.PortalGroupTag, p.Online))
            .ToList();

    public ValueTask<Nexus?> OpenSessionAsync(IscsiSessionRequest request) => new(_loop.Post(world =>
    {
        var target = Target(world);
        if (!target.Ports.TryGetValue(request.Port, out var port) || port.Frontend != PortFrontend.Iscsi || !port.Online)
            return (Nexus?)null;
        string name = request.CtlInitiatorName;
        long cause = target.Trace.Record(TraceKind.StateChange, Source, $"iSCSI login of {name} to port {request.Port}");
        foreach (var (nexus, old) in _sessions.Where(s => s.Key.Port == request.Port && s.Value.Name == name).ToList())
        {
            _sessions.Remove(nexus);
            End(target, nexus, "session reinstatement", cause);
            old.Control.Abort();
        }
        var added = target.AddInitiator(request.Port, name, null, cause);
        _sessions[added] = (name, request.Session);
        return (Nexus?)added;
    }));

    public ValueTask CloseSessionAsync(Nexus nexus) => new(_loop.Post(world =>
    {
        if (_sessions.Remove(nexus)) End(Target(world), nexus, "session ended", 0);
        return true;
    }));

    /// <summary>cfiscsi's session end: I_T NEXUS RESET (29/07), then ctl_remove_initiator (29/01).</summary>
    private static void End(CtlTarget target, Nexus nexus, string why, long cause)
    {
        long id = target.Trace.Record(TraceKind.StateChange, Source, $"iSCSI {why}: initiator {nexus.InitiatorId} on port {nexus.Port}", cause);
        target.ITNexusReset(nexus, id);
        target.RemoveInitiator(nexus.Port, nexus.InitiatorId, id);
    }

    public ValueTask<IscsiCommandResult> ExecuteAsync(Nexus nexus, ulong lun, ReadOnlyMemory<byte> cdb, ReadOnlyMemory<byte> dataOut, int expectedDataInLength) =>
        new(_loop.Post(world => Execute(Target(world), nexus, lun, cdb.Span, dataOut.Span, expectedDataInLength)));

    /// <summary>Runs one command at the target (not traced: a real initiator's I/O would flood the trace).</summary>
    public static IscsiCommandResult Execute(CtlTarget target, Nexus nexus, ulong lun, ReadOnlySpan<byte> cdb, ReadOnlySpan<byte> dataOut, int expectedDataInLength)
    {
        var dataIn = expectedDataInLength > 0 ? new byte[expectedDataInLength] : [];
        long commandLength = CommandLength(target, nexus, lun, cdb);
        if (commandLength > dataOut.Length && IsWrite(cdb) && target.ResolveLun(nexus.Port, lun) is { } written)
            cdb = ShortenWrite(cdb, dataOut.Length / written.BlockSize);
        bool traced = target.TraceCommands;
        target.TraceCommands = false;
        ScsiCompletion completion;
        try
        {
            completion = target.Execute(nexus, lun, cdb, dataOut, dataIn);
        }
        finally
        {
            target.TraceCommands = traced;
        }
        ReadOnlyMemory<byte> sense = ReadOnlyMemory<byte>.Empty;
        if (completion.Status == ScsiStatus.CheckCondition)
        {
            var buffer = new byte[252];
            int n = CtlTarget.WriteSense(target.ResolveLun(nexus.Port, lun), completion.Sense, buffer);
            sense = buffer.AsMemory(0, n);
        }
        int length = Math.Clamp(completion.DataInLength, 0, dataIn.Length);
        return new IscsiCommandResult((byte)completion.Status, sense, dataIn.AsMemory(0, length), commandLength);
    }

    /// <summary>WRITE and WRITE AND VERIFY (10, 12, 16): the commands whose data-out an Expected Data Transfer Length can cut short.</summary>
    private static bool IsWrite(ReadOnlySpan<byte> cdb) => cdb.Length >= 10 && (ScsiOpcode)cdb[0] is ScsiOpcode.Write10 or ScsiOpcode.Write12
        or ScsiOpcode.Write16 or ScsiOpcode.WriteAndVerify10 or ScsiOpcode.WriteAndVerify12 or ScsiOpcode.WriteAndVerify16;

    /// <summary>
    /// A copy of the write CDB with its transfer length cut to the whole blocks the initiator sent: a write whose
    /// Expected Data Transfer Length is shorter than its CDB asks writes only what it sent, with an overflow residual.
    /// </summary>
    private static byte[] ShortenWrite(ReadOnlySpan<byte> cdb, long blocks)
    {
        var copy = cdb.ToArray();
        switch ((ScsiOpcode)cdb[0])
        {
            case ScsiOpcode.Write10 or ScsiOpcode.WriteAndVerify10:
                System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(7, 2), (ushort)blocks);
                break;
            case ScsiOpcode.Write12 or ScsiOpcode.WriteAndVerify12:
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(6, 4), (uint)blocks);
                break;
            default:
                if (copy.Length >= 14) System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(10, 4), (uint)blocks);
                break;
        }
        return copy;
    }

    /// <summary>
    /// The bytes a block command moves by its own CDB (transfer length × block size; twice that for COMPARE AND
    /// WRITE; one block for WRITE SAME), or -1 for commands whose length is an allocation length.
    /// </summary>
    private static long CommandLength(CtlTarget target, Nexus nexus, ulong lun, ReadOnlySpan<byte> cdb)
    {
        if (cdb.IsEmpty || target.ResolveLun(nexus.Port, lun) is not { } l) return -1;
        if (!CdbDecoder.TryDecode(cdb, out var decoded, out _)) return -1;
        long bs = l.BlockSize;
        return decoded.Opcode switch
        {
            ScsiOpcode.Read6 or ScsiOpcode.Read10 or ScsiOpcode.Read12 or ScsiOpcode.Read16
                or ScsiOpcode.Write6 or ScsiOpcode.Write10 or ScsiOpcode.Write12 or ScsiOpcode.Write16
                or ScsiOpcode.WriteAndVerify10 or ScsiOpcode.WriteAndVerify12 or ScsiOpcode.WriteAndVerify16 => decoded.TransferLength * bs,
            ScsiOpcode.Verify10 or ScsiOpcode.Verify12 or ScsiOpcode.Verify16 => (cdb[1] & 0x02) != 0 ? decoded.TransferLength * bs : 0,
            ScsiOpcode.CompareAndWrite => 2L * decoded.CompareBlocks * bs,
            ScsiOpcode.WriteSame10 or ScsiOpcode.WriteSame16 => decoded.NoDataOutBuffer ? 0 : bs,
            _ => -1,
        };
    }

    public ValueTask<TaskResponse> TaskManagementAsync(Nexus nexus, TaskFunction function, ulong lun, uint referencedTaskTag) =>
        new(_loop.Post(world => TaskManagement(Target(world), nexus, function, lun, referencedTaskTag)));

    /// <summary>iSCSI task management functions mapped to CTL's (cfiscsi_task_management_queue); both resets are CTL's TARGET RESET.</summary>
    public static TaskResponse TaskManagement(CtlTarget target, Nexus nexus, TaskFunction function, ulong lun, uint referencedTaskTag)
    {
        var answer = (int)function switch
        {
            1 => target.AbortTask(nexus, lun, referencedTaskTag),
            2 => target.AbortTaskSet(nexus, lun),
            3 => target.ClearAca(nexus, lun),
            4 => target.ClearTaskSet(nexus, lun),
            5 => target.LunReset(nexus, lun),
            6 or 7 => target.TargetReset(nexus),
            9 => target.QueryTask(nexus, lun, referencedTaskTag),
            11 => target.ITNexusReset(nexus),
            _ => TaskManagementResponse.FunctionNotSupported,
        };
        return answer switch
        {
            TaskManagementResponse.FunctionComplete => TaskResponse.FunctionComplete,
            TaskManagementResponse.FunctionSucceeded => TaskResponse.FunctionSucceeded,
            TaskManagementResponse.LunDoesNotExist => TaskResponse.LunDoesNotExist,
            _ => TaskResponse.NotSupported,
        };
    }
}
