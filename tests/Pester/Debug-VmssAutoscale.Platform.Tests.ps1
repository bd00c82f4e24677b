#Requires -Version 5.1
# Issue 21: can the platform give autoscale its instances? End to end through the built module
# against the loopback fake ARM: why a scale action failed (the scale set's failed write and its
# statusMessage), who else writes the capacity (a pipeline's sawtooth).

BeforeAll {
    . (Join-Path $PSScriptRoot 'FakeArm.Helpers.ps1')
    Import-Module $script:ModuleManifest -Force
    $script:fake = Start-FakeArm
    $null = Connect-FakeArm $script:fake
    $script:Group = 'rg-platform'
    $script:Saw = 'vmss-saw'
    $quotaMessage = 'Operation could not be completed as it results in exceeding approved standardDSv3Family Cores quota. Additional details - Deployment Model: Resource Manager, Location: westeurope, Current Limit: 8, Current Usage: 6, Additional Required: 2.'
    Add-FakeArmSeed $script:fake @{
        scaleSets        = @(@{ resourceGroup = $Group; name = $Saw; capacity = 2; windows = $false })
        settings         = @(@{ resourceGroup = $Group; name = 'autoscale-saw'; scaleSet = $Saw; minimum = 2; maximum = 10; default = 2 })
        # A pipeline deploys the template that names capacity 2; autoscale grows the set in between.
        capacityWrites   = @(@{ resourceGroup = $Group; scaleSet = $Saw; caller = 'ado-pipeline-spn'; capacity = 2; minutesAgo = @(400, 250, 100) })
        autoscaleActions = @(
            @{ resourceGroup = $Group; setting = 'autoscale-saw'; scaleSet = $Saw; minutesAgo = 380; from = 2; to = 3 },
            @{ resourceGroup = $Group; setting = 'autoscale-saw'; scaleSet = $Saw; minutesAgo = 360; from = 3; to = 4 },
            @{ resourceGroup = $Group; setting = 'autoscale-saw'; scaleSet = $Saw; minutesAgo = 230; from = 2; to = 3 },
            @{ resourceGroup = $Group; setting = 'autoscale-saw'; scaleSet = $Saw; minutesAgo = 80; from = 2; to = 3; status = 'Failed' })
        # The engine's own write behind the failed scale-out, refused for quota.
        failedWrites     = @(@{ resourceGroup = $Group; scaleSet = $Saw; minutesAgo = 79.9; capacity = 3; code = 'OperationNotAllowed'; message = $quotaMessage })
    }

    function Get-Finding {
        param([string] $Name, [string] $Check, [string] $Group = $script:Group)
        @(Debug-VmssAutoscale -ResourceGroupName $Group -VMScaleSetName $Name -WarningAction SilentlyContinue) |
            Where-Object { $_ -is [VmssAutoscale.Model.Finding] -and $_.Check -eq $Check }
    }
}

AfterAll { Stop-FakeArm $script:fake }

Describe 'Why a scale action failed' {
    It 'Get-VmssScaleEvent gives the failed scale-out its error code, message and cause from the failed write' {
        $failed = @(Get-VmssScaleEvent -ResourceGroupName $Group -VMScaleSetName $Saw | Where-Object Status -EQ 'Failed')
        $failed | Should -HaveCount 1
        $failed[0].ErrorCode | Should -Be 'OperationNotAllowed'
        $failed[0].FailureCause | Should -Be 'Quota'
        $failed[0].ErrorMessage | Should -Match 'exceeding approved standardDSv3Family Cores quota.*Current Usage: 6'
        # A succeeded one carries none.
        @(Get-VmssScaleEvent -ResourceGroupName $Group -VMScaleSetName $Saw | Where-Object Status -EQ 'Succeeded' | Where-Object FailureCause) | Should -HaveCount 0
    }

    It 'the ScaleEvents finding names the cause and its fix instead of the engine''s description' {
        $f = Get-Finding $Saw 'ScaleEvents'
        $f.Status | Should -Be 'Fail'
        $f.Summary | Should -Match 'failed in the last 24 h, the latest at .*: Quota \(OperationNotAllowed\): Operation could not be completed as it results in exceeding approved standardDSv3Family Cores quota'
        $f.Summary | Should -Not -Match 'The autoscale engine attempting'
        $f.Remediation | Should -Match 'Request more vCPU quota'
    }
}

Describe 'Who else writes the capacity' {
    It 'names the pipeline that resets autoscale''s capacity, how often and to what' {
        $f = Get-Finding $Saw 'CapacityWriters'
        $f.Status | Should -Be 'Fail'
        $f.Summary | Should -Be "'ado-pipeline-spn' set the capacity 3 times in the last 24 h (to 2), 2 of them resetting what autoscale had added: a deployment that names sku.capacity undoes autoscale every time it runs."
        $f.Remediation | Should -Match 'Leave sku.capacity out of the template'
        $f.Remediation | Should -Match 'ignore_changes = \[instances\]'
    }

    It 'passes when a person set the capacity once' {
        $f = Get-Finding 'vmss-web' 'CapacityWriters' -Group 'rg-web'
        $f.Status | Should -Be 'Pass'
        $f.Summary | Should -Be '1 caller other than autoscale wrote the capacity in the last 24 h, none again and again after autoscale.'
        ($f.Evidence -join "`n") | Should -Match 'operator@contoso.com: 1 capacity write to 8'
    }
}

Describe 'Headroom: can the platform give autoscale its instances' {
    BeforeAll {
        $script:Flex = 'vmss-flexquota'
        $script:Subnet = 'vmss-subnet'
        $script:Locked = 'vmss-locked'
        Add-FakeArmSeed $script:fake @{
            platformScaleSets = @(
                @{ resourceGroup = $Group; name = $Flex; sku = 'Standard_D4s_v3'; capacity = 3; flexible = $true },
                @{ resourceGroup = $Group; name = $Subnet; sku = 'Standard_F8s_v2'; capacity = 2; singlePlacementGroup = $false; subnet = 'vnet-app/default' },
                @{ resourceGroup = 'rg-locked'; name = $Locked; sku = 'Standard_A1'; capacity = 2; singlePlacementGroup = $false; zones = @('1', '2') })
            settings          = @(
                @{ resourceGroup = $Group; name = 'autoscale-flexquota'; scaleSet = $Flex; minimum = 2; maximum = 20; default = 3 },
                @{ resourceGroup = $Group; name = 'autoscale-subnet'; scaleSet = $Subnet; minimum = 2; maximum = 10; default = 2 },
                @{ resourceGroup = 'rg-locked'; name = 'autoscale-locked'; scaleSet = $Locked; minimum = 2; maximum = 6; default = 2 })
            settingSteps      = @(@{ resourceGroup = $Group; setting = 'autoscale-flexquota'; value = 3 })
            # Every instance of the Flexible scale set at 90% CPU: the rules want to scale out now.
            metricLevels      = @(@{ resourceGroup = $Group; scaleSet = $Flex; levels = @{ "$($Flex)_0" = 90; "$($Flex)_1" = 90; "$($Flex)_2" = 90 } })
            subnets           = @(@{ resourceGroup = $Group; vnet = 'vnet-app'; name = 'default'; limit = 251; used = 245 })
            locks             = @(
                @{ resourceGroup = 'rg-locked'; name = 'change-freeze'; level = 'ReadOnly'; notes = 'Freeze until the release' },
                @{ name = 'keep-subscription'; level = 'CanNotDelete' },
                # A lock on another resource group's resource: the subscription's list returns it, but it does not apply.
                @{ resourceGroup = 'rg-web'; scaleSet = 'vmss-web'; name = 'web-only'; level = 'ReadOnly' })
            skuRestrictions   = @(@{ sku = 'Standard_A1'; zones = @('2'); reasonCode = 'NotAvailableForSubscription' })
        }
        # The family's usage counts every DSv3 scale set the fake holds: leave 8 vCPUs free, as in the issue.
        $next = "$($script:fake.Url.TrimEnd('/'))/subscriptions/$script:FakeSubscription/providers/Microsoft.Compute/locations/westeurope/usages?api-version=2024-07-01"
        $usages = while ($next) {
            $page = Invoke-RestMethod -Uri $next -Headers @{ Authorization = "Bearer $($script:fake.Token)" } -SkipCertificateCheck
            $page.value
            $next = $page.nextLink
        }
        $script:Used = ($usages | Where-Object { $_.name.value -eq 'standardDSv3Family' }).currentValue
        $script:Used | Should -BeGreaterThan 0
        Add-FakeArmSeed $script:fake @{ quotas = @(@{ name = 'standardDSv3Family'; limit = $script:Used + 8 }) }
    }

    It 'Get-VmssAutoscaleTarget says a Flexible scale set can grow to 5, limited by its family''s quota' {
        $target = Get-VmssAutoscaleTarget -ResourceGroupName $Group -VMScaleSetName $Flex -WarningVariable w
        $w | Should -HaveCount 0
        $target.Headroom.MaximumCapacity | Should -Be 5
        $target.Headroom.LimitedBy | Should -Be 'Quota:standardDSv3Family'
        $target.Headroom.Ceiling | Should -Be 1000
        $family = $target.Headroom.Quotas | Where-Object Name -EQ 'standardDSv3Family'
        $family.Free | Should -Be 8
        $family.VCpusPerInstance | Should -Be 4
        $family.InstancesAllowed | Should -Be 5
        ($target.Headroom.Quotas.Name) | Should -Contain 'cores'
    }

    It 'Debug fails the step the quota cannot give, in numbers, and AbleToScale is False with QuotaExhausted' {
        $out = @(Debug-VmssAutoscale -ResourceGroupName $Group -VMScaleSetName $Flex -WarningAction SilentlyContinue)
        $f = $out | Where-Object { $_ -is [VmssAutoscale.Model.Finding] -and $_.Check -eq 'Headroom' }
        $f.Status | Should -Be 'Fail'
        $f.Summary | Should -Be "ChangeCount 3 needs 12 vCPUs; standardDSv3Family has 8 free ($Used of $($Used + 8) used), so the whole step fails although two VMs would fit: at most 5 instances of the setting's 20."
        $f.Remediation | Should -Match "Request a standardDSv3Family quota of at least $($Used + 68) vCPUs in westeurope"
        $f.Remediation | Should -Match 'ChangeCount 2'
        $able = ($out | Where-Object { $_ -is [VmssAutoscale.Model.Diagnosis] }).Conditions | Where-Object Type -EQ 'AbleToScale'
        $able.Status | Should -BeFalse
        $able.Reason | Should -Be 'QuotaExhausted'
    }

    It 'warns when the subnet cannot hold the profile''s maximum (two addresses per instance while overprovisioning)' {
        $target = Get-VmssAutoscaleTarget -ResourceGroupName $Group -VMScaleSetName $Subnet
        $target.Headroom.Subnet.Free | Should -Be 6
        $target.Headroom.Subnet.AddressesPerInstance | Should -Be 2
        $target.Headroom.LimitedBy | Should -Be 'Subnet'
        $target.Headroom.MaximumCapacity | Should -Be 5
        $f = Get-Finding $Subnet 'Headroom'
        $f.Status | Should -Be 'Warn'
        $f.Summary | Should -Match "^The profile's maximum 10 is beyond what the platform allows now: at most 5 instances \(subnet: 6 addresses free, 2 per instance\)"
    }

    It 'a ReadOnly lock on the resource group fails every scale action: ScopeLocked, with the lock named' {
        $target = Get-VmssAutoscaleTarget -ResourceGroupName 'rg-locked' -VMScaleSetName $Locked
        ($target.Headroom.Locks | ForEach-Object { '{0}|{1}|{2}' -f $_.Name, $_.Level, $_.Scope }) | Should -Be @('change-freeze|ReadOnly|ResourceGroup', 'keep-subscription|CanNotDelete|Subscription')
        $target.Headroom.LimitedBy | Should -Be 'Lock:change-freeze'
        ($target.Headroom.RestrictedZones | ForEach-Object { '{0}|{1}' -f $_.Zone, $_.ReasonCode }) | Should -Be 'zone 2|NotAvailableForSubscription'.Replace('zone ', '')
        $out = @(Debug-VmssAutoscale -ResourceGroupName 'rg-locked' -VMScaleSetName $Locked -WarningAction SilentlyContinue)
        $f = $out | Where-Object { $_ -is [VmssAutoscale.Model.Finding] -and $_.Check -eq 'Headroom' }
        $f.Status | Should -Be 'Fail'
        $f.Summary | Should -Be "ReadOnly lock 'change-freeze' on the resource group blocks every write on the scale set, so every scale action fails (ScopeLocked)."
        $f.Remediation | Should -Match 'Remove-AzResourceLock'
        ($f.Evidence -join "`n") | Should -Match 'Size is restricted in zone 2 \(NotAvailableForSubscription\)'
        (($out | Where-Object { $_ -is [VmssAutoscale.Model.Diagnosis] }).Conditions | Where-Object Type -EQ 'AbleToScale').Reason | Should -Be 'ScopeLocked'
    }

    It 'reads quota and sizes once per region (and size) for a fleet, and locks once per scale set, resource group and subscription' {
        Clear-FakeArmRequest $script:fake
        $out = @(Debug-VmssAutoscale -All -WarningAction SilentlyContinue -ErrorVariable e)
        $e | Should -HaveCount 0
        $requests = @(Get-FakeArmRequest $script:fake)
        # First pages only: the fake pages every list two items at a time.
        @($requests | Where-Object { $_.path -match '/locations/westeurope/usages\?' -and $_.path -notmatch 'skiptoken' }) | Should -HaveCount 1
        # One list per size: D2s_v3, D4s_v3, F8s_v2 and A1 among the scale sets diagnosed.
        @($requests | Where-Object { $_.path -match '/Microsoft\.Compute/skus\?' -and $_.path -notmatch 'skiptoken' }).Count | Should -BeLessOrEqual 4
        foreach ($name in $Flex, $Locked) {
            $escaped = [regex]::Escape($name)
            @($requests | Where-Object { $_.path -match "/$escaped/providers/Microsoft\.Authorization/locks\?" }) | Should -HaveCount 1
        }
        # Besides each scale set's own list: each resource group's once, the subscription's once.
        $groups = @($out.ResourceGroupName | Sort-Object -Unique).Count
        @($requests | Where-Object { $_.path -match '/providers/Microsoft\.Authorization/locks\?' -and $_.path -notmatch 'skiptoken' }).Count | Should -Be ($out.Count + $groups + 1)
        @($requests | Where-Object { $_.path -match "^/subscriptions/$script:FakeSubscription/providers/Microsoft\.Authorization/locks\?" -and $_.path -notmatch "skiptoken" }) | Should -HaveCount 1
        @($requests | Where-Object { $_.status -ge 400 }) | Should -HaveCount 0
    }

    It 'a bundle carries the reads, and the offline Headroom agrees with the live one' {
        $bundle = Join-Path $TestDrive 'locked'
        $null = Export-VmssAutoscaleReport -Path $bundle -ResourceGroupName $Group -VMScaleSetName $Flex -WarningAction SilentlyContinue
        $stored = (Get-Content (Join-Path $bundle 'snapshot.json') -Raw | ConvertFrom-Json).scaleSets[0]
        $stored.computeUsages.name.value | Should -Contain 'standardDSv3Family'
        @($stored.resourceSkus) | Should -HaveCount 1
        $stored.resourceSkus[0].name | Should -Be 'Standard_D4s_v3'
        $live = Get-Finding $Flex 'Headroom'
        $offline = @(Debug-VmssAutoscale -Snapshot $bundle) | Where-Object { $_ -is [VmssAutoscale.Model.Finding] -and $_.Check -eq 'Headroom' }
        $offline.Summary | Should -Be $live.Summary
        (Get-VmssAutoscaleTarget -Snapshot $bundle -ResourceGroupName $Group -VMScaleSetName $Flex).Headroom.MaximumCapacity | Should -Be 5
    }

    It 'an older bundle without the reads says Skipped with the reason' {
        # The example bundles carry the reads, as every bundle the module exports: an older one is made from one without them.
        $older = Get-Content -Raw (Join-Path $script:RepoRoot 'examples/healthy/snapshot.json') | ConvertFrom-Json -DateKind String
        foreach ($section in 'computeUsages', 'resourceSkus', 'locks', 'resourceGroupLocks', 'subscriptionLocks', 'subnetUsage') {
            $older.scaleSets[0].PSObject.Properties[$section] | Should -Not -BeNullOrEmpty
            $older.scaleSets[0].PSObject.Properties.Remove($section)
        }
        $example = Join-Path $TestDrive 'older-bundle'
        $null = New-Item -ItemType Directory -Path $example
        $older | ConvertTo-Json -Depth 50 | Set-Content -Path (Join-Path $example 'snapshot.json') -Encoding utf8
        $f = @(Debug-VmssAutoscale -Snapshot $example) | Where-Object { $_ -is [VmssAutoscale.Model.Finding] -and $_.Check -eq 'Headroom' }
        $f.Status | Should -Be 'Skipped'
        $f.Summary | Should -Match '^The platform''s limits \(vCPU quota, size restrictions, locks, subnet\) were not read'
        ($f.Evidence -join "`n") | Should -Match 'quota: .*does not hold the vCPU quota of the region'
    }
}
