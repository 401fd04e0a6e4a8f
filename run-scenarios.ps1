#!/usr/bin/env pwsh
# Runs the scenario suite with `sansim run` and passes its exit code through:
# 0 every expectation held, 1 one failed, 2 invalid input (each error printed as file:line:column).
# Written with the core language and .NET calls only (no cmdlets), so any PowerShell host runs it,
# a runspace hosted through System.Management.Automation included.
#
#   ./run-scenarios.ps1                                   # every scenarios/**/*.yaml
#   ./run-scenarios.ps1 -Filter 'field-report*' -Junit results.xml
#   ./run-scenarios.ps1 -Path scenarios/a.yaml, scenarios/b.yaml
param(
    # Scenario files, or folders searched for *.yaml.
    [string[]]$Path = @(),
    # A glob over name or name/variant (* and ?).
    [string]$Filter = '',
    # Write a JUnit XML report here.
    [string]$Junit = '',
    [string]$Configuration = 'Release',
    # A SanSim.Cli.dll already built; without it the script builds src/SanSim.Cli first.
    [string]$Cli = ''
)

$root = $PSScriptRoot
if ($Path.Count -eq 0) {
    $Path = @([System.IO.Path]::Combine($root, 'scenarios'))
}

if ($Cli -eq '') {
    $project = [System.IO.Path]::Combine($root, 'src', 'SanSim.Cli', 'SanSim.Cli.csproj')
    $buildOutput = & dotnet build $project -c $Configuration --nologo
    if ($LASTEXITCODE -ne 0) {
        foreach ($line in $buildOutput) { [System.Console]::Error.WriteLine($line) }
        [System.Console]::Error.WriteLine("run-scenarios: building $project failed")
        exit $LASTEXITCODE
    }
    $Cli = [System.IO.Path]::Combine($root, 'src', 'SanSim.Cli', 'bin', $Configuration, 'net10.0', 'SanSim.Cli.dll')
}
if (-not [System.IO.File]::Exists($Cli)) {
    [System.Console]::Error.WriteLine("run-scenarios: no SanSim.Cli.dll at $Cli")
    exit 2
}

$arguments = [System.Collections.Generic.List[string]]::new()
$arguments.Add($Cli)
$arguments.Add('run')
foreach ($p in $Path) { $arguments.Add($p) }
if ($Filter -ne '') { $arguments.Add('--filter'); $arguments.Add($Filter) }
if ($Junit -ne '') { $arguments.Add('--junit'); $arguments.Add($Junit) }

$argv = $arguments.ToArray()
& dotnet $argv
exit $LASTEXITCODE
