<#
.SYNOPSIS
    The -Summary replay as a user meets it: a fresh PowerShell process that imports the module and runs
    Invoke-VmssAutoscaleSimulation -Summary over the 30-day file, against two floors measured in the same
    run: a fresh process that does nothing, and one that only imports the module.
.DESCRIPTION
    The three kinds of process alternate (nothing, import, import + replay) so that load on a shared
    machine hits all alike; each reports its own CPU time (user + sys of every thread since the process
    started, read by the process just before it exits) and the parent times its wall clock from launch to
    exit. Medians per kind are reported, with the load average at the start of each run.
.EXAMPLE
    dotnet pwsh -NoProfile -File ./benchmarks/engine/Measure-ColdSummary.ps1 -Runs 5
#>
param(
    [int] $Runs = 5,
    [string] $Csv = (Join-Path ([System.IO.Path]::GetTempPath()) 'vmssautoscale-bench-samples.csv'),
    # Extra environment for the child processes, e.g. @{ DOTNET_TieredPGO = '0' }, to weigh runtime settings.
    [hashtable] $Environment = @{},
    # Another build of the module to compare (its .psd1); default: this checkout's out/VmssAutoscale.
    [string] $Manifest
)
$ErrorActionPreference = 'Stop'
$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$manifest = if ($Manifest) { (Resolve-Path $Manifest).Path } else { Join-Path $root 'out/VmssAutoscale/VmssAutoscale.psd1' }
if (-not (Test-Path $manifest)) { throw "Build first: dotnet pwsh ./build.ps1 -Task Build (missing $manifest)" }
$setting = Join-Path $PSScriptRoot 'bench-setting.json'
if (-not (Test-Path $Csv)) {
    Write-Host "Writing $Csv (30 days x 1440 minutes x 100 instances)..."
    & (Join-Path $PSScriptRoot 'New-SampleCsv.ps1') -Path $Csv -Days 30 -Instances 100 | Out-Null
}

$child = @'
param($Kind, $Manifest, $Setting, $Csv)
$n = 0
if ($Kind -ne 'nothing') { Import-Module $Manifest }
if ($Kind -eq 'replay') {
    $n = (Invoke-VmssAutoscaleSimulation -Path $Setting -SamplePath $Csv -Summary -ProgressAction SilentlyContinue).SamplesRead
}
$p = [System.Diagnostics.Process]::GetCurrentProcess()
'{0}|{1}' -f $p.TotalProcessorTime.TotalSeconds, $n
'@
$file = Join-Path ([System.IO.Path]::GetTempPath()) 'vmssautoscale-cold-summary.ps1'
Set-Content -Path $file -Value $child
$pwsh = (Get-Process -Id $PID).Path
$prefix = @()
if ([System.IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { $prefix = @(Join-Path $PSHOME 'pwsh.dll') }
foreach ($k in $Environment.Keys) { Set-Item -Path "env:$k" -Value $Environment[$k] }

$rows = foreach ($r in 1..$Runs) {
    foreach ($kind in 'nothing', 'import', 'replay') {
        $load = if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg).Split(' ')[0] } else { 'unknown' }
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        $out = & $pwsh @prefix -NoProfile -NonInteractive -File $file -Kind $kind -Manifest $manifest -Setting $setting -Csv $Csv
        $sw.Stop()
        $parts = ($out | Select-Object -Last 1).Split('|')
        [pscustomobject]@{ Run = $r; Kind = $kind; Wall = $sw.Elapsed.TotalSeconds; Cpu = [double]$parts[0]; Samples = [long]$parts[1]; Load = $load }
    }
}

function Median([double[]] $v) { $s = $v | Sort-Object; if ($s.Count % 2) { $s[[int][math]::Floor($s.Count / 2)] } else { ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2 } }
$rows | Format-Table Run, Kind, @{ n = 'Wall s'; e = { '{0:0.00}' -f $_.Wall } }, @{ n = 'CPU s'; e = { '{0:0.00}' -f $_.Cpu } }, Samples, Load -AutoSize | Out-Host
foreach ($kind in 'nothing', 'import', 'replay') {
    $k = @($rows | Where-Object Kind -EQ $kind)
    [pscustomobject]@{
        Kind        = $kind
        MedianWall  = [math]::Round((Median $k.Wall), 2)
        MedianCpu   = [math]::Round((Median $k.Cpu), 2)
        Loads       = ($k.Load -join ' ')
    }
}
