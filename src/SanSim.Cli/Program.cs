using SanSim.Cli;

return Cli.Run(Cli.CreateRoot(), args);
