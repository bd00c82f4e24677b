#Requires -Version 5.1
# Issue 15: the guide's last steps end to end through the built module against the loopback fake
# ARM: each VM's instance view (ScaleSetState, DiagnosticsData), who hears about failures
# (Notifications) and Azure's own status (AzureStatus); the live run and its exported bundle agree;
# the requests stay per page and per scale set, never per VM.

BeforeAll {
    . (Join-Path $PSScriptRoot 'FakeArm.Helpers.ps1')
    Import-Module $script:ModuleManifest -Force
    $script:fake = Start-FakeArm
    $null = Connect-FakeArm $script:fake
    $script:Group = 'rg-guide'
    $script:Name = 'vmss-guide'
    # Three Linux VMs on host metrics at 40%; VM 2 is deallocated, so Azure Monitor has nothing for it.
    Add-FakeArmSeed $script:fake @{
        scaleSets    = @(@{ resourceGroup = $Group; name = $Name; capacity = 3; windows = $false })
        settings     = @(@{ resourceGroup = $Group; name = 'autoscale-guide'; scaleSet = $Name; minimum = 2; maximum = 6; default = 3 })
        metricLevels = @(@{ resourceGroup = $Group; scaleSet = $Name; levels = @{ "$($Name)_0" = 40; "$($Name)_1" = 41 } })
        vmStates     = @(@{ resourceGroup = $Group; scaleSet = $Name; index = 2; powerState = 'deallocated' })
    }

    function Get-GuideFinding {
        param([string] $Check, [hashtable] $Extra = @{})
        $out = @(Debug-VmssAutoscale -ResourceGroupName $script:Group -VMScaleSetName $script:Name -WarningAction SilentlyContinue @Extra)
        $out | Where-Object { $_ -is [VmssAutoscale.Model.Finding] -and $_.Check -eq $Check }
    }
}

AfterAll { Stop-FakeArm $script:fake }

Describe 'Each VM''s instance view' {
    It 'Get-VmssAutoscaleTarget lists the VMs with power state, computer name, agent and extensions' {
        $target = Get-VmssAutoscaleTarget -ResourceGroupName $Group -VMScaleSetName $Name
        $target.Instances | Should -HaveCount 3
        $target.Instances[0] | Should -BeOfType ([VmssAutoscale.Model.VmInstance])
        $target.Instances.Name | Should -Be @("$($Name)_0", "$($Name)_1", "$($Name)_2")
        $target.Instances.InstanceId | Should -Be @('0', '1', '2')
        $target.Instances[0].ComputerName | Should -Be "$($Name)000000"
        $target.Instances.PowerState | Should -Be @('running', 'running', 'deallocated')
        $target.Instances[2].VmAgentStatus | Should -Be 'Not Ready'
        $target.UnhealthyInstances.Name | Should -Be "$($Name)_2"
        # The default view fits 80 columns.
        ($target.Instances | Out-String -Width 80) -split "`n" | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 80 }
        ($target.Instances | Out-String -Width 80) | Should -Match 'deallocated'
    }

    It 'ScaleSetState names the deallocated VM and DiagnosticsData ties its silence to it' {
        $out = @(Debug-VmssAutoscale -ResourceGroupName $Group -VMScaleSetName $Name -WarningAction SilentlyContinue)
        $state = $out | Where-Object { $_ -is [VmssAutoscale.Model.Finding] -and $_.Check -eq 'ScaleSetState' }
        $state.Status | Should -Be 'Warn'
        $state.Summary | Should -Match "1 of 3 VMs is not healthy: $($Name)_2 \($($Name)000002\): its VM is deallocated"
        $data = $out | Where-Object { $_ -is [VmssAutoscale.Model.Finding] -and $_.Check -eq 'DiagnosticsData' }
        $data.Status | Should -Be 'Warn'
        $data.Summary | Should -Match "$($Name)_2 is silent \(no data in the window\): its VM is deallocated"
    }

    It 'names a failed monitoring extension with its message' {
        Add-FakeArmSeed $script:fake @{
            scaleSets = @(@{ resourceGroup = $Group; name = 'vmss-agent'; capacity = 2; windows = $true; extensionSettings = @{ storageAccount = 'diagagent' } })
            settings  = @(@{ resourceGroup = $Group; name = 'autoscale-agent'; scaleSet = 'vmss-agent' })
            vmStates  = @(@{ resourceGroup = $Group; scaleSet = 'vmss-agent'; index = 1; extensionFailure = 'Failed to upload to storage: 403 AuthorizationPermissionMismatch' })
        }
        $state = Debug-VmssAutoscale -ResourceGroupName $Group -VMScaleSetName vmss-agent -WarningAction SilentlyContinue | Where-Object { $_ -is [VmssAutoscale.Model.Finding] -and $_.Check -eq 'ScaleSetState' }
        $state.Status | Should -Be 'Warn'
        $state.Summary | Should -Match 'vmss-agent_1 \(vmss-agent000001\): its Microsoft.Insights.VMDiagnosticsSettings failed with "Failed to upload to storage: 403 AuthorizationPermissionMismatch"'
    }

    It 'lists a Flexible scale set''s members through the resource group''s VM list, one request per page' {
        Add-FakeArmSeed $script:fake @{ flexibleScaleSets = @(@{ resourceGroup = $Group; name = 'vmss-flex'; capacity = 5 }) }
        Clear-FakeArmRequest $script:fake
        $target = Get-VmssAutoscaleTarget -ResourceGroupName $Group -VMScaleSetName vmss-flex
        $target.OrchestrationMode | Should -Be 'Flexible'
        $target.Instances | Should -HaveCount 5
        $target.Instances.InstanceId | ForEach-Object { $_ | Should -BeNullOrEmpty }
        $lists = @(Get-FakeArmRequest $script:fake | Where-Object { $_.path -match '/providers/Microsoft\.Compute/virtualMachines\?' })
        # Five VMs, two per page (the fake's default page size): three requests.
        $lists | Should -HaveCount 3
        [Uri]::UnescapeDataString($lists[0].path) | Should -Match "\`$filter='virtualMachineScaleSet/id' eq '/subscriptions/.+/vmss-flex'"
    }

    It 'warns and goes on when the VM list is denied' {
        # One answer: the diagnosis reads the list once (a 403 is not retried), so the fault is used up after it.
        Add-FakeArmFault $script:fake -Match "/$Name/virtualMachines" -Status 403 -Count 1
        Clear-FakeArmRequest $script:fake
        $out = @(Debug-VmssAutoscale -ResourceGroupName $Group -VMScaleSetName $Name -WarningVariable w -WarningAction SilentlyContinue -ErrorVariable e)
        $e | Should -HaveCount 0
        ($w -join ' ') | Should -Match "Could not read the VMs' instance views of 'vmss-guide'.*Microsoft.Compute/virtualMachineScaleSets/virtualMachines/read"
        $state = $out | Where-Object { $_ -is [VmssAutoscale.Model.Finding] -and $_.Check -eq 'ScaleSetState' }
        $state.Status | Should -Be 'Pass'
        ($state.Evidence -join "`n") | Should -Match "Each VM's instance view: not read \(Permission denied for the VMs of scale set 'vmss-guide'"
        @(Get-FakeArmRequest $script:fake | Where-Object { $_.status -eq 403 }) | Should -HaveCount 1
    }
}

Describe 'Notifications' {
    It 'warns that nobody is notified' {
        $n = Get-GuideFinding Notifications
        $n.Status | Should -Be 'Warn'
        $n.Summary | Should -Match "Nobody is notified when autoscale scales or fails: setting 'autoscale-guide' has no e-mail or webhook"
    }

    It 'names who is told, shows a webhook by host only, and summarizes the failures autoscale reported' {
        Add-FakeArmSeed $script:fake @{
            notifications     = @(@{ resourceGroup = $Group; setting = 'autoscale-guide'; admins = $true; emails = @('ops@contoso.example'); webhook = 'https://hooks.contoso.example/autoscale/T0PSECRETPATH?code=planted-function-key' })
            autoscaleFailures = @(
                @{ resourceGroup = $Group; setting = 'autoscale-guide'; scaleSet = $Name; kind = 'MetricUnavailable'; level = 'Warning'; minutesAgo = 30; description = 'Metrics are not available for the autoscale setting to evaluate the rule on Percentage CPU.' },
                @{ resourceGroup = $Group; setting = 'autoscale-guide'; scaleSet = $Name; kind = 'Flapping'; minutesAgo = 10; description = 'Scale down will occur with updated instance count to avoid flapping.' }
            )
        }
        $n = Get-GuideFinding Notifications
        $n.Status | Should -Be 'Warn'
        $n.Summary | Should -Match '1 metric-unavailable event, 1 flapping event'
        $n.Summary | Should -Match 'the subscription administrator; e-mail ops@contoso.example; webhook at hooks.contoso.example'
        ($n.Summary + ($n.Evidence -join ' ')) | Should -Not -Match 'T0PSECRETPATH|planted-function-key'
    }
}

Describe 'Azure status' {
    It 'passes when Resource Health says Available and no Service Health event touches the region' {
        $s = Get-GuideFinding AzureStatus
        $s.Status | Should -Be 'Pass'
        $s.Evidence[0] | Should -Match '^Resource Health: Available'
    }

    It 'fails with the tracking ID during an active incident in the region, and ignores other regions' {
        Add-FakeArmSeed $script:fake @{
            serviceHealthEvents = @(
                @{ trackingId = 'ZZ9-ELSE'; eventType = 'ServiceIssue'; status = 'Active'; title = 'Storage - East Asia'; service = 'Storage'; region = 'East Asia' },
                @{ trackingId = 'QK3T-7R0'; eventType = 'ServiceIssue'; status = 'Active'; title = 'Virtual Machine Scale Sets - West Europe - Scaling failures'; service = 'Virtual Machine Scale Sets'; region = 'West Europe' }
            )
            availability        = @(@{ resourceGroup = $Group; scaleSet = $Name; state = 'Degraded'; summary = 'Some instances are affected by a platform issue.'; reasonType = 'Unplanned' })
        }
        $s = Get-GuideFinding AzureStatus
        $s.Status | Should -Be 'Fail'
        $s.Summary | Should -Match 'QK3T-7R0'
        $s.Summary | Should -Not -Match 'ZZ9-ELSE'
        ($s.Evidence -join "`n") | Should -Match 'Resource Health: Degraded'
    }

    It 'warns on maintenance, and fails when the scale set itself is Unavailable' {
        Add-FakeArmSeed $script:fake @{
            scaleSets    = @(@{ resourceGroup = 'rg-status'; name = 'vmss-down'; capacity = 2; windows = $false })
            settings     = @(@{ resourceGroup = 'rg-status'; name = 'autoscale-down'; scaleSet = 'vmss-down' })
            availability = @(@{ resourceGroup = 'rg-status'; scaleSet = 'vmss-down'; state = 'Unavailable'; summary = 'The host is being recovered.' })
        }
        $s = Debug-VmssAutoscale -ResourceGroupName rg-status -VMScaleSetName vmss-down -WarningAction SilentlyContinue | Where-Object { $_ -is [VmssAutoscale.Model.Finding] -and $_.Check -eq 'AzureStatus' }
        $s.Status | Should -Be 'Fail'
        $s.Summary | Should -Match 'Resource Health says the scale set is Unavailable \(The host is being recovered.'
    }
}

Describe 'Live and snapshot agree, with bounded requests' {
    BeforeAll {
        Clear-FakeArmRequest $script:fake
        $script:Bundle = Join-Path $TestDrive 'guide-bundle'
        $null = Export-VmssAutoscaleReport -ResourceGroupName $Group -VMScaleSetName $Name -Path $Bundle -WarningAction SilentlyContinue
        $script:Requests = @(Get-FakeArmRequest $script:fake)
        $script:Stored = (Get-Content (Join-Path $Bundle 'snapshot.json') -Raw | ConvertFrom-Json).scaleSets[0]
        $script:Offline = @(Debug-VmssAutoscale -Snapshot $Bundle | Where-Object { $_ -is [VmssAutoscale.Model.Finding] })
    }

    It 'stores the VMs, Resource Health and the region''s Service Health events in the bundle' {
        $Stored.virtualMachines | Should -HaveCount 3
        $Stored.availabilityStatus.properties.availabilityState | Should -Be 'Degraded'
        @($Stored.serviceHealthEvents.name) | Should -Be @('QK3T-7R0')
    }

    It 'gives on the snapshot the findings the export computed live' {
        $offline = $Offline | ForEach-Object { '{0}|{1}|{2}' -f $_.Check, $_.Status, $_.Summary } | Sort-Object
        $stored = $Stored.findings | ForEach-Object { '{0}|{1}|{2}' -f $_.check, $_.status, $_.summary } | Sort-Object
        $offline | Should -Be $stored
        foreach ($check in 'ScaleSetState', 'DiagnosticsData', 'Notifications', 'AzureStatus') {
            ($Offline | Where-Object Check -EQ $check).Status | Should -Not -Be 'Skipped' -Because $check
        }
    }

    It 'Get-VmssAutoscaleTarget -Snapshot gives the same instances' {
        $t = Get-VmssAutoscaleTarget -Snapshot $Bundle -ResourceGroupName $Group -VMScaleSetName $Name
        $t.Instances.PowerState | Should -Be @('running', 'running', 'deallocated')
    }

    It 'reads the VMs in one page, Resource Health and Service Health once each, and nothing per VM' {
        Set-FakeArmConfig $script:fake -PageSize 100
        try {
            Clear-FakeArmRequest $script:fake
            $null = Debug-VmssAutoscale -ResourceGroupName $Group -VMScaleSetName $Name -WarningAction SilentlyContinue
            $r = @(Get-FakeArmRequest $script:fake)
            @($r | Where-Object { $_.path -match "/$Name/virtualMachines\?" }) | Should -HaveCount 1
            @($r | Where-Object { $_.path -match '/virtualMachines/\d' }) | Should -HaveCount 0
            @($r | Where-Object { $_.path -like '*/availabilityStatuses/current*' }) | Should -HaveCount 1
            @($r | Where-Object { $_.path -like '*/Microsoft.ResourceHealth/events*' }) | Should -HaveCount 1
        }
        finally {
            Set-FakeArmConfig $script:fake
        }
    }
}
