namespace SanSim.Target;

/// <summary>An I_T nexus as CTL keys it: the target port number and the CTL initiator id on that port.</summary>
public readonly record struct Nexus(int Port, int InitiatorId)
{
    public override string ToString() => $"{Port}:{InitiatorId}";
}
