using System.Buffers.Binary;
using SanSim.Scsi;

namespace SanSim.Target.Commands;

/// <summary>TEST UNIT READY, REQUEST SENSE and REPORT LUNS (ctl_tur, ctl_request_sense, ctl_report_luns).</summary>
internal static class SenseCommands
{
    /// <summary>SELECT REPORT values of REPORT LUNS (SPC-5 table 162).</summary>
    private const byte ReportDefault = 0x00, ReportWellKnown = 0x01, ReportAll = 0x02,
        ReportAdministrative = 0x10, ReportTopLevel = 0x11, ReportSameConglomerate = 0x12;

    /// <summary>sizeof(struct scsi_sense_data): the buffer REQUEST SENSE returns from.</summary>
    private const int SenseBufferLength = 252;

    public static ScsiCompletion TestUnitReady(CtlTarget target, ref CommandContext ctx) => ScsiCompletion.Good();

    /// <summary>
    /// Returns as parameter data, with GOOD status: 05/25/00 without a LUN; else the top pending unit attention
    /// (reported and cleared as a CHECK CONDITION would clear it); else NO SENSE. The LUN's stopped state is not
    /// reported here. Format: descriptor when DESC is set, CTL's fixed format otherwise; the data is the
    /// ALLOCATION LENGTH, zero-padded past the sense.
    /// </summary>
    public static ScsiCompletion RequestSense(CtlTarget target, ref CommandContext ctx)
    {
        SenseInfo sense;
        var lun = ctx.Lun;
        if (lun is null)
        {
            sense = SenseInfo.IllegalRequest(AscAscq.LunNotSupported);
        }
        else
        {
            var ua = target.TakeUnitAttention(lun, ctx.Nexus, out long cause);
            if (ua != UnitAttention.None)
            {
                sense = SenseInfo.UnitAttention(UnitAttentionTable.AscFor(ua));
                ctx.CompletionCause = cause;
            }
            else
            {
                sense = new SenseInfo(SenseKey.NoSense, AscAscq.NoAdditionalSenseInformation);
            }
        }
        // ctl_request_sense builds the sense in a zeroed struct scsi_sense_data and moves ALLOCATION LENGTH
        // bytes of it, whatever the sense's own length.
        Span<byte> buf = stackalloc byte[SenseBufferLength];
        buf.Clear();
        CtlTarget.WriteSense(ctx.Cdb.DescriptorFormat, sense, buf);
        return ScsiCompletion.Good(ctx.ReturnData(buf, ctx.Cdb.AllocationLength));
    }

    /// <summary>
    /// The LUNs visible through the port (its LUN map, or every LUN when it has none), in port LUN order. Clears
    /// REPORTED LUNS DATA HAS CHANGED of the requester on each listed LUN when the addressed LUN exists.
    /// </summary>
    public static ScsiCompletion ReportLuns(CtlTarget target, ref CommandContext ctx)
    {
        ref readonly var cdb = ref ctx.Cdb;
        bool list;
        switch (cdb.SelectReport)
        {
            case ReportDefault or ReportAll or ReportTopLevel:
                list = true;
                break;
            case ReportWellKnown or ReportAdministrative or ReportSameConglomerate:
                list = false;
                break;
            default:
                return ScsiCompletion.Check(SenseInfo.InvalidFieldInCdb(2));
        }
        if (cdb.AllocationLength < 16)
            return ScsiCompletion.Check(SenseInfo.InvalidFieldInCdb(6));

        var visible = new List<(uint PortLun, CtlLun Lun)>();
        if (list && ctx.Port is { Online: true } port)
        {
            foreach (var lun in target.Luns.Values)
                if (lun.Id >= 0 && port.LunMap.ToPortLun((uint)lun.Id) is { } plun)
                    visible.Add((plun, lun));
            visible.Sort((a, b) => a.PortLun.CompareTo(b.PortLun));
        }

        int total = 8 + 8 * visible.Count;
        var buf = new byte[total];
        BinaryPrimitives.WriteUInt32BigEndian(buf.AsSpan(0, 4), (uint)(total - 8));
        for (int i = 0; i < visible.Count; i++)
        {
            EncodeLun(visible[i].PortLun, buf.AsSpan(8 + 8 * i, 8));
            if (ctx.Lun is not null)
                visible[i].Lun.UnitAttentions.Clear(ctx.Nexus, UnitAttention.LunChange);
        }
        return ScsiCompletion.Good(ctx.ReturnData(buf, cdb.AllocationLength));
    }

    /// <summary>SAM LUN encoding as ctl_encode_lun writes it: peripheral (below 256), flat (below 16384), else extended flat.</summary>
    internal static void EncodeLun(uint lun, Span<byte> dest)
    {
        dest.Clear();
        if (lun < 256)
        {
            dest[1] = (byte)lun;
        }
        else if (lun < 16384)
        {
            dest[0] = (byte)(0x40 | (lun >> 8));
            dest[1] = (byte)lun;
        }
        else
        {
            dest[0] = 0xD2;
            dest[1] = (byte)(lun >> 16);
            dest[2] = (byte)(lun >> 8);
            dest[3] = (byte)lun;
        }
    }
}
