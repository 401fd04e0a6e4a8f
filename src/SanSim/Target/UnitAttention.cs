namespace SanSim.Target;

/// <summary>
/// CTL's unit attention conditions (ctl_ua_type). A bit set: the lower the bit, the higher the reporting
/// priority, so the lowest set bit is the one reported first.
/// </summary>
[Flags]
public enum UnitAttention : uint
{
    None = 0,
    /// <summary>29/01 POWER ON OCCURRED: first use of a LUN by an initiator; initiator removed.</summary>
    PowerOn = 1 << 0,
    /// <summary>29/02 SCSI BUS RESET OCCURRED.</summary>
    BusReset = 1 << 1,
    /// <summary>29/03 BUS DEVICE RESET FUNCTION OCCURRED: target reset.</summary>
    TargetReset = 1 << 2,
    /// <summary>29/07 I_T NEXUS LOSS OCCURRED.</summary>
    ITNexusLoss = 1 << 3,
    /// <summary>29/00 POWER ON, RESET, OR BUS DEVICE RESET OCCURRED: LUN reset.</summary>
    LunReset = 1 << 4,
    /// <summary>3F/0E REPORTED LUNS DATA HAS CHANGED.</summary>
    LunChange = 1 << 5,
    /// <summary>2A/01 MODE PARAMETERS CHANGED.</summary>
    ModeChange = 1 << 6,
    /// <summary>2A/02 LOG PARAMETERS CHANGED.</summary>
    LogChange = 1 << 7,
    /// <summary>3F/03 INQUIRY DATA HAS CHANGED.</summary>
    InquiryChange = 1 << 8,
    /// <summary>2A/03 RESERVATIONS PREEMPTED.</summary>
    ReservationsPreempted = 1 << 9,
    /// <summary>2A/04 RESERVATIONS RELEASED.</summary>
    ReservationsReleased = 1 << 10,
    /// <summary>2A/05 REGISTRATIONS PREEMPTED.</summary>
    RegistrationsPreempted = 1 << 11,
    /// <summary>2A/06 ASYMMETRIC ACCESS STATE CHANGED.</summary>
    AsymmetricAccessChange = 1 << 12,
    /// <summary>2A/09 CAPACITY DATA HAS CHANGED.</summary>
    CapacityChange = 1 << 13,
    /// <summary>38/07 THIN PROVISIONING SOFT THRESHOLD REACHED.</summary>
    ThinProvisioningThreshold = 1 << 14,
    /// <summary>28/00 NOT READY TO READY CHANGE, MEDIUM MAY HAVE CHANGED.</summary>
    MediumChange = 1 << 15,
    /// <summary>Informational exception; its ASC/ASCQ is the LUN's current IE code.</summary>
    InformationalException = 1 << 16,

    /// <summary>The 29/xx group: reporting any of them clears every pending attention of that nexus on that LUN.</summary>
    AllResets = PowerOn | BusReset | TargetReset | ITNexusLoss | LunReset,
}
