<#
.SYNOPSIS
    Peak memory and time of reading (Debug-VmssAutoscale) and re-exporting
    (Export-VmssAutoscaleReport) a snapshot bundle with many samples, each in a fresh PowerShell.
.EXAMPLE
    dotnet pwsh -NoProfile -File ./benchmarks/snapshot/Measure-BigSnapshot.ps1 -Samples 2000000
#>
param(
    [int] $Samples = 2000000,
    [string] $Manifest = (Join-Path $PSScriptRoot '../../out/VmssAutoscale/VmssAutoscale.psd1'),
    [string] $WorkFolder = (Join-Path ([IO.Path]::GetTempPath()) "vmssautoscale-big-$Samples")
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../../tests/Pester/TestUtils.psm1') -Force
Import-Module (Join-Path $PSScriptRoot '../../tests/Pester/BigSnapshot.psm1') -Force
$Manifest = (Resolve-Path $Manifest).Path
$bundle = Join-Path $WorkFolder 'bundle'
$export = Join-Path $WorkFolder 'export'
try {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $file = New-BigSnapshot -Path $bundle -Samples $Samples
    "bundle: $Samples samples, $([math]::Round($file.Length / 1MB)) MB written in $([math]::Round($watch.Elapsed.TotalSeconds)) s"
    $target = "-ResourceGroupName rg-autoscale-examples -VMScaleSetName vmss-healthy -WarningAction SilentlyContinue"
    $cases = [ordered]@{
        'nothing (import only)'              = '$null'
        'Debug-VmssAutoscale -Snapshot'      = "`$null = Debug-VmssAutoscale -Snapshot '$bundle' $target"
        'Export-VmssAutoscaleReport (all samples kept)' = "`$null = Export-VmssAutoscaleReport -Snapshot '$bundle' -Path '$export' $target"
    }
    foreach ($name in $cases.Keys) {
        if (Test-Path $export) { Remove-Item -Recurse -Force $export }
        $watch.Restart()
        $r = Measure-PeakMemory -Manifest $Manifest -Command $cases[$name]
        '{0,-48} peak {1,6} MB  {2,5} s' -f $name, [math]::Round($r.PeakBytes / 1MB), [math]::Round($watch.Elapsed.TotalSeconds)
    }
}
finally {
    Remove-Item -Recurse -Force $WorkFolder -ErrorAction SilentlyContinue
}
