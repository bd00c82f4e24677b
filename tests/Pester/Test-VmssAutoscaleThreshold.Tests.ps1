#Requires -Version 5.1
# Drives Test-VmssAutoscaleThreshold in the BUILT module with small CSV samples.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/VmssAutoscale/VmssAutoscale.psd1') -Force
    $script:Fixtures = Join-Path $PSScriptRoot '../fixtures/engine'
    $script:Cpu6030 = Join-Path $script:Fixtures 'cpu-60-30.json'
    $script:Cpu8060 = Join-Path $script:Fixtures 'cpu-80-60.json'

    # Writes a CSV of Percentage CPU samples: one row per minute per instance, values from a scriptblock.
    function New-SampleCsv {
        param([string] $Name, [int] $Minutes = 10, [int] $Instances = 4, [scriptblock] $Value, [datetime] $Start = '2024-05-01T10:00:00Z', [string] $Metric = 'Percentage CPU')
        $path = Join-Path $TestDrive $Name
        $lines = [System.Collections.Generic.List[string]]::new()
        $lines.Add('Instance,Timestamp,MetricName,Value')
        for ($m = 0; $m -lt $Minutes; $m++) {
            for ($i = 0; $i -lt $Instances; $i++) {
                $t = $Start.ToUniversalTime().AddMinutes($m).ToString('yyyy-MM-ddTHH:mm:ssZ')
                $v = & $Value $m $i
                $lines.Add("vm_$i,$t,$Metric,$v")
            }
        }
        Set-Content -Path $path -Value $lines -Encoding utf8
        $path
    }
}

Describe 'Test-VmssAutoscaleThreshold' {
    It 'explains that one instance at 100% and three idle do not scale out' {
        $csv = New-SampleCsv 'one-hot.csv' -Value { param($m, $i) if ($i -eq 2) { 100 } else { 0 } }
        $d = Test-VmssAutoscaleThreshold -Path $Cpu6030 -SamplePath $csv
        $d.PSObject.TypeNames[0] | Should -Be 'VmssAutoscale.Model.AutoscaleDecision'
        $d.Decision | Should -Not -Be 'ScaleOut'
        $d.CurrentCapacity | Should -Be 4
        $d.Reason | Should -Match 'Only 1 of 4 instances is > 60 on its own \(vm_2 at 100\)'
        $d.Reason | Should -Match 'the other 3 would need to average above 46\.67'
        ($d.Rules | Where-Object Direction -eq 'Increase').ObservedValue | Should -Be 25
    }

    It 'names the shortfall when the average is just below the threshold' {
        $csv = New-SampleCsv 'below.csv' -Value { 59.5 }
        $d = Test-VmssAutoscaleThreshold -Path $Cpu6030 -SamplePath $csv
        $d.Decision | Should -Be 'None'
        $d.Reason | Should -Match 'is 59\.5; the rule needs > 60 \(0\.5 short\)'
    }

    It 'reports the cooldown and when it ends' {
        $csv = New-SampleCsv 'hot.csv' -Value { 90 }
        $d = Test-VmssAutoscaleThreshold -Path $Cpu6030 -SamplePath $csv -LastScaleActionTime ([datetime]'2024-05-01T10:08:00Z')
        $d.Decision | Should -Be 'None'
        $d.Outcome | Should -Be 'Cooldown'
        $d.Reason | Should -Match 'cooldown until 2024-05-01 10:13Z'
        ($d.Rules | Where-Object Direction -eq 'Increase').CooldownUntil | Should -Be ([datetime]'2024-05-01T10:13:00Z').ToUniversalTime()
    }

    It 'defers a scale-in that would flap and names the projected value' {
        $csv = New-SampleCsv 'sixty.csv' -Instances 3 -Value { 60 }
        $d = Test-VmssAutoscaleThreshold -Path $Cpu8060 -SamplePath $csv
        $d.Outcome | Should -Be 'FlappingDeferred'
        $d.NewCapacity | Should -Be 3
        $d.Reason | Should -Match 'projected Percentage CPU would be 90 \(60 × 3 / 2\)'
        $csv50 = New-SampleCsv 'fifty.csv' -Instances 3 -Value { 50 }
        (Test-VmssAutoscaleThreshold -Path $Cpu8060 -SamplePath $csv50).NewCapacity | Should -Be 2
    }

    It 'applies the default capacity upward only when there is no data' {
        $csv = Join-Path $TestDrive 'empty.csv'
        Set-Content -Path $csv -Value 'Instance,Timestamp,MetricName,Value'
        $d = Test-VmssAutoscaleThreshold -Path $Cpu6030 -SamplePath $csv -At '2024-05-01T10:10:00Z' -CurrentCapacity 1 -WarningAction SilentlyContinue
        $d.Decision | Should -Be 'ScaleOut'
        $d.NewCapacity | Should -Be 2
        $d.Reason | Should -Match 'No metric data'
        $d.Reason | Should -Match 'default capacity 2'
        (Test-VmssAutoscaleThreshold -Path $Cpu6030 -SamplePath $csv -At '2024-05-01T10:10:00Z' -CurrentCapacity 5 -WarningAction SilentlyContinue).NewCapacity | Should -Be 5
    }

    It 'says the scale set is at its maximum' {
        $csv = New-SampleCsv 'max.csv' -Value { 95 }
        $d = Test-VmssAutoscaleThreshold -Path $Cpu6030 -SamplePath $csv -CurrentCapacity 10
        $d.Outcome | Should -Be 'AtMaximum'
        $d.Reason | Should -Match 'at the maximum 10'
    }

    It 'picks the recurring profile in Pacific time across the daylight-saving change' {
        $setting = Join-Path $Fixtures 'business-hours-pacific.json'
        $csv = New-SampleCsv 'pacific.csv' -Instances 3 -Value { 40 } -Start '2024-03-08T16:00:00Z'
        # Friday 2024-03-08 08:30 PST (UTC-8) is business hours.
        $before = Test-VmssAutoscaleThreshold -Path $setting -SamplePath $csv -At '2024-03-08T16:30:00Z' -CurrentCapacity 3 -WarningAction SilentlyContinue
        $before.Profile | Should -Be 'Business hours'
        # Monday 2024-03-11 after the change: 15:30Z is 08:30 PDT (business hours), 14:59Z is 07:59 PDT.
        $after = Test-VmssAutoscaleThreshold -Path $setting -SamplePath $csv -At '2024-03-11T15:30:00Z' -CurrentCapacity 3 -WarningAction SilentlyContinue
        $after.Profile | Should -Be 'Business hours'
        $after.ProfileReason | Should -Match 'Monday 08:00 Pacific Standard Time \(2024-03-11 15:00Z\)'
        $early = Test-VmssAutoscaleThreshold -Path $setting -SamplePath $csv -At '2024-03-11T14:59:00Z' -CurrentCapacity 3 -WarningAction SilentlyContinue
        $early.Profile | Should -Match 'Auto created default scale condition'
        $early.ProfileReason | Should -Match "the portal's end of 'Business hours'"
        # The auto-created profile's maximum is 4: three instances is fine, five is lowered.
        (Test-VmssAutoscaleThreshold -Path $setting -SamplePath $csv -At '2024-03-11T14:59:00Z' -CurrentCapacity 5 -WarningAction SilentlyContinue).Outcome | Should -Be 'AboveMaximum'
    }

    It 'explains the one-core-of-four load' {
        $csv = New-SampleCsv 'core.csv' -Value { 25 }
        $d = Test-VmssAutoscaleThreshold -Path $Cpu6030 -SamplePath $csv -CoresPerInstance 4 -LoadedCoresPerInstance 1
        $d.Reason | Should -Match '1 loaded core of 4 gives at most 25% CPU per instance; the scale-out rule needs > 60%'
    }

    It 'binds Import-Csv rows and typed samples from the pipeline, and takes the setting from Get-VmssAutoscaleSetting' {
        $csv = New-SampleCsv 'pipe.csv' -Value { 70 }
        (Import-Csv $csv | Test-VmssAutoscaleThreshold -Path $Cpu6030).Decision | Should -Be 'ScaleOut'
        (Get-VmssAutoscaleSetting $Cpu6030 | Test-VmssAutoscaleThreshold -Sample (Import-Csv $csv)).NewCapacity | Should -Be 5
        $typed = 0..4 | ForEach-Object { [VmssAutoscale.Model.MetricSample]@{ Instance = 'vm_0'; Timestamp = ([datetime]'2024-05-01T10:00:00Z').AddMinutes($_); MetricName = 'Percentage CPU'; Value = 80.0 } }
        ($typed | Test-VmssAutoscaleThreshold -Path $Cpu6030).Decision | Should -Be 'ScaleOut'
    }

    Context 'bad input' {
        It 'sorts unsorted samples with a warning' {
            $csv = Join-Path $TestDrive 'unsorted.csv'
            Set-Content $csv -Value @('Instance,Timestamp,MetricName,Value', 'a,2024-05-01T10:04:00Z,Percentage CPU,70', 'a,2024-05-01T10:00:00Z,Percentage CPU,70')
            $d = Test-VmssAutoscaleThreshold -Path $Cpu6030 -SamplePath $csv -WarningVariable w -WarningAction SilentlyContinue
            ($w -join ' ') | Should -Match 'not in time order'
            $d.Time | Should -Be ([datetime]'2024-05-01T10:05:00Z').ToUniversalTime()
        }

        It 'sorts unsorted sample objects quietly, saying so on the verbose stream' {
            $later = [pscustomobject]@{ Instance = 'a'; Timestamp = '2024-05-01T10:04:00Z'; MetricName = 'Percentage CPU'; Value = 70 }
            $earlier = [pscustomobject]@{ Instance = 'a'; Timestamp = '2024-05-01T10:00:00Z'; MetricName = 'Percentage CPU'; Value = 70 }
            $d = $later, $earlier | Test-VmssAutoscaleThreshold -Path $Cpu6030 -WarningVariable w -Verbose 4>&1 |
                ForEach-Object -Begin { $script:verbose = @() } -Process { if ($_ -is [System.Management.Automation.VerboseRecord]) { $script:verbose += $_.Message } else { $_ } }
            $w | Should -BeNullOrEmpty
            ($script:verbose -join ' ') | Should -Match 'not in time order; they were sorted by Timestamp'
            $d.Time | Should -Be ([datetime]'2024-05-01T10:05:00Z').ToUniversalTime()
        }

        It 'warns about duplicate samples' {
            $csv = Join-Path $TestDrive 'dup.csv'
            Set-Content $csv -Value @('Instance,Timestamp,MetricName,Value', 'a,2024-05-01T10:00:00Z,Percentage CPU,70', 'a,2024-05-01T10:00:00Z,Percentage CPU,10')
            $null = Test-VmssAutoscaleThreshold -Path $Cpu6030 -SamplePath $csv -WarningVariable w -WarningAction SilentlyContinue
            ($w -join ' ') | Should -Match '1 duplicate sample\(s\).*line 3'
        }

        It 'warns when no sample has the metric name of the rules' {
            $csv = New-SampleCsv 'wrongname.csv' -Metric '\Processor(_Total)\% Processor Time' -Value { 90 }
            $d = Test-VmssAutoscaleThreshold -Path $Cpu6030 -SamplePath $csv -CurrentCapacity 2 -WarningVariable w -WarningAction SilentlyContinue
            ($w -join ' ') | Should -Match "No sample has the MetricName 'Percentage CPU'.*Processor\(_Total\)"
            $d.Outcome | Should -Be 'NoData'
        }

        It 'stops with an InvalidSample error naming the line for a non-numeric CSV value' {
            $csv = Join-Path $TestDrive 'nan.csv'
            Set-Content $csv -Value @('Instance,Timestamp,MetricName,Value', 'a,2024-05-01T10:00:00Z,Percentage CPU,high')
            $err = $null
            try { Test-VmssAutoscaleThreshold -Path $Cpu6030 -SamplePath $csv -ErrorAction Stop } catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.InvalidSample*'
            $err.CategoryInfo.Category | Should -Be 'InvalidData'
            $err.Exception.Message | Should -Match "line 2, column Value: 'high' is not a number"
        }

        It 'reports a bad piped sample and goes on with the others' {
            $rows = @(
                [pscustomobject]@{ Instance = 'a'; Timestamp = '2024-05-01T10:00:00Z'; MetricName = 'Percentage CPU'; Value = 'n/a' }
                [pscustomobject]@{ Instance = 'a'; Timestamp = '2024-05-01T10:01:00Z'; MetricName = 'Percentage CPU'; Value = '90' }
            )
            $d = $rows | Test-VmssAutoscaleThreshold -Path $Cpu6030 -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.InvalidSample*'
            $d.Decision | Should -Be 'ScaleOut'
        }

        It 'warns when every sample is outside the rule windows' {
            $csv = New-SampleCsv 'old.csv' -Value { 90 }
            $d = Test-VmssAutoscaleThreshold -Path $Cpu6030 -SamplePath $csv -At '2024-05-02T10:00:00Z' -CurrentCapacity 2 -WarningVariable w -WarningAction SilentlyContinue
            ($w -join ' ') | Should -Match 'None of the 40 sample\(s\) falls inside a rule'
            $d.Outcome | Should -Be 'NoData'
        }

        It 'refuses times and durations at the ends of the calendar with an ErrorRecord, not a .NET overflow' -ForEach @(
            @{ Case = '-At MinValue'; Arguments = @{ At = [datetime]::MinValue }; ErrorId = 'ParameterArgumentValidationError*' }
            @{ Case = '-LastScaleActionTime MaxValue'; Arguments = @{ LastScaleActionTime = [datetime]::MaxValue }; ErrorId = 'ParameterArgumentValidationError*' }
            @{ Case = '-IngestionLag MaxValue'; Arguments = @{ IngestionLag = [timespan]::MaxValue }; ErrorId = 'VmssAutoscale.InvalidOption*' }
        ) {
            $csv = New-SampleCsv 'edges.csv' -Value { 50 }
            $err = $null
            try { Test-VmssAutoscaleThreshold -Path $Cpu6030 -SamplePath $csv @Arguments -ErrorAction Stop } catch { $err = $_ }
            $err | Should -Not -BeNullOrEmpty
            $err.FullyQualifiedErrorId | Should -BeLike $ErrorId
            $err.Exception.Message | Should -Not -Match 'un-representable|overflow'
        }

        It 'rejects a sample timestamp at the ends of the calendar as an invalid sample' -ForEach @(
            @{ Stamp = '0001-01-01T00:00:00Z' }, @{ Stamp = '9999-12-31T23:59:59Z' }
        ) {
            $csv = Join-Path $TestDrive 'edge-sample.csv'
            Set-Content $csv -Value @('Instance,Timestamp,MetricName,Value', "a,$Stamp,Percentage CPU,70")
            $err = $null
            try { Test-VmssAutoscaleThreshold -Path $Cpu6030 -SamplePath $csv -ErrorAction Stop } catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.InvalidSample*'
            $err.Exception.Message | Should -Match 'line 2'
            $errors = $null
            # The bad sample is skipped with an error; then no sample is left, which ends the command.
            try {
                $null = [pscustomobject]@{ Instance = 'a'; Timestamp = $Stamp; MetricName = 'Percentage CPU'; Value = 70 } |
                    Test-VmssAutoscaleThreshold -Path $Cpu6030 -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            } catch { $last = $_ }
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.InvalidSample*'
            $last.FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.SamplesRequired*'
        }

        It 'expands wildcards in -Path and -SamplePath, and reports a wildcard that matches nothing' {
            $csv = New-SampleCsv 'wild-one.csv' -Value { 50 }
            $d = Test-VmssAutoscaleThreshold -Path (Join-Path $Fixtures 'cpu-6*.json') -SamplePath (Join-Path $TestDrive 'wild-o*.csv')
            $d.SettingName | Should -Be 'cpu-60-30'
            { Test-VmssAutoscaleThreshold -Path (Join-Path $Fixtures 'zz*.json') -SamplePath $csv -ErrorAction Stop } | Should -Throw -ErrorId 'VmssAutoscale.PathNotFound*'
            { Test-VmssAutoscaleThreshold -Path $Cpu6030 -SamplePath (Join-Path $TestDrive 'zz*.csv') -ErrorAction Stop } | Should -Throw -ErrorId 'VmssAutoscale.PathNotFound*'
            $null = New-SampleCsv 'wild-two.csv' -Value { 50 }
            { Test-VmssAutoscaleThreshold -Path $Cpu6030 -SamplePath (Join-Path $TestDrive 'wild-*.csv') -ErrorAction Stop } | Should -Throw -ErrorId 'VmssAutoscale.AmbiguousSamplePath*'
        }

        It 'refuses more loaded cores than the instance has' {
            $csv = New-SampleCsv 'cores.csv' -Value { 50 }
            { Test-VmssAutoscaleThreshold -Path $Cpu6030 -SamplePath $csv -CoresPerInstance 2 -LoadedCoresPerInstance 4 -ErrorAction Stop } |
                Should -Throw -ErrorId 'VmssAutoscale.InvalidCoreCount*'
        }

        It 'fails with the ways to give samples when it has none, and returns no decision' {
            $d = $null
            try { $d = Test-VmssAutoscaleThreshold -Path $Cpu6030 -ErrorAction Stop -WarningAction SilentlyContinue } catch { $err = @($_) }
            $d | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.SamplesRequired,*'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            foreach ($way in '-SamplePath', '-Sample', 'Get-VmssDiagnosticsSample', 'Import-Csv') { $err[0].Exception.Message | Should -Match ([regex]::Escape($way)) }
            $empty = Join-Path $TestDrive 'header-only.csv'
            Set-Content -Path $empty -Value 'Instance,Timestamp,MetricName,Value'
            { Test-VmssAutoscaleThreshold -Path $Cpu6030 -SamplePath $empty -ErrorAction Stop } | Should -Throw -ErrorId 'VmssAutoscale.SamplesRequired*'
            { Invoke-VmssAutoscaleSimulation -Path $Cpu6030 -ErrorAction Stop } | Should -Throw -ErrorId 'VmssAutoscale.SamplesRequired*'
        }

        It 'fails clearly without a setting' {
            $csv = New-SampleCsv 'nosetting.csv' -Value { 1 }
            { Test-VmssAutoscaleThreshold -SamplePath $csv -ErrorAction Stop } | Should -Throw -ErrorId 'VmssAutoscale.SettingRequired*'
        }
    }
}

# Issue 10: the documented behaviours the engine follows, driven through the built module.
Describe 'Test-VmssAutoscaleThreshold follows the documented service' {
    BeforeAll {
        $script:Cooldown6040 = Join-Path $Fixtures 'cooldown-60-40.json'
        $script:Queue5010 = Join-Path $Fixtures 'queue-50-10.json'
        $script:QueueId = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/jobs/services/queue/queues/work'
    }

    # autoscale-understanding-settings.md (ms.date 08/19/2026), "How does autoscale evaluate cooldown?": "A rule
    # becomes eligible to initiate a scale action when its own cooldown has elapsed since the most recent scale
    # action." Scale-out cooldown 60 min, scale-in 40 min, scale-out at 10:00: "At 10:40, the scale-in rule
    # becomes eligible ... even though the scale-out rule's cooldown hasn't elapsed."
    It 'applies each rule''s own cooldown by default: the 10:45 scale-in runs, the scale-out waits for 11:00' {
        $cold = New-SampleCsv 'cold-1045.csv' -Start '2024-05-01T10:40:00Z' -Minutes 5 -Value { 10 }
        $in = Test-VmssAutoscaleThreshold -Path $Cooldown6040 -SamplePath $cold -At '2024-05-01T10:45:00Z' -CurrentCapacity 4 -LastScaleActionTime '2024-05-01T10:00:00Z'
        $in.Outcome | Should -Be 'ScaledIn'
        $hot = New-SampleCsv 'hot-1045.csv' -Start '2024-05-01T10:40:00Z' -Minutes 5 -Value { 95 }
        $out = Test-VmssAutoscaleThreshold -Path $Cooldown6040 -SamplePath $hot -At '2024-05-01T10:45:00Z' -CurrentCapacity 4 -LastScaleActionTime '2024-05-01T10:00:00Z'
        $out.Outcome | Should -Be 'Cooldown'
        $out.Reason | Should -Match 'The scale-out rule \(Percentage CPU > 70\) is in cooldown until 2024-05-01 11:00Z'
    }

    # Same revision: "Updating an autoscale setting resets the scale action timestamp and clears the cooldown state for all rules."
    It 'clears every cooldown after -LastSettingUpdateTime and says so' {
        $hot = New-SampleCsv 'hot-1015.csv' -Start '2024-05-01T10:10:00Z' -Minutes 5 -Value { 95 }
        $d = Test-VmssAutoscaleThreshold -Path $Cooldown6040 -SamplePath $hot -At '2024-05-01T10:15:00Z' -CurrentCapacity 4 -LastScaleActionTime '2024-05-01T10:00:00Z' -LastSettingUpdateTime '2024-05-01T10:12:00Z'
        $d.Outcome | Should -Be 'ScaledOut'
        $d.Reason | Should -Match 'the setting was updated at 2024-05-01 10:12Z, after the last scale action at 2024-05-01 10:00Z, which clears every rule''s cooldown'
    }

    It 'refuses a -LastSettingUpdateTime at the end of the calendar' {
        $csv = New-SampleCsv 'upd.csv' -Value { 1 }
        { Test-VmssAutoscaleThreshold -Path $Cooldown6040 -SamplePath $csv -LastSettingUpdateTime ([datetime]::MaxValue) -ErrorAction Stop } | Should -Throw
    }

    # The 08/05/2026 revision, reversed on 08/19/2026, kept as -Option CooldownMode LastFiredRule: a scale-in at
    # 13:00 blocks everything until 13:40 (the scale-in rule's 40 minutes).
    It 'keeps the cooldown of the rule that fired last as an option, in both directions' {
        $lastFired = @{ CooldownMode = 'LastFiredRule' }
        $csv = New-SampleCsv 'hot-1320.csv' -Start '2024-05-01T13:15:00Z' -Minutes 5 -Value { 95 }
        $blocked = Test-VmssAutoscaleThreshold -Path $Cooldown6040 -SamplePath $csv -At '2024-05-01T13:20:00Z' -LastScaleActionTime '2024-05-01T13:00:00Z' -LastScaleActionDirection Decrease -Option $lastFired
        $blocked.Outcome | Should -Be 'Cooldown'
        $blocked.Reason | Should -Match 'cooldown until 2024-05-01 13:40Z.*the scale-in rule''s cooldown applies'
        $csv2 = New-SampleCsv 'hot-1340.csv' -Start '2024-05-01T13:35:00Z' -Minutes 5 -Value { 95 }
        $runs = Test-VmssAutoscaleThreshold -Path $Cooldown6040 -SamplePath $csv2 -At '2024-05-01T13:40:00Z' -LastScaleActionTime '2024-05-01T13:00:00Z' -LastScaleActionDirection Decrease -Option $lastFired
        $runs.Outcome | Should -Be 'ScaledOut'
        $perRule = Test-VmssAutoscaleThreshold -Path $Cooldown6040 -SamplePath $csv2 -At '2024-05-01T13:40:00Z' -LastScaleActionTime '2024-05-01T13:00:00Z' -LastScaleActionDirection Decrease
        $perRule.Outcome | Should -Be 'Cooldown'
        $perRule.Reason | Should -Match 'cooldown until 2024-05-01 14:00Z'
    }

    It 'assumes the longest cooldown under LastFiredRule without a direction and says so' {
        $csv = New-SampleCsv 'hot-1345.csv' -Start '2024-05-01T13:40:00Z' -Minutes 5 -Value { 95 }
        $d = Test-VmssAutoscaleThreshold -Path $Cooldown6040 -SamplePath $csv -At '2024-05-01T13:45:00Z' -LastScaleActionTime '2024-05-01T13:00:00Z' -Option @{ CooldownMode = 'LastFiredRule' }
        $d.Outcome | Should -Be 'Cooldown'
        $d.Reason | Should -Match 'longest cooldown is assumed; give -LastScaleActionDirection'
    }

    It 'refuses -LastScaleActionDirection without -LastScaleActionTime' {
        $csv = New-SampleCsv 'dir.csv' -Value { 1 }
        { Test-VmssAutoscaleThreshold -Path $Cooldown6040 -SamplePath $csv -LastScaleActionDirection Increase -ErrorAction Stop } |
            Should -Throw -ErrorId 'VmssAutoscale.DirectionWithoutTime*'
    }

    # autoscale-best-practices (2022-09 revision): a Storage queue threshold counts messages per instance, without dividePerInstance.
    It 'compares a queue length per instance and never mixes the queue with the scale set' {
        $path = Join-Path $TestDrive 'queue.csv'
        $lines = @('Instance,Timestamp,MetricName,Value,ResourceId')
        foreach ($m in 0..4) {
            $t = ([datetime]'2024-05-01T10:00:00Z').ToUniversalTime().AddMinutes($m).ToString('yyyy-MM-ddTHH:mm:ssZ')
            $lines += "work,$t,ApproximateMessageCount,100,$QueueId"
            $lines += "web_0,$t,Percentage CPU,20,"
            $lines += "web_1,$t,Percentage CPU,20,"
        }
        Set-Content -Path $path -Value $lines -Encoding utf8
        $d = Test-VmssAutoscaleThreshold -Path $Queue5010 -SamplePath $path
        $d.CurrentCapacity | Should -Be 2
        $d.Decision | Should -Be 'ScaleOut'
        $d.Reason | Should -Match '100 messages / 2 instances = 50 per instance'
        ($d.Rules | Where-Object MetricName -eq 'Percentage CPU').ObservedValue | Should -Be 20
    }

    # Issue 22 item 4: capacity inferred from samples counts the scale set's instances, not a queue's rows.
    It 'infers the capacity from the scale set instances only, even when the queue rows carry no ResourceId' {
        $path = Join-Path $TestDrive 'queue-no-id.csv'
        $lines = @('Instance,Timestamp,MetricName,Value')
        foreach ($m in 0..4) {
            $t = ([datetime]'2024-05-01T10:00:00Z').ToUniversalTime().AddMinutes($m).ToString('yyyy-MM-ddTHH:mm:ssZ')
            $lines += "work,$t,ApproximateMessageCount,100"
            $lines += "web_0,$t,Percentage CPU,20"
            $lines += "web_1,$t,Percentage CPU,20"
        }
        Set-Content -Path $path -Value $lines -Encoding utf8
        $d = Test-VmssAutoscaleThreshold -Path $Queue5010 -SamplePath $path -WarningAction SilentlyContinue
        $d.CurrentCapacity | Should -Be 2
    }

    # Issue 22 item 4: samples inside the window but of another resource are not a time-zone problem.
    It 'says the samples belong to another resource instead of asking whether Timestamp is UTC' {
        $other = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/other'
        $path = Join-Path $TestDrive 'other-resource.csv'
        $lines = @('Instance,Timestamp,MetricName,Value,ResourceId')
        foreach ($m in 0..9) {
            $t = ([datetime]'2024-05-01T10:00:00Z').ToUniversalTime().AddMinutes($m).ToString('yyyy-MM-ddTHH:mm:ssZ')
            $lines += "other_0,$t,Percentage CPU,90,$other"
        }
        Set-Content -Path $path -Value $lines -Encoding utf8
        $null = Test-VmssAutoscaleThreshold -Path $Cpu6030 -SamplePath $path -At '2024-05-01T10:10:00Z' -CurrentCapacity 2 -WarningVariable w -WarningAction SilentlyContinue
        ($w -join ' ') | Should -Match 'fall inside the rules. windows, but no rule reads them'
        ($w -join ' ') | Should -Not -Match 'Timestamp is UTC'
    }

    It 'binds ResourceId from piped rows too' {
        $rows = foreach ($m in 0..4) {
            [pscustomobject]@{ Instance = 'work'; Timestamp = ([datetime]'2024-05-01T10:00:00Z').ToUniversalTime().AddMinutes($m); MetricName = 'ApproximateMessageCount'; Value = 30; ResourceId = $QueueId }
        }
        # The setting's CPU rule has no rows here; the warning that says so is captured, not printed.
        $d = $rows | Test-VmssAutoscaleThreshold -Path $Queue5010 -CurrentCapacity 3 -WarningVariable w -WarningAction SilentlyContinue
        ($w -join ' ') | Should -Match "No sample has the MetricName 'Percentage CPU'"
        $d.Decision | Should -Be 'ScaleIn'
        $d.Reason | Should -Match '30 messages / 3 instances = 10 per instance'
    }

    # autoscale-understanding-settings (ms.date 08/05/2026): statistic is "the aggregation method within the timeGrain period".
    It 'reduces every value within the grain with the statistic, and keeps the old reading as an option' {
        $path = Join-Path $TestDrive 'max.csv'
        $lines = @('Instance,Timestamp,MetricName,Value,Maximum,Count', 'vm_0,2024-05-01T10:00:00Z,Percentage CPU,30,95,4', 'vm_1,2024-05-01T10:00:00Z,Percentage CPU,20,,')
        Set-Content -Path $path -Value $lines -Encoding utf8
        $within = Test-VmssAutoscaleThreshold -Path $Cpu6030 -SamplePath $path -At '2024-05-01T10:01:00Z'
        $old = Test-VmssAutoscaleThreshold -Path $Cpu6030 -SamplePath $path -At '2024-05-01T10:01:00Z' -Option @{ StatisticScope = 'AcrossInstanceMeans' }
        # Average within the grain weighs vm_0's four raw values: (30*4 + 20) / 5 = 28; across instance means: (30 + 20) / 2 = 25.
        ($within.Rules | Where-Object Direction -eq 'Increase').ObservedValue | Should -Be 28
        ($old.Rules | Where-Object Direction -eq 'Increase').ObservedValue | Should -Be 25
    }
}
