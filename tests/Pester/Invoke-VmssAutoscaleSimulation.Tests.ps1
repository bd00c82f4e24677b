#Requires -Version 5.1
# Drives Invoke-VmssAutoscaleSimulation in the BUILT module with small CSV samples.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/VmssAutoscale/VmssAutoscale.psd1') -Force
    $script:Fixtures = Join-Path $PSScriptRoot '../fixtures/engine'
    $script:Cpu6030 = Join-Path $script:Fixtures 'cpu-60-30.json'

    function New-SampleCsv {
        param([string] $Name, [int] $Minutes = 30, [int] $Instances = 2, [scriptblock] $Value)
        $path = Join-Path $TestDrive $Name
        $start = ([datetime]'2024-05-01T10:00:00Z').ToUniversalTime()
        $lines = [System.Collections.Generic.List[string]]::new()
        $lines.Add('Instance,Timestamp,MetricName,Value')
        for ($m = 0; $m -lt $Minutes; $m++) {
            for ($i = 0; $i -lt $Instances; $i++) {
                $lines.Add(('vm_{0},{1:yyyy-MM-ddTHH:mm:ssZ},Percentage CPU,{2}' -f $i, $start.AddMinutes($m), (& $Value $m $i)))
            }
        }
        Set-Content -Path $path -Value $lines -Encoding utf8
        $path
    }
}

Describe 'Invoke-VmssAutoscaleSimulation' {
    It 'writes a minute-by-minute timeline that scales out under load' {
        $csv = New-SampleCsv 'hot.csv' -Value { param($m) if ($m -lt 15) { 90 } else { 10 } }
        $steps = @(Invoke-VmssAutoscaleSimulation -Path $Cpu6030 -SamplePath $csv)
        $steps[0].PSObject.TypeNames[0] | Should -Be 'VmssAutoscale.Model.SimulationStep'
        $steps.Count | Should -Be 26   # 10:05 to 10:30
        $steps[0].Time | Should -Be ([datetime]'2024-05-01T10:05:00Z').ToUniversalTime()
        $steps[0].Decision | Should -Be 'ScaleOut'
        $steps[0].Capacity | Should -Be 2
        $steps[0].NewCapacity | Should -Be 3
        ($steps | Where-Object Decision -eq 'ScaleIn').Count | Should -BeGreaterThan 0
    }

    It 'summarises scale-outs, deferred scale-ins and time at the bounds' {
        $csv = New-SampleCsv 'summary.csv' -Value { param($m) if ($m -lt 15) { 90 } else { 10 } }
        $s = Invoke-VmssAutoscaleSimulation -Path $Cpu6030 -SamplePath $csv -Summary
        $s.PSObject.TypeNames[0] | Should -Be 'VmssAutoscale.Model.SimulationSummary'
        # Hot for minutes 0-14: out at 10:05, 10:10 and 10:15 (the cooldown is PT5M).
        $s.ScaleOuts | Should -Be 3
        $s.FirstScaleOut | Should -Be ([datetime]'2024-05-01T10:05:00Z').ToUniversalTime()
        $s.SamplesRead | Should -Be 60
        $s.Evaluations | Should -Be 26
    }

    It 'with RedistributeTotal shows where capacity settles for a fixed load' {
        # 2 × 90 = 180 points: > 60 until 3 instances (60), so it settles at 3.
        $csv = New-SampleCsv 'settle.csv' -Minutes 60 -Value { 90 }
        $s = Invoke-VmssAutoscaleSimulation -Path $Cpu6030 -SamplePath $csv -LoadModel RedistributeTotal -Summary
        $s.FinalCapacity | Should -Be 3
        $s.LoadModel | Should -Be 'RedistributeTotal'
        $asGiven = Invoke-VmssAutoscaleSimulation -Path $Cpu6030 -SamplePath $csv -Summary
        $asGiven.FinalCapacity | Should -BeGreaterThan 3
    }

    It 'accepts Import-Csv rows from the pipeline and a setting from Get-VmssAutoscaleSetting' {
        $csv = New-SampleCsv 'pipe.csv' -Value { 90 }
        $s = Get-VmssAutoscaleSetting $Cpu6030 | Invoke-VmssAutoscaleSimulation -Sample (Import-Csv $csv) -Summary
        $s.ScaleOuts | Should -BeGreaterThan 0
        (Import-Csv $csv | Invoke-VmssAutoscaleSimulation -Path $Cpu6030 -Summary).ScaleOuts | Should -Be $s.ScaleOuts
    }

    It 'stops with UnsortedSamples naming the line when the CSV is out of order' {
        $csv = Join-Path $TestDrive 'unsorted.csv'
        Set-Content $csv -Value @('Instance,Timestamp,MetricName,Value', 'a,2024-05-01T10:09:00Z,Percentage CPU,70', 'a,2024-05-01T10:00:00Z,Percentage CPU,70')
        $err = $null
        try { Invoke-VmssAutoscaleSimulation -Path $Cpu6030 -SamplePath $csv -Start '2024-05-01T10:10:00Z' -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.UnsortedSamples*'
        $err.Exception.Message | Should -Match 'line 3'
    }

    It 'warns about a metric name no sample has' {
        $csv = Join-Path $TestDrive 'other.csv'
        Set-Content $csv -Value @('Instance,Timestamp,MetricName,Value', 'a,2024-05-01T10:00:00Z,Available Memory Bytes,70')
        $null = Invoke-VmssAutoscaleSimulation -Path $Cpu6030 -SamplePath $csv -WarningVariable w -WarningAction SilentlyContinue
        ($w -join ' ') | Should -Match "No sample has the MetricName 'Percentage CPU'"
    }

    It 'refuses <Case> with an ErrorRecord instead of an overflow or silence' -ForEach @(
        @{ Case = '-Interval MaxValue'; Arguments = @{ Interval = [timespan]::MaxValue }; ErrorId = 'VmssAutoscale.InvalidInterval*' }
        @{ Case = '-Start MinValue'; Arguments = @{ Start = [datetime]::MinValue }; ErrorId = 'ParameterArgumentValidationError*' }
        @{ Case = '-End MaxValue'; Arguments = @{ End = [datetime]::MaxValue }; ErrorId = 'ParameterArgumentValidationError*' }
        @{ Case = '-Start after -End'; Arguments = @{ Start = '2024-05-01T11:00:00Z'; End = '2024-05-01T10:00:00Z' }; ErrorId = 'VmssAutoscale.StartAfterEnd*' }
    ) {
        $csv = New-SampleCsv 'edges.csv' -Value { 50 }
        $err = $null
        try { $null = Invoke-VmssAutoscaleSimulation -Path $Cpu6030 -SamplePath $csv @Arguments -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike $ErrorId
        $err.Exception.Message | Should -Not -Match 'un-representable|overflow'
    }

    It 'refuses more than one setting' {
        $csv = New-SampleCsv 'two.csv' -Value { 1 }
        { Get-VmssAutoscaleSetting $Cpu6030, (Join-Path $Fixtures 'cpu-80-60.json') | Invoke-VmssAutoscaleSimulation -SamplePath $csv -ErrorAction Stop } |
            Should -Throw -ErrorId 'VmssAutoscale.OneSettingOnly*'
    }
}

# autoscale-understanding-settings.md, "How does autoscale evaluate cooldown?": each rule's own cooldown since the
# most recent scale action (ms.date 08/19/2026, the default); the rule that fired last (08/05/2026, -Option CooldownMode LastFiredRule).
Describe 'Invoke-VmssAutoscaleSimulation follows the documented cooldown' {
    BeforeAll {
        $script:CooldownCsv = Join-Path $TestDrive 'cooldown.csv'
        $lines = [System.Collections.Generic.List[string]]::new()
        $lines.Add('Instance,Timestamp,MetricName,Value')
        $start = ([datetime]'2024-05-01T12:50:00Z').ToUniversalTime()
        for ($m = 0; $m -lt 90; $m++) {
            $t = $start.AddMinutes($m)
            $v = if ($t -lt ([datetime]'2024-05-01T13:14:00Z').ToUniversalTime()) { 10 } else { 95 }
            for ($i = 0; $i -lt 4; $i++) { $lines.Add(('vm_{0},{1:yyyy-MM-ddTHH:mm:ssZ},Percentage CPU,{2}' -f $i, $t, $v)) }
        }
        Set-Content -Path $CooldownCsv -Value $lines -Encoding utf8
    }

    It 'scales in at 13:00 and, with the scale-out condition met from 13:20, scales out at 14:00 when its own 60 minutes have passed' {
        $steps = @(Invoke-VmssAutoscaleSimulation -Path (Join-Path $Fixtures 'cooldown-60-40.json') -SamplePath $CooldownCsv -InitialCapacity 4 -Start '2024-05-01T13:00:00Z')
        $steps[0].Decision | Should -Be 'ScaleIn'
        ($steps | Where-Object Decision -eq 'ScaleOut' | Select-Object -First 1).Time | Should -Be ([datetime]'2024-05-01T14:00:00Z').ToUniversalTime()
        ($steps | Where-Object { $_.Time -eq ([datetime]'2024-05-01T13:40:00Z').ToUniversalTime() }).Outcome | Should -Be 'Cooldown'
    }

    It 'scales out at 13:40 under -Option CooldownMode LastFiredRule (the scale-in rule''s 40 minutes)' {
        $steps = @(Invoke-VmssAutoscaleSimulation -Path (Join-Path $Fixtures 'cooldown-60-40.json') -SamplePath $CooldownCsv -InitialCapacity 4 -Start '2024-05-01T13:00:00Z' -Option @{ CooldownMode = 'LastFiredRule' })
        ($steps | Where-Object Decision -eq 'ScaleOut' | Select-Object -First 1).Time | Should -Be ([datetime]'2024-05-01T13:40:00Z').ToUniversalTime()
        ($steps | Where-Object { $_.Time -eq ([datetime]'2024-05-01T13:20:00Z').ToUniversalTime() }).Outcome | Should -Be 'Cooldown'
    }

    It 'clears the cooldowns from -LastSettingUpdateTime on' {
        $steps = @(Invoke-VmssAutoscaleSimulation -Path (Join-Path $Fixtures 'cooldown-60-40.json') -SamplePath $CooldownCsv -InitialCapacity 4 -Start '2024-05-01T13:00:00Z' -LastSettingUpdateTime '2024-05-01T13:25:00Z')
        ($steps | Where-Object Decision -eq 'ScaleOut' | Select-Object -First 1).Time | Should -Be ([datetime]'2024-05-01T13:25:00Z').ToUniversalTime()
    }

    It 'names the capacity the load is spread over under RedistributeTotal' {
        $csv = New-SampleCsv 'spread.csv' -Minutes 10 -Value { 50 }
        $steps = @(Invoke-VmssAutoscaleSimulation -Path $Cpu6030 -SamplePath $csv -InitialCapacity 4 -LoadModel RedistributeTotal)
        $steps[0].Reason | Should -Match 'spread over 4 instances, the simulated capacity'
    }
}
