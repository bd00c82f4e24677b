<#
.SYNOPSIS
    Runs every tests/Pester/*.Tests.ps1 against the built module and writes the counts as JSON.
    build.ps1 calls this in a fresh process so the module under test is never the one a
    previous test left loaded.
#>
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $ResultsPath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [string[]] $Path = @($PSScriptRoot)
)

$ErrorActionPreference = 'Stop'
Import-Module $PesterManifest -Force

$config = New-PesterConfiguration
$config.Run.Path = $Path
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'NUnitXml'
$config.TestResult.OutputPath = Join-Path $ResultsPath 'pester.xml'

$run = Invoke-Pester -Configuration $config
# A container that fails to load (syntax error, failing BeforeAll) has no tests to count: count it as a failure.
$failedBlocks = @($run.Containers | Where-Object { $_.Result -eq 'Failed' -and $_.FailedCount -eq 0 }).Count
$summary = [ordered]@{
    Passed  = $run.PassedCount
    Failed  = $run.FailedCount + $failedBlocks
    Skipped = $run.SkippedCount + $run.NotRunCount
}
$summary | ConvertTo-Json | Set-Content -Path $SummaryPath -Encoding utf8
if ($summary.Failed -gt 0) { exit 1 }
exit 0
