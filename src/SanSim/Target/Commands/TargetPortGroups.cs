using System.Buffers.Binary;
using SanSim.Scsi;

namespace SanSim.Target.Commands;

/// <summary>
/// REPORT TARGET PORT GROUPS (ctl_report_tagret_port_groups) for a single-node target: one implicit ALUA group
/// (1), active/optimized, holding every online port through which the LUN is visible.
/// </summary>
internal static class TargetPortGroupsCommand
{
    /// <summary>PARAMETER DATA FORMAT (byte 1 bits 7-5): length only, or extended header.</summary>
    private const byte FormatLength = 0x00, FormatExtended = 0x20;
    /// <summary>Supported states: T_SUP, U_SUP, S_SUP, AN_SUP, AO_SUP.</summary>
    private const byte SupportedStates = 0x80 | 0x08 | 0x04 | 0x02 | 0x01;
    /// <summary>STATUS CODE: altered by an implicit transition.</summary>
    private const byte StatusImplicit = 0x02;

    public static ScsiCompletion Report(CtlTarget target, ref CommandContext ctx)
    {
        var lun = ctx.Lun!;
        bool extended;
        switch (ctx.Raw[1] & 0xE0)
        {
            case FormatLength: extended = false; break;
            case FormatExtended: extended = true; break;
            default: return ScsiCompletion.Check(SenseInfo.InvalidFieldInCdb(2, 5));
        }
        var ports = new List<int>();
        foreach (var p in target.Ports.Values)
            if (p.Online && lun.Id >= 0 && p.LunMap.ToPortLun((uint)lun.Id) is not null) ports.Add(p.Number);

        int header = extended ? 8 : 4;
        var d = new byte[header + 8 + 4 * ports.Count];
        BinaryPrimitives.WriteUInt32BigEndian(d.AsSpan(0, 4), (uint)(d.Length - 4));
        if (extended) d[4] = 0x10;
        int o = header;
        d[o] = 0x00;
        d[o + 1] = SupportedStates;
        BinaryPrimitives.WriteUInt16BigEndian(d.AsSpan(o + 2, 2), 1);
        d[o + 5] = StatusImplicit;
        d[o + 7] = (byte)ports.Count;
        for (int i = 0; i < ports.Count; i++)
            BinaryPrimitives.WriteUInt16BigEndian(d.AsSpan(o + 8 + 4 * i + 2, 2), (ushort)ports[i]);
        uint alloc = BinaryPrimitives.ReadUInt32BigEndian(ctx.Raw.Slice(6, 4));
        return ScsiCompletion.Good(ctx.ReturnData(d, alloc));
    }

    /// <summary>
    /// REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS (ctl_report_supported_tmf): ABORT TASK, ABORT TASK SET, CLEAR
    /// TASK SET, LUN RESET, QUERY TASK, TARGET RESET, QUERY ASYNCHRONOUS EVENT, QUERY TASK SET, I_T NEXUS RESET;
    /// 4 bytes, or 16 with REPD.
    /// </summary>
    public static ScsiCompletion ReportTaskManagementFunctions(CtlTarget target, ref CommandContext ctx)
    {
        bool extended = (ctx.Raw[2] & 0x80) != 0;
        var d = new byte[extended ? 16 : 4];
        d[0] = 0x80 | 0x40 | 0x10 | 0x08 | 0x04 | 0x02;
        d[1] = 0x04 | 0x02 | 0x01;
        d[3] = (byte)(d.Length - 4);
        uint alloc = BinaryPrimitives.ReadUInt32BigEndian(ctx.Raw.Slice(6, 4));
        return ScsiCompletion.Good(ctx.ReturnData(d, alloc));
    }
}
