<#
.SYNOPSIS
    Times Test-VmssAutoscaleTemplate on the largest template of the public corpus, in a fresh
    process: the first call after Import-Module (cold: JIT and type loading included) and the
    median of repeated calls (warm).

.EXAMPLE
    dotnet pwsh ./build.ps1; dotnet pwsh -NoProfile -File ./benchmarks/templates/Measure-TemplateAnalysis.ps1
#>
[CmdletBinding()]
param(
    [string] $ModuleManifest = (Join-Path $PSScriptRoot '../../out/VmssAutoscale/VmssAutoscale.psd1'),
    # Defaults to the largest azuredeploy.json in ../shared/fixtures/templates beside the checkout.
    [string] $TemplatePath,
    [int] $Iterations = 50
)

$ErrorActionPreference = 'Stop'
if (-not $TemplatePath) {
    $corpus = if ($env:VMSSAUTOSCALE_CORPUS) { $env:VMSSAUTOSCALE_CORPUS } else { Join-Path $PSScriptRoot '../../../shared/fixtures' }
    $TemplatePath = Get-ChildItem (Join-Path $corpus 'templates') -Filter '*.json' |
        Where-Object Name -NotLike '*.parameters.json' | Sort-Object Length -Descending | Select-Object -First 1 -ExpandProperty FullName
}
$parameters = $TemplatePath -replace '\.json$', '.parameters.json'
$arguments = @{ Path = $TemplatePath }
if (Test-Path $parameters) { $arguments.ParameterPath = $parameters }

$import = [Diagnostics.Stopwatch]::StartNew()
Import-Module $ModuleManifest -Force
$import.Stop()

$cold = [Diagnostics.Stopwatch]::StartNew()
$findings = @(Test-VmssAutoscaleTemplate @arguments)
$cold.Stop()

$times = foreach ($i in 1..$Iterations) {
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $null = Test-VmssAutoscaleTemplate @arguments
    $sw.Stop()
    $sw.Elapsed.TotalMilliseconds
}
$sorted = $times | Sort-Object
[pscustomobject]@{
    Template        = Split-Path $TemplatePath -Leaf
    Bytes           = (Get-Item $TemplatePath).Length
    Findings        = $findings.Count
    ImportMs        = [math]::Round($import.Elapsed.TotalMilliseconds, 1)
    FirstCallMs     = [math]::Round($cold.Elapsed.TotalMilliseconds, 1)
    WarmMedianMs    = [math]::Round($sorted[[int]($sorted.Count / 2)], 2)
    WarmP95Ms       = [math]::Round($sorted[[int]($sorted.Count * 0.95) - 1], 2)
    Iterations      = $Iterations
    PowerShell      = $PSVersionTable.PSVersion.ToString()
}
