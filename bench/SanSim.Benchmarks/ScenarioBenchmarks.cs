using BenchmarkDotNet.Attributes;
using SanSim.Scenarios;
using SanSim.Scenarios.Generation;
using SanSim.Scenarios.Model;

namespace SanSim.Benchmarks;

/// <summary>
/// Scenario replay and YAML loading: the field report (11 h of virtual time), the whole library, and a small
/// generated scale topology replayed as a load.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class ScenarioBenchmarks
{
    private string _fieldReportPath = null!;
    private string _fieldReportText = null!;
    private string _library = null!;
    private Scenario _fieldReport = null!;
    private Scenario _scale = null!;

    [GlobalSetup]
    public void Setup()
    {
        _library = Repository.ScenariosFolder();
        _fieldReportPath = Path.Combine(_library, "field-report-windows-sleep.yaml");
        _fieldReportText = File.ReadAllText(_fieldReportPath);
        _fieldReport = ScenarioLoader.LoadText(_fieldReportText, _fieldReportPath).Scenarios.First(s => s.Variant == "base");
        _scale = ScaleTopology.Load(new ScaleOptions(Luns: 64, Hosts: 16, Ports: 4, Hours: 0.25)).Scenarios[0];
    }

    [Benchmark(Description = "load field report YAML (3 variants)")]
    public int LoadFieldReport() => ScenarioLoader.LoadText(_fieldReportText, _fieldReportPath).Scenarios.Count;

    [Benchmark(Description = "load the scenario library")]
    public int LoadLibrary() => ScenarioLoader.LoadPaths([_library]).Scenarios.Count;

    [Benchmark(Description = "replay field report (11 h virtual)")]
    public int ReplayFieldReport() => ScenarioRunner.Run(_fieldReport).Expectations.Count;

    [Benchmark(Description = "scale load 64 LUNs, 16 hosts, 4 ports, 15 min")]
    public long ReplayScale() => ScaleRun.Run(_scale).Events;
}
