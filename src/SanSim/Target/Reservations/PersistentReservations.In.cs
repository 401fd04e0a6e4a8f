using System.Buffers.Binary;
using SanSim.Scsi;
using SanSim.Target.Reservations;

namespace SanSim.Target;

public sealed partial class PersistentReservations
{
    /// <summary>Parameter data header of READ KEYS, READ RESERVATION and READ FULL STATUS: PRGENERATION and ADDITIONAL LENGTH.</summary>
    public const int InHeaderLength = 8;

    /// <summary>READ RESERVATION with a reservation: header plus one 16-byte reservation descriptor.</summary>
    public const int ReadReservationLength = InHeaderLength + 16;

    /// <summary>REPORT CAPABILITIES parameter data (struct scsi_per_res_cap).</summary>
    public const int ReportCapabilitiesLength = 8;

    /// <summary>Fixed part of a READ FULL STATUS descriptor, before its TransportID.</summary>
    public const int FullStatusDescriptorLength = 24;

    /// <summary>Room CTL allocates per registration for the TransportID in READ FULL STATUS.</summary>
    public const int FullStatusTransportIdRoom = 256;

    /// <summary>REPORT CAPABILITIES byte 2: CRH (compatible reservation handling) only; no SIP_C, ATP_C, PTPL_C.</summary>
    private const byte CapabilityFlags1 = 0x10;

    /// <summary>REPORT CAPABILITIES byte 3: TMV, and ALLOW COMMANDS = 5.</summary>
    private const byte CapabilityFlags2 = 0x80 | 0x50;

    /// <summary>PERSISTENT RESERVATION TYPE MASK: WR_EX_AR 8000h, EX_AC_RO 4000h, WR_EX_RO 2000h, EX_AC 0800h, WR_EX 0200h, EX_AC_AR 0001h.</summary>
    private const ushort CapabilityTypeMask = 0x8000 | 0x4000 | 0x2000 | 0x0800 | 0x0200 | 0x0001;

    /// <summary>READ FULL STATUS descriptor flag R_HOLDER.</summary>
    private const byte ReservationHolderFlag = 0x01;

    /// <summary>
    /// PERSISTENT RESERVE IN: READ KEYS, READ RESERVATION, REPORT CAPABILITIES, READ FULL STATUS in CTL's formats
    /// (ctl_persistent_reserve_in). The data is cut to ALLOCATION LENGTH (and to <paramref name="dataIn"/>); the
    /// returned DataInLength is what was written. READ FULL STATUS transfers CTL's whole buffer, which reserves
    /// 256 bytes of TransportID room per registration and is zero past the descriptors.
    /// </summary>
    public ScsiCompletion In(in Cdb cdb, Nexus nexus, Span<byte> dataIn)
    {
        if (cdb.Opcode != ScsiOpcode.PersistentReserveIn)
            return ScsiCompletion.Check(SenseInfo.IllegalRequest(AscAscq.InvalidCommandOperationCode));
        if (cdb.ServiceAction > (byte)PersistentReserveInAction.ReadFullStatus)
            return ScsiCompletion.Check(ReservationSense.UnsupportedServiceAction);

        byte[] data = (PersistentReserveInAction)cdb.ServiceAction switch
        {
            PersistentReserveInAction.ReadKeys => ReadKeys(),
            PersistentReserveInAction.ReadReservation => ReadReservation(),
            PersistentReserveInAction.ReportCapabilities => ReportCapabilities(),
            _ => ReadFullStatus(),
        };
        int n = (int)Math.Min((uint)data.Length, cdb.AllocationLength);
        n = Math.Min(n, dataIn.Length);
        data.AsSpan(0, n).CopyTo(dataIn);
        return ScsiCompletion.Good(n);
    }

    /// <summary>READ KEYS: header, then each registered key (8 bytes) in initiator-index order.</summary>
    private byte[] ReadKeys()
    {
        var data = new byte[InHeaderLength + 8 * _keys.Count];
        WriteHeader(data, (uint)(8 * _keys.Count));
        int offset = InHeaderLength;
        foreach (ulong key in _keys.Values)
        {
            BinaryPrimitives.WriteUInt64BigEndian(data.AsSpan(offset, 8), key);
            offset += 8;
        }
        return data;
    }

    /// <summary>
    /// READ RESERVATION: the header alone (ADDITIONAL LENGTH 0) without a reservation; otherwise the holder's
    /// key (0 for an all-registrants reservation), and SCOPE/TYPE in byte 21.
    /// </summary>
    private byte[] ReadReservation()
    {
        if (!_reserved)
        {
            var header = new byte[InHeaderLength];
            WriteHeader(header, 0);
            return header;
        }
        var data = new byte[ReadReservationLength];
        WriteHeader(data, ReadReservationLength - InHeaderLength);
        if (!_allRegistrants && _holder is { } holder)
            BinaryPrimitives.WriteUInt64BigEndian(data.AsSpan(8, 8), KeyOf(holder));
        data[21] = (byte)_type;
        return data;
    }

    /// <summary>REPORT CAPABILITIES: LENGTH 8, CRH, TMV with ALLOW COMMANDS 5, and the six supported types.</summary>
    private static byte[] ReportCapabilities()
    {
        var data = new byte[ReportCapabilitiesLength];
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(0, 2), ReportCapabilitiesLength);
        data[2] = CapabilityFlags1;
        data[3] = CapabilityFlags2;
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(4, 2), CapabilityTypeMask);
        return data;
    }

    /// <summary>
    /// READ FULL STATUS: per registration its key, R_HOLDER and SCOPE/TYPE when it holds the reservation, the
    /// relative target port identifier (CTL's port number), and its TransportID.
    /// </summary>
    private byte[] ReadFullStatus()
    {
        var data = new byte[InHeaderLength + (FullStatusDescriptorLength + FullStatusTransportIdRoom) * _keys.Count];
        int offset = InHeaderLength;
        foreach (var (registrant, key) in _keys)
        {
            var d = data.AsSpan(offset);
            BinaryPrimitives.WriteUInt64BigEndian(d[..8], key);
            if (_reserved && (_allRegistrants || _holder == registrant))
            {
                d[12] = ReservationHolderFlag;
                d[13] = (byte)_type;
            }
            BinaryPrimitives.WriteUInt16BigEndian(d.Slice(18, 2), (ushort)registrant.Port);
            byte[] transportId = TransportIdResolver?.Invoke(registrant) ?? [];
            int length = Math.Min(transportId.Length, FullStatusTransportIdRoom);
            BinaryPrimitives.WriteUInt32BigEndian(d.Slice(20, 4), (uint)length);
            transportId.AsSpan(0, length).CopyTo(d[FullStatusDescriptorLength..]);
            offset += FullStatusDescriptorLength + length;
        }
        WriteHeader(data, (uint)(offset - InHeaderLength));
        return data;
    }

    private void WriteHeader(Span<byte> data, uint additionalLength)
    {
        BinaryPrimitives.WriteUInt32BigEndian(data[..4], Generation);
        BinaryPrimitives.WriteUInt32BigEndian(data.Slice(4, 4), additionalLength);
    }
}
