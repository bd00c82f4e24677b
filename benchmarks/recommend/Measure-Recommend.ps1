<#
.SYNOPSIS
    Issue 23's speed figures: 1,000 candidate settings scored over 30 days x 100 instances (goal 10 s),
    and Optimize-VmssAutoscaleSetting over a week of 12 instances in a fresh process (goal: well under
    a minute, start included), each with its floor measured in the same run.
.DESCRIPTION
    Sweep: in one process, the samples are read once into a LoadHistory (timed apart: the floor of any
    approach that reads them), then 1,000 settings (10 scale-out thresholds x 10 scale-in thresholds x
    5 scale-out windows x 2 cooldowns over bench-setting.json, not filtered) are scored with
    SettingOptimizer.ScoreAll on every processor. One simulator replay of the same setting
    (Invoke-VmssAutoscaleSimulation -LoadModel RedistributeTotal -Summary, which reads the file each
    time) is timed too: 1,000 of those is what a search without shared aggregates would cost.
    Week: fresh processes alternate between importing the module only (the floor) and importing it and
    running Optimize-VmssAutoscaleSetting on a week of 12 instances; medians are reported with the
    load average at the start of each run.
.EXAMPLE
    dotnet tool restore; dotnet pwsh -NoProfile -File ./build.ps1 -Task Build
    dotnet pwsh -NoProfile -File ./benchmarks/recommend/Measure-Recommend.ps1 -Runs 3
#>
param(
    [int] $Runs = 3,
    [string] $Csv = (Join-Path ([System.IO.Path]::GetTempPath()) 'vmssautoscale-bench-samples.csv'),
    [string] $WeekCsv = (Join-Path ([System.IO.Path]::GetTempPath()) 'vmssautoscale-bench-week12.csv'),
    [switch] $SkipSweep,
    [switch] $SkipWeek
)
$ErrorActionPreference = 'Stop'
$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$manifest = Join-Path $root 'out/VmssAutoscale/VmssAutoscale.psd1'
if (-not (Test-Path $manifest)) { throw "Build first: dotnet pwsh ./build.ps1 -Task Build (missing $manifest)" }
$engine = Join-Path $root 'benchmarks/engine'
$setting = Join-Path $engine 'bench-setting.json'
function Get-Load { if (Test-Path /proc/loadavg) { ((Get-Content /proc/loadavg) -split ' ')[0] } else { 'n/a' } }
function Get-Median([double[]] $v) { $s = $v | Sort-Object; $s[[int][math]::Floor(($s.Count - 1) / 2)] }

if (-not $SkipSweep) {
    if (-not (Test-Path $Csv)) {
        Write-Host "Writing $Csv (30 days x 1440 minutes x 100 instances)..."
        & (Join-Path $engine 'New-SampleCsv.ps1') -Path $Csv -Days 30 -Instances 100 | Out-Null
    }
    Import-Module $manifest
    $s = Get-VmssAutoscaleSetting -Path $setting
    $options = [VmssAutoscale.Engine.EngineOptions]::Default
    $load = $s.Profiles[0].Rules[0].MetricTrigger
    $knobs = [VmssAutoscale.Recommend.SettingKnobs]::new($s, 85, $load.MetricName, $false)
    $index = @{}
    for ($k = 0; $k -lt $knobs.Knobs.Count; $k++) { $index["$($knobs.Knobs[$k].Rule)/$($knobs.Knobs[$k].Field)"] = $k }
    $candidates = [System.Collections.Generic.List[VmssAutoscale.Model.AutoscaleSetting]]::new()
    foreach ($out in 50..59 | ForEach-Object { $_ + ($_ - 50) * 4 }) {
        foreach ($in in 1..10 | ForEach-Object { $_ * 4 }) {
            foreach ($window in 5, 10, 15, 20, 30) {
                foreach ($cooldown in 5, 10) {
                    $v = $knobs.Current()
                    $v[$index['0/Threshold']] = $out; $v[$index['1/Threshold']] = $in
                    $v[$index['0/TimeWindow']] = $window; $v[$index['0/Cooldown']] = $cooldown
                    $candidates.Add($knobs.Build($v))
                }
            }
        }
    }
    $self = [System.Diagnostics.Process]::GetCurrentProcess()
    $rows = foreach ($r in 1..$Runs) {
        $startLoad = Get-Load
        [GC]::Collect()
        $cpu0 = $self.TotalProcessorTime; $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $reader = [VmssAutoscale.Sources.SampleCsvReader]::new($Csv)
        try { $history = [VmssAutoscale.Recommend.LoadHistory]::Read($reader.ReadAll(), $s, $load, [VmssAutoscale.Recommend.SettingKnobs]::LongestCandidateWindow, $options, [System.Threading.CancellationToken]::None, $null) }
        finally { $reader.Dispose() }
        $parse = $clock.Elapsed.TotalSeconds; $self.Refresh(); $parseCpu = ($self.TotalProcessorTime - $cpu0).TotalSeconds
        $last = $history.LastSampleTicks - ($history.LastSampleTicks % [timespan]::TicksPerMinute)
        $plan = [VmssAutoscale.Recommend.ReplayPlan]::new($history, [datetime]::new($history.LeadInEnd, 'Utc'), [datetime]::new($last, 'Utc').AddMinutes(1), 100, [timespan]::FromMinutes(5), 85, $options)
        $optimizer = [VmssAutoscale.Recommend.SettingOptimizer]::new($plan, [VmssAutoscale.Recommend.ScoreOrder]::new(0.01 * $plan.Minutes), [System.Threading.CancellationToken]::None)
        $self.Refresh(); $cpu1 = $self.TotalProcessorTime; $clock.Restart()
        $scores = $optimizer.ScoreAll($candidates)
        $sweep = $clock.Elapsed.TotalSeconds; $self.Refresh(); $sweepCpu = ($self.TotalProcessorTime - $cpu1).TotalSeconds
        # Engine runs per candidate: the minutes the replay could not skip, on a sample of 20 candidates.
        $replay = [VmssAutoscale.Recommend.CandidateReplay]::new($plan)
        $calls = foreach ($i in 0..19) { [void] $replay.Run($candidates[$i * 50]); $replay.EngineCalls }
        $clock.Restart()
        $sim = Invoke-VmssAutoscaleSimulation -Path $setting -SamplePath $Csv -LoadModel RedistributeTotal -InstanceWarmup '00:05:00' -InitialCapacity 100 -Summary -ProgressAction SilentlyContinue
        $one = $clock.Elapsed.TotalSeconds
        [pscustomobject]@{ Run = $r; Load = $startLoad; Minutes = $plan.Minutes; Samples = $history.SamplesRead; ParseWall = $parse; ParseCpu = $parseCpu; SweepWall = $sweep; SweepCpu = $sweepCpu; PerCandidateMs = 1000 * $sweepCpu / $candidates.Count; EngineCallsPerCandidate = ($calls | Measure-Object -Average).Average; OneSimulation = $one; Candidates = $candidates.Count }
    }
    $rows | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
    'Sweep of {0} candidates over {1} minutes ({2:N0} samples): median {3:0.00} s wall, {4:0.00} s CPU (goal 10 s wall); reading the samples once (the floor) {5:0.00} s wall; one simulator replay {6:0.00} s, so 1,000 would take about {7:0} s' -f `
        $candidates.Count, $rows[0].Minutes, $rows[0].Samples, (Get-Median $rows.SweepWall), (Get-Median $rows.SweepCpu), (Get-Median $rows.ParseWall), (Get-Median $rows.OneSimulation), (1000 * (Get-Median $rows.OneSimulation)) | Write-Host
}

if (-not $SkipWeek) {
    if (-not (Test-Path $WeekCsv)) { & (Join-Path $engine 'New-SampleCsv.ps1') -Path $WeekCsv -Days 7 -Instances 12 | Out-Null }
    $weekSetting = Join-Path $root 'examples/week-late-and-flapping/setting.json'
    $child = @'
param($Kind, $Manifest, $Setting, $Csv)
$n = 0
Import-Module $Manifest
if ($Kind -eq 'optimize') {
    $n = (Optimize-VmssAutoscaleSetting -Path $Setting -SamplePath $Csv -MaxLoad 85 -WarningAction SilentlyContinue -ProgressAction SilentlyContinue | Select-Object -First 1).CandidatesEvaluated
}
$n
'@
    $file = Join-Path ([System.IO.Path]::GetTempPath()) 'vmssautoscale-bench-optimize.ps1'
    Set-Content -Path $file -Value $child
    $pwsh = (Get-Process -Id $PID).Path
    $prefix = @()
    if ([System.IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { $prefix = @(Join-Path $PSHOME 'pwsh.dll') }
    $week = foreach ($r in 1..$Runs) {
        foreach ($kind in 'import', 'optimize') {
            $startLoad = Get-Load
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $out = & $pwsh @prefix -NoProfile -File $file $kind $manifest $weekSetting $WeekCsv
            [pscustomobject]@{ Run = $r; Kind = $kind; Load = $startLoad; Wall = $clock.Elapsed.TotalSeconds; Candidates = $out | Select-Object -Last 1 }
        }
    }
    $week | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
    $opt = @($week | Where-Object Kind -EQ optimize)
    'Week of 12 instances: Optimize-VmssAutoscaleSetting in a fresh process, median {0:0.0} s wall for {1} candidates (goal: well under 60 s); start + import alone (the floor) {2:0.0} s' -f `
        (Get-Median $opt.Wall), $opt[0].Candidates, (Get-Median ($week | Where-Object Kind -EQ import).Wall) | Write-Host
}
