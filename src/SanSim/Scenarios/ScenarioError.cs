using SanSim.Scenarios.Model;

namespace SanSim.Scenarios;

/// <summary>A problem in a scenario file, at the place it was written.</summary>
public sealed record ScenarioError(SourceMark Mark, string Message)
{
    /// <summary>"file:line:column: message".</summary>
    public override string ToString() => $"{Mark}: {Message}";
}

/// <summary>What loading one or more scenario files gave: every scenario × variant, or the errors found.</summary>
public sealed record ScenarioLoadResult(IReadOnlyList<Scenario> Scenarios, IReadOnlyList<ScenarioError> Errors)
{
    public bool Ok => Errors.Count == 0;
}
