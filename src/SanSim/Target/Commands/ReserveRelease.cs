using SanSim.Scsi;

namespace SanSim.Target.Commands;

/// <summary>RESERVE/RELEASE (6/10) and PERSISTENT RESERVE IN/OUT: the glue to the LUN's reservation state.</summary>
internal static class ReserveCommands
{
    /// <summary>RESERVE(6/10): under a persistent reservation GOOD without reserving (SPC-3 exception, ctl_scsi_reserve).</summary>
    public static ScsiCompletion Reserve(CtlTarget target, ref CommandContext ctx)
    {
        var lun = ctx.Lun!;
        if (lun.Spc2.Holder is { } h && h != ctx.Nexus) return ScsiCompletion.ReservationConflict;
        if (lun.Reservations.IsReserved) return ScsiCompletion.Good();
        return lun.Spc2.Reserve(ctx.Cdb, ctx.Nexus);
    }

    public static ScsiCompletion Release(CtlTarget target, ref CommandContext ctx) => ctx.Lun!.Spc2.Release(ctx.Cdb, ctx.Nexus);

    public static ScsiCompletion PersistentReserveIn(CtlTarget target, ref CommandContext ctx) =>
        ctx.Lun!.Reservations.In(ctx.Cdb, ctx.Nexus, ctx.DataIn);

    public static ScsiCompletion PersistentReserveOut(CtlTarget target, ref CommandContext ctx)
    {
        if (!ctx.TryGetDataOut(ctx.Cdb.AllocationLength, out var parameters, out var shortData)) return shortData;
        return ctx.Lun!.Reservations.Out(ctx.Cdb, ctx.Nexus, parameters, ctx.Lun);
    }
}
