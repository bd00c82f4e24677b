<#
.SYNOPSIS
    Measures what importing VmssAutoscale adds to a fresh PowerShell process.

.DESCRIPTION
    Starts fresh pwsh processes that each import nothing (baseline) or import the built module
    and run one cheap command from it (so the cmdlet assembly is really loaded), alternating the
    two so machine noise hits both alike. Reports the median of each and the difference.
    Run after `dotnet pwsh ./build.ps1`.

.EXAMPLE
    dotnet pwsh ./benchmarks/import/Measure-Import.ps1 -Runs 15
#>
param(
    [int] $Runs = 15,
    [string] $ModuleManifest = (Join-Path $PSScriptRoot '../../out/VmssAutoscale/VmssAutoscale.psd1')
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../../tests/Pester/TestUtils.psm1')
$invocation = Get-PwshInvocation
$exe = $invocation[0]
$prefix = @($invocation | Select-Object -Skip 1)
$manifest = (Resolve-Path $ModuleManifest).Path
$baseline = [System.Collections.Generic.List[double]]::new()
$withModule = [System.Collections.Generic.List[double]]::new()
$withEmptyModule = [System.Collections.Generic.List[double]]::new()

# A module with an empty manifest shows PowerShell's own cost of a first Import-Module in a
# process, which any module pays; the difference to it is what our module itself adds.
$emptyDir = Join-Path ([System.IO.Path]::GetTempPath()) ('vmssautoscale-empty-' + [guid]::NewGuid())
New-Item -ItemType Directory -Path $emptyDir | Out-Null
$emptyManifest = Join-Path $emptyDir 'Empty.psd1'
Set-Content -Path $emptyManifest -Value "@{ ModuleVersion = '1.0'; FunctionsToExport = @(); CmdletsToExport = @(); AliasesToExport = @(); VariablesToExport = @() }"

function Measure-Process([string] $Command) {
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    & $exe @prefix -NoProfile -NonInteractive -Command $Command | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "pwsh failed running: $Command" }
    $sw.Stop()
    $sw.Elapsed.TotalMilliseconds
}

# One warm-up of each so disk caches do not count against the first measured run.
$null = Measure-Process 'exit 0'
$null = Measure-Process "Import-Module '$manifest'; exit 0"
for ($i = 0; $i -lt $Runs; $i++) {
    $baseline.Add((Measure-Process 'exit 0'))
    $withModule.Add((Measure-Process "Import-Module '$manifest'; `$null = Get-Command Get-VmssAutoscaleSetting; exit 0"))
    $withEmptyModule.Add((Measure-Process "Import-Module '$emptyManifest'; exit 0"))
}
Remove-Item -Recurse -Force $emptyDir

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    $mid = [int][math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$mid] } else { ($sorted[$mid - 1] + $sorted[$mid]) / 2 }
}

$b = Get-Median $baseline
$m = Get-Median $withModule
$e = Get-Median $withEmptyModule
[pscustomobject]@{
    Runs                    = $Runs
    BaselineMedianMs        = [math]::Round($b)
    WithModuleMedianMs      = [math]::Round($m)
    ImportAddsMs            = [math]::Round($m - $b)
    EmptyModuleAddsMs       = [math]::Round($e - $b)
    OursBeyondEmptyModuleMs = [math]::Round($m - $e)
    GoalMs                  = 150
}
