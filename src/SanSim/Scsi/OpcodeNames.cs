namespace SanSim.Scsi;

/// <summary>Display names of operation codes as T10 writes them (SPC-5/SBC-4 command tables), for traces.</summary>
public static class OpcodeNames
{
    /// <summary>
    /// The command's T10 name, e.g. "WRITE(10)", "START STOP UNIT", "SERVICE ACTION IN(16)"; for a byte the
    /// enum does not name, "OPCODE 5Dh".
    /// </summary>
    public static string T10Name(this ScsiOpcode opcode) => opcode switch
    {
        ScsiOpcode.TestUnitReady => "TEST UNIT READY",
        ScsiOpcode.RequestSense => "REQUEST SENSE",
        ScsiOpcode.FormatUnit => "FORMAT UNIT",
        ScsiOpcode.Read6 => "READ(6)",
        ScsiOpcode.Write6 => "WRITE(6)",
        ScsiOpcode.Inquiry => "INQUIRY",
        ScsiOpcode.ModeSelect6 => "MODE SELECT(6)",
        ScsiOpcode.Reserve6 => "RESERVE(6)",
        ScsiOpcode.Release6 => "RELEASE(6)",
        ScsiOpcode.ModeSense6 => "MODE SENSE(6)",
        ScsiOpcode.StartStopUnit => "START STOP UNIT",
        ScsiOpcode.ReceiveDiagnosticResults => "RECEIVE DIAGNOSTIC RESULTS",
        ScsiOpcode.SendDiagnostic => "SEND DIAGNOSTIC",
        ScsiOpcode.PreventAllowMediumRemoval => "PREVENT ALLOW MEDIUM REMOVAL",
        ScsiOpcode.ReadCapacity10 => "READ CAPACITY(10)",
        ScsiOpcode.Read10 => "READ(10)",
        ScsiOpcode.Write10 => "WRITE(10)",
        ScsiOpcode.WriteAndVerify10 => "WRITE AND VERIFY(10)",
        ScsiOpcode.Verify10 => "VERIFY(10)",
        ScsiOpcode.PreFetch10 => "PRE-FETCH(10)",
        ScsiOpcode.SynchronizeCache10 => "SYNCHRONIZE CACHE(10)",
        ScsiOpcode.ReadDefectData10 => "READ DEFECT DATA(10)",
        ScsiOpcode.WriteBuffer => "WRITE BUFFER",
        ScsiOpcode.ReadBuffer => "READ BUFFER(10)",
        ScsiOpcode.WriteSame10 => "WRITE SAME(10)",
        ScsiOpcode.Unmap => "UNMAP",
        ScsiOpcode.ReadTocPmaAtip => "READ TOC/PMA/ATIP",
        ScsiOpcode.GetConfiguration => "GET CONFIGURATION",
        ScsiOpcode.GetEventStatusNotification => "GET EVENT STATUS NOTIFICATION",
        ScsiOpcode.LogSelect => "LOG SELECT",
        ScsiOpcode.LogSense => "LOG SENSE",
        ScsiOpcode.ModeSelect10 => "MODE SELECT(10)",
        ScsiOpcode.Reserve10 => "RESERVE(10)",
        ScsiOpcode.Release10 => "RELEASE(10)",
        ScsiOpcode.ModeSense10 => "MODE SENSE(10)",
        ScsiOpcode.PersistentReserveIn => "PERSISTENT RESERVE IN",
        ScsiOpcode.PersistentReserveOut => "PERSISTENT RESERVE OUT",
        ScsiOpcode.ExtendedCopy => "EXTENDED COPY",
        ScsiOpcode.ReceiveCopyResults => "RECEIVE COPY RESULTS",
        ScsiOpcode.Read16 => "READ(16)",
        ScsiOpcode.CompareAndWrite => "COMPARE AND WRITE",
        ScsiOpcode.Write16 => "WRITE(16)",
        ScsiOpcode.WriteAndVerify16 => "WRITE AND VERIFY(16)",
        ScsiOpcode.Verify16 => "VERIFY(16)",
        ScsiOpcode.PreFetch16 => "PRE-FETCH(16)",
        ScsiOpcode.SynchronizeCache16 => "SYNCHRONIZE CACHE(16)",
        ScsiOpcode.WriteSame16 => "WRITE SAME(16)",
        ScsiOpcode.ReadBuffer16 => "READ BUFFER(16)",
        ScsiOpcode.WriteAtomic16 => "WRITE ATOMIC(16)",
        ScsiOpcode.ServiceActionIn16 => "SERVICE ACTION IN(16)",
        ScsiOpcode.ReportLuns => "REPORT LUNS",
        ScsiOpcode.MaintenanceIn => "MAINTENANCE IN",
        ScsiOpcode.MaintenanceOut => "MAINTENANCE OUT",
        ScsiOpcode.Read12 => "READ(12)",
        ScsiOpcode.Write12 => "WRITE(12)",
        ScsiOpcode.WriteAndVerify12 => "WRITE AND VERIFY(12)",
        ScsiOpcode.Verify12 => "VERIFY(12)",
        ScsiOpcode.ReadDefectData12 => "READ DEFECT DATA(12)",
        ScsiOpcode.MechanismStatus => "MECHANISM STATUS",
        _ => $"OPCODE {(byte)opcode:X2}h",
    };

    /// <summary>
    /// The name of the command selected by an opcode and service action: the layout row's name when the table
    /// has one ("READ CAPACITY(16)"), otherwise the opcode's name.
    /// </summary>
    public static string CommandName(byte opcode, ushort serviceAction = 0) =>
        CdbLayouts.TryGet(opcode, serviceAction, out var layout) ? layout.Name : ((ScsiOpcode)opcode).T10Name();

    /// <summary>The name of the command in raw CDB bytes (service action from byte 1 where the opcode has one).</summary>
    public static string CommandName(ReadOnlySpan<byte> cdb)
    {
        if (cdb.IsEmpty) return "(empty CDB)";
        ushort sa = CdbLayouts.HasServiceActions(cdb[0]) && cdb.Length > 1 ? (ushort)(cdb[1] & CdbLayouts.ServiceActionMask) : (ushort)0;
        return CommandName(cdb[0], sa);
    }
}
