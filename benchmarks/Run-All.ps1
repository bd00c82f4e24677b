<#
.SYNOPSIS
    Reruns every figure of issue 14 (replay speed, cold start, memory, the naive comparison, live
    diagnosis with latency, import time) and prints one table: figure, goal, measured, floor, load, verdict.
.DESCRIPTION
    Builds the module, the engine benchmark and the fake ARM in Release first, writes the 30-day and
    1-day sample files to the temp folder when missing, then runs the measurement scripts of this folder
    one after another (each also prints its own detail). On a shared machine read the CPU columns and the
    ratios to the floors measured in the same run; the load average is printed beside every figure.
    Took 4 minutes with -Runs 2 at load average 9-12 on the 2-core machine (2026-11-29), builds
    included; the fleet case alone waits about 26 s of injected latency.
.EXAMPLE
    dotnet pwsh -NoProfile -File ./benchmarks/Run-All.ps1
.EXAMPLE
    dotnet pwsh -NoProfile -File ./benchmarks/Run-All.ps1 -Skip Fleet,Naive    # the replay figures only
#>
param(
    # Parts to leave out: Breakdown, Cold, Memory, Naive, Fleet, Import. Checked below rather than by
    # ValidateSet: under `pwsh -File`, `-Skip Fleet,Naive` arrives as one string (write it without spaces).
    [string[]] $Skip = @(),
    [int] $Runs = 3
)
$ErrorActionPreference = 'Stop'
$parts = 'Breakdown', 'Cold', 'Memory', 'Naive', 'Fleet', 'Import'
$Skip = @($Skip -split '[,\s]+' | Where-Object { $_ })
foreach ($s in $Skip) {
    if ($s -notin $parts) { throw "-Skip '$s' is not one of: $($parts -join ', ')." }
}
$root = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
$started = [System.Diagnostics.Stopwatch]::StartNew()
function Load { if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg).Split(' ')[0] } else { 'unknown' } }
$pwsh = (Get-Process -Id $PID).Path
$prefix = @()
if ([System.IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { $prefix = @(Join-Path $PSHOME 'pwsh.dll') }
function Invoke-Script([string] $Path, [hashtable] $Arguments) {
    # In this process, so the objects come back as objects: the scripts that need fresh processes start
    # their own, and the naive comparison runs before anything else here imports the module, so its
    # first call is still a first call.
    & $Path @Arguments
}

Write-Host "Building (Release)..."
& $pwsh @prefix -NoProfile -File (Join-Path $root 'build.ps1') -Task Build | Out-Null
if ($LASTEXITCODE) { throw "build.ps1 failed" }
dotnet build (Join-Path $root 'benchmarks/Engine.Benchmarks') -c Release --nologo -v q | Out-Null
if ($LASTEXITCODE) { throw "Engine.Benchmarks did not build" }
$bench = Join-Path $root 'benchmarks/Engine.Benchmarks/bin/Release/net10.0/VmssAutoscale.Benchmarks.dll'
$csv = Join-Path ([System.IO.Path]::GetTempPath()) 'vmssautoscale-bench-samples.csv'
if (-not (Test-Path $csv)) {
    Write-Host "Writing $csv (30 days x 100 instances)..."
    & (Join-Path $PSScriptRoot 'engine/New-SampleCsv.ps1') -Path $csv -Days 30 -Instances 100 | Out-Null
}

$table = [System.Collections.Generic.List[object]]::new()
function Add-Figure([string] $Figure, [string] $Goal, [string] $Measured, [string] $Floor, [string] $LoadAverage, [bool] $Met) {
    $table.Add([pscustomobject]@{ Figure = $Figure; Goal = $Goal; Measured = $Measured; Floor = $Floor; Load = $LoadAverage; Verdict = if ($Met) { 'met' } else { 'missed' } })
}

if ('Breakdown' -notin $Skip) {
    Write-Host "`n## Where the time goes (one process, best of $Runs)"
    $load = Load
    $lines = dotnet $bench breakdown $csv $Runs
    $lines | Out-Host
    $phase = @{}
    foreach ($l in $lines) {
        if ($l -match '^\| (?<name>[^|]+?) \| (?<wall>[\d.]+) s \| (?<cpu>[\d.]+) s \|') { $phase[$Matches.name] = [pscustomobject]@{ Wall = [double]$Matches.wall; Cpu = [double]$Matches.cpu } }
    }
    $floor = $phase['bare read: lines (StreamReader.ReadLine)']
    $summary = $phase['parse + store + evaluate (-Summary: no reasons)']
    $timeline = $phase['parse + store + evaluate + reasons (timeline)']
    $rate = 4320000 / $summary.Cpu
    Add-Figure 'replay 30 d x 100, -Summary, in process (samples per CPU second)' '>= 10 M/s' ('{0:0.0} M/s ({1:0.00} s CPU, {2:0.00} s wall)' -f ($rate / 1e6), $summary.Cpu, $summary.Wall) ('line loop {0:0.00} s CPU ({1:0.0} M lines/s)' -f $floor.Cpu, (4320000 / $floor.Cpu / 1e6)) $load ($rate -ge 10e6)
    # Since the reader parses large files on another core, wall and CPU differ: both are printed, each against the sequential reader of the same run.
    $sequential = $phase['-Summary, sequential reader (one core)']
    if ($sequential) {
        $wallRate = 4320000 / $summary.Wall
        Add-Figure 'replay 30 d x 100, -Summary, in process (samples per wall second)' '>= 10 M/s' ('{0:0.0} M/s ({1:0.00} s wall, {2:0.00} s CPU)' -f ($wallRate / 1e6), $summary.Wall, $summary.Cpu) ('sequential reader {0:0.00} s wall, {1:0.00} s CPU ({2:0.0} M/s)' -f $sequential.Wall, $sequential.Cpu, (4320000 / $sequential.Wall / 1e6)) $load ($wallRate -ge 10e6)
    }
    Add-Figure 'timeline over -Summary, in process (CPU)' '<= 2x' ('{0:0.0}x ({1:0.00} / {2:0.00} s)' -f ($timeline.Cpu / $summary.Cpu), $timeline.Cpu, $summary.Cpu) '' $load (($timeline.Cpu / $summary.Cpu) -le 2)
}

if ('Cold' -notin $Skip) {
    Write-Host "`n## -Summary in a fresh PowerShell process, against the start and import floors"
    $load = Load
    $cold = Invoke-Script (Join-Path $PSScriptRoot 'engine/Measure-ColdSummary.ps1') @{ Runs = $Runs; Csv = $csv }
    $cold | Out-Host
    $k = @{}
    foreach ($o in $cold) { if ($o.PSObject.Properties['MedianWall']) { $k[$o.Kind] = $o } }
    Add-Figure 'replay 30 d x 100, -Summary, whole process (start + import + replay), median' '<= 1.5 s wall' ('{0:0.00} s wall, {1:0.00} s CPU' -f $k.replay.MedianWall, $k.replay.MedianCpu) ('start {0:0.00} s / {1:0.00} s CPU; + import {2:0.00} s / {3:0.00} s CPU' -f $k.nothing.MedianWall, $k.nothing.MedianCpu, $k.import.MedianWall, $k.import.MedianCpu) $load ($k.replay.MedianWall -le 1.5)
}

if ('Memory' -notin $Skip) {
    Write-Host "`n## One year x 100 instances, streamed (generated, no file)"
    $load = Load
    $line = dotnet $bench history 365 | Select-Object -Last 1
    $line | Out-Host
    if ($line -match 'peak working set (?<mb>\d+) MB' ) {
        $mb = [double]$Matches.mb
        $rate = if ($line -match '(?<r>[\d,]+) samples/s') { $Matches.r } else { '?' }
        Add-Figure '1 year x 100 instances streamed, peak working set' '< 300 MB' ('{0} MB ({1} samples/s by wall)' -f $mb, $rate) '' $load ($mb -lt 300)
    }
}

if ('Naive' -notin $Skip) {
    Write-Host "`n## The naive Import-Csv/Group-Object script, one process, 1-day file"
    $load = Load
    $naive = Invoke-Script (Join-Path $PSScriptRoot 'engine/Measure-NaiveComparison.ps1') @{ Runs = 5 }
    $naive | Format-Table Run, NaiveSeconds, NaiveCpuSeconds, ModuleSeconds, ModuleCpuSeconds, Ratio, CpuRatio, SameResult -AutoSize | Out-Host
    $first = $naive | Where-Object Run -EQ 1 | Select-Object -First 1
    $median = $naive | Where-Object Run -EQ 'median' | Select-Object -First 1
    if ($median) {
        Add-Figure 'naive script over module, 1 d x 100, median of 5 in one process' '>= 50x' ('{0}x wall, {1}x CPU; first call {2}x / {3}x' -f $median.Ratio, $median.CpuRatio, $first.Ratio, $first.CpuRatio) ('line loop {0} s' -f $median.FloorSeconds) $load ($median.Ratio -ge 50 -and $median.SameResult)
    }
}

if ('Fleet' -notin $Skip) {
    Write-Host "`n## Live diagnosis with 100 ms of latency on every fake ARM answer"
    dotnet build (Join-Path $root 'tests/FakeArm') -c Release --nologo -v q | Out-Null
    $live = Invoke-Script (Join-Path $PSScriptRoot 'live/Measure-DiagnosisLatency.ps1') @{ LatencyMs = 100; Fleet = 500 }
    $live | Format-Table -AutoSize | Out-Host
    foreach ($c in $live) {
        if (-not $c.PSObject.Properties['CriticalPath']) { continue }
        if ($c.Case -like 'one*') {
            Add-Figure 'Debug-VmssAutoscale, one scale set, 100 ms latency' '<= 4 round trips, < 3 s' ('{0} round trips, {1} requests, {2} s' -f $c.CriticalPath, $c.Requests, $c.Seconds) '' $c.LoadAverage ($c.CriticalPath -le 4 -and $c.Seconds -lt 3)
        } else {
            Add-Figure 'Debug-VmssAutoscale -All, 502 scale sets, 100 ms latency, default throttle' '< 60 s' ('{0} s, {1} requests, critical path {2}' -f $c.Seconds, $c.Requests, $c.CriticalPath) ('latency alone: {0:0.0} s' -f ($c.CriticalPath * 0.1)) $c.LoadAverage ($c.Seconds -lt 60)
        }
    }
}

if ('Import' -notin $Skip) {
    Write-Host "`n## Import-Module in a fresh process"
    $load = Load
    $import = Invoke-Script (Join-Path $PSScriptRoot 'import/Measure-Import.ps1') @{ Runs = 10 }
    $import | Out-Host
    $i = $import | Select-Object -Last 1
    Add-Figure 'Import-Module adds (median of 10 fresh processes)' '< 150 ms' ('{0} ms ({1} ms beyond an empty module)' -f $i.ImportAddsMs, $i.OursBeyondEmptyModuleMs) ('empty module adds {0} ms; bare start {1} ms' -f $i.EmptyModuleAddsMs, $i.BaselineMedianMs) $load ($i.ImportAddsMs -lt 150)
}

Write-Host ("`n## Issue 14 figures, {0:yyyy-MM-dd HH:mm}Z, {1} cores, run took {2:0} s`n" -f [DateTime]::UtcNow, [Environment]::ProcessorCount, $started.Elapsed.TotalSeconds)
$table | Format-Table -Wrap -AutoSize | Out-Host
$table
