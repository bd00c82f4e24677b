<#
    Issue 25: a hostile ARM gets nothing. The fake ARM (tests/FakeArm/FakeArmService.Hostile.cs)
    plants values the module reads and builds URLs from; each case asserts what the fake saw.
#>
BeforeAll {
    . (Join-Path $PSScriptRoot 'FakeArm.Helpers.ps1')
    Import-Module $script:ModuleManifest -Force
    $script:fake = Start-FakeArm
    $script:vmss = "/subscriptions/$($script:FakeSubscription)/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-web"

    function Set-Hostile {
        param([hashtable] $Body = @{})
        Invoke-FakeArmControl $script:fake '/_fake/hostile' $Body | Out-Null
    }

    # Every request the fake saw that a read-only cmdlet must never send: anything but GET, or a
    # POST other than a Log Analytics query of a workspace or a Resource Graph query.
    function Get-ForbiddenRequest {
        @(Get-FakeArmRequest $script:fake | Where-Object {
            $path = ($_.path -split '\?')[0]
            -not ($_.method -eq 'GET' -or
                ($_.method -eq 'POST' -and ($path -match '^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.OperationalInsights/workspaces/[^/]+/query$' -or
                    $path -eq '/providers/Microsoft.ResourceGraph/resources')))
        })
    }
}

AfterAll { Stop-FakeArm $script:fake }

Describe 'A read-only cmdlet performs no action a hostile answer asks for' {
    BeforeEach {
        Set-FakeArmConfig $script:fake
        Invoke-FakeArmControl $script:fake '/_fake/seed-logs' @{ diagnosticSettings = @(); workspaces = @() } | Out-Null
        Set-Hostile
        Clear-FakeArmRequest $script:fake
        $null = Connect-FakeArm $script:fake
    }

    It 'skips a workspaceId of shape <Shape>, with a warning naming the field, and sends nothing to it' -ForEach @(
        @{ Shape = 'action with query and fragment'; Id = 'VMSS/deallocate?api-version=2024-07-01#' }
        @{ Shape = 'dot-dot walk'; Id = '/subscriptions/SUB/resourceGroups/rg-web/providers/Microsoft.OperationalInsights/workspaces/law/../../../Microsoft.Compute/virtualMachineScaleSets/vmss-web/powerOff' }
        @{ Shape = 'encoded dot-dot'; Id = '/subscriptions/SUB/resourceGroups/rg-web/providers/Microsoft.OperationalInsights/workspaces/law/%2e%2e/%2e%2e/x' }
        @{ Shape = 'backslash'; Id = '/subscriptions/SUB/resourceGroups/rg-web/providers/Microsoft.OperationalInsights/workspaces/law\..\x' }
        @{ Shape = 'empty segment'; Id = '/subscriptions/SUB/resourceGroups//providers/Microsoft.OperationalInsights/workspaces/law' }
        @{ Shape = 'extra segment'; Id = '/subscriptions/SUB/resourceGroups/rg-web/providers/Microsoft.OperationalInsights/workspaces/law/tables/x' }
        @{ Shape = 'wrong provider'; Id = '/subscriptions/SUB/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-web' }
        @{ Shape = 'a whole URL'; Id = 'https://evil.example/subscriptions/SUB/resourceGroups/rg-web/providers/Microsoft.OperationalInsights/workspaces/law' }
    ) {
        $workspaceId = $Id.Replace('VMSS', $script:vmss).Replace('SUB', $script:FakeSubscription)
        Set-Hostile @{ workspaceIds = @(@{ resourceGroup = 'rg-web'; setting = 'autoscale-web'; workspaceId = $workspaceId }) }
        $out = @(Get-VmssAutoscaleRunHistory -ResourceGroupName rg-web -VMScaleSetName vmss-web -Last 00:10:00 -IncludeLogs -WarningVariable warn -WarningAction SilentlyContinue -ErrorVariable err -ErrorAction SilentlyContinue)
        @($out | Where-Object { $_ -is [VmssAutoscale.Model.RunHistoryRecord] }).Count | Should -BeGreaterThan 0
        $err | Should -HaveCount 0
        @($warn | Where-Object { "$_" -match "properties\.workspaceId is not the resource ID of a Log Analytics workspace" }) | Should -HaveCount 1
        Get-ForbiddenRequest | Should -HaveCount 0
        @(Get-FakeArmRequest $script:fake | Where-Object { $_.path -match 'deallocate|powerOff|/query' }) | Should -HaveCount 0
    }

    It 'still queries the one valid workspace beside a hostile one' {
        Invoke-FakeArmControl $script:fake '/_fake/seed-logs' @{
            diagnosticSettings = @(@{ resourceGroup = 'rg-web'; setting = 'autoscale-web'; name = 'to-law'; workspace = 'law-autoscale'; categories = @('AutoscaleEvaluations', 'AutoscaleScaleActions') })
            workspaces = @(@{ resourceGroup = 'rg-web'; name = 'law-autoscale'; mode = 'rows' })
        } | Out-Null
        Set-Hostile @{ workspaceIds = @(@{ resourceGroup = 'rg-web'; setting = 'autoscale-web'; workspaceId = "$($script:vmss)/deallocate?api-version=2024-07-01#" }) }
        $out = @(Get-VmssAutoscaleRunHistory -ResourceGroupName rg-web -VMScaleSetName vmss-web -Last 00:30:00 -IncludeLogs -WarningAction SilentlyContinue)
        @($out | Where-Object { $_ -is [VmssAutoscale.Model.AutoscaleLogRecord] }).Count | Should -BeGreaterThan 0
        Get-ForbiddenRequest | Should -HaveCount 0
        @(Get-FakeArmRequest $script:fake | Where-Object { $_.method -eq 'POST' -and $_.path -match '/query\?' }) | Should -HaveCount 1
    }

    It 'skips Resource Graph rows that are not autoscale settings, in one warning, and reads none of them' {
        Set-Hostile @{ graphRows = @(
                "$($script:vmss)/deallocate?api-version=2024-07-01#",
                "/subscriptions/$($script:FakeSubscription)/resourceGroups/rg-other/providers/microsoft.insights/autoscalesettings/a/../../../../Microsoft.Compute/virtualMachineScaleSets/vmss-web/powerOff",
                "/subscriptions/$($script:FakeSubscription)/resourceGroups/rg-other/providers/microsoft.insights/autoscalesettings/a\b")
        }
        $null = Debug-VmssAutoscale -ResourceGroupName rg-web -VMScaleSetName vmss-web -WarningVariable warn -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        @($warn | Where-Object { "$_" -match "3 row\(s\) whose field id is not an autoscale setting" }) | Should -HaveCount 1
        Get-ForbiddenRequest | Should -HaveCount 0
        @(Get-FakeArmRequest $script:fake | Where-Object { $_.path -match 'deallocate|powerOff|rg-other' }) | Should -HaveCount 0
    }
}

Describe 'Fan-out from Resource Graph is deduplicated and counted right' {
    BeforeEach {
        Set-FakeArmConfig $script:fake
        Set-Hostile
        Clear-FakeArmRequest $script:fake
        $null = Connect-FakeArm $script:fake
    }

    AfterEach { Set-Hostile }

    It 'counts a setting Resource Graph names twice once, in the verbose count, and reads it once' {
        $setting = "/subscriptions/$($script:FakeSubscription)/resourceGroups/rg-web/providers/microsoft.insights/autoscalesettings/autoscale-web"
        Set-Hostile @{ graphRows = @($setting, $setting.ToUpperInvariant().Replace('/SUBSCRIPTIONS/', '/subscriptions/')) }
        $out = Debug-VmssAutoscale -ResourceGroupName rg-web -VMScaleSetName vmss-web -Verbose -WarningAction SilentlyContinue -ErrorAction SilentlyContinue 4>&1
        $verbose = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Azure Resource Graph found*' })
        $verbose | Should -HaveCount 1
        $verbose[0].Message | Should -BeLike "Azure Resource Graph found 1 autoscale setting(s) that target 'vmss-web'; 1 came with its resource group's list and 0 of 0 were read*"
    }
}

Describe 'Every list has a budget' {
    BeforeEach {
        Set-FakeArmConfig $script:fake
        Set-Hostile
        Clear-FakeArmRequest $script:fake
        $null = Connect-FakeArm $script:fake
    }

    AfterEach {
        Remove-Item Env:VMSSAUTOSCALE_LIST_MAX_ITEMS, Env:VMSSAUTOSCALE_LIST_MAX_MB -ErrorAction SilentlyContinue
        Set-Hostile
    }

    It 'ends an endless list of new links at the item budget with one error naming the list and the budget' {
        $env:VMSSAUTOSCALE_LIST_MAX_ITEMS = '2500'
        Set-Hostile @{ endless = @{ match = 'providers/Microsoft.Compute/virtualMachineScaleSets'; itemsPerPage = 1000; padBytes = 10 } }
        $out = @(Get-VmssAutoscaleTarget -ResourceGroupName rg-web -ErrorVariable err -ErrorAction SilentlyContinue)
        $out | Should -HaveCount 0
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.ListTooLong*'
        $err[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        "$($err[0])" | Should -Match 'the scale sets of .*budget of 2500 items.*VMSSAUTOSCALE_LIST_MAX_ITEMS'
        @(Get-FakeArmRequest $script:fake).Count | Should -Be 3
    }

    It 'ends it at the byte budget' {
        $env:VMSSAUTOSCALE_LIST_MAX_MB = '1'
        Set-Hostile @{ endless = @{ match = 'providers/Microsoft.Compute/virtualMachineScaleSets'; itemsPerPage = 100; padBytes = 4000 } }
        $null = Get-VmssAutoscaleTarget -ResourceGroupName rg-web -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        "$($err[0])" | Should -Match 'budget of 1 MB.*VMSSAUTOSCALE_LIST_MAX_MB'
        @(Get-FakeArmRequest $script:fake).Count | Should -BeLessOrEqual 4
    }

    It 'refuses a budget that is not a positive whole number' {
        $env:VMSSAUTOSCALE_LIST_MAX_ITEMS = 'lots'
        $null = Get-VmssAutoscaleTarget -ResourceGroupName rg-web -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.InvalidOption*'
    }

    It 'does not count twice the instances of a nextLink that repeats page 1' {
        Set-Hostile @{ endless = @{ match = 'virtualMachineScaleSets/vmss-web/virtualMachines'; itemsPerPage = 2; repeatFirstPage = $true } }
        $null = Debug-VmssAutoscale -ResourceGroupName rg-web -VMScaleSetName vmss-web -WarningVariable warn -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        @(Get-FakeArmRequest $script:fake | Where-Object { $_.path -match 'vmss-web/virtualMachines' }) | Should -HaveCount 1
        @($warn | Where-Object { "$_" -match 'same nextLink twice' }) | Should -HaveCount 1
    }

    It 'ends an endless Resource Graph paging at the budget' {
        $env:VMSSAUTOSCALE_LIST_MAX_ITEMS = '50'
        Set-Hostile @{ graphEndless = $true; graphRows = @(1..20 | ForEach-Object { "/subscriptions/$($script:FakeSubscription)/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachineScaleSets/x$_" }) }
        $null = Debug-VmssAutoscale -All -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        @($err | Where-Object { $_.FullyQualifiedErrorId -like 'VmssAutoscale.ListTooLong*' }) | Should -HaveCount 1
        @(Get-FakeArmRequest $script:fake | Where-Object { $_.path -match 'ResourceGraph' }).Count | Should -Be 3
    }
}

Describe 'Times no one can mean end in an ErrorRecord, not an exception' {
    BeforeAll {
        $script:examples = @{ ResourceGroupName = 'rg-autoscale-examples'; VMScaleSetName = 'vmss-healthy' }
        $script:healthy = Join-Path $PSScriptRoot '../../examples/healthy'
        $script:yearOne = Join-Path $TestDrive 'year-one'
        New-Item -ItemType Directory -Path $script:yearOne | Out-Null
        (Get-Content -Raw (Join-Path $script:healthy 'snapshot.json')) -replace '"collectedAt": "[^"]*"', '"collectedAt": "0001-01-01T00:00:00Z"' |
            Set-Content -Path (Join-Path $script:yearOne 'snapshot.json') -Encoding utf8NoBOM
    }

    It '<Command> -EndTime [DateTime]::MinValue is InvalidTimeRange' -ForEach @(
        @{ Command = 'Get-VmssAutoscaleRunHistory' }
        @{ Command = 'Get-VmssScaleEvent' }
    ) {
        { & $Command -Snapshot $script:healthy @script:examples -EndTime ([DateTime]::MinValue) -ErrorAction Stop } |
            Should -Throw -ErrorId 'VmssAutoscale.InvalidTimeRange*'
    }

    It 'a bundle collected in year 1 is InvalidSnapshot' {
        { Debug-VmssAutoscale -Snapshot $script:yearOne @script:examples -ErrorAction Stop } |
            Should -Throw -ErrorId 'VmssAutoscale.InvalidSnapshot*'
    }
}
