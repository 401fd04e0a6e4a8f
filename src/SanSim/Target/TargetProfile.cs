namespace SanSim.Target;

/// <summary>How a target implementation treats START STOP UNIT on a disk (behaviour.md §3).</summary>
public enum TargetProfile
{
    /// <summary>FreeBSD CTL: STOP stops the LUN for every initiator on every port.</summary>
    Ctl,
    /// <summary>SCST vdisk: flushes, returns GOOD, never stops.</summary>
    Scst,
    /// <summary>tgt: GOOD, ignored on a non-removable LUN.</summary>
    Tgt,
    /// <summary>LIO: 05/24/00 unless IMMED=1, START=1, LOEJ=0, NO_FLUSH=0 and POWER CONDITION=0.</summary>
    Lio,
}
