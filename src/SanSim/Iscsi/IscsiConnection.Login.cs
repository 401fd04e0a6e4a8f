using System.Buffers.Binary;
using System.Globalization;

namespace SanSim.Iscsi;

/// <summary>The login phase (ctld's login.c): stages, AuthMethod None or CHAP, operational keys.</summary>
public sealed partial class IscsiConnection
{
    /// <summary>Login stages (CSG/NSG values).</summary>
    private const int SecurityStage = 0, OperationalStage = 1, FullFeatureStage = 3;

    /// <summary>The TSIH ctld gives every session.</summary>
    private const ushort Tsih = 0xbadd;

    /// <summary>Whether the first Login PDU has been seen.</summary>
    private bool _loginStarted;
    private bool _discovery;
    private IscsiTargetEntry? _target;
    private ulong _isid;
    private string? _initiatorName;
    /// <summary>Text of Login PDUs sent with the C bit, waiting for the last one.</summary>
    private byte[] _loginText = [];
    private ChapChallenge? _chap;
    /// <summary>Whether CHAP has succeeded (or is not required).</summary>
    private bool _authenticated;
    /// <summary>Whether the CHAP exchange is past AuthMethod and waiting for CHAP_A.</summary>
    private bool _awaitingChapA;

    /// <summary>Negotiated values (RFC 7143 defaults until negotiated).</summary>
    private int _maxSendDataSegment = 8192;
    private int _maxBurst = 262144;
    private int _firstBurst = 65536;
    private bool _immediateData = true;
    private bool _headerDigest, _dataDigest;

    private async ValueTask HandleLoginAsync(Pdu pdu)
    {
        if (pdu.Opcode != IscsiOpcode.LoginRequest)
        {
            Close($"received PDU with opcode 0x{(byte)pdu.Opcode:x2} during login");
            return;
        }
        bool transit = (pdu.Flags & 0x80) != 0;
        bool cont = (pdu.Flags & 0x40) != 0;
        int csg = (pdu.Flags >> 2) & 3;
        int nsg = pdu.Flags & 3;
        if (!_loginStarted)
        {
            _loginStarted = true;
            _statSn = pdu.Word28;
            _expCmdSn = pdu.Word24;
            _isid = BinaryPrimitives.ReadUInt64BigEndian(pdu.Bhs.AsSpan(8, 8)) >> 16;
            if (BinaryPrimitives.ReadUInt16BigEndian(pdu.Bhs.AsSpan(14, 2)) != 0)
            {
                LoginError(pdu, 0x02, 0x0a, "received Login PDU with non-zero TSIH");
                return;
            }
            if (pdu.Byte3 > 0)
            {
                LoginError(pdu, 0x02, 0x05, "received Login PDU with unsupported Version-min");
                return;
            }
        }
        if (transit && cont)
        {
            LoginError(pdu, 0x02, 0x00, "received Login PDU with both T and C set");
            return;
        }
        if (_loginText.Length + pdu.Data.Length > MaxLoginText)
        {
            LoginError(pdu, 0x02, 0x00, "login text too long");
            return;
        }
        var text = new byte[_loginText.Length + pdu.Data.Length];
        _loginText.CopyTo(text, 0);
        pdu.Data.Span.CopyTo(text.AsSpan(_loginText.Length));
        if (cont)
        {
            _loginText = text;
            Send(LoginResponse(pdu, csg, null));
            return;
        }
        _loginText = [];
        var keys = TextKeys.Parse(text, out string? keyError);
        if (keys is null)
        {
            LoginError(pdu, 0x02, 0x00, "received Login PDU with malformed text: " + keyError);
            return;
        }
        if (_initiatorName is null && !await IdentifyAsync(pdu, keys).ConfigureAwait(false)) return;

        switch (csg)
        {
            case SecurityStage:
                Security(pdu, keys, transit);
                break;
            case OperationalStage:
                if (!_authenticated)
                {
                    LoginError(pdu, 0x02, 0x01, "initiator skipped the authentication, but authentication is required");
                    return;
                }
                await OperationalAsync(pdu, keys, transit, nsg).ConfigureAwait(false);
                break;
            default:
                LoginError(pdu, 0x02, 0x00, $"received Login PDU with invalid CSG {csg}");
                break;
        }
    }

    /// <summary>The first Login PDU's keys: InitiatorName, SessionType, TargetName (ctld's login()).</summary>
    private async ValueTask<bool> IdentifyAsync(Pdu pdu, TextKeys keys)
    {
        string? name = keys["InitiatorName"];
        if (name is null)
        {
            LoginError(pdu, 0x02, 0x07, "received Login PDU without InitiatorName");
            return false;
        }
        if (!ValidIscsiName(name))
        {
            LoginError(pdu, 0x02, 0x00, "received Login PDU with invalid InitiatorName");
            return false;
        }
        _initiatorName = name;
        InitiatorId = string.Create(CultureInfo.InvariantCulture, $"{name},i,0x{_isid:x12}");
        string type = keys["SessionType"] ?? "Normal";
        if (type is not ("Normal" or "Discovery"))
        {
            LoginError(pdu, 0x02, 0x00, $"received Login PDU with invalid SessionType \"{type}\"");
            return false;
        }
        _discovery = type == "Discovery";
        if (!_discovery)
        {
            string? targetName = keys["TargetName"];
            if (targetName is null)
            {
                LoginError(pdu, 0x02, 0x07, "received Login PDU without TargetName");
                return false;
            }
            var targets = await _backend.TargetsAsync().ConfigureAwait(false);
            _target = targets.FirstOrDefault(t => string.Equals(t.Name, targetName, StringComparison.OrdinalIgnoreCase));
            if (_target is null)
            {
                LoginError(pdu, 0x02, 0x03, $"requested target \"{targetName}\" not found");
                return false;
            }
        }
        _authenticated = _settings.Chap is null;
        return true;
    }

    /// <summary>The security stage: AuthMethod, then the CHAP exchange when CHAP is required.</summary>
    private void Security(Pdu pdu, TextKeys keys, bool transit)
    {
        var response = new TextKeys();
        if (_settings.Chap is not { } chap)
        {
            string? method = keys["AuthMethod"];
            response.Add("AuthMethod", method is null || ListContains(method, "None") ? "None" : "Reject");
            AddTargetKeys(response);
            Send(LoginResponse(pdu, SecurityStage, transit ? OperationalStage : null, response));
            return;
        }
        if (keys["CHAP_N"] is { } user && keys["CHAP_R"] is { } answer)
        {
            if (_chap is null || user != chap.User || !_chap.Verify(chap.Secret, answer))
            {
                LoginError(pdu, 0x02, 0x01, $"CHAP authentication failed for user \"{user}\"");
                return;
            }
            if (keys["CHAP_I"] is not null || keys["CHAP_C"] is not null)
            {
                LoginError(pdu, 0x02, 0x01, $"initiator requests target authentication for user \"{user}\", but mutual user/secret is not set");
                return;
            }
            _authenticated = true;
            Send(LoginResponse(pdu, SecurityStage, OperationalStage));
            return;
        }
        if (_awaitingChapA)
        {
            string? algorithms = keys["CHAP_A"];
            if (algorithms is null)
            {
                LoginError(pdu, 0x02, 0x07, "received CHAP Login PDU without CHAP_A");
                return;
            }
            if (!ListContains(algorithms, "5"))
            {
                LoginError(pdu, 0x02, 0x01, $"received CHAP Login PDU with unsupported CHAP_A \"{algorithms}\"");
                return;
            }
            _awaitingChapA = false;
            _chap = new ChapChallenge();
            response.Add("CHAP_A", "5");
            response.Add("CHAP_I", _chap.IdentifierText);
            response.Add("CHAP_C", _chap.ChallengeText);
            Send(LoginResponse(pdu, SecurityStage, null, response));
            return;
        }
        string? requested = keys["AuthMethod"];
        if (requested is not null && !ListContains(requested, "CHAP"))
        {
            response.Add("AuthMethod", "Reject");
            Send(LoginResponse(pdu, SecurityStage, null, response));
            Close($"initiator requests unsupported AuthMethod \"{requested}\" instead of \"CHAP\"");
            return;
        }
        response.Add("AuthMethod", "CHAP");
        AddTargetKeys(response);
        _awaitingChapA = true;
        Send(LoginResponse(pdu, SecurityStage, null, response));
    }

    /// <summary>TargetAlias and TargetPortalGroupTag, which ctld adds to its first answer in a normal session.</summary>
    private void AddTargetKeys(TextKeys response)
    {
        if (_discovery || _target is null) return;
        if (_target.Alias is { } alias) response.Add("TargetAlias", alias);
        response.Add("TargetPortalGroupTag", _target.PortalGroupTag.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Operational negotiation (ctld's login_negotiate_key), and the move to the full feature phase.</summary>
    private async ValueTask OperationalAsync(Pdu pdu, TextKeys keys, bool transit, int nsg)
    {
        var response = new TextKeys();
        foreach (var (name, value) in keys.Pairs)
        {
            if (!NegotiateKey(pdu, name, value, response)) return;
        }
        if (!_discovery && _firstBurst > _maxBurst)
        {
            LoginError(pdu, 0x02, 0x00, "initiator sent FirstBurstLength > MaxBurstLength");
            return;
        }
        if (!transit || nsg != FullFeatureStage)
        {
            Send(LoginResponse(pdu, OperationalStage, null, response));
            return;
        }
        if (!_discovery)
        {
            var nexus = await _backend.OpenSessionAsync(new IscsiSessionRequest(_target!.Port, _initiatorName!, _isid, this)).ConfigureAwait(false);
            if (nexus is null)
            {
                LoginError(pdu, 0x03, 0x01, $"target \"{_target.Name}\" is not available (port {_target.Port} off line or gone)");
                return;
            }
            Nexus = nexus;
        }
        var final = LoginResponse(pdu, OperationalStage, FullFeatureStage, response);
        BinaryPrimitives.WriteUInt16BigEndian(final.Bhs.AsSpan(14, 2), Tsih);
        Send(final);
        Phase = IscsiConnectionPhase.FullFeature;
        _txHeaderDigest = _headerDigest;
        _txDataDigest = _dataDigest;
        int maxRecv = _discovery ? 8192 : _settings.MaxRecvDataSegmentLength;
        _limits = new PduLimits(maxRecv, _headerDigest, _dataDigest);
    }

    /// <summary>One operational key and its answer; false when the value is invalid (the login fails).</summary>
    private bool NegotiateKey(Pdu pdu, string name, string value, TextKeys response)
    {
        switch (name)
        {
            case "InitiatorName" or "SessionType" or "TargetName" or "InitiatorAlias":
                return true;
            case "HeaderDigest" or "DataDigest":
            {
                bool crc = !_discovery && Prefers(value, "CRC32C", "None") == 1;
                if (name == "HeaderDigest") _headerDigest = crc; else _dataDigest = crc;
                response.Add(name, crc ? "CRC32C" : "None");
                return true;
            }
            case "MaxConnections":
                response.Add(name, "1");
                return true;
            case "InitialR2T":
                response.Add(name, "Yes");
                return true;
            case "ImmediateData":
                if (_discovery)
                {
                    response.Add(name, "Irrelevant");
                    return true;
                }
                _immediateData = value == "Yes";
                response.Add(name, _immediateData ? "Yes" : "No");
                return true;
            case "MaxRecvDataSegmentLength":
            {
                if (!PositiveNumber(value, out long n))
                    return LoginError(pdu, 0x02, 0x00, "received invalid MaxRecvDataSegmentLength");
                _maxSendDataSegment = (int)Math.Min(n, _settings.MaxRecvDataSegmentLength);
                int ours = _discovery ? 8192 : _settings.MaxRecvDataSegmentLength;
                response.Add(name, ours.ToString(CultureInfo.InvariantCulture));
                return true;
            }
            case "MaxBurstLength":
            {
                if (!PositiveNumber(value, out long n))
                    return LoginError(pdu, 0x02, 0x00, "received invalid MaxBurstLength");
                _maxBurst = (int)Math.Min(n, _settings.MaxBurstLength);
                response.Add(name, _maxBurst.ToString(CultureInfo.InvariantCulture));
                return true;
            }
            case "FirstBurstLength":
            {
                if (!PositiveNumber(value, out long n))
                    return LoginError(pdu, 0x02, 0x00, "received invalid FirstBurstLength");
                _firstBurst = (int)Math.Min(n, _settings.FirstBurstLength);
                response.Add(name, _firstBurst.ToString(CultureInfo.InvariantCulture));
                return true;
            }
            case "DefaultTime2Wait":
                response.Add(name, value);
                return true;
            case "DefaultTime2Retain":
                response.Add(name, "0");
                return true;
            case "MaxOutstandingR2T":
                response.Add(name, "1");
                return true;
            case "DataPDUInOrder" or "DataSequenceInOrder":
                response.Add(name, "Yes");
                return true;
            case "ErrorRecoveryLevel":
                response.Add(name, "0");
                return true;
            case "OFMarker" or "IFMarker":
                response.Add(name, "No");
                return true;
            case "iSCSIProtocolLevel":
            {
                long level = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long l) ? Math.Min(l, 2) : 0;
                response.Add(name, level.ToString(CultureInfo.InvariantCulture));
                return true;
            }
            default:
                if (value == "Irrelevant") return true;
                response.Add(name, "NotUnderstood");
                return true;
        }
    }

    /// <summary>A Login Response to <paramref name="request"/>; <paramref name="nextStage"/> non-null sets T and NSG.</summary>
    private Pdu LoginResponse(Pdu request, int stage, int? nextStage, TextKeys? keys = null)
    {
        byte flags = (byte)(stage << 2);
        if (nextStage is { } next) flags |= (byte)(0x80 | next);
        var pdu = new Pdu(IscsiOpcode.LoginResponse, flags);
        request.Bhs.AsSpan(8, 6).CopyTo(pdu.Bhs.AsSpan(8, 6));
        pdu.InitiatorTaskTag = request.InitiatorTaskTag;
        StampStatus(pdu, advance: true);
        if (keys is { Count: > 0 }) pdu.Data = keys.ToBytes();
        return pdu;
    }

    /// <summary>A failed login: a Login Response with the status, then the connection closes. Always false.</summary>
    private bool LoginError(Pdu request, byte statusClass, byte detail, string why)
    {
        var pdu = LoginResponse(request, (request.Flags >> 2) & 3, null);
        pdu.Bhs[36] = statusClass;
        pdu.Bhs[37] = detail;
        Send(pdu);
        Close(why);
        return false;
    }

    /// <summary>ctld's valid_iscsi_name, in short: an "iqn.", "eui." or "naa." name.</summary>
    private static bool ValidIscsiName(string name) =>
        name.Length is > 4 and <= 223 &&
        (name.StartsWith("iqn.", StringComparison.OrdinalIgnoreCase) || name.StartsWith("eui.", StringComparison.OrdinalIgnoreCase) || name.StartsWith("naa.", StringComparison.OrdinalIgnoreCase));

    private static bool ListContains(string list, string value) => list.Split(',').Contains(value, StringComparer.Ordinal);

    /// <summary>Which of <paramref name="first"/> (1) and <paramref name="second"/> (2) comes first in the offered list; 0 for neither.</summary>
    private static int Prefers(string list, string first, string second)
    {
        foreach (var item in list.Split(','))
        {
            if (item == first) return 1;
            if (item == second) return 2;
        }
        return 0;
    }

    private static bool PositiveNumber(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0 && value < (1 << 24);
}
