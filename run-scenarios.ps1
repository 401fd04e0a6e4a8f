#!/usr/bin/env pwsh
# Runs SanSim's main job and returns its exit code (0 all held, 1 an expectation failed, 2 invalid input).
# Today the main job is ctladm against the sample ctl.conf; once the scenario runner exists, this script
# runs the scenario suite under scenarios/.
param(
    [string]$Configuration = 'Release',
    [string]$Conf = 'samples/ctl.conf'
)

$root = Split-Path -Parent $MyInvocation.MyCommand.Path
$project = Join-Path $root 'src/SanSim.Cli/SanSim.Cli.csproj'
& dotnet run --project $project -c $Configuration -- ctladm (Join-Path $root $Conf) -- portlist -i -v
exit $LASTEXITCODE
