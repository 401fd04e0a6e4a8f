using SanSim.Target;

namespace SanSim.Iscsi;

/// <summary>An iSCSI target the portal offers: a CTL iSCSI port, by its target name.</summary>
public sealed record IscsiTargetEntry(int Port, string Name, string? Alias, int PortalGroupTag, bool Online);

/// <summary>What a login asks of the target: the I_T nexus for an initiator on a target port.</summary>
public sealed record IscsiSessionRequest(int Port, string InitiatorName, ulong Isid, IIscsiSessionControl Session)
{
    /// <summary>The name CTL registers for the initiator: "&lt;iqn&gt;,i,0x&lt;isid as 12 hex digits&gt;".</summary>
    public string CtlInitiatorName => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{InitiatorName},i,0x{Isid:x12}");
}

/// <summary>A logged-in session as the target back end sees it: it can be ended from the target side (session reinstatement).</summary>
public interface IIscsiSessionControl
{
    /// <summary>Closes the connection; the session ends as on a connection loss.</summary>
    void Abort();
}

/// <summary>How a SCSI command ended, as the iSCSI layer sends it back.</summary>
/// <param name="Status">SCSI status byte.</param>
/// <param name="Sense">Sense data (empty unless CHECK CONDITION).</param>
/// <param name="DataIn">Data-in the command returned (at most the Expected Data Transfer Length).</param>
/// <param name="CommandLength">
/// How many bytes the command itself would move (its transfer length in blocks × block size for READ and WRITE,
/// its allocation length otherwise), or -1 when unknown: a larger value than the Expected Data Transfer Length
/// is an overflow.
/// </param>
public readonly record struct IscsiCommandResult(byte Status, ReadOnlyMemory<byte> Sense, ReadOnlyMemory<byte> DataIn, long CommandLength = -1);

/// <summary>
/// The target behind an iSCSI portal. Implementations run each call on the simulation's own thread; a
/// connection awaits each call before it handles its next PDU.
/// </summary>
public interface IIscsiBackend
{
    /// <summary>The iSCSI targets the portal offers now.</summary>
    ValueTask<IReadOnlyList<IscsiTargetEntry>> TargetsAsync();

    /// <summary>
    /// Registers the initiator on the port (ctl_add_initiator), ending an older session with the same name and
    /// ISID first. Null when the target refuses (port gone or off line).
    /// </summary>
    ValueTask<Nexus?> OpenSessionAsync(IscsiSessionRequest request);

    /// <summary>Ends a session as CTL does: I_T NEXUS RESET, then ctl_remove_initiator.</summary>
    ValueTask CloseSessionAsync(Nexus nexus);

    /// <summary>Runs one SCSI command.</summary>
    ValueTask<IscsiCommandResult> ExecuteAsync(Nexus nexus, ulong lun, ReadOnlyMemory<byte> cdb, ReadOnlyMemory<byte> dataOut, int expectedDataInLength);

    /// <summary>Runs one task management function; RFC 7143's response code.</summary>
    ValueTask<TaskResponse> TaskManagementAsync(Nexus nexus, TaskFunction function, ulong lun, uint referencedTaskTag);
}
