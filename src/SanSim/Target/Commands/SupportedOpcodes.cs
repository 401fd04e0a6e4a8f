using System.Buffers.Binary;
using SanSim.Scsi;

namespace SanSim.Target.Commands;

/// <summary>REPORT SUPPORTED OPERATION CODES, generated from the command table (ctl_report_supported_opcodes).</summary>
internal static class SupportedOpcodesCommand
{
    /// <summary>REPORTING OPTIONS: all commands, one opcode, one opcode + service action, either.</summary>
    private const byte All = 0, OneOpcode = 1, OneOpcodeWithAction = 2, OneOpcodeAnyAction = 3;
    /// <summary>Command timeouts descriptor length (with RCTD).</summary>
    private const int TimeoutsLength = 12;

    public static ScsiCompletion Report(CtlTarget target, ref CommandContext ctx)
    {
        ref readonly var cdb = ref ctx.Cdb;
        bool rctd = cdb.ReturnCommandTimeoutsDescriptor;
        byte op = cdb.RequestedOpcode;
        ushort sa = cdb.RequestedServiceAction;
        byte[] data;
        switch (cdb.ReportingOptions)
        {
            case All:
            {
                var rows = CommandTable.Supported().ToList();
                int each = 8 + (rctd ? TimeoutsLength : 0);
                data = new byte[4 + rows.Count * each];
                BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(0, 4), (uint)(data.Length - 4));
                int o = 4;
                foreach (var (entry, hasSa, action) in rows)
                {
                    data[o] = entry.Opcode;
                    BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(o + 2, 2), action);
                    data[o + 5] = (byte)((hasSa ? 0x01 : 0) | (rctd ? 0x02 : 0));
                    BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(o + 6, 2), (ushort)entry.Length);
                    if (rctd) BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(o + 8, 2), TimeoutsLength - 2);
                    o += each;
                }
                break;
            }
            case OneOpcode when CommandTable.HasServiceActions(op):
            case OneOpcodeWithAction when !CommandTable.HasServiceActions(op) || sa >= 32:
                return ScsiCompletion.Check(SenseInfo.InvalidFieldInCdb(2, 2));
            case OneOpcode or OneOpcodeWithAction or OneOpcodeAnyAction:
            {
                var entry = CommandTable.HasServiceActions(op) && sa < 32
                    ? CommandTable.Find(op, (byte)sa)
                    : CommandTable.ForOpcode(op);
                data = new byte[4 + 32 + (rctd ? TimeoutsLength : 0)];
                data[1] = (byte)((entry.Supported ? 0x03 : 0x01) | (rctd ? 0x80 : 0));
                BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(2, 2), (ushort)entry.Length);
                entry.CdbUsageData().CopyTo(data, 4);
                if (rctd) BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(4 + entry.Length, 2), TimeoutsLength - 2);
                break;
            }
            default:
                return ScsiCompletion.Check(SenseInfo.InvalidFieldInCdb(2, 2));
        }
        return ScsiCompletion.Good(ctx.ReturnData(data, cdb.AllocationLength));
    }
}
