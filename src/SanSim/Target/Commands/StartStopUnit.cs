using SanSim.Scsi;

namespace SanSim.Target.Commands;

/// <summary>START STOP UNIT per target profile, and PREVENT ALLOW MEDIUM REMOVAL (ctl_start_stop, ctl_prevent_allow, block backend config_write).</summary>
internal static class StartStopCommands
{
    public static ScsiCompletion StartStopUnit(CtlTarget target, ref CommandContext ctx) => target.Profile switch
    {
        TargetProfile.Scst => ScsiCompletion.Good(),
        TargetProfile.Tgt => Tgt(ref ctx),
        TargetProfile.Lio => Lio(ref ctx),
        _ => Ctl(target, ref ctx),
    };

    /// <summary>
    /// CTL: only with POWER CONDITION 0 are the front-end checks made (a STOP from a nexus the persistent
    /// reservation does not allow → RESERVATION CONFLICT; LOEJ on a non-removable LUN → 05/24/00 byte 4 bit 1;
    /// STOP+LOEJ while removal is prevented → 05/53/02), then START clears the stopped state and STOP sets it,
    /// for every initiator on every port. POWER CONDITION ≠ 0: GOOD, nothing changes.
    /// </summary>
    private static ScsiCompletion Ctl(CtlTarget target, ref CommandContext ctx)
    {
        var lun = ctx.Lun!;
        ref readonly var cdb = ref ctx.Cdb;
        if (cdb.PowerCondition != 0) return ScsiCompletion.Good();
        if (lun.Reservations.IsReserved && !cdb.Start && !lun.Reservations.AllowsStop(ctx.Nexus))
            return ScsiCompletion.ReservationConflict;
        if (cdb.LoadEject && !lun.Removable)
            return ScsiCompletion.Check(SenseInfo.InvalidFieldInCdb(4, 1));
        if (!cdb.Start && cdb.LoadEject && lun.PreventingRemoval.Count > 0)
            return ScsiCompletion.Check(new SenseInfo(lun.NoMedia ? SenseKey.NotReady : SenseKey.IllegalRequest, AscAscq.MediumRemovalPrevented));

        if (cdb.Start)
        {
            if (cdb.LoadEject && (lun.Ejected || lun.NoMedia))
            {
                lun.Ejected = false;
                lun.NoMedia = false;
                if (lun.Removable) lun.UnitAttentions.EstablishAll(UnitAttention.MediumChange, null, ctx.CommandTraceId);
            }
            target.StartLun(lun, ctx.CommandTraceId);
        }
        else
        {
            target.StopLun(lun, cdb.LoadEject, ctx.CommandTraceId);
        }
        return ScsiCompletion.Good();
    }

    /// <summary>
    /// tgt (spc_start_stop): never stops a LUN. POWER CONDITION ≠ 0 or a non-removable LUN: GOOD. On a
    /// removable LUN, STOP with LOEJ takes the medium out (refused with 53/02 while removal is prevented) and
    /// START with LOEJ puts it back; STOP or START alone change nothing.
    /// </summary>
    private static ScsiCompletion Tgt(ref CommandContext ctx)
    {
        var lun = ctx.Lun!;
        ref readonly var cdb = ref ctx.Cdb;
        if (cdb.PowerCondition != 0 || !lun.Removable || !cdb.LoadEject) return ScsiCompletion.Good();
        if (!cdb.Start)
        {
            if (lun.PreventingRemoval.Count > 0)
                return ScsiCompletion.Check(new SenseInfo(lun.NoMedia ? SenseKey.NotReady : SenseKey.IllegalRequest, AscAscq.MediumRemovalPrevented));
            lun.NoMedia = true;
        }
        else
        {
            lun.NoMedia = false;
        }
        return ScsiCompletion.Good();
    }

    /// <summary>
    /// LIO (sbc_emulate_startstop): only IMMED=1, START=1, LOEJ=0, NO_FLUSH=0, POWER CONDITION=0 and POWER
    /// CONDITION MODIFIER=0 is accepted, and changes nothing; anything else is 05/24/00.
    /// </summary>
    private static ScsiCompletion Lio(ref CommandContext ctx)
    {
        ref readonly var cdb = ref ctx.Cdb;
        bool accepted = cdb.Immed && ctx.Raw[2] == 0 && ctx.Raw[3] == 0 && cdb.Start && !cdb.LoadEject && !cdb.NoFlush && cdb.PowerCondition == 0;
        return accepted ? ScsiCompletion.Good() : ScsiCompletion.Check(SenseInfo.IllegalRequest(AscAscq.InvalidFieldInCdb));
    }

    /// <summary>PREVENT ALLOW MEDIUM REMOVAL: only on a removable LUN (else 05/20/00); PREVENT is held per nexus.</summary>
    public static ScsiCompletion PreventAllow(CtlTarget target, ref CommandContext ctx)
    {
        var lun = ctx.Lun!;
        if (!lun.Removable) return ScsiCompletion.Check(CtlSense.InvalidOpcode);
        if ((ctx.Cdb.Prevent & 0x01) != 0) lun.PreventingRemoval.Add(ctx.Nexus);
        else lun.PreventingRemoval.Remove(ctx.Nexus);
        return ScsiCompletion.Good();
    }
}
