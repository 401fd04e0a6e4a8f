using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SanSim.Iscsi;

namespace SanSim.Tests.Iscsi;

/// <summary>
/// A minimal iSCSI initiator for tests: writes PDUs, reads the target's PDUs, and does a login with
/// AuthMethod None. Sequence numbers are kept by hand so tests can send them out of order.
/// </summary>
internal sealed class TestInitiator : IDisposable
{
    public const string Iqn = "iqn.2025-01.org.sansim:test-initiator";
    public const ulong Isid = 0x00023d000001;

    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    public TestInitiator(IPEndPoint endpoint)
    {
        _client = new TcpClient();
        _client.Connect(endpoint);
        _client.ReceiveTimeout = 10_000;
        _stream = _client.GetStream();
    }

    public uint CmdSn { get; set; }
    public uint ExpStatSn { get; set; }
    public uint NextItt { get; set; } = 1;
    public bool HeaderDigest { get; set; }
    public bool DataDigest { get; set; }

    public void Send(Pdu pdu) => _stream.Write(pdu.ToArray(HeaderDigest, DataDigest));

    public void SendRaw(byte[] bytes) => _stream.Write(bytes);

    /// <summary>The next PDU from the target, or null when the target closed the connection.</summary>
    public Pdu? Receive()
    {
        var bhs = new byte[Pdu.BhsLength];
        if (!ReadExactly(bhs)) return null;
        var pdu = new Pdu();
        bhs.CopyTo(pdu.Bhs, 0);
        int ahs = bhs[4] * 4;
        int data = (bhs[5] << 16) | (bhs[6] << 8) | bhs[7];
        int rest = ahs + (HeaderDigest ? 4 : 0) + ((data + 3) & ~3) + (data > 0 && DataDigest ? 4 : 0);
        var tail = new byte[rest];
        if (!ReadExactly(tail)) return null;
        int o = ahs + (HeaderDigest ? 4 : 0);
        pdu.Data = tail.AsMemory(o, data).ToArray();
        if (pdu.Opcode is not (IscsiOpcode.DataIn or IscsiOpcode.ReadyToTransfer) || (pdu.Flags & 0x01) != 0)
        {
            uint statSn = pdu.Word24;
            if (pdu.Opcode != IscsiOpcode.DataIn || (pdu.Flags & 0x01) != 0) ExpStatSn = statSn + 1;
        }
        return pdu;
    }

    /// <summary>Whether the target has closed the connection (reads until EOF, skipping PDUs).</summary>
    public bool ClosedByTarget()
    {
        try
        {
            while (Receive() is not null)
            {
            }
            return true;
        }
        catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionReset })
        {
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private bool ReadExactly(byte[] buffer)
    {
        int n = 0;
        while (n < buffer.Length)
        {
            int r = _stream.Read(buffer, n, buffer.Length - n);
            if (r == 0) return false;
            n += r;
        }
        return true;
    }

    /// <summary>A Login Request in the operational stage asking for the full feature phase.</summary>
    public Pdu LoginRequest(string keys, int csg = 1, int nsg = 3, bool transit = true, ulong isid = Isid)
    {
        var pdu = new Pdu(IscsiOpcode.LoginRequest, (byte)((transit ? 0x80 : 0) | (csg << 2) | nsg)) { Immediate = true };
        BinaryPrimitives.WriteUInt64BigEndian(pdu.Bhs.AsSpan(8, 8), isid << 16);
        pdu.InitiatorTaskTag = NextItt++;
        pdu.Word24 = CmdSn;
        pdu.Word28 = ExpStatSn;
        pdu.Data = Encoding.UTF8.GetBytes(keys.Replace('\n', '\0'));
        return pdu;
    }

    /// <summary>Logs in to <paramref name="target"/> with the given operational keys; returns the final Login Response.</summary>
    public Pdu Login(string target, string extraKeys = "", ulong isid = Isid, string iqn = Iqn)
    {
        Send(LoginRequest($"InitiatorName={iqn}\nSessionType=Normal\nTargetName={target}\nMaxRecvDataSegmentLength=65536\n{extraKeys}", isid: isid));
        return Receive() ?? throw new IOException("target closed the connection during login");
    }

    /// <summary>A SCSI Command PDU for LUN 0.</summary>
    public Pdu Command(byte[] cdb, uint expectedLength, bool read, bool write = false, byte[]? immediate = null, bool immediateFlag = false)
    {
        var pdu = new Pdu(IscsiOpcode.ScsiCommand, (byte)(0x80 | (read ? 0x40 : 0) | (write ? 0x20 : 0) | 0x01)) { Immediate = immediateFlag };
        pdu.InitiatorTaskTag = NextItt++;
        pdu.Word20 = expectedLength;
        pdu.Word24 = immediateFlag ? CmdSn : CmdSn++;
        pdu.Word28 = ExpStatSn;
        cdb.CopyTo(pdu.Bhs, 32);
        if (immediate is not null) pdu.Data = immediate;
        return pdu;
    }

    /// <summary>Sends a command and collects its Data-In and its status (from the SCSI Response or the last Data-In).</summary>
    public (byte Status, byte[] Data, byte[] Sense, Pdu Last) Run(byte[] cdb, uint expectedLength, bool read = true)
    {
        Send(Command(cdb, expectedLength, read));
        var data = new MemoryStream();
        while (true)
        {
            var pdu = Receive() ?? throw new IOException("connection closed");
            if (pdu.Opcode == IscsiOpcode.DataIn)
            {
                data.Write(pdu.Data.Span);
                if ((pdu.Flags & 0x01) != 0) return (pdu.Byte3, data.ToArray(), [], pdu);
                continue;
            }
            if (pdu.Opcode == IscsiOpcode.ScsiResponse)
            {
                var sense = pdu.Data.Length >= 2 ? pdu.Data.Span[2..].ToArray() : [];
                return (pdu.Byte3, data.ToArray(), sense, pdu);
            }
            throw new InvalidOperationException($"unexpected {pdu.Opcode}");
        }
    }

    /// <summary>TEST UNIT READY until it stops reporting a unit attention; the last answer.</summary>
    public (byte Status, byte[] Data, byte[] Sense, Pdu Last) TestUnitReadyClearingAttentions()
    {
        for (int i = 0; ; i++)
        {
            var r = Run(new byte[6], 0, read: false);
            if (i >= 8 || r.Status != 2 || (r.Sense[2] & 0x0F) != 6) return r;
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _client.Dispose();
    }
}
