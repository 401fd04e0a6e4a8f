using System.Buffers;
using SanSim.Target;

namespace SanSim.Iscsi;

/// <summary>
/// One iSCSI connection on the target side (CTL's cfiscsi session with ctld's login and discovery): login with
/// security and operational negotiation, then the full feature phase — SCSI commands with immediate data,
/// R2T and Data-Out, Data-In with phase-collapsed status, NOP, task management, text (SendTargets) and logout —
/// with CmdSN windowing and ErrorRecoveryLevel 0. The connection reads PDUs from its stream and answers on
/// it; it holds at most one PDU's bytes and the write data of commands waiting for Data-Out. A malformed PDU
/// is rejected or closes this connection; nothing escapes <see cref="RunAsync"/>. The connection owns its stream and
/// disposes it when it ends.
/// </summary>
public sealed partial class IscsiConnection : IIscsiSessionControl
{
    /// <summary>Most login text accumulated over Login PDUs with the C bit.</summary>
    private const int MaxLoginText = 64 * 1024;

    /// <summary>Output is written to the stream once this much is queued.</summary>
    private const int FlushThreshold = 256 * 1024;

    private readonly Stream _stream;
    private readonly IIscsiBackend _backend;
    private readonly IscsiPortalSettings _settings;
    private readonly Action<string>? _log;
    /// <summary>Cancelled by <see cref="Abort"/>.</summary>
    private readonly CancellationTokenSource _abort = new();
    /// <summary>PDUs queued for the stream.</summary>
    private readonly ArrayBufferWriter<byte> _out = new(64 * 1024);

    /// <summary>What the receive side accepts now: 8192 bytes and no digests until login completes.</summary>
    private PduLimits _limits = PduLimits.Login;
    /// <summary>Whether PDUs we send carry a header (data) digest; on after the final login response.</summary>
    private bool _txHeaderDigest, _txDataDigest;
    /// <summary>Set once the connection is to close after the queued output is written.</summary>
    private bool _closing;

    /// <summary>StatSN of the next status we send.</summary>
    private uint _statSn;
    /// <summary>The CmdSN we expect next.</summary>
    private uint _expCmdSn;

    public IscsiConnection(Stream stream, IIscsiBackend backend, IscsiPortalSettings? settings = null, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(backend);
        _stream = stream;
        _backend = backend;
        _settings = settings ?? new IscsiPortalSettings();
        _log = log;
    }

    /// <summary>Where the connection is: login, full feature phase, or closed.</summary>
    public IscsiConnectionPhase Phase { get; private set; } = IscsiConnectionPhase.Login;

    /// <summary>The I_T nexus of the session once a normal session has logged in.</summary>
    public Nexus? Nexus { get; private set; }

    /// <summary>The initiator's name as CTL registers it ("iqn…,i,0x&lt;isid&gt;"), once known.</summary>
    public string? InitiatorId { get; private set; }

    /// <summary>Why the connection closed, when it closed on an error.</summary>
    public string? CloseReason { get; private set; }

    /// <inheritdoc />
    public void Abort()
    {
        CloseReason ??= "session reinstated";
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>
    /// Serves the connection until the initiator logs out or disconnects, a PDU closes it, <see cref="Abort"/>
    /// is called or <paramref name="token"/> is cancelled. The session (if any) then ends at the target.
    /// </summary>
    public async Task RunAsync(CancellationToken token = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, _abort.Token);
        var ct = linked.Token;
        int capacity = Pdu.BhsLength + 255 * 4 + 4 + Math.Max(_settings.MaxRecvDataSegmentLength, 8192) + 4 + 4;
        var buffer = new byte[capacity];
        int filled = 0;
        try
        {
            while (!_closing)
            {
                int offset = 0;
                while (!_closing)
                {
                    var status = PduParser.TryParse(buffer.AsSpan(offset, filled - offset), _limits, out var pdu, out int needed, out string? error);
                    if (status == PduParseStatus.NeedMore) break;
                    if (status == PduParseStatus.Invalid)
                    {
                        Close(error!);
                        break;
                    }
                    offset += needed;
                    if (status == PduParseStatus.DataDigestError)
                    {
                        Warn("data digest check failed; rejecting PDU");
                        Reject(pdu!, RejectReason.DataDigestError);
                        continue;
                    }
                    await HandleAsync(pdu!).ConfigureAwait(false);
                    if (_out.WrittenCount >= FlushThreshold) await FlushAsync(ct).ConfigureAwait(false);
                }
                if (offset > 0)
                {
                    buffer.AsSpan(offset, filled - offset).CopyTo(buffer);
                    filled -= offset;
                }
                await FlushAsync(ct).ConfigureAwait(false);
                if (_closing) break;
                int n = await _stream.ReadAsync(buffer.AsMemory(filled), ct).ConfigureAwait(false);
                if (n == 0)
                {
                    CloseReason ??= "connection closed by the initiator";
                    break;
                }
                filled += n;
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            CloseReason ??= e is OperationCanceledException ? "stopped" : "connection lost: " + e.Message;
        }
        finally
        {
            Phase = IscsiConnectionPhase.Closed;
            _pending.Clear();
            _pendingBytes = 0;
            if (Nexus is { } nexus)
            {
                Nexus = null;
                try
                {
                    await _backend.CloseSessionAsync(nexus).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or InvalidOperationException)
                {
                    Warn("session end not delivered: " + e.Message);
                }
            }
            _abort.Dispose();
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Handles one PDU according to the phase.</summary>
    private ValueTask HandleAsync(Pdu pdu) => Phase switch
    {
        IscsiConnectionPhase.Login => HandleLoginAsync(pdu),
        IscsiConnectionPhase.FullFeature => HandleFullFeatureAsync(pdu),
        _ => ValueTask.CompletedTask,
    };

    /// <summary>Writes the queued PDUs to the stream.</summary>
    private async ValueTask FlushAsync(CancellationToken ct)
    {
        if (_out.WrittenCount == 0) return;
        await _stream.WriteAsync(_out.WrittenMemory, ct).ConfigureAwait(false);
        await _stream.FlushAsync(ct).ConfigureAwait(false);
        _out.ResetWrittenCount();
    }

    /// <summary>Queues <paramref name="pdu"/> with the digests in force.</summary>
    private void Send(Pdu pdu)
    {
        int len = pdu.WireLength(_txHeaderDigest, _txDataDigest);
        pdu.WriteTo(_out.GetSpan(len), _txHeaderDigest, _txDataDigest);
        _out.Advance(len);
    }

    /// <summary>Marks the connection to close once the queued output is written.</summary>
    private void Close(string reason)
    {
        if (!_closing) Warn(reason + "; dropping connection");
        CloseReason ??= reason;
        _closing = true;
    }

    private void Warn(string message) => _log?.Invoke((InitiatorId ?? "(login)") + ": " + message);

    /// <summary>A Reject of <paramref name="rejected"/> (its header as data, RFC 7143 §11.17).</summary>
    private void Reject(Pdu rejected, RejectReason reason)
    {
        var pdu = new Pdu(IscsiOpcode.Reject) { Byte2 = (byte)reason, InitiatorTaskTag = Pdu.ReservedTag };
        StampStatus(pdu, advance: true);
        pdu.Data = rejected.Bhs.AsMemory().ToArray();
        Send(pdu);
    }

    /// <summary>MaxCmdSN as we advertise it.</summary>
    private uint MaxCmdSn => unchecked(_expCmdSn + _settings.CommandWindow - 1);

    /// <summary>Fills StatSN, ExpCmdSN and MaxCmdSN (bytes 24-35); <paramref name="advance"/> takes a new StatSN.</summary>
    private void StampStatus(Pdu pdu, bool advance)
    {
        pdu.Word24 = advance ? _statSn++ : _statSn;
        pdu.Word28 = _expCmdSn;
        pdu.Word32 = MaxCmdSn;
    }
}

/// <summary>The phases of a target-side iSCSI connection.</summary>
public enum IscsiConnectionPhase
{
    Login,
    FullFeature,
    Closed,
}
