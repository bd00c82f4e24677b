<#
.SYNOPSIS
    Runs the diagnostics-table benchmark (not part of build.ps1 -Task Test): 1M WADMetrics rows in
    Azurite, last 30 minutes for 100 instances, key-range read vs the naive Timestamp filters.
.EXAMPLE
    dotnet pwsh ./benchmarks/diagnostics/run.ps1            # 100 instances x 10,000 minutes
    dotnet pwsh ./benchmarks/diagnostics/run.ps1 -Minutes 600
#>
param([int] $Instances = 100, [int] $Minutes = 10000)
$ErrorActionPreference = 'Stop'
$root = Resolve-Path (Join-Path $PSScriptRoot '../..')
if (-not (Test-Path (Join-Path $root 'tests/azurite/node_modules/.bin/azurite-table'))) {
    npm ci --prefix (Join-Path $root 'tests/azurite') --no-audit --no-fund --loglevel=error
}
dotnet run --project (Join-Path $PSScriptRoot 'DiagnosticsBenchmark.csproj') -c Release -- $Instances $Minutes
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
