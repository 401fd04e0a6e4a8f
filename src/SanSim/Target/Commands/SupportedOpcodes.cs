using System.Buffers.Binary;
using SanSim.Scsi;

namespace SanSim.Target.Commands;

/// <summary>
/// REPORT SUPPORTED OPERATION CODES as ctl_report_supported_opcodes builds it: lengths and CDB usage data come
/// from the commands' <see cref="CdbLayout"/>s, the list of commands from the command table. CTL accepts the
/// RCTD bit (its usage mask allows it) but never returns command timeouts descriptors, so neither do we.
/// </summary>
internal static class SupportedOpcodesCommand
{
    /// <summary>REPORTING OPTIONS: all commands, one opcode, one opcode + service action, either.</summary>
    private const byte All = 0, OneOpcode = 1, OneOpcodeWithAction = 2, OneOpcodeAnyAction = 3;
    /// <summary>One all-commands descriptor: opcode, reserved, service action, reserved, flags, CDB length.</summary>
    private const int DescriptorLength = 8;
    /// <summary>The one-command format: 4 header bytes and room for a 32-byte CDB USAGE DATA field.</summary>
    private const int OneCommandLength = 4 + 32;
    /// <summary>SERVACTV: the descriptor's service action field is valid.</summary>
    private const byte ServiceActionValid = 0x01;
    /// <summary>SUPPORT field values: not supported, supported as the standard says.</summary>
    private const byte NotSupported = 1, Supported = 3;

    public static ScsiCompletion Report(CtlTarget target, ref CommandContext ctx)
    {
        ref readonly var cdb = ref ctx.Cdb;
        byte op = cdb.RequestedOpcode;
        ushort sa = cdb.RequestedServiceAction;
        bool hasSa = CommandTable.HasServiceActions(op);
        byte[] data;
        switch (cdb.ReportingOptions)
        {
            case All:
                data = AllCommands();
                break;
            case OneOpcode when hasSa:
            case OneOpcodeWithAction when !hasSa || sa >= 32:
                return ScsiCompletion.Check(SenseInfo.InvalidFieldInCdb(2, 2));
            case OneOpcode:
                data = OneCommand(CommandTable.ForOpcode(op));
                break;
            case OneOpcodeWithAction or OneOpcodeAnyAction when hasSa:
                data = OneCommand(sa < 32 ? CommandTable.Find(op, (byte)sa) : null);
                break;
            case OneOpcodeAnyAction:
                data = OneCommand(sa == 0 ? CommandTable.ForOpcode(op) : null);
                break;
            default:
                return ScsiCompletion.Check(SenseInfo.InvalidFieldInCdb(2, 2));
        }
        return ScsiCompletion.Good(ctx.ReturnData(data, cdb.AllocationLength));
    }

    /// <summary>The all-commands parameter data: a 4-byte length, then one descriptor per supported command.</summary>
    private static byte[] AllCommands()
    {
        var rows = CommandTable.Supported().ToList();
        var data = new byte[4 + rows.Count * DescriptorLength];
        BinaryPrimitives.WriteUInt32BigEndian(data, (uint)(data.Length - 4));
        var d = data.AsSpan(4);
        foreach (var (entry, hasSa, action) in rows)
        {
            d[0] = entry.Opcode;
            BinaryPrimitives.WriteUInt16BigEndian(d[2..], action);
            d[5] = hasSa ? ServiceActionValid : (byte)0;
            BinaryPrimitives.WriteUInt16BigEndian(d[6..], (ushort)entry.Length);
            d = d[DescriptorLength..];
        }
        return data;
    }

    /// <summary>The one-command parameter data: SUPPORT, CDB SIZE and the layout's CDB USAGE DATA.</summary>
    private static byte[] OneCommand(CommandEntry? entry)
    {
        var data = new byte[OneCommandLength];
        if (entry is not { Supported: true, Layout: { } layout })
        {
            data[1] = NotSupported;
            return data;
        }
        data[1] = Supported;
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(2), (ushort)layout.Length);
        layout.WriteUsageData(data.AsSpan(4));
        return data;
    }
}
