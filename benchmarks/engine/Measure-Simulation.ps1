<#
.SYNOPSIS
    Times Invoke-VmssAutoscaleSimulation -SamplePath over the 4.32-million-sample CSV in a fresh
    PowerShell process and reports the elapsed time and the process's peak working set.
.EXAMPLE
    dotnet pwsh -NoProfile -File ./benchmarks/engine/Measure-Simulation.ps1 -Runs 3
#>
param(
    [int] $Runs = 3,
    [int] $Days = 30,
    [int] $Instances = 100,
    [string] $Csv = (Join-Path ([System.IO.Path]::GetTempPath()) 'vmssautoscale-bench-samples.csv')
)
$ErrorActionPreference = 'Stop'
$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$manifest = Join-Path $root 'out/VmssAutoscale/VmssAutoscale.psd1'
if (-not (Test-Path $manifest)) { throw "Build first: dotnet pwsh ./build.ps1 (missing $manifest)" }
$setting = Join-Path $PSScriptRoot 'bench-setting.json'
if (-not (Test-Path $Csv)) {
    Write-Host "Writing $Csv ($Days days × 1440 minutes × $Instances instances)..."
    & (Join-Path $PSScriptRoot 'New-SampleCsv.ps1') -Path $Csv -Days $Days -Instances $Instances | Out-Null
}
$size = (Get-Item $Csv).Length

# CpuSeconds (all threads of the process, GC included) is reported beside the wall time because
# a shared 2-core machine under load stretches wall time. A fresh process per run, so the peak working set is this command's alone. Timeline (every step
# written to the pipeline and discarded) and -Summary are both measured.
$script = @'
param($Manifest, $Setting, $Csv, $Mode)
Import-Module $Manifest
$p = [System.Diagnostics.Process]::GetCurrentProcess()
# The floor, in the same process just before: a bare line loop over the same file (compiled, one string per line).
$fcpu0 = $p.TotalProcessorTime
$fsw = [System.Diagnostics.Stopwatch]::StartNew()
$null = [System.Linq.Enumerable]::Count([System.IO.File]::ReadLines($Csv))
$fsw.Stop()
$p.Refresh()
$floor = '{0}|{1}' -f $fsw.Elapsed.TotalSeconds, ($p.TotalProcessorTime - $fcpu0).TotalSeconds
$cpu0 = $p.TotalProcessorTime
$sw = [System.Diagnostics.Stopwatch]::StartNew()
if ($Mode -eq 'Summary') {
    $s = Invoke-VmssAutoscaleSimulation -Path $Setting -SamplePath $Csv -Summary -ProgressAction SilentlyContinue
    $n = $s.SamplesRead
} else {
    # Out-Null consumes the steps without a scriptblock per object, so the cmdlet is what is timed.
    Invoke-VmssAutoscaleSimulation -Path $Setting -SamplePath $Csv -ProgressAction SilentlyContinue | Out-Null
    $n = 'timeline'
}
$sw.Stop()
$p.Refresh()
'{0}|{1}|{2}|{3}|{4}' -f $sw.Elapsed.TotalSeconds, ($p.PeakWorkingSet64 / 1MB), $n, ($p.TotalProcessorTime - $cpu0).TotalSeconds, $floor
'@
$file = Join-Path ([System.IO.Path]::GetTempPath()) 'vmssautoscale-bench-run.ps1'
Set-Content -Path $file -Value $script
$pwsh = (Get-Process -Id $PID).Path
$prefix = @()
if ([System.IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { $prefix = @(Join-Path $PSHOME 'pwsh.dll') }
foreach ($mode in 'Summary', 'Timeline') {
    for ($r = 1; $r -le $Runs; $r++) {
        $load = if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg).Split(' ')[0] } else { 'unknown' }
        $outer = [System.Diagnostics.Stopwatch]::StartNew()
        $out = & $pwsh @prefix -NoProfile -NonInteractive -File $file -Manifest $manifest -Setting $setting -Csv $Csv -Mode $mode
        $outer.Stop()
        $parts = ($out | Select-Object -Last 1).Split('|')
        [pscustomobject]@{
            Mode         = $mode
            Run          = $r
            Seconds      = [math]::Round([double]$parts[0], 2)
            CpuSeconds   = [math]::Round([double]$parts[3], 2)
            # The whole process: PowerShell's start, the import, the floor read and the command.
            ProcessSeconds = [math]::Round($outer.Elapsed.TotalSeconds, 2)
            FloorSeconds = [math]::Round([double]$parts[4], 2)
            FloorCpuSeconds = [math]::Round([double]$parts[5], 2)
            LoadAverage  = $load
            PeakWorkingSetMB = [math]::Round([double]$parts[1], 0)
            Count        = $parts[2]
            CsvMB        = [math]::Round($size / 1MB, 0)
        }
    }
}
