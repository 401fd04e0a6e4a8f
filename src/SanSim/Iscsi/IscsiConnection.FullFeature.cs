using System.Buffers.Binary;
using System.Globalization;
using SanSim.Scsi;
using SanSim.Target;

namespace SanSim.Iscsi;

/// <summary>The full feature phase (cfiscsi): commands, data, NOP, task management, text and logout.</summary>
public sealed partial class IscsiConnection
{
    /// <summary>SCSI Command flags (byte 1).</summary>
    private const byte ReadFlag = 0x40, WriteFlag = 0x20;
    /// <summary>Data-In and SCSI Response flags.</summary>
    private const byte StatusFlag = 0x01, UnderflowFlag = 0x02, OverflowFlag = 0x04;

    /// <summary>Commands waiting for their Data-Out, by ITT.</summary>
    private readonly Dictionary<uint, WriteTask> _pending = new();
    /// <summary>Write buffer bytes held by <see cref="_pending"/>.</summary>
    private long _pendingBytes;
    /// <summary>ITTs of writes ended by a data phase error, whose late Data-Out are dropped silently.</summary>
    private readonly HashSet<uint> _failedWrites = new();
    /// <summary>The next Target Transfer Tag.</summary>
    private uint _nextTtt = 1;

    /// <summary>A write command between its R2T and its last Data-Out.</summary>
    private sealed class WriteTask
    {
        public required uint Itt;
        public required ulong RawLun;
        public required byte[] Cdb;
        public required byte[] Buffer;
        /// <summary>Bytes received so far (Data-Out arrives in order).</summary>
        public int Received;
        public uint Ttt;
        /// <summary>End of the range the outstanding R2T asked for.</summary>
        public int BurstEnd;
        public uint NextDataSn;
        public uint NextR2TSn;
    }

    private async ValueTask HandleFullFeatureAsync(Pdu pdu)
    {
        var op = pdu.Opcode;
        if (_discovery && op is not (IscsiOpcode.TextRequest or IscsiOpcode.LogoutRequest or IscsiOpcode.NopOut))
        {
            Close($"received PDU with opcode 0x{(byte)op:x2} in a discovery session");
            return;
        }
        if (op is not (IscsiOpcode.DataOut or IscsiOpcode.Snack) && !pdu.Immediate)
        {
            uint cmdSn = pdu.Word24;
            if (SnLess(cmdSn, _expCmdSn) || SnGreater(cmdSn, MaxCmdSn))
            {
                Warn(string.Create(CultureInfo.InvariantCulture, $"received PDU with CmdSN {cmdSn}, while expected {_expCmdSn}"));
                return;
            }
            if (cmdSn != _expCmdSn)
            {
                Close(string.Create(CultureInfo.InvariantCulture, $"received PDU with CmdSN {cmdSn}, while expected {_expCmdSn}"));
                return;
            }
            _expCmdSn++;
        }
        switch (op)
        {
            case IscsiOpcode.ScsiCommand:
                await ScsiCommandAsync(pdu).ConfigureAwait(false);
                break;
            case IscsiOpcode.DataOut:
                await DataOutAsync(pdu).ConfigureAwait(false);
                break;
            case IscsiOpcode.NopOut:
                NopOut(pdu);
                break;
            case IscsiOpcode.TaskManagementRequest:
                await TaskManagementAsync(pdu).ConfigureAwait(false);
                break;
            case IscsiOpcode.TextRequest:
                await TextAsync(pdu).ConfigureAwait(false);
                break;
            case IscsiOpcode.LogoutRequest:
                Logout(pdu);
                break;
            case IscsiOpcode.Snack:
                Reject(pdu, RejectReason.ProtocolError);
                break;
            case IscsiOpcode.LoginRequest:
                Reject(pdu, RejectReason.ProtocolError);
                break;
        }
    }

    /// <summary>A SCSI Command: immediate data, R2T for the rest, or run it now.</summary>
    private async ValueTask ScsiCommandAsync(Pdu pdu)
    {
        byte flags = pdu.Flags;
        bool read = (flags & ReadFlag) != 0, write = (flags & WriteFlag) != 0;
        uint itt = pdu.InitiatorTaskTag;
        uint edtl = pdu.Word20;
        int immediate = pdu.Data.Length;
        if (read && write)
        {
            Reject(pdu, RejectReason.CommandNotSupported);
            return;
        }
        if (edtl > (uint)_settings.MaxTransferLength)
        {
            Reject(pdu, RejectReason.OutOfResources);
            return;
        }
        if (immediate > 0 && (!write || !_immediateData || immediate > _firstBurst || immediate > edtl))
        {
            Reject(pdu, RejectReason.ProtocolError);
            return;
        }
        if (itt == Pdu.ReservedTag || _pending.ContainsKey(itt))
        {
            Reject(pdu, RejectReason.TaskInProgress);
            return;
        }
        var cdb = pdu.Cdb();
        if (write && edtl > immediate)
        {
            if (_pendingBytes + edtl > _settings.MaxPendingWriteBytes)
            {
                Reject(pdu, RejectReason.OutOfResources);
                return;
            }
            var task = new WriteTask { Itt = itt, RawLun = pdu.Lun, Cdb = cdb, Buffer = new byte[edtl], Received = immediate };
            pdu.Data.Span.CopyTo(task.Buffer);
            _pending[itt] = task;
            _pendingBytes += edtl;
            SendR2T(task);
            return;
        }
        await ExecuteAsync(itt, pdu.Lun, cdb, write ? pdu.Data : ReadOnlyMemory<byte>.Empty, read ? (int)edtl : 0, edtl, read, write).ConfigureAwait(false);
    }

    /// <summary>An R2T for the next burst of <paramref name="task"/> (MaxOutstandingR2T 1).</summary>
    private void SendR2T(WriteTask task)
    {
        int length = Math.Min(task.Buffer.Length - task.Received, _maxBurst);
        task.Ttt = _nextTtt++;
        if (_nextTtt == Pdu.ReservedTag) _nextTtt = 1;
        task.BurstEnd = task.Received + length;
        task.NextDataSn = 0;
        var r2t = new Pdu(IscsiOpcode.ReadyToTransfer) { Lun = task.RawLun, InitiatorTaskTag = task.Itt, Word20 = task.Ttt };
        StampStatus(r2t, advance: false);
        r2t.Word36 = task.NextR2TSn++;
        r2t.Word40 = (uint)task.Received;
        r2t.Word44 = (uint)length;
        Send(r2t);
    }

    /// <summary>Data-Out for a waiting write: in order, within the R2T's range, DataSN counting from 0 per burst.</summary>
    private async ValueTask DataOutAsync(Pdu pdu)
    {
        if (!_pending.TryGetValue(pdu.InitiatorTaskTag, out var task))
        {
            if (!_failedWrites.Contains(pdu.InitiatorTaskTag)) Reject(pdu, RejectReason.InvalidPduField);
            return;
        }
        if (pdu.Word20 != task.Ttt)
        {
            DataPhaseError(task, string.Create(CultureInfo.InvariantCulture, $"received Data-Out PDU with TTT 0x{pdu.Word20:x}, while expected 0x{task.Ttt:x}"));
            return;
        }
        if (pdu.Word36 != task.NextDataSn)
        {
            DataPhaseError(task, string.Create(CultureInfo.InvariantCulture, $"received Data-Out PDU with DataSN {pdu.Word36}, while expected {task.NextDataSn}"));
            return;
        }
        uint offset = pdu.Word40;
        int length = pdu.Data.Length;
        if (offset != (uint)task.Received || task.Received + length > task.BurstEnd)
        {
            DataPhaseError(task, string.Create(CultureInfo.InvariantCulture, $"received Data-Out PDU with offset {offset} and length {length}, while expected offset {task.Received} within {task.BurstEnd}"));
            return;
        }
        pdu.Data.Span.CopyTo(task.Buffer.AsSpan(task.Received));
        task.Received += length;
        task.NextDataSn++;
        if (!pdu.Final) return;
        if (task.Received < task.BurstEnd)
        {
            Close(string.Create(CultureInfo.InvariantCulture, $"received final Data-Out PDU at offset {task.Received}, short of {task.BurstEnd}"));
            return;
        }
        if (task.Received < task.Buffer.Length)
        {
            SendR2T(task);
            return;
        }
        _pending.Remove(task.Itt);
        _pendingBytes -= task.Buffer.Length;
        await ExecuteAsync(task.Itt, task.RawLun, task.Cdb, task.Buffer, 0, (uint)task.Buffer.Length, false, true, task.NextR2TSn).ConfigureAwait(false);
    }

    /// <summary>
    /// A Data-Out out of sequence: the command ends with CHECK CONDITION, ABORTED COMMAND / DATA PHASE ERROR
    /// (4B/00, ctl_set_data_phase_error) and the session goes on; further Data-Out for it are dropped.
    /// </summary>
    private void DataPhaseError(WriteTask task, string why)
    {
        Warn(why);
        _pending.Remove(task.Itt);
        _pendingBytes -= task.Buffer.Length;
        if (_failedWrites.Count >= 64) _failedWrites.Clear();
        _failedWrites.Add(task.Itt);
        var sense = new byte[32];
        int n = SenseData.WriteFixedAsCtl(new SenseInfo(SenseKey.AbortedCommand, new AscAscq(0x4B, 0x00)), default, sense);
        var response = new Pdu(IscsiOpcode.ScsiResponse) { Byte3 = (byte)ScsiStatus.CheckCondition, InitiatorTaskTag = task.Itt };
        StampStatus(response, advance: true);
        response.Word36 = task.NextR2TSn;
        var data = new byte[2 + n];
        BinaryPrimitives.WriteUInt16BigEndian(data, (ushort)n);
        sense.AsSpan(0, n).CopyTo(data.AsSpan(2));
        response.Data = data;
        Send(response);
    }

    /// <summary>Runs the command at the target and sends Data-In and status.</summary>
    private async ValueTask ExecuteAsync(uint itt, ulong rawLun, byte[] cdb, ReadOnlyMemory<byte> dataOut, int dataInLength, uint edtl, bool read, bool write, uint r2ts = 0)
    {
        if (Nexus is not { } nexus) return;
        var result = await _backend.ExecuteAsync(nexus, DecodeLun(rawLun), cdb, dataOut, dataInLength).ConfigureAwait(false);
        var data = read ? result.DataIn : ReadOnlyMemory<byte>.Empty;
        if (data.Length > edtl) data = data[..(int)edtl];

        byte residualFlag = 0;
        uint residual = 0;
        long commandLength = result.CommandLength >= 0 ? result.CommandLength : read ? data.Length : write ? edtl : 0;
        if (commandLength > edtl)
        {
            residualFlag = OverflowFlag;
            residual = (uint)Math.Min(commandLength - edtl, uint.MaxValue);
        }
        else if ((read ? data.Length : commandLength) < edtl && (read || write))
        {
            residualFlag = UnderflowFlag;
            residual = edtl - (uint)(read ? data.Length : commandLength);
        }

        bool collapse = result.Status == 0 && result.Sense.IsEmpty && data.Length > 0;
        uint dataSn = 0;
        int offset = 0;
        int burstLeft = _maxBurst;
        while (offset < data.Length)
        {
            int len = Math.Min(Math.Min(data.Length - offset, _maxSendDataSegment), burstLeft);
            bool last = offset + len == data.Length;
            burstLeft -= len;
            bool endOfBurst = last || burstLeft == 0;
            if (burstLeft == 0) burstLeft = _maxBurst;
            var din = new Pdu(IscsiOpcode.DataIn, (byte)(endOfBurst ? 0x80 : 0))
            {
                InitiatorTaskTag = itt,
                Word20 = Pdu.ReservedTag,
                Data = data.Slice(offset, len),
            };
            if (last && collapse)
            {
                din.Flags |= (byte)(StatusFlag | residualFlag);
                din.Byte3 = result.Status;
                StampStatus(din, advance: true);
                din.Word44 = residual;
            }
            else
            {
                StampStatus(din, advance: false);
                din.Word24 = 0;
            }
            din.Word36 = dataSn++;
            din.Word40 = (uint)offset;
            Send(din);
            offset += len;
        }
        if (collapse) return;

        var response = new Pdu(IscsiOpcode.ScsiResponse, (byte)(0x80 | residualFlag))
        {
            Byte2 = 0,
            Byte3 = result.Status,
            InitiatorTaskTag = itt,
        };
        StampStatus(response, advance: true);
        response.Word36 = read ? dataSn : r2ts;
        response.Word44 = residual;
        if (!result.Sense.IsEmpty)
        {
            var sense = new byte[2 + result.Sense.Length];
            BinaryPrimitives.WriteUInt16BigEndian(sense, (ushort)result.Sense.Length);
            result.Sense.Span.CopyTo(sense.AsSpan(2));
            response.Data = sense;
        }
        Send(response);
    }

    /// <summary>NOP-Out: a ping with a valid ITT is answered by a NOP-In carrying its data; ITT 0xffffffff wants no answer.</summary>
    private void NopOut(Pdu pdu)
    {
        if (pdu.InitiatorTaskTag == Pdu.ReservedTag) return;
        var nopIn = new Pdu(IscsiOpcode.NopIn)
        {
            Lun = pdu.Lun,
            InitiatorTaskTag = pdu.InitiatorTaskTag,
            Word20 = Pdu.ReservedTag,
            Data = pdu.Data.Length <= _maxSendDataSegment ? pdu.Data : pdu.Data[.._maxSendDataSegment],
        };
        StampStatus(nopIn, advance: true);
        Send(nopIn);
    }

    /// <summary>
    /// Task management: ABORT TASK also drops a write still waiting for Data-Out, ABORT TASK SET and the resets
    /// drop every such write of the session; the target's answer and unit attentions come from CTL.
    /// TARGET COLD RESET closes the connection after its response.
    /// </summary>
    private async ValueTask TaskManagementAsync(Pdu pdu)
    {
        var function = (TaskFunction)(pdu.Flags & 0x7F);
        uint rtt = pdu.Word20;
        TaskResponse answer;
        bool found = false;
        if (function == TaskFunction.AbortTask && _pending.Remove(rtt, out var aborted))
        {
            _pendingBytes -= aborted.Buffer.Length;
            found = true;
        }
        else if (function is TaskFunction.AbortTaskSet or TaskFunction.ClearTaskSet or TaskFunction.LogicalUnitReset
                 or TaskFunction.TargetWarmReset or TaskFunction.TargetColdReset)
        {
            foreach (var task in _pending.Values.Where(t => function >= TaskFunction.TargetWarmReset || t.RawLun == pdu.Lun).ToList())
            {
                _pending.Remove(task.Itt);
                _pendingBytes -= task.Buffer.Length;
            }
        }
        answer = Nexus is { } nexus
            ? await _backend.TaskManagementAsync(nexus, function, DecodeLun(pdu.Lun), rtt).ConfigureAwait(false)
            : TaskResponse.Rejected;
        // An ABORT TASK whose task has already completed: TASK DOES NOT EXIST (RFC 7143 §11.6.1).
        if (function == TaskFunction.AbortTask && answer == TaskResponse.FunctionComplete && !found) answer = TaskResponse.TaskDoesNotExist;
        var response = new Pdu(IscsiOpcode.TaskManagementResponse) { Byte2 = (byte)answer, InitiatorTaskTag = pdu.InitiatorTaskTag };
        StampStatus(response, advance: true);
        Send(response);
        if (function == TaskFunction.TargetColdReset && answer == TaskResponse.FunctionComplete)
            Close("TARGET COLD RESET");
    }

    /// <summary>Text Request: SendTargets (All in a discovery session; this target in a normal one); other keys are not understood.</summary>
    private async ValueTask TextAsync(Pdu pdu)
    {
        if ((pdu.Flags & 0x40) != 0)
        {
            Reject(pdu, RejectReason.CommandNotSupported);
            return;
        }
        var keys = TextKeys.Parse(pdu.Data.Span, out _);
        if (keys is null)
        {
            Reject(pdu, RejectReason.ProtocolError);
            return;
        }
        var response = new TextKeys();
        foreach (var (name, value) in keys.Pairs)
        {
            if (name != "SendTargets")
            {
                response.Add(name, "NotUnderstood");
                continue;
            }
            var targets = await _backend.TargetsAsync().ConfigureAwait(false);
            foreach (var t in targets)
            {
                bool wanted = _discovery ? value == "All" || value == t.Name : t.Port == _target?.Port && (value.Length == 0 || value == t.Name);
                if (!wanted || !t.Online) continue;
                response.Add("TargetName", t.Name);
                response.Add("TargetAddress", _settings.PortalAddress + "," + t.PortalGroupTag.ToString(CultureInfo.InvariantCulture));
            }
        }
        var text = new Pdu(IscsiOpcode.TextResponse)
        {
            Lun = pdu.Lun,
            InitiatorTaskTag = pdu.InitiatorTaskTag,
            Word20 = Pdu.ReservedTag,
        };
        StampStatus(text, advance: true);
        var bytes = response.ToBytes();
        if (bytes.Length > _maxSendDataSegment)
        {
            Reject(pdu, RejectReason.OutOfResources);
            return;
        }
        text.Data = bytes;
        Send(text);
    }

    /// <summary>Logout: close the session or connection (the same here); recovery removal is not supported at ErrorRecoveryLevel 0.</summary>
    private void Logout(Pdu pdu)
    {
        int reason = pdu.Flags & 0x7F;
        var response = new Pdu(IscsiOpcode.LogoutResponse) { InitiatorTaskTag = pdu.InitiatorTaskTag };
        response.Byte2 = reason is 0 or 1 ? (byte)0 : (byte)2;
        StampStatus(response, advance: true);
        Send(response);
        if (reason is 0 or 1)
        {
            CloseReason = "logout";
            _closing = true;
        }
    }

    /// <summary>
    /// The LUN field as CTL decodes it (ctl_decode_lun): peripheral (00b) and flat (01b) addressing give the
    /// 14-bit LUN; any other form names no LUN (ulong.MaxValue).
    /// </summary>
    public static ulong DecodeLun(ulong raw)
    {
        int method = (int)(raw >> 62);
        ulong rest = raw & 0x0000_FFFF_FFFF_FFFFUL;
        if (rest != 0 || method > 1) return ulong.MaxValue;
        return (raw >> 48) & 0x3FFF;
    }

    /// <summary>Serial number arithmetic (RFC 1982) on 32-bit sequence numbers.</summary>
    private static bool SnLess(uint a, uint b) => a != b && (int)(a - b) < 0;

    private static bool SnGreater(uint a, uint b) => a != b && (int)(a - b) > 0;
}
