<#
.SYNOPSIS
    The README's main job, offline: diagnose an example scale set from its snapshot bundle.

.DESCRIPTION
    Imports the built module and runs Debug-VmssAutoscale -Snapshot on one of the bundles in
    this folder (each reproduces a classic autoscale failure; 'healthy' has none). Prints the
    conditions and the findings, most likely cause first. No Azure account is needed.

.EXAMPLE
    ./examples/Demo.ps1 -ModuleManifest ./out/VmssAutoscale/VmssAutoscale.psd1 -Example one-hot-instance
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $ModuleManifest,

    # A folder under examples/; empty means the default, which shows a failure.
    [string] $Example = ''
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
Import-Module $ModuleManifest -Force

$available = Get-ChildItem -Path $PSScriptRoot -Directory | Where-Object { Test-Path (Join-Path $_.FullName 'snapshot.json') } | ForEach-Object Name
if (-not $Example) { $Example = 'one-hot-instance' }
if ($available -notcontains $Example) {
    throw "No example '$Example'. Choose one of: $($available -join ', ')."
}

$bundle = Join-Path $PSScriptRoot $Example
$description = (Get-Content -Raw (Join-Path $bundle 'snapshot.json') | ConvertFrom-Json).description
Write-Host "Example: $Example" -ForegroundColor Cyan
Write-Host $description
Write-Host ''
Write-Host "> Debug-VmssAutoscale -Snapshot ./examples/$Example" -ForegroundColor Cyan

$output = @(Debug-VmssAutoscale -Snapshot $bundle)
$diagnosis = $output | Where-Object { $_ -is [VmssAutoscale.Model.Diagnosis] } | Select-Object -Last 1
$findings = $output | Where-Object { $_ -is [VmssAutoscale.Model.Finding] }

Write-Host ''
Write-Host "Scale set $($diagnosis.VMScaleSetName): capacity $($diagnosis.CurrentCapacity)" -ForegroundColor Cyan
foreach ($c in $diagnosis.Conditions) {
    # Status is a bool? (null: unknown); compare with $true/$false, never with the strings 'True'/'False'.
    $color = if (($c.Type -eq 'ScalingLimited' -and $c.Status -eq $true) -or ($c.Type -ne 'ScalingLimited' -and $c.Status -eq $false)) { 'Yellow' } else { 'Gray' }
    Write-Host ('  {0,-15} {1,-7} {2}' -f $c.Type, [VmssAutoscale.Model.ConditionStatus]::Text($c.Status), $c.Reason) -ForegroundColor $color
}

Write-Host ''
# The same lines as the cmdlet's default view (ConsoleText.Finding), in colour: the Demo and the cmdlet agree.
$width = [VmssAutoscale.Model.ConsoleText]::ViewWidth($env:COLUMNS, $(try { $Host.UI.RawUI.BufferSize.Width } catch { 0 }))
foreach ($f in $findings) {
    $color = switch ($f.Status) { 'Fail' { 'Red' } 'Warn' { 'Yellow' } 'Pass' { 'Green' } default { 'DarkGray' } }
    $lines = [VmssAutoscale.Model.ConsoleText]::Finding($f, $width) -split "`n"
    Write-Host $lines[0] -ForegroundColor $color
    $remedy = $false
    foreach ($line in $lines | Select-Object -Skip 1) {
        $remedy = $remedy -or $line -match '^\s+Do: '
        Write-Host $line -ForegroundColor $(if ($remedy) { 'DarkCyan' } else { 'Gray' })
    }
}

Write-Host ''
Write-Host "Examples: $($available -join ', ')"
Write-Host "Report with charts: $(Join-Path $bundle 'report.html')  (Export-VmssAutoscaleReport -Snapshot $bundle -Path <dir> writes a fresh one)"
