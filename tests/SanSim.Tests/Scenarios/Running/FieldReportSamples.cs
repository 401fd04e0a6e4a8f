namespace SanSim.Tests.Scenarios.Running;

/// <summary>The field report's two "ctladm portlist -i -v" samples, as the target tests pin them.</summary>
internal static class FieldReportSamples
{
    public const string FirstPortlist = SanSim.Tests.Target.CtladmFieldReportTests.FirstSample;
    public const string SecondPortlist = SanSim.Tests.Target.CtladmFieldReportTests.SecondSample;
}
