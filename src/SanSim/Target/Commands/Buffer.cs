using SanSim.Scsi;

namespace SanSim.Target.Commands;

/// <summary>READ BUFFER(10) and WRITE BUFFER in data, descriptor and echo descriptor modes (ctl_read_buffer, ctl_write_buffer).</summary>
internal static class BufferCommands
{
    /// <summary>CTL_WRITE_BUFFER_SIZE: the LUN's buffer, allocated on first use.</summary>
    public const int BufferSize = 262144;

    public static ScsiCompletion ReadBuffer(CtlTarget target, ref CommandContext ctx)
    {
        var lun = ctx.Lun!;
        var raw = ctx.Raw;
        int mode = raw[1] & 0x1F;
        int offset = (raw[3] << 16) | (raw[4] << 8) | raw[5];
        int len = (raw[6] << 16) | (raw[7] << 8) | raw[8];
        if (offset > BufferSize || offset + len > BufferSize)
            return ScsiCompletion.Check(SenseInfo.InvalidFieldInCdb(6));
        switch (mode)
        {
            case 0x03:
                byte[] descriptor = [0, BufferSize >> 16 & 0xFF, BufferSize >> 8 & 0xFF, BufferSize & 0xFF];
                return ScsiCompletion.Good(ctx.ReturnData(descriptor, (uint)len));
            case 0x0B:
                return ScsiCompletion.Good(ctx.ReturnData(new byte[4], (uint)len));
            default:
                lun.WriteBuffer ??= new byte[BufferSize];
                return ScsiCompletion.Good(ctx.ReturnData(lun.WriteBuffer.AsSpan(offset, len), (uint)len));
        }
    }

    public static ScsiCompletion WriteBuffer(CtlTarget target, ref CommandContext ctx)
    {
        var lun = ctx.Lun!;
        var raw = ctx.Raw;
        int offset = (raw[3] << 16) | (raw[4] << 8) | raw[5];
        int len = (raw[6] << 16) | (raw[7] << 8) | raw[8];
        if (offset + len > BufferSize)
            return ScsiCompletion.Check(SenseInfo.InvalidFieldInCdb(6));
        if (!ctx.TryGetDataOut(len, out var data, out var shortData)) return shortData;
        lun.WriteBuffer ??= new byte[BufferSize];
        data.CopyTo(lun.WriteBuffer.AsSpan(offset));
        return ScsiCompletion.Good();
    }
}
