BeforeAll {
    . (Join-Path $PSScriptRoot 'FakeArm.Helpers.ps1')
    Import-Module $script:ModuleManifest -Force
    $script:fake = Start-FakeArm
}

AfterAll { Stop-FakeArm $script:fake }

Describe 'Get-VmssScaleEvent' {
    BeforeEach {
        Set-FakeArmConfig $script:fake
        Clear-FakeArmRequest $script:fake
        $null = Connect-FakeArm $script:fake
    }

    It 'merges the records of the last 24 hours into one event per operation' {
        $events = Get-VmssScaleEvent -ResourceGroupName rg-web -VMScaleSetName vmss-web
        $events | Should -HaveCount 6
        $events[0] | Should -BeOfType ([VmssAutoscale.Model.ScaleEvent])
        $events.Direction | Should -Be @('Out', 'In', 'Out', 'In', 'Out', 'Out')
        $events.Status | Should -Be @('Succeeded', 'Succeeded', 'Succeeded', 'Succeeded', 'Failed', 'Failed')
        $events[0].Duration | Should -Be ([TimeSpan]::FromSeconds(75))
        $events[0].Caller | Should -Be 'Microsoft.Insights/autoscaleSettings'
        $events[2].Cause | Should -Be 'Manual'
        $events[2].Caller | Should -Be 'operator@contoso.com'
        # Only its Started record has the request body; the end comes from its Succeeded record.
        $events[2].Duration | Should -Be ([TimeSpan]::FromSeconds(90))
    }

    It 'flags flapping, a reverted manual change and repeated failures' {
        $events = Get-VmssScaleEvent -ResourceGroupName rg-web -VMScaleSetName vmss-web
        $events[1].Flags -join ' ' | Should -Match 'within twice the cooldown'
        $events[2].Flags -join ' ' | Should -Match 'changed the capacity back from 8 to 5'
        $events[5].Flags -join ' ' | Should -Match '2 scale actions failed'
    }

    It 'reads the activity log of the setting and of the scale set with the documented filter' {
        $null = Get-VmssScaleEvent -ResourceGroupName rg-web -VMScaleSetName vmss-web
        $filters = Get-FakeArmRequest $script:fake | Where-Object { $_.path -match 'eventtypes/management/values' -and $_.path -notmatch 'skiptoken' } | ForEach-Object { [uri]::UnescapeDataString($_.path) }
        $filters | Should -HaveCount 2
        $filters[0] | Should -Match "eventTimestamp ge '[0-9TZ:-]+' and eventTimestamp le '[0-9TZ:-]+' and resourceUri eq '/subscriptions/.+/autoscalesettings/autoscale-web'"
        $filters[1] | Should -Match "resourceUri eq '/subscriptions/.+/virtualMachineScaleSets/vmss-web'"
    }

    It 'returns the records unmerged with -Raw' {
        $raw = Get-VmssScaleEvent -ResourceGroupName rg-web -VMScaleSetName vmss-web -Raw
        $raw | Should -HaveCount 12
        $raw[0] | Should -BeOfType ([VmssAutoscale.Model.ActivityLogRecord])
    }

    It 'reaches further back with -StartTime and clamps beyond 90 days with a warning' {
        (Get-VmssScaleEvent -ResourceGroupName rg-web -VMScaleSetName vmss-web -StartTime (Get-Date).AddDays(-7)) | Should -HaveCount 7
        $null = Get-VmssScaleEvent -ResourceGroupName rg-web -VMScaleSetName vmss-web -StartTime (Get-Date).AddDays(-200) -WarningVariable w -WarningAction SilentlyContinue
        $w | Should -Match 'keeps 90 days'
    }

    It 'accepts autoscale settings and scale sets from the pipeline' {
        (Get-VmssAutoscaleSetting -ResourceGroupName rg-web -VMScaleSetName vmss-web | Get-VmssScaleEvent) | Should -HaveCount 6
        (Get-VmssAutoscaleTarget -ResourceGroupName rg-web -VMScaleSetName vmss-web | Get-VmssScaleEvent) | Should -HaveCount 6
    }

    It 'names the action and roles when the activity log is forbidden' {
        Add-FakeArmFault $script:fake -Match 'eventtypes/management/values' -Status 403
        $null = Get-VmssScaleEvent -ResourceGroupName rg-web -VMScaleSetName vmss-web -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.PermissionDenied,*'
        $err[0].Exception.Message | Should -Match 'Microsoft.Insights/eventtypes/values/read'
        $err[0].Exception.Message | Should -Match 'Reader or Monitoring Reader'
    }

    It 'refuses a start time after the end time' {
        $null = Get-VmssScaleEvent -ResourceGroupName rg-web -VMScaleSetName vmss-web -StartTime (Get-Date).AddHours(-1) -EndTime (Get-Date).AddHours(-2) -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.InvalidTimeRange,*'
    }
}

Describe 'Get-VmssScaleEvent: a manual write' {
    It 'says the capacity was set (direction Set), not None, when no earlier event gives its start' {
        Import-Module (Join-Path $PSScriptRoot '../../out/VmssAutoscale/VmssAutoscale.psd1')
        $events = Get-VmssScaleEvent -Snapshot (Join-Path $PSScriptRoot '../../examples/manual-scale-reverted') -ResourceGroupName rg-autoscale-examples -VMScaleSetName vmss-manual-scale-reverted
        $manual = @($events | Where-Object Cause -EQ 'Manual')[0]
        $manual.Direction | Should -Be 'Set'
        $manual.ToCapacity | Should -Be 8
        ($manual | Out-String -Width 80) | Should -Match '2024-05-01 11:30 Set\s+-> 8'
    }
}
