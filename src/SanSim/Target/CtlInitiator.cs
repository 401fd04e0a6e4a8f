namespace SanSim.Target;

/// <summary>
/// An initiator registered on a port (CTL's port->wwpn_iid[iid]): its CTL initiator id and its name as
/// portlist prints it, "naa.2100001b32a1b2c3" for FC or "iqn…,i,0x&lt;isid&gt;" for iSCSI.
/// </summary>
public sealed record CtlInitiator(int Id, string Name);
