using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/SanSim.Benchmarks -- --filter '*'         every suite
// dotnet run -c Release --project bench/SanSim.Benchmarks -- --filter '*CommandPath*'
// dotnet run -c Release --project bench/SanSim.Benchmarks -- profile [replays] [explore runs]
if (args.Length > 0 && args[0] == "profile")
    SanSim.Benchmarks.Profile.Run(args);
else
    BenchmarkSwitcher.FromAssembly(typeof(SanSim.Benchmarks.CommandPathBenchmarks).Assembly).Run(args);
