using SanSim.Fabric;
using SanSim.Hosts.Transport;
using SanSim.Scsi;

namespace SanSim.Tests.Hosts.Linux;

/// <summary>A fault injector driven by a predicate over each command's CDB: answer with a sense, or not at all.</summary>
internal sealed class TestFaults : IFaultInjector
{
    private readonly Func<byte[], FaultDecision> _decide;

    public TestFaults(Func<byte[], FaultDecision> decide) => _decide = decide;

    public List<byte> Opcodes { get; } = new();

    public FaultDecision Intercept(ScsiPath path, ScsiRequest request)
    {
        Opcodes.Add(request.Cdb[0]);
        return _decide(request.Cdb);
    }

    public static FaultDecision Check(SenseKey key, byte asc, byte ascq) =>
        new(FaultKind.Complete, ScsiStatus.CheckCondition, new SenseInfo(key, new AscAscq(asc, ascq)));

    public static FaultDecision Silent => new(FaultKind.NoAnswer);
}
