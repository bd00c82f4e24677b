BeforeAll {
    . (Join-Path $PSScriptRoot 'FakeArm.Helpers.ps1')
    Import-Module $script:ModuleManifest -Force
    $script:fake = Start-FakeArm

    function Set-FakeLogs {
        # Replaces the fake's diagnostic settings and workspaces (tests/FakeArm/FakeArmService.AutoscaleLogs.cs).
        param([object[]] $DiagnosticSettings = @(), [object[]] $Workspaces = @())
        Invoke-FakeArmControl $script:fake '/_fake/seed-logs' @{ diagnosticSettings = @($DiagnosticSettings); workspaces = @($Workspaces) } | Out-Null
    }

    function New-LawSetting {
        param([string] $Mode = 'rows', [switch] $Hostile)
        Set-FakeLogs -DiagnosticSettings @(@{ resourceGroup = 'rg-web'; setting = 'autoscale-web'; name = 'to-law'; workspace = 'law-autoscale'; categories = @('AutoscaleEvaluations', 'AutoscaleScaleActions') }) `
            -Workspaces @(@{ resourceGroup = 'rg-web'; name = 'law-autoscale'; mode = $Mode; hostile = [bool] $Hostile })
    }
}

AfterAll { Stop-FakeArm $script:fake }

Describe 'Get-VmssAutoscaleRunHistory -IncludeLogs' {
    BeforeEach {
        # A whole minute in the past: ten minutes back from it are ten full one-minute grains, and the log
        # rows the fake seeds near now stay out of the metric counts, whatever the second the test runs at.
        $now = [datetime]::UtcNow
        $script:PastMinute = [datetime]::new($now.Year, $now.Month, $now.Day, $now.Hour, $now.Minute, 0, [DateTimeKind]::Utc).AddMinutes(-2)
        Set-FakeArmConfig $script:fake
        Set-FakeLogs
        Clear-FakeArmRequest $script:fake
        $null = Connect-FakeArm $script:fake
    }

    It 'emits the evaluations and scale actions after the metric records, from the workspace the diagnostic setting names' {
        New-LawSetting
        $out = @(Get-VmssAutoscaleRunHistory -ResourceGroupName rg-web -VMScaleSetName vmss-web -Last 06:00:00 -IncludeLogs -WarningVariable warn -ErrorVariable err)
        $err | Should -HaveCount 0
        $warn | Should -HaveCount 0
        $metrics = @($out | Where-Object { $_ -is [VmssAutoscale.Model.RunHistoryRecord] })
        $logs = @($out | Where-Object { $_ -is [VmssAutoscale.Model.AutoscaleLogRecord] })
        $metrics.Count | Should -BeGreaterThan 0
        $logs.Count | Should -BeGreaterThan 0
        # Metric records first, then the logs, in one stream.
        [array]::IndexOf($out, $logs[0]) | Should -Be $metrics.Count
        $logs.WorkspaceId | Sort-Object -Unique | Should -Match '/workspaces/law-autoscale$'
        $logs.SettingName | Sort-Object -Unique | Should -Be 'autoscale-web'
        $logs.VMScaleSetName | Sort-Object -Unique | Should -Be 'vmss-web'
        $rules = @($logs | Where-Object MetricName)
        $rules.Threshold | Sort-Object -Unique | Should -Be @(30, 60)
        @($logs | Where-Object SkipReason -EQ 'Cooldown').Count | Should -BeGreaterThan 0
        @($logs | Where-Object SkipReason -EQ 'Flapping').Count | Should -Be 1
        # The actions match the autoscale actions of the activity log over the same period.
        $actions = @($logs | Where-Object Kind -EQ 'ScaleAction')
        $started = @(Get-VmssScaleEvent -ResourceGroupName rg-web -VMScaleSetName vmss-web -StartTime (Get-Date).AddHours(-6) | Where-Object Cause -EQ 'Autoscale')
        $actions | Should -HaveCount $started.Count
        $actions | ForEach-Object { $_.NewInstanceCount | Should -Not -Be $_.CurrentInstanceCount; $_.ResultType | Should -Be 'Succeeded' }
    }

    It 'sends one diagnostic-settings read and one bounded workspace query per setting, with the versions the fake checks' {
        New-LawSetting
        $null = Get-VmssAutoscaleRunHistory -ResourceGroupName rg-web -VMScaleSetName vmss-web -IncludeLogs
        $requests = @(Get-FakeArmRequest $script:fake)
        $diag = @($requests | Where-Object path -Match 'autoscale-web/providers/Microsoft.Insights/diagnosticSettings')
        $query = @($requests | Where-Object path -Match '/workspaces/law-autoscale/query')
        # Three requests for the setting's history and logs: its metrics, its diagnostic settings, one query.
        @($requests | Where-Object path -Match 'autoscale-web/providers/Microsoft.Insights/metrics') | Should -HaveCount 1
        $diag | Should -HaveCount 1
        $diag[0].path | Should -Match 'api-version=2021-05-01-preview'
        $query | Should -HaveCount 1
        $query[0].method | Should -Be 'POST'
        $query[0].path | Should -Match 'api-version=2017-10-01'
        $query[0].status | Should -Be 200
    }

    It 'lets Where-Object Kind pick the log records out of the mixed stream' {
        New-LawSetting
        $out = @(Get-VmssAutoscaleRunHistory -ResourceGroupName rg-web -VMScaleSetName vmss-web -Last 00:10:00 -IncludeLogs)
        $kinds = @($out | Where-Object Kind)
        $kinds.Count | Should -Be @($out | Where-Object { $_ -is [VmssAutoscale.Model.AutoscaleLogRecord] }).Count
        @($kinds | Where-Object Kind -EQ 'Evaluation').Count | Should -BeGreaterThan 0
    }

    It 'pipes log records by name into the other cmdlets' {
        New-LawSetting
        $record = Get-VmssAutoscaleRunHistory -ResourceGroupName rg-web -VMScaleSetName vmss-web -IncludeLogs | Where-Object { $_ -is [VmssAutoscale.Model.AutoscaleLogRecord] } | Select-Object -First 1
        (@($record | Get-VmssAutoscaleTarget)[0]).VMScaleSetName | Should -Be 'vmss-web'
    }

    It 'warns once, with the page to follow, when no diagnostic setting sends the logs anywhere, and the metric records still come' {
        $out = @(Get-VmssAutoscaleRunHistory -ResourceGroupName rg-web -VMScaleSetName vmss-web -EndTime $script:PastMinute -Last 00:10:00 -IncludeLogs -WarningVariable warn -WarningAction SilentlyContinue -ErrorVariable err)
        $warn | Should -HaveCount 1
        $warn[0] | Should -Match 'No diagnostic setting'
        $warn[0] | Should -Match 'autoscale-resource-log-schema'
        $err | Should -HaveCount 0
        $out | Should -HaveCount 20
        $out | ForEach-Object { $_ | Should -BeOfType ([VmssAutoscale.Model.RunHistoryRecord]) }
        @(Get-FakeArmRequest $script:fake | Where-Object path -Match '/query') | Should -HaveCount 0
    }

    It 'names the diagnostic setting that sends the logs to storage only' {
        Set-FakeLogs -DiagnosticSettings @(@{ resourceGroup = 'rg-web'; setting = 'autoscale-web'; name = 'archive'; storage = 'stlogs'; categoryGroup = 'allLogs' })
        $out = @(Get-VmssAutoscaleRunHistory -ResourceGroupName rg-web -VMScaleSetName vmss-web -EndTime $script:PastMinute -Last 00:10:00 -IncludeLogs -WarningVariable warn -WarningAction SilentlyContinue)
        $warn | Should -HaveCount 1
        $warn[0] | Should -Match "'archive'"
        $warn[0] | Should -Match 'storage account'
        $out | Should -HaveCount 20
    }

    It 'reports a forbidden workspace as LogQueryFailed naming it, without stopping the metric records' {
        New-LawSetting -Mode forbidden
        $out = @(Get-VmssAutoscaleRunHistory -ResourceGroupName rg-web -VMScaleSetName vmss-web -EndTime $script:PastMinute -Last 00:10:00 -IncludeLogs -ErrorVariable err -ErrorAction SilentlyContinue)
        $out | Should -HaveCount 20
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.LogQueryFailed,*'
        $err[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $err[0].TargetObject | Should -Match '/workspaces/law-autoscale$'
        $err[0].Exception.Message | Should -Match 'Log Analytics Reader'
    }

    It 'says that nothing was logged yet when the workspace has no autoscale table' {
        New-LawSetting -Mode noTable
        $out = @(Get-VmssAutoscaleRunHistory -ResourceGroupName rg-web -VMScaleSetName vmss-web -EndTime $script:PastMinute -Last 00:10:00 -IncludeLogs -ErrorVariable err -ErrorAction SilentlyContinue)
        $out | Should -HaveCount 20
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.LogQueryFailed,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception.Message | Should -Match 'no autoscale log table yet'
        $err[0].Exception.Message | Should -Match "Failed to resolve table expression named 'AutoscaleEvaluationsLog'"
    }

    It 'writes the rows of a partial answer and reports its error' {
        New-LawSetting -Mode partialError
        $out = @(Get-VmssAutoscaleRunHistory -ResourceGroupName rg-web -VMScaleSetName vmss-web -Last 00:10:00 -IncludeLogs -ErrorVariable err -ErrorAction SilentlyContinue)
        @($out | Where-Object { $_ -is [VmssAutoscale.Model.AutoscaleLogRecord] }).Count | Should -BeGreaterThan 0
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.LogQueryFailed,*'
        $err[0].Exception.Message | Should -Match 'PartialError'
    }

    It 'reports a forbidden diagnostic-settings read and still writes the metric records' {
        Add-FakeArmFault $script:fake -Match 'autoscale-web/providers/Microsoft.Insights/diagnosticSettings' -Status 403
        $out = @(Get-VmssAutoscaleRunHistory -ResourceGroupName rg-web -VMScaleSetName vmss-web -EndTime $script:PastMinute -Last 00:10:00 -IncludeLogs -ErrorVariable err -ErrorAction SilentlyContinue)
        $out | Should -HaveCount 20
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.PermissionDenied,*'
        $err[0].Exception.Message | Should -Match 'Microsoft.Insights/diagnosticSettings/read'
    }

    It 'cleans control characters out of the logged text before the view shows it' {
        New-LawSetting -Hostile
        $logs = @(Get-VmssAutoscaleRunHistory -ResourceGroupName rg-web -VMScaleSetName vmss-web -Last 00:10:00 -IncludeLogs | Where-Object { $_ -is [VmssAutoscale.Model.AutoscaleLogRecord] })
        $logs.Count | Should -BeGreaterThan 0
        foreach ($text in @($logs.Profile) + @($logs.ResultDescription) | Where-Object { $_ }) {
            $text | Should -Not -Match '[\x00-\x1f\x7f-\x9f]'
        }
        ($logs | Out-String -Width 80) | Should -Not -Match '\x1b'
    }

    It 'fits the default view in 80 columns' {
        New-LawSetting
        $logs = @(Get-VmssAutoscaleRunHistory -ResourceGroupName rg-web -VMScaleSetName vmss-web -Last 00:20:00 -IncludeLogs | Where-Object { $_ -is [VmssAutoscale.Model.AutoscaleLogRecord] })
        $lines = @((($logs | Out-String -Width 80) -replace "`r", '').Trim("`n") -split "`n")
        $lines.Count | Should -BeLessOrEqual ($logs.Count + 6)
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
    }

    It 'refuses -IncludeLogs with -Snapshot before reading the bundle' {
        $missing = Join-Path $TestDrive 'no-such-bundle'
        { Get-VmssAutoscaleRunHistory -Snapshot $missing -ResourceGroupName rg-web -VMScaleSetName vmss-web -IncludeLogs -ErrorAction Stop } |
            Should -Throw -ErrorId 'VmssAutoscale.NotInSnapshot,*'
        try { Get-VmssAutoscaleRunHistory -Snapshot $missing -ResourceGroupName rg-web -VMScaleSetName vmss-web -IncludeLogs -ErrorAction Stop } catch { $_.Exception.Message | Should -Match 'snapshots do not carry them' }
    }
}
