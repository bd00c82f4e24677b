<#
.SYNOPSIS
    Times, inside one PowerShell process, the script an operator would write to replay a scale
    set's autoscale rules from a sample CSV against Invoke-VmssAutoscaleSimulation -Summary on the
    same file and setting, beside a bare read of the file, and checks that both end at the same capacity.
.DESCRIPTION
    Issue 14's goal: the module at least 50 times faster than the naive script on the 1-day x 100
    instances file (144,000 samples). Order in the process: import the module, then for each run
    the bare read (the floor), the naive script, the module. A full garbage collection runs before
    each timed phase so no phase pays for the previous one's garbage. Wall and CPU time (the whole
    process, all threads, GC included) are both reported because the project's 2-core machine is
    shared and its load stretches wall time; the load average is read before and after each run.

    The naive script reads the same bench-setting.json and applies its first profile's rules the
    way autoscale-understanding-settings describes them and the engine's defaults read them: one
    evaluation a minute from the first sample plus the window, the window's minutes averaged (each
    minute the average across instances), any scale-out rule fires, every scale-in rule must fire,
    the cooldown of the rule that fired the last action blocks every rule, and a scale-in that would
    make a scale-out rule fire at the new count (value x current / new) is reduced or deferred.
    It assumes what the generated file guarantees (one metric, one row per instance and minute,
    no gaps) and would need more code for anything else; the module handles those cases.
.EXAMPLE
    dotnet pwsh -NoProfile -File ./benchmarks/engine/Measure-NaiveComparison.ps1
.EXAMPLE
    dotnet pwsh -NoProfile -File ./benchmarks/engine/Measure-NaiveComparison.ps1 -Runs 2 -Days 3
#>
param(
    [int] $Runs = 1,
    [int] $Days = 1,
    [int] $Instances = 100,
    [string] $Csv
)
$ErrorActionPreference = 'Stop'
$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$manifest = Join-Path $root 'out/VmssAutoscale/VmssAutoscale.psd1'
if (-not (Test-Path $manifest)) { throw "Build first: dotnet pwsh ./build.ps1 -Task Build (missing $manifest)" }
$setting = Join-Path $PSScriptRoot 'bench-setting.json'
if (-not $Csv) { $Csv = Join-Path ([System.IO.Path]::GetTempPath()) "vmssautoscale-bench-${Days}d-${Instances}.csv" }
if (-not (Test-Path $Csv)) {
    Write-Host "Writing $Csv ($Days days x 1440 minutes x $Instances instances)..."
    & (Join-Path $PSScriptRoot 'New-SampleCsv.ps1') -Path $Csv -Days $Days -Instances $Instances | Out-Null
}
$Csv = (Resolve-Path $Csv).Path
Import-Module $manifest
# No progress bar: drawing it would be timed too (the preference also works on Windows PowerShell 5.1, -ProgressAction does not).
$ProgressPreference = 'SilentlyContinue'

# The operator's script: cmdlets a person types, no compiled helpers, no tricks for speed.
$naive = {
    param([string] $CsvPath, [string] $SettingPath)
    $json = Get-Content $SettingPath -Raw | ConvertFrom-Json
    $autoscaleProfile = $json.properties.profiles[0]
    $minimum = [int] $autoscaleProfile.capacity.minimum
    $maximum = [int] $autoscaleProfile.capacity.maximum
    $rules = foreach ($r in $autoscaleProfile.rules) {
        [pscustomobject]@{
            Direction = $r.scaleAction.direction
            Operator  = $r.metricTrigger.operator
            Threshold = [double] $r.metricTrigger.threshold
            Window    = [int] [System.Xml.XmlConvert]::ToTimeSpan($r.metricTrigger.timeWindow).TotalMinutes
            Change    = [int] $r.scaleAction.value
            Cooldown  = [System.Xml.XmlConvert]::ToTimeSpan($r.scaleAction.cooldown)
        }
    }
    $outRules = @($rules | Where-Object Direction -eq 'Increase')
    $inRules = @($rules | Where-Object Direction -eq 'Decrease')
    $window = ($rules | Measure-Object Window -Maximum).Maximum
    function Test-Condition($Value, $Rule) {
        switch ($Rule.Operator) {
            'GreaterThan' { $Value -gt $Rule.Threshold }
            'GreaterThanOrEqual' { $Value -ge $Rule.Threshold }
            'LessThan' { $Value -lt $Rule.Threshold }
            'LessThanOrEqual' { $Value -le $Rule.Threshold }
            'Equals' { $Value -eq $Rule.Threshold }
            'NotEquals' { $Value -ne $Rule.Threshold }
        }
    }

    # One row per minute: the average across instances.
    $minutes = Import-Csv $CsvPath | Group-Object Timestamp | ForEach-Object {
        [pscustomobject]@{
            Time      = [datetime]::Parse($_.Name, [cultureinfo]::InvariantCulture, 'AdjustToUniversal')
            Average   = ($_.Group | Measure-Object Value -Average).Average
            Instances = $_.Group.Instance
        }
    } | Sort-Object Time

    $capacity = @($minutes[0..($window - 1)].Instances | Sort-Object -Unique).Count
    $cooldownUntil = [datetime]::MinValue
    $scaleOuts = 0; $scaleIns = 0
    for ($i = $window; $i -le $minutes.Count; $i++) {
        $now = $minutes[$i - 1].Time.AddMinutes(1)
        $value = ($minutes[($i - $window)..($i - 1)] | Measure-Object Average -Average).Average
        if ($now -lt $cooldownUntil) { continue }
        $firedOut = @($outRules | Where-Object { Test-Condition $value $_ })
        if ($firedOut.Count -gt 0) {
            $rule = $firedOut | Sort-Object Change -Descending | Select-Object -First 1
            $target = [math]::Min($capacity + $rule.Change, $maximum)
            if ($target -gt $capacity) {
                $capacity = $target; $scaleOuts++; $cooldownUntil = $now + $rule.Cooldown
            }
            continue
        }
        $firedIn = @($inRules | Where-Object { Test-Condition $value $_ })
        if ($inRules.Count -eq 0 -or $firedIn.Count -ne $inRules.Count) { continue }
        $rule = $firedIn | Sort-Object Change | Select-Object -First 1
        $target = [math]::Max($capacity - $rule.Change, $minimum)
        # Flapping: the largest reduction at which no scale-out rule fires on value x current / new.
        $safe = $null
        for ($n = $target; $n -lt $capacity; $n++) {
            if (-not ($outRules | Where-Object { Test-Condition ($value * $capacity / $n) $_ })) { $safe = $n; break }
        }
        if ($null -ne $safe) {
            $capacity = $safe; $scaleIns++; $cooldownUntil = $now + $rule.Cooldown
        }
    }
    [pscustomobject]@{ Evaluations = $minutes.Count - $window + 1; FinalCapacity = $capacity; ScaleOuts = $scaleOuts; ScaleIns = $scaleIns }
}

$process = [System.Diagnostics.Process]::GetCurrentProcess()
function Get-LoadAverage { if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg).Split(' ')[0] } else { 'unknown' } }
function Measure-Phase([scriptblock] $Work) {
    [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
    $process.Refresh()
    $cpu0 = $process.TotalProcessorTime
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $result = & $Work
    $sw.Stop()
    $process.Refresh()
    [pscustomobject]@{ Seconds = $sw.Elapsed.TotalSeconds; CpuSeconds = ($process.TotalProcessorTime - $cpu0).TotalSeconds; Result = $result }
}

$rows = for ($r = 1; $r -le $Runs; $r++) {
    $loadBefore = Get-LoadAverage
    $floor = Measure-Phase { [System.Linq.Enumerable]::Count([System.IO.File]::ReadLines($Csv)) }
    $plain = Measure-Phase { & $naive $Csv $setting }
    $module = Measure-Phase { Invoke-VmssAutoscaleSimulation -Path $setting -SamplePath $Csv -Summary }
    $loadAfter = Get-LoadAverage
    $n = $plain.Result; $m = $module.Result
    $same = $n.FinalCapacity -eq $m.FinalCapacity -and $n.ScaleOuts -eq $m.ScaleOuts -and $n.ScaleIns -eq $m.ScaleIns -and $n.Evaluations -eq $m.Evaluations
    if (-not $same) {
        Write-Warning ("The naive script and the module disagree: naive {0} evaluations, final {1}, {2} out / {3} in; module {4} evaluations, final {5}, {6} out / {7} in. The ratio compares different work." -f $n.Evaluations, $n.FinalCapacity, $n.ScaleOuts, $n.ScaleIns, $m.Evaluations, $m.FinalCapacity, $m.ScaleOuts, $m.ScaleIns)
    }
    [pscustomobject]@{
        Run                 = $r
        Samples             = $m.SamplesRead
        CsvMB               = [math]::Round((Get-Item $Csv).Length / 1MB, 1)
        LoadAverage         = "$loadBefore-$loadAfter"
        FloorSeconds        = [math]::Round($floor.Seconds, 3)
        FloorCpuSeconds     = [math]::Round($floor.CpuSeconds, 3)
        NaiveSeconds        = [math]::Round($plain.Seconds, 2)
        NaiveCpuSeconds     = [math]::Round($plain.CpuSeconds, 2)
        ModuleSeconds       = [math]::Round($module.Seconds, 3)
        ModuleCpuSeconds    = [math]::Round($module.CpuSeconds, 3)
        Ratio               = [math]::Round($plain.Seconds / $module.Seconds, 1)
        CpuRatio            = [math]::Round($plain.CpuSeconds / [math]::Max($module.CpuSeconds, 0.001), 1)
        ModuleOverFloor     = [math]::Round($module.Seconds / $floor.Seconds, 1)
        NaiveFinalCapacity  = $n.FinalCapacity
        ModuleFinalCapacity = $m.FinalCapacity
        NaiveOutsIns        = "$($n.ScaleOuts)/$($n.ScaleIns)"
        ModuleOutsIns       = "$($m.ScaleOuts)/$($m.ScaleIns)"
        SameResult          = $same
    }
}
$rows
if ($Runs -gt 2) {
    # The first run pays the JIT and PowerShell's script compilation; the median of the runs is the steadier figure.
    function Get-Median([double[]] $Values) { $s = $Values | Sort-Object; $s[[int][math]::Floor(($s.Count - 1) / 2)] }
    $naiveMedian = Get-Median $rows.NaiveSeconds; $moduleMedian = Get-Median $rows.ModuleSeconds
    $naiveCpuMedian = Get-Median $rows.NaiveCpuSeconds; $moduleCpuMedian = Get-Median $rows.ModuleCpuSeconds
    [pscustomobject]@{
        Run              = 'median'
        FloorSeconds     = Get-Median $rows.FloorSeconds
        FloorCpuSeconds  = Get-Median $rows.FloorCpuSeconds
        NaiveSeconds     = $naiveMedian
        NaiveCpuSeconds  = $naiveCpuMedian
        ModuleSeconds    = $moduleMedian
        ModuleCpuSeconds = $moduleCpuMedian
        Ratio            = [math]::Round($naiveMedian / $moduleMedian, 1)
        CpuRatio         = [math]::Round($naiveCpuMedian / [math]::Max($moduleCpuMedian, 0.001), 1)
        SameResult       = -not ($rows.SameResult -contains $false)
    }
}
