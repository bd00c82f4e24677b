<#
.SYNOPSIS
    Runs every tests/Pester/*.Tests.ps1 against the built module and writes the counts as JSON.
    build.ps1 calls this in a fresh process so the module under test is never the one a
    previous test left loaded. After each file a check fails when the file left the module
    connected or a VMSSAUTOSCALE_* variable set (tests/Pester/TestRunner.psm1), because the next
    file would inherit it.
#>
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $ResultsPath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [string[]] $Path = @($PSScriptRoot)
)

$ErrorActionPreference = 'Stop'
Import-Module $PesterManifest -Force
Import-Module (Join-Path $PSScriptRoot 'Prerequisites.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'TestRunner.psm1') -Force

$files = @(foreach ($p in $Path) {
        if (Test-Path -LiteralPath $p -PathType Container) {
            Get-ChildItem -LiteralPath $p -Filter '*.Tests.ps1' -File | Sort-Object Name | ForEach-Object FullName
        } else {
            (Resolve-Path -LiteralPath $p).Path
        }
    })
$baseline = @(Get-ChildItem Env: | Where-Object Name -Like 'VMSSAUTOSCALE_*' | ForEach-Object Name)

$config = New-PesterConfiguration
$config.Run.Container = @(New-IsolatedRunContainer -File $files -Baseline $baseline)
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'NUnitXml'
$config.TestResult.OutputPath = Join-Path $ResultsPath 'pester.xml'

$run = Invoke-Pester -Configuration $config
$summary = ConvertTo-PesterSummary $run -PrerequisiteGap { param($Name) Get-PrerequisiteGap $Name }
$summary | ConvertTo-Json -Depth 4 | Set-Content -Path $SummaryPath -Encoding utf8
if ($summary.Failed -gt 0) { exit 1 }
exit 0
