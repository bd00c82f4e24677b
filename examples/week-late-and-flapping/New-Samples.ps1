#Requires -Version 5.1
<#
.SYNOPSIS
    Writes samples.csv: a week of per-minute 'Percentage CPU' of the scale set 'web' as 4 instances
    recorded it, for the Optimize-VmssAutoscaleSetting and Compare-VmssAutoscaleSetting examples.
.DESCRIPTION
    Synthetic and deterministic (a seeded System.Random): a quiet night, a morning ramp to a weekday
    peak, an afternoon plateau, lighter weekends and a few short bursts. The load is the total over the
    instances, spread evenly over the 4 recorded instances with a little noise per instance, so that
    -LoadModel RedistributeTotal can spread it over any simulated capacity.
    Rerun it to regenerate the file: dotnet pwsh -NoProfile -File ./examples/week-late-and-flapping/New-Samples.ps1
#>
param([string] $Path = (Join-Path $PSScriptRoot 'samples.csv'))

$random = [System.Random]::new(23)
$start = [datetime]::new(2026, 11, 30, 0, 0, 0, [DateTimeKind]::Utc)   # a Monday
$lines = [System.Collections.Generic.List[string]]::new()
$lines.Add('Instance,Timestamp,MetricName,Value')
$burstUntil = -1
for ($m = 0; $m -lt 7 * 24 * 60; $m++) {
    $t = $start.AddMinutes($m)
    $hour = $t.Hour + $t.Minute / 60.0
    $weekend = $t.DayOfWeek -eq 'Saturday' -or $t.DayOfWeek -eq 'Sunday'
    # Total CPU points over the instances: 80 at night, a ramp from 07:00 to a 09:00-12:00 peak, a lunch dip, an afternoon plateau.
    $total = if ($hour -lt 7) { 80 }
        elseif ($hour -lt 9) { 80 + ($hour - 7) / 2 * 420 }
        elseif ($hour -lt 12) { 500 }
        elseif ($hour -lt 13) { 360 }
        elseif ($hour -lt 17) { 440 }
        elseif ($hour -lt 20) { 440 - ($hour - 17) / 3 * 320 }
        else { 120 }
    if ($weekend) { $total = 60 + $total * 0.35 }
    if ($burstUntil -lt $m -and $random.NextDouble() -lt 0.002) { $burstUntil = $m + 15 + $random.Next(0, 20) }
    if ($m -le $burstUntil) { $total += 220 }
    $total += $random.Next(-25, 26)
    $stamp = $t.ToString('yyyy-MM-ddTHH:mm:ssZ', [cultureinfo]::InvariantCulture)
    for ($i = 0; $i -lt 4; $i++) {
        $value = [math]::Max(0, [math]::Round($total / 4 + $random.Next(-3, 4), 1))
        $lines.Add(('web_{0},{1},Percentage CPU,{2}' -f $i, $stamp, $value.ToString([cultureinfo]::InvariantCulture)))
    }
}
[System.IO.File]::WriteAllLines($Path, $lines, [System.Text.UTF8Encoding]::new($false))
