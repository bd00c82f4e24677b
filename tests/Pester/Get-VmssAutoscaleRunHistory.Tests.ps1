BeforeAll {
    . (Join-Path $PSScriptRoot 'FakeArm.Helpers.ps1')
    Import-Module $script:ModuleManifest -Force
    $script:fake = Start-FakeArm
    # Comparisons of two reads end both at this whole minute in the past, never at "now" read twice:
    # two commands a moment apart could otherwise straddle a minute and see different windows.
    $now = [datetime]::UtcNow
    $script:PastMinute = [datetime]::new($now.Year, $now.Month, $now.Day, $now.Hour, $now.Minute, 0, [DateTimeKind]::Utc).AddMinutes(-2)
}

AfterAll { Stop-FakeArm $script:fake }

Describe 'Get-VmssAutoscaleRunHistory' {
    BeforeEach {
        Set-FakeArmConfig $script:fake
        Clear-FakeArmRequest $script:fake
        $null = Connect-FakeArm $script:fake
    }

    It 'returns one record per minute and rule for the last hour, with the threshold paired to its observed value' {
        $history = @(Get-VmssAutoscaleRunHistory -ResourceGroupName rg-web -VMScaleSetName vmss-web)
        $history[0] | Should -BeOfType ([VmssAutoscale.Model.RunHistoryRecord])
        # 60 minutes, two rules (scale out > 60, scale in < 30) on one metric.
        $history | Should -HaveCount 120
        @($history | Where-Object MetricTriggerRule -EQ 'Percentage CPU GreaterThan 60').MetricThreshold | Sort-Object -Unique | Should -Be 60
        @($history | Where-Object MetricTriggerRule -EQ 'Percentage CPU LessThan 30').MetricThreshold | Sort-Object -Unique | Should -Be 30
        $history.MetricTriggerSource | Sort-Object -Unique | Should -Be 'Percentage CPU'
        $history | ForEach-Object { $_.ObservedMetricValue | Should -BeGreaterThan 0 }
        $history.ObservedCapacity | Sort-Object -Unique | Should -Be 3
        $history.SettingName | Sort-Object -Unique | Should -Be 'autoscale-web'
        $history.VMScaleSetName | Sort-Object -Unique | Should -Be 'vmss-web'
        $history.ResourceGroupName | Sort-Object -Unique | Should -Be 'rg-web'
    }

    It 'agrees with the host metrics the engine averages: the observed value is the mean over the VMs and the rule''s 5-minute window' {
        $history = Get-VmssAutoscaleRunHistory -ResourceGroupName rg-web -VMScaleSetName vmss-web -EndTime $script:PastMinute -Last 00:10:00 | Where-Object MetricTriggerRule -Match 'GreaterThan'
        $history | Should -HaveCount 10
        $samples = Get-VmssDiagnosticsSample -ResourceGroupName rg-web -VMScaleSetName vmss-web -Source HostMetrics -MetricName 'Percentage CPU' -StartTime $script:PastMinute.AddMinutes(-16) -EndTime $script:PastMinute
        $samples | Should -Not -BeNullOrEmpty
        foreach ($row in $history) {
            $window = @($samples | Where-Object { $_.Timestamp -ge $row.Time.AddMinutes(-5) -and $_.Timestamp -lt $row.Time })
            $row.ObservedMetricValue | Should -BeGreaterOrEqual ((($window | Measure-Object Value -Average).Average) - 1e-9)
            $row.ObservedMetricValue | Should -BeLessOrEqual ((($window | Measure-Object Value -Average).Average) + 1e-9)
        }
    }

    It 'reads all four metrics of the setting in one request with the Metrics API version the fake checks' {
        $null = Get-VmssAutoscaleRunHistory -ResourceGroupName rg-web -VMScaleSetName vmss-web
        $metrics = @(Get-FakeArmRequest $script:fake | Where-Object { $_.path -match 'autoscalesettings/autoscale-web/providers/Microsoft.Insights/metrics' })
        $metrics | Should -HaveCount 1
        $query = [uri]::UnescapeDataString($metrics[0].path)
        $query | Should -Match 'api-version=2023-10-01'
        $query | Should -Match 'metricnames=ObservedMetricValue,MetricThreshold,ObservedCapacity,ScaleActionsInitiated'
        $query | Should -Match "MetricTriggerSource eq '\*' and MetricTriggerRule eq '\*' and ScaleDirection eq '\*'"
        $metrics[0].status | Should -Be 200
    }

    It 'shows the scale actions the engine started, with their direction, over -Last' {
        $history = Get-VmssAutoscaleRunHistory -ResourceGroupName rg-web -VMScaleSetName vmss-web -EndTime $script:PastMinute -Last 06:00:00
        # The fake marks the minute each seeded autoscale action started; the activity log holds the same actions.
        $acted = @($history | Where-Object ScaleActionsInitiated | Sort-Object Time -Unique)
        $started = @(Get-VmssScaleEvent -ResourceGroupName rg-web -VMScaleSetName vmss-web -StartTime $script:PastMinute.AddHours(-6) -EndTime $script:PastMinute | Where-Object Cause -EQ 'Autoscale')
        $started.Count | Should -BeGreaterThan 0
        $acted | Should -HaveCount $started.Count
        $acted.ScaleDirection | Should -Be @($started | ForEach-Object { if ($_.Direction -eq 'Out') { 'Increase' } else { 'Decrease' } })
        $history | Where-Object { -not $_.ScaleActionsInitiated } | ForEach-Object { $_.ScaleDirection | Should -BeNullOrEmpty }
    }

    It 'takes scale sets and autoscale settings from the pipeline' {
        @(Get-VmssAutoscaleTarget -ResourceGroupName rg-web -VMScaleSetName vmss-web | Get-VmssAutoscaleRunHistory -Last 00:05:00) | Should -HaveCount 10
        @(Get-VmssAutoscaleSetting -ResourceGroupName rg-web -VMScaleSetName vmss-web | Get-VmssAutoscaleRunHistory -Last 00:05:00) | Should -HaveCount 10
    }

    It 'returns nothing for a disabled setting, whose engine never runs' {
        $out = @(Get-VmssAutoscaleRunHistory -ResourceGroupName rg-web -VMScaleSetName vmss-busy -ErrorVariable err)
        $out | Should -HaveCount 0
        $err | Should -HaveCount 0
    }

    It 'reports NoAutoscaleSetting for a scale set no setting targets, and goes on with the next input' {
        $out = @('vmss-linux', 'vmss-web') | ForEach-Object { [pscustomobject]@{ ResourceGroupName = 'rg-web'; VMScaleSetName = $_ } } |
            Get-VmssAutoscaleRunHistory -Last 00:02:00 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.NoAutoscaleSetting,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception.Message | Should -Match 'vmss-linux'
        @($out) | Should -HaveCount 4
    }

    It 'names the action and roles when the metrics are forbidden' {
        Add-FakeArmFault $script:fake -Match 'autoscale-web/providers/Microsoft.Insights/metrics' -Status 403
        $null = Get-VmssAutoscaleRunHistory -ResourceGroupName rg-web -VMScaleSetName vmss-web -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.PermissionDenied,*'
        $err[0].Exception.Message | Should -Match 'Microsoft.Insights/metrics/read'
    }

    It 'gives ten one-minute grains for -Last 00:10:00 even when the period starts a fraction of a second after a minute' {
        # The request states whole seconds; filtering on the fractional start dropped the first grain (nine, not ten).
        $now = [datetime]::UtcNow
        $end = [datetime]::new($now.Year, $now.Month, $now.Day, $now.Hour, $now.Minute, 0, [DateTimeKind]::Utc).AddMinutes(-2).AddMilliseconds(300)
        $history = @(Get-VmssAutoscaleRunHistory -ResourceGroupName rg-web -VMScaleSetName vmss-web -EndTime $end -Last 00:10:00)
        @($history.Time | Sort-Object -Unique) | Should -HaveCount 10
        ($history.Time | Measure-Object -Minimum).Minimum | Should -Be $end.AddMilliseconds(-300).AddMinutes(-10)
    }

    It 'refuses -Last together with -StartTime, and a start after the end' {
        $null = Get-VmssAutoscaleRunHistory -ResourceGroupName rg-web -VMScaleSetName vmss-web -Last 01:00:00 -StartTime (Get-Date).AddHours(-2) -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.ConflictingWindow,*'
        $null = Get-VmssAutoscaleRunHistory -ResourceGroupName rg-web -VMScaleSetName vmss-web -StartTime (Get-Date).AddHours(-1) -EndTime (Get-Date).AddHours(-2) -ErrorVariable err2 -ErrorAction SilentlyContinue
        $err2[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.InvalidTimeRange,*'
    }

    It 'refuses a -Last outside one minute to 93 days before reading anything' {
        $null = Get-VmssAutoscaleRunHistory -ResourceGroupName rg-web -VMScaleSetName vmss-web -Last 100.00:00:00 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.InvalidPeriod,*'
        $err[0].Exception.Message | Should -Match '93 days'
        @(Get-FakeArmRequest $script:fake | Where-Object { $_.path -match '/metrics' }) | Should -HaveCount 0
    }

    It 'refuses a resource ID that is not a scale set''s' {
        $null = Get-VmssAutoscaleRunHistory -ResourceId "/subscriptions/$script:FakeSubscription/resourceGroups/rg-web/providers/Microsoft.Storage/storageAccounts/x" -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.NotAScaleSet,*'
    }

    It 'gives the same records from an exported snapshot as live' {
        $bundle = Join-Path $TestDrive 'web'
        $null = Export-VmssAutoscaleReport -ResourceGroupName rg-web -VMScaleSetName vmss-web -Path $bundle -WarningAction SilentlyContinue
        $raw = Get-Content (Join-Path $bundle 'snapshot.json') -Raw
        ($raw | ConvertFrom-Json).scaleSets[0].serviceMetrics[0].settingId | Should -Match 'autoscale-web$'
        # The collection time as written (ConvertFrom-Json would turn it into a local DateTime).
        $collected = [datetime]::Parse(([regex]::Match($raw, '"collectedAt":\s*"([^"]+)"')).Groups[1].Value, [cultureinfo]::InvariantCulture, 'AdjustToUniversal')
        $live = @(Get-VmssAutoscaleRunHistory -ResourceGroupName rg-web -VMScaleSetName vmss-web -EndTime $collected -Last 00:30:00)
        $offline = @(Get-VmssAutoscaleRunHistory -Snapshot $bundle -ResourceGroupName rg-web -VMScaleSetName vmss-web -Last 00:30:00)
        $offline | Should -HaveCount $live.Count
        ($offline | ConvertTo-Json -Compress) | Should -Be ($live | ConvertTo-Json -Compress)
    }

    It 'says a bundle without run history has none' {
        # Every example carries run history (issue 22 item 5): take one out of a copy.
        $dir = Join-Path $TestDrive 'no-history'
        $null = New-Item -ItemType Directory -Path $dir
        $json = Get-Content (Join-Path $script:RepoRoot 'examples/healthy/snapshot.json') -Raw | ConvertFrom-Json
        foreach ($s in $json.scaleSets) { $s.PSObject.Properties.Remove('serviceMetrics') }
        $json | ConvertTo-Json -Depth 100 | Set-Content -Path (Join-Path $dir 'snapshot.json') -Encoding utf8
        $null = Get-VmssAutoscaleRunHistory -Snapshot $dir -ResourceId $json.scaleSets[0].resourceId -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.*,*'
        $err[0].FullyQualifiedErrorId | Should -Match 'NotInSnapshot|NoAutoscaleSetting'
    }

    It 'reads the run history every example bundle now carries' {
        $records = @(Get-VmssAutoscaleRunHistory -Snapshot (Join-Path $script:RepoRoot 'examples/healthy') -ResourceGroupName rg-autoscale-examples -VMScaleSetName vmss-healthy)
        # 30 minutes, two rules each, at the capacity of 3 the scale-out three hours earlier left.
        $records | Should -HaveCount 60
        ($records.ObservedCapacity | Sort-Object -Unique) | Should -Be 3
        ($records.MetricTriggerSource | Sort-Object -Unique) | Should -Be 'Percentage CPU'
    }

    It 'reads the run history of the queue-driven example bundle' {
        $records = @(Get-VmssAutoscaleRunHistory -Snapshot (Join-Path $script:RepoRoot 'examples/queue-driven-at-maximum') -ResourceGroupName rg-autoscale-examples -VMScaleSetName vmss-queue-workers)
        # 30 minutes, two rules each.
        $records | Should -HaveCount 60
        ($records.MetricTriggerRule | Sort-Object -Unique) | Should -Be @('QueueMessageCount GreaterThanOrEqual 100', 'QueueMessageCount LessThanOrEqual 10')
        ($records.MetricTriggerSource | Sort-Object -Unique) | Should -Be 'QueueMessageCount'
        ($records.ObservedCapacity | Sort-Object -Unique) | Should -Be 5
        $records | ForEach-Object { $_.ObservedMetricValue | Should -BeGreaterThan 470 }
        ($records | Out-String -Width 80) -split "`n" | Where-Object { $_.TrimEnd().Length -gt 80 } | Should -BeNullOrEmpty
    }

    It 'fits the default table view in 80 columns' {
        $text = Get-VmssAutoscaleRunHistory -ResourceGroupName rg-web -VMScaleSetName vmss-web -Last 00:03:00 | Out-String -Width 80
        $text | Should -Match 'SettingName: autoscale-web'
        $text | Should -Match 'Percentage CPU GreaterThan 60'
        ($text -split "`n" | Where-Object { $_.TrimEnd().Length -gt 80 }) | Should -BeNullOrEmpty
    }
}
