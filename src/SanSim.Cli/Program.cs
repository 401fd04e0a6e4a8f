using System.CommandLine;
using SanSim.Cli;

var root = new RootCommand("SanSim: a deterministic simulator of a SCSI SAN (FreeBSD CTL target, FC and iSCSI fabrics, Linux, Windows and ESXi initiators).");
root.Subcommands.Add(SenseCommand.Create());
root.Subcommands.Add(CtladmCommand.Create());
return Cli.Run(root, args);
