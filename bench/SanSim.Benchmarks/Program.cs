using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/SanSim.Benchmarks -- --filter '*'         every suite
// dotnet run -c Release --project bench/SanSim.Benchmarks -- --filter '*CommandPath*'
BenchmarkSwitcher.FromAssembly(typeof(SanSim.Benchmarks.CommandPathBenchmarks).Assembly).Run(args);
