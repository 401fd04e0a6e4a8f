using System.Globalization;
using SanSim.Engine;
using SanSim.Scsi;
using SanSim.Target.Commands;

namespace SanSim.Target;

public sealed partial class CtlTarget
{
    /// <summary>
    /// Whether commands and completions are written to the trace. Off keeps the command path free of string
    /// building; recording is also skipped while <see cref="Engine.Trace.Enabled"/> is false.
    /// </summary>
    public bool TraceCommands { get; set; } = true;

    /// <summary>
    /// Runs one SCSI command from <paramref name="nexus"/> to <paramref name="portLun"/> as CTL does
    /// (ctl_scsiio_precheck, ctl_scsiio_lun_check, then the command's handler). Never throws on any CDB or
    /// data: errors come back as CHECK CONDITION with sense, or RESERVATION CONFLICT.
    /// <paramref name="dataOut"/> holds the data-out buffer; data-in is written to <paramref name="dataIn"/>
    /// and its length returned in <see cref="ScsiCompletion.DataInLength"/>. <paramref name="causeId"/> is
    /// the trace event that made the initiator send the command.
    /// </summary>
    public ScsiCompletion Execute(Nexus nexus, ulong portLun, ReadOnlySpan<byte> cdb, ReadOnlySpan<byte> dataOut, Span<byte> dataIn, long causeId = 0)
    {
        Ports.TryGetValue(nexus.Port, out var port);
        var lun = port is { Online: true } ? ResolveLun(port, portLun) : null;
        bool traced = TraceCommands && Trace.Enabled;
        string source = !traced ? "" : lun is not null ? LunSource(lun.Id) : PortSource(nexus.Port);

        if (cdb.IsEmpty)
        {
            long id = traced ? Trace.Record(TraceKind.Command, source, $"empty CDB from {nexus}", causeId) : 0;
            return Finish(Fail(CtlSense.InvalidOpcode), traced, source, id, id);
        }

        var entry = CommandTable.Find(cdb[0], (byte)(cdb.Length > 1 ? cdb[1] : 0));
        // CTL's front ends hand over the CDB in a zeroed ctl_io, so a short CDB reads as zero-padded; handlers
        // see it that way too. Only malformed CDBs take this copy.
        if (cdb.Length < entry.Length)
        {
            var padded = new byte[entry.Length];
            cdb.CopyTo(padded);
            cdb = padded;
        }
        bool decodedOk = CdbDecoder.TryDecode(cdb, out var decoded, out var decodeError);
        var ctx = new CommandContext
        {
            Nexus = nexus,
            PortLun = portLun,
            Port = port,
            Lun = lun,
            Cdb = decoded,
            Raw = cdb,
            DataOut = dataOut,
            DataIn = dataIn,
        };
        if (traced)
        {
            string what = decodedOk ? Describe(entry, decoded, nexus) : $"{entry.Name} from {nexus}";
            ctx.CommandTraceId = Trace.Record(TraceKind.Command, source, what, causeId);
        }

        var result = Check(entry, decodedOk, decodeError, ref ctx, out long failureCause);
        return Finish(result, traced, source, ctx.CommandTraceId, failureCause != 0 ? failureCause : ctx.CommandTraceId);
    }

    /// <summary>The checks of ctl_validate_command, ctl_scsiio_precheck and ctl_scsiio_lun_check, in their order, then the handler.</summary>
    private ScsiCompletion Check(CommandEntry entry, bool decodedOk, in SenseInfo decodeError, ref CommandContext ctx, out long failureCause)
    {
        failureCause = 0;
        var raw = ctx.Raw;
        if (entry.Handler is null)
        {
            return CommandTable.HasServiceActions(raw[0])
                ? Fail(SenseInfo.InvalidFieldInCdb(1, 4))
                : Fail(CtlSense.InvalidOpcode);
        }
        // ctl_validate_command's usage-mask check is the decoder's, against the same CdbLayout; a CDB shorter
        // than its layout is read as zero-padded there, as CTL's zeroed ctl_io would hold it.
        if (!decodedOk) return Fail(decodeError);

        var lun = ctx.Lun;
        if (lun is null)
        {
            if ((entry.Flags & CommandFlags.OkWithoutLun) != 0) return Run(entry, ref ctx, out failureCause);
            return Fail(SenseInfo.IllegalRequest(AscAscq.LunNotSupported));
        }

        // A pending unit attention goes first (ctl_scsiio_precheck), unless the command handles its own.
        if ((entry.Flags & CommandFlags.NoUnitAttention) == 0)
        {
            var ua = TakeUnitAttention(lun, ctx.Nexus, out long uaCause);
            if (ua != UnitAttention.None)
            {
                failureCause = uaCause;
                return Fail(SenseInfo.UnitAttention(UnitAttentionTable.AscFor(ua)));
            }
        }

        // ctl_scsiio_lun_check: write protection, SPC-2 then persistent reservations, then media state.
        if ((entry.Flags & CommandFlags.Writes) != 0)
        {
            if (lun.ReadOnly) return Fail(new SenseInfo(SenseKey.DataProtect, CtlSense.HardwareWriteProtected));
            if (lun.ModePages.SoftwareWriteProtect) return Fail(new SenseInfo(SenseKey.DataProtect, CtlSense.SoftwareWriteProtected));
        }
        if (lun.Spc2.Conflicts(ctx.Nexus, entry.Flags)) return ScsiCompletion.ReservationConflict;
        if (lun.Reservations.Conflicts(ctx.Nexus, entry.Flags)) return ScsiCompletion.ReservationConflict;
        if ((entry.Flags & CommandFlags.OkWhileStopped) == 0)
        {
            if (lun.Ejected) return Fail(SenseInfo.NotReady(AscAscq.MediumNotPresentTrayOpen));
            if (lun.NoMedia)
                return Fail(SenseInfo.NotReady(lun.Removable ? AscAscq.MediumNotPresentTrayClosed : AscAscq.LunNotReadyManualInterventionRequired));
            if (lun.Stopped)
            {
                failureCause = lun.StopCauseId;
                return Fail(SenseInfo.NotReady(AscAscq.LunNotReadyInitializingCommandRequired));
            }
        }
        return Run(entry, ref ctx, out failureCause);
    }

    private ScsiCompletion Run(CommandEntry entry, ref CommandContext ctx, out long failureCause)
    {
        var result = entry.Handler!(this, ref ctx);
        failureCause = ctx.CompletionCause;
        return result;
    }

    /// <summary>
    /// Reports and clears the top pending attention of <paramref name="nexus"/> on <paramref name="lun"/>
    /// (ctl_build_ua); a reported LUN_CHANGE is cleared on every LUN for that nexus.
    /// </summary>
    internal UnitAttention TakeUnitAttention(CtlLun lun, Nexus nexus, out long causeId)
    {
        var ua = lun.UnitAttentions.Take(nexus, out causeId);
        if (ua == UnitAttention.LunChange)
            foreach (var other in Luns.Values)
                other.UnitAttentions.Clear(nexus, UnitAttention.LunChange);
        return ua;
    }

    /// <summary>
    /// Writes <paramref name="sense"/> as <paramref name="lun"/> reports it (ctl_set_sense): descriptor format when
    /// D_SENSE is set in its Control mode page, else fixed format as CTL builds it — 14 bytes, or 18 when the
    /// sense carries INFORMATION or a field pointer (<see cref="SenseData.WriteFixedAsCtl"/>).
    /// </summary>
    public static int WriteSense(CtlLun? lun, in SenseInfo sense, Span<byte> destination) =>
        WriteSense(lun is { DescriptorSense: true }, sense, destination);

    /// <summary>Writes <paramref name="sense"/> in descriptor format or in CTL's fixed format.</summary>
    internal static int WriteSense(bool descriptor, in SenseInfo sense, Span<byte> destination) =>
        descriptor ? SenseData.WriteDescriptor(sense, destination) : SenseData.WriteFixedAsCtl(sense, default, destination);

    /// <summary>Whether sense for a command to <paramref name="portLun"/> through <paramref name="nexus"/> comes in descriptor format.</summary>
    public bool UsesDescriptorSense(Nexus nexus, ulong portLun) => ResolveLun(nexus.Port, portLun) is { DescriptorSense: true };

    private static ScsiCompletion Fail(SenseInfo sense) => ScsiCompletion.Check(sense);

    private ScsiCompletion Finish(ScsiCompletion result, bool traced, string source, long commandId, long cause)
    {
        if (!traced) return result;
        long id = Trace.Record(TraceKind.Completion, source, DescribeCompletion(result), cause != 0 ? cause : commandId);
        return result with { TraceId = id };
    }

    private static string DescribeCompletion(in ScsiCompletion c) => c.Status switch
    {
        ScsiStatus.Good => "GOOD",
        ScsiStatus.CheckCondition => $"CHECK CONDITION {CtlSense.Describe(c.Sense)}",
        ScsiStatus.ReservationConflict => "RESERVATION CONFLICT",
        _ => c.Status.ToString(),
    };

    private static string Describe(CommandEntry entry, in Cdb cdb, Nexus nexus) => entry.Ranged
        ? string.Create(CultureInfo.InvariantCulture, $"{entry.Name} lba {cdb.Lba} len {cdb.TransferLength} from {nexus}")
        : $"{entry.Name} from {nexus}";
}
