using System.Globalization;
using SanSim.Hosts.Transport;
using SanSim.Scsi;

namespace SanSim.Hosts.Esxi;

/// <summary>
/// The vmkernel.log line ESXi's ScsiDeviceIO writes when a command to a device fails, as VMware's documentation
/// shows it (ESXi 6.x: "ScsiDeviceIO: 2331: Cmd(0x4124425bc700) 0x2a, CmdSN 0xd5 from world 602789 to dev
/// "naa.…" failed H:0x0 D:0x2 P:0x0 Valid sense data: 0x2 0x4 0x2."; the vSphere 6.0 troubleshooting guide and
/// KB 338435 for the H/D/P fields). The log header (timestamp, "cpuN:world)") is left out, as every host log
/// line is kept without its timestamp. What no source can give is masked with X: the source line number of
/// ScsiDeviceIO (it changes with every build) and the kernel address of the command.
/// </summary>
public static class VmkernelLog
{
    public const string SourceLineMask = "XXXX";
    public const string CommandAddressMask = "0xXXXXXXXXXXXX";

    /// <summary>VMK_SCSI_HOST_OK, VMK_SCSI_HOST_NO_CONNECT and VMK_SCSI_HOST_ABORT (the H: field, KB 338435).</summary>
    public const int HostOk = 0x0, HostNoConnect = 0x1, HostAbort = 0x5;

    /// <summary>
    /// The failure line for a command with opcode <paramref name="opcode"/>. "Valid sense data" when the device
    /// returned CHECK CONDITION with sense, "Possible sense data: 0x0 0x0 0x0" otherwise.
    /// </summary>
    public static string DeviceIoFailure(byte opcode, uint commandSerial, string world, string device, ScsiResponse response, bool timedOut)
    {
        ArgumentNullException.ThrowIfNull(response);
        int host = timedOut || response.Outcome == TransportOutcome.Aborted ? HostAbort
            : response.Outcome == TransportOutcome.NoConnection ? HostNoConnect : HostOk;
        int dev = host == HostOk ? (int)response.Status : 0;
        bool valid = host == HostOk && response.Status == ScsiStatus.CheckCondition;
        var s = valid ? response.Sense : default;
        return string.Create(CultureInfo.InvariantCulture,
            $"ScsiDeviceIO: {SourceLineMask}: Cmd({CommandAddressMask}) 0x{opcode:x2}, CmdSN 0x{commandSerial:x} from world {world} to dev \"{device}\" failed H:0x{host:x} D:0x{dev:x} P:0x0 {(valid ? "Valid" : "Possible")} sense data: 0x{(int)s.Key:x} 0x{s.Code.Asc:x} 0x{s.Code.Ascq:x}.");
    }
}
