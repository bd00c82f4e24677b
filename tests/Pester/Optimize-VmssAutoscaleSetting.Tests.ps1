#Requires -Version 5.1
# Drives Optimize-VmssAutoscaleSetting and Compare-VmssAutoscaleSetting in the BUILT module: the
# shipped week (examples/week-late-and-flapping) for the recount and the "done when" of issue 23,
# small generated days for the edge cases and bad input.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/VmssAutoscale/VmssAutoscale.psd1') -Force
    $script:Example = Join-Path $PSScriptRoot '../../examples/week-late-and-flapping'
    $script:SettingPath = Join-Path $Example 'setting.json'
    $script:SamplePath = Join-Path $Example 'samples.csv'

    # A day of CPU over 2 recorded instances: busy from 09:00 to 17:00.
    function New-DayCsv {
        param([string] $Name, [double] $Busy = 140, [double] $Quiet = 30)
        $path = Join-Path $TestDrive $Name
        $start = [datetime]::new(2024, 5, 1, 0, 0, 0, [DateTimeKind]::Utc)
        $lines = [System.Collections.Generic.List[string]]::new()
        $lines.Add('Instance,Timestamp,MetricName,Value')
        for ($m = 0; $m -lt 24 * 60; $m++) {
            $t = $start.AddMinutes($m)
            $total = if ($t.Hour -ge 9 -and $t.Hour -lt 17) { $Busy } else { $Quiet }
            foreach ($i in 0, 1) { $lines.Add(('vm_{0},{1:yyyy-MM-ddTHH:mm:ssZ},Percentage CPU,{2}' -f $i, $t, ($total / 2))) }
        }
        Set-Content -Path $path -Value $lines -Encoding utf8
        $path
    }

    function New-Setting {
        param([int] $Minimum = 1, [int] $Maximum = 10, [double[]] $Out = @(70), [double] $In = 20)
        $rule = { param($direction, $op, $threshold) @{ metricTrigger = @{ metricName = 'Percentage CPU'; timeGrain = 'PT1M'; statistic = 'Average'; timeWindow = 'PT10M'; timeAggregation = 'Average'; operator = $op; threshold = $threshold }; scaleAction = @{ direction = $direction; type = 'ChangeCount'; value = '1'; cooldown = 'PT5M' } } }
        $rules = @($Out | ForEach-Object { & $rule 'Increase' 'GreaterThan' $_ }) + @(& $rule 'Decrease' 'LessThan' $In)
        $json = @{ name = 'day'; properties = @{ enabled = $true; profiles = @(@{ name = 'default'; capacity = @{ minimum = "$Minimum"; maximum = "$Maximum"; default = "$Minimum" }; rules = $rules }) } } | ConvertTo-Json -Depth 10
        Get-VmssAutoscaleSetting -Json $json
    }

    # The scores recounted from Invoke-VmssAutoscaleSimulation's own timeline and the CSV, apart from the optimizer.
    function Get-Recount {
        param($Recommendation, [string] $SamplePath, [hashtable] $LoadByMinute)
        $r = $Recommendation
        $steps = @($r.Setting | Invoke-VmssAutoscaleSimulation -SamplePath $SamplePath -LoadModel RedistributeTotal -InstanceWarmup $r.InstanceWarmup -Start $r.Start -End $r.End -InitialCapacity $r.InitialCapacity)
        $warmup = [int][math]::Ceiling($r.InstanceWarmup.TotalMinutes)
        $maximum = $r.Setting.Profiles[0].Capacity.Maximum
        $overload = 0; $actions = [System.Collections.Generic.List[object]]::new(); $instanceMinutes = 0; $atMaximum = 0
        for ($k = 0; $k -lt $steps.Count; $k++) {
            $serving = $steps[$k].NewCapacity
            for ($j = [math]::Max(0, $k - $warmup); $j -lt $k; $j++) { $serving = [math]::Min($serving, $steps[$j].NewCapacity) }
            if ($k -lt $warmup) { $serving = [math]::Min($serving, $r.InitialCapacity) }
            $load = $LoadByMinute[$steps[$k].Time.ToString('yyyy-MM-ddTHH:mm:ssZ', [cultureinfo]::InvariantCulture)]
            if ($null -ne $load -and $load / [math]::Max(1, $serving) -gt $r.MaxLoad) { $overload++ }
            if ($steps[$k].NewCapacity -ne $steps[$k].Capacity) { $actions.Add($steps[$k]) }
            $instanceMinutes += $steps[$k].NewCapacity
            if ($steps[$k].NewCapacity -ge $maximum) { $atMaximum++ }
        }
        $flaps = 0
        for ($i = 0; $i + 1 -lt $actions.Count; $i++) {
            $up = $actions[$i].NewCapacity -gt $actions[$i].Capacity
            $nextUp = $actions[$i + 1].NewCapacity -gt $actions[$i + 1].Capacity
            if ($up -ne $nextUp -and ($actions[$i + 1].Time - $actions[$i].Time).TotalMinutes -le 30) { $flaps++ }
        }
        [pscustomobject]@{ Minutes = $steps.Count; InstanceHours = $instanceMinutes / 60; OverloadMinutes = $overload; ScaleActions = $actions.Count; Flaps = $flaps; MinutesAtMaximum = $atMaximum }
    }

    function Get-LoadByMinute {
        param([string] $Path)
        $sum = @{}
        foreach ($line in [System.IO.File]::ReadLines($Path) | Select-Object -Skip 1) {
            $f = $line.Split(',')
            $v = [double]::Parse($f[3], [cultureinfo]::InvariantCulture)
            if ($sum.ContainsKey($f[1])) { $sum[$f[1]] += $v } else { $sum[$f[1]] = $v }
        }
        $sum
    }
}

Describe 'Optimize-VmssAutoscaleSetting on the shipped week' {
    BeforeAll {
        $script:Ranked = @(Optimize-VmssAutoscaleSetting -Path $SettingPath -SamplePath $SamplePath -MaxLoad 85 -Top 3 -WarningVariable warnings -WarningAction SilentlyContinue)
        $script:Warnings = $warnings
        $script:Load = Get-LoadByMinute $SamplePath
    }

    It 'writes the current setting as Rank 0, then the best three' {
        $Ranked.Count | Should -Be 4
        $Ranked[0].PSObject.TypeNames[0] | Should -Be 'VmssAutoscale.Model.AutoscaleRecommendation'
        # (Not $Ranked.Rank: that is the array's own Rank, 1.)
        $Ranked | ForEach-Object { $_.Rank } | Should -Be @(0, 1, 2, 3)
        $Ranked[0].Changes | Should -Be @('current setting')
        $Ranked[1].Changes | Should -Not -BeNullOrEmpty
        $Ranked[1].CandidatesEvaluated | Should -BeGreaterThan 100
        $Ranked[1].InstanceWarmup | Should -Be ([timespan]::FromMinutes(5))
        $Ranked[1].OverloadBudget | Should -Be (0.01 * $Ranked[1].Minutes)
    }

    It 'says the current setting flaps, so it is scored but not proposed' {
        $Warnings -join ' ' | Should -Match 'scored as Rank 0 but not proposed'
        $Ranked | Where-Object Rank -gt 0 | Where-Object IsCurrent | Should -BeNullOrEmpty
    }

    It 'scores every returned setting as Invoke-VmssAutoscaleSimulation -LoadModel RedistributeTotal recounts it' {
        foreach ($r in $Ranked) {
            $recount = Get-Recount -Recommendation $r -SamplePath $SamplePath -LoadByMinute $Load
            $recount.Minutes | Should -Be $r.Minutes -Because "rank $($r.Rank)"
            $recount.InstanceHours | Should -Be $r.InstanceHours -Because "rank $($r.Rank)"
            $recount.OverloadMinutes | Should -Be $r.OverloadMinutes -Because "rank $($r.Rank)"
            $recount.ScaleActions | Should -Be $r.ScaleActions -Because "rank $($r.Rank)"
            $recount.Flaps | Should -Be $r.Flaps -Because "rank $($r.Rank)"
            $recount.MinutesAtMaximum | Should -Be $r.MinutesAtMaximum -Because "rank $($r.Rank)"
        }
    }

    It 'recommends a setting within the budget at fewer instance-hours than the hand edit the docs show' {
        $Ranked[0].MeetsBudget | Should -BeFalse -Because 'the example setting reacts late'
        $Ranked[1].MeetsBudget | Should -BeTrue
        $edit = Get-VmssAutoscaleSetting -Path (Join-Path $Example 'hand-edit.json')
        $sides = @(Compare-VmssAutoscaleSetting -Path $SettingPath -DifferenceSetting $edit -SamplePath $SamplePath -MaxLoad 85)
        $sides[1].Side | Should -Be 'Difference'
        $sides[0].InstanceHours | Should -Be $Ranked[0].InstanceHours -Because 'Compare scores as Optimize does'
        $Ranked[1].InstanceHours | Should -BeLessThan $sides[1].InstanceHours
    }

    It 'writes the ARM body of the best setting with -AsJson, which reads back as that setting' {
        $csv = New-DayCsv 'json.csv'
        $setting = New-Setting -Out 70 -In 20
        $best = @($setting | Optimize-VmssAutoscaleSetting -SamplePath $csv -Top 1)[1]
        $json = $setting | Optimize-VmssAutoscaleSetting -SamplePath $csv -Top 1 -AsJson
        $json | Should -BeOfType [string]
        $back = Get-VmssAutoscaleSetting -Json $json
        $back.Profiles[0].Rules.MetricTrigger.Threshold | Should -Be $best.Setting.Profiles[0].Rules.MetricTrigger.Threshold
        $back.Profiles[0].Rules.MetricTrigger.TimeWindow | Should -Be $best.Setting.Profiles[0].Rules.MetricTrigger.TimeWindow
        $back.Profiles[0].Rules.ScaleAction.Cooldown | Should -Be $best.Setting.Profiles[0].Rules.ScaleAction.Cooldown
        $back.Profiles[0].Rules.ScaleAction.Value | Should -Be $best.Setting.Profiles[0].Rules.ScaleAction.Value
        ($json | ConvertFrom-Json).properties.profiles[0].capacity.maximum | Should -Be '10'
        ($Ranked[1].ToJson() | ConvertFrom-Json).properties.targetResourceUri | Should -Match 'virtualMachineScaleSets/web$'
    }

    It 'pipes a recommended setting into the other cmdlets' {
        { $Ranked[1].Setting | Invoke-VmssAutoscaleSimulation -SamplePath $SamplePath -Summary } | Should -Not -Throw
    }
}

Describe 'Optimize-VmssAutoscaleSetting edge cases' {
    It 'ranks the current setting first and says so when it is already the best' {
        # Minimum = maximum: every candidate keeps 3 instances, so none beats the setting as it is.
        $csv = New-DayCsv 'fixed.csv'
        $ranked = @(New-Setting -Minimum 3 -Maximum 3 -Out 70 -In 20 | Optimize-VmssAutoscaleSetting -SamplePath $csv -Top 2 -InstanceWarmup 0)
        $ranked[1].IsCurrent | Should -BeTrue
        $ranked[1].InstanceHours | Should -Be $ranked[0].InstanceHours
        $ranked[1].Changes | Should -Match '^none: the current setting is already the best of \d+ candidates$'
    }

    It 'takes the least overload when nothing meets the budget' {
        # 140 points of load against MaxLoad 10 at no more than 4 instances: every minute of the busy day is overloaded.
        $csv = New-DayCsv 'hot.csv'
        $ranked = @(New-Setting -Maximum 4 -Out 70 -In 20 | Optimize-VmssAutoscaleSetting -SamplePath $csv -MaxLoad 10 -OverloadBudget 0 -Top 3)
        $ranked.MeetsBudget | Should -Not -Contain $true
        $ranked[1].OverloadMinutes | Should -BeLessOrEqual $ranked[0].OverloadMinutes
        $ranked[1].OverloadMinutes | Should -BeLessOrEqual $ranked[2].OverloadMinutes
    }

    It 'defaults -MaxLoad to the one scale-out threshold' {
        $csv = New-DayCsv 'default.csv'
        $ranked = @(New-Setting -Out 70 | Optimize-VmssAutoscaleSetting -SamplePath $csv -Top 1)
        $ranked[0].MaxLoad | Should -Be 70
    }

    It 'requires -MaxLoad when the setting has two scale-out thresholds' {
        $csv = New-DayCsv 'two.csv'
        { New-Setting -Out 70, 80 | Optimize-VmssAutoscaleSetting -SamplePath $csv -ErrorAction Stop } |
            Should -Throw -ErrorId 'VmssAutoscale.MaxLoadRequired,VmssAutoscale.Cmdlets.OptimizeVmssAutoscaleSettingCommand'
    }

    It 'refuses an instance warmup over an hour' {
        $csv = New-DayCsv 'warm.csv'
        { New-Setting | Optimize-VmssAutoscaleSetting -SamplePath $csv -InstanceWarmup '02:00:00' -ErrorAction Stop } |
            Should -Throw -ErrorId 'VmssAutoscale.InvalidInstanceWarmup,VmssAutoscale.Cmdlets.OptimizeVmssAutoscaleSettingCommand'
    }

    It 'refuses a history shorter than the lead-in' {
        $csv = Join-Path $TestDrive 'short.csv'
        Set-Content -Path $csv -Value @('Instance,Timestamp,MetricName,Value', 'vm_0,2024-05-01T10:00:00Z,Percentage CPU,50') -Encoding utf8
        { New-Setting | Optimize-VmssAutoscaleSetting -SamplePath $csv -ErrorAction Stop } |
            Should -Throw -ErrorId 'VmssAutoscale.NoHistoryToScore,VmssAutoscale.Cmdlets.OptimizeVmssAutoscaleSettingCommand'
    }
}

Describe 'Compare-VmssAutoscaleSetting' {
    It 'writes one object per side and a self-contained HTML page with both replays' {
        $csv = New-DayCsv 'compare.csv'
        $reference = New-Setting -Out 70 -In 20
        $difference = New-Setting -Out 50 -In 15
        $report = Join-Path $TestDrive 'compare.html'
        $sides = @(Compare-VmssAutoscaleSetting -ReferenceSetting $reference -DifferenceSetting $difference -SamplePath $csv -MaxLoad 60 -InstanceWarmup 0 -ReportPath $report)
        $sides.Side | Should -Be @('Reference', 'Difference')
        $sides[0].PSObject.TypeNames[0] | Should -Be 'VmssAutoscale.Model.SettingComparison'
        $sides[1].InstanceHours | Should -BeGreaterThan $sides[0].InstanceHours -Because 'a lower scale-out threshold keeps more instances'
        $html = Get-Content -Raw $report
        $html | Should -Match '<svg'
        $html | Should -Match 'Load per instance'
        $html | Should -Match 'above MaxLoad 60'
        $html | Should -Not -Match '<script|https?://(?!www\.w3\.org)'
    }

    It 'scores a setting as Optimize scores it: the shared scores are equal, named and written alike' {
        $csv = New-DayCsv 'same.csv'
        $setting = New-Setting -Out 70 -In 20
        $common = @{ SamplePath = $csv; MaxLoad = 60; InstanceWarmup = [timespan]::FromMinutes(3) }
        $rank0 = @($setting | Optimize-VmssAutoscaleSetting @common -Top 1 -WarningAction SilentlyContinue)[0]
        $reference = @(Compare-VmssAutoscaleSetting -ReferenceSetting $setting -DifferenceSetting $setting @common)[0]
        $shared = 'InstanceHours', 'OverloadMinutes', 'MeetsBudget', 'ScaleActions', 'Flaps', 'MinutesAtMaximum', 'Period', 'Start', 'End', 'Minutes', 'InitialCapacity', 'MaxLoad', 'OverloadBudget', 'InstanceWarmup', 'InstanceWarmupSource'
        foreach ($name in $shared) {
            "$($reference.$name)" | Should -Be "$($rank0.$name)" -Because $name
        }
        $reference.InstanceWarmupSource | Should -Be 'Given'
        # What Export-Csv and ConvertTo-Json write: each type's own properties, then the shared scores in one order.
        $rank0Names = @($rank0.PSObject.Properties | Where-Object MemberType -in 'Property', 'ScriptProperty' | ForEach-Object Name | Select-Object -Unique)
        $referenceNames = @($reference.PSObject.Properties | Where-Object MemberType -in 'Property', 'ScriptProperty' | ForEach-Object Name | Select-Object -Unique)
        @($rank0Names | Where-Object { $_ -in $shared }) | Should -Be @($referenceNames | Where-Object { $_ -in $shared })
        @(($rank0 | ConvertTo-Csv -NoTypeInformation)[0].Split(',') | Where-Object { $_ -in ($shared | ForEach-Object { """$_""" }) }).Count | Should -Be $shared.Count
    }

    It 'needs a setting to compare against' {
        $csv = New-DayCsv 'none.csv'
        { Compare-VmssAutoscaleSetting -DifferenceSetting (New-Setting) -SamplePath $csv -ErrorAction Stop } |
            Should -Throw -ErrorId 'VmssAutoscale.SettingRequired,VmssAutoscale.Cmdlets.CompareVmssAutoscaleSettingCommand'
    }
}

Describe 'Invoke-VmssAutoscaleSimulation -InstanceWarmup' {
    It 'keeps an added instance out of the load until its warmup has passed' {
        # 140 points on 2 instances is 70 each: one scale-out to 3 (> 60). With a 10-minute warmup the load stays spread over 2 meanwhile, so the rule keeps seeing 70 and adds more.
        $csv = New-DayCsv 'warmup.csv'
        $setting = New-Setting -Out 60 -In 10
        $cold = $setting | Invoke-VmssAutoscaleSimulation -SamplePath $csv -LoadModel RedistributeTotal -InitialCapacity 2 -Summary
        $warm = $setting | Invoke-VmssAutoscaleSimulation -SamplePath $csv -LoadModel RedistributeTotal -InitialCapacity 2 -InstanceWarmup '00:10:00' -Summary
        $warm.MaximumCapacitySeen | Should -BeGreaterThan $cold.MaximumCapacitySeen
    }

    It 'refuses a warmup where the samples are used as recorded' {
        $csv = New-DayCsv 'asgiven.csv'
        { New-Setting | Invoke-VmssAutoscaleSimulation -SamplePath $csv -InstanceWarmup '00:05:00' -ErrorAction Stop } |
            Should -Throw -ErrorId 'VmssAutoscale.InvalidInstanceWarmup,VmssAutoscale.Cmdlets.InvokeVmssAutoscaleSimulationCommand'
    }
}
