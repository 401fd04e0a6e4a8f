namespace SanSim.Target.Reservations;

/// <summary>
/// Orders nexuses as CTL's initiator index does (port * CTL_MAX_INIT_PER_PORT + initiator id): by port,
/// then by initiator id. READ KEYS and READ FULL STATUS list registrations in this order.
/// </summary>
public sealed class NexusOrder : IComparer<Nexus>
{
    public static readonly NexusOrder Instance = new();

    private NexusOrder() { }

    public int Compare(Nexus x, Nexus y)
    {
        int c = x.Port.CompareTo(y.Port);
        return c != 0 ? c : x.InitiatorId.CompareTo(y.InitiatorId);
    }
}
