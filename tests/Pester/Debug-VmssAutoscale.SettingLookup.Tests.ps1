<#
    Issue 14 item 2: Debug-VmssAutoscale finds the settings that target one scale set with one Azure
    Resource Graph query beside its resource group's list, so the diagnosis does not wait for every
    page of a subscription's settings list (here 502 settings, 6 pages of 100). Built module against
    the loopback fake ARM; requests counted by the fake.
#>
BeforeAll {
    . (Join-Path $PSScriptRoot 'FakeArm.Helpers.ps1')
    Import-Module $script:ModuleManifest -Force
    $script:fake = Start-FakeArm -Fleet 500
    Set-FakeArmConfig $script:fake -PageSize 100
    Add-FakeArmSeed $script:fake @{
        scaleSets = @(@{ resourceGroup = 'rg-app'; name = 'vmss-app' })
        settings  = @(@{ resourceGroup = 'rg-monitoring'; name = 'autoscale-app'; scaleSet = 'vmss-app'; scaleSetResourceGroup = 'rg-app' })
    }
    $null = Connect-FakeArm $script:fake

    function Get-SettingRequest {
        $r = @(Get-FakeArmRequest $script:fake)
        [pscustomobject]@{
            Graph        = @($r | Where-Object { $_.method -eq 'POST' -and $_.path -eq '/providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01' })
            Subscription = @($r | Where-Object { $_.path -like "/subscriptions/$script:FakeSubscription/providers/Microsoft.Insights/autoscalesettings?*" })
            Group        = @($r | Where-Object { $_.path -match '/resourceGroups/[^/]+/providers/Microsoft\.Insights/autoscalesettings\?' })
            ById         = @($r | Where-Object { $_.path -match '/autoscalesettings/[^/?]+\?' })
        }
    }
}

AfterAll { Stop-FakeArm $script:fake }

Describe 'Debug-VmssAutoscale finds one scale set''s settings without the subscription''s list' {
    BeforeEach { Clear-FakeArmRequest $script:fake }

    It 'asks Resource Graph once and lists only the scale set''s resource group' {
        $out = @(Debug-VmssAutoscale -ResourceGroupName rg-web -VMScaleSetName vmss-web -Verbose -WarningAction SilentlyContinue 4>&1)
        $r = Get-SettingRequest
        $r.Graph | Should -HaveCount 1
        $r.Subscription | Should -HaveCount 0
        $r.Group | Should -HaveCount 1
        $r.Group[0].path | Should -BeLike '*/resourceGroups/rg-web/*'
        $d = @($out | Where-Object { $_ -is [VmssAutoscale.Model.Diagnosis] })
        $d | Should -HaveCount 1
        ($d[0].Conditions | Where-Object Reason -EQ 'NoAutoscaleSetting') | Should -BeNullOrEmpty
        @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like "Azure Resource Graph found 1 autoscale setting(s) that target 'vmss-web'*" }) | Should -HaveCount 1
    }

    It 'reads a setting kept in another resource group by its id' {
        $out = @(Debug-VmssAutoscale -ResourceGroupName rg-app -VMScaleSetName vmss-app -WarningAction SilentlyContinue)
        $r = Get-SettingRequest
        $r.Subscription | Should -HaveCount 0
        $r.ById | Should -HaveCount 1
        $r.ById[0].path | Should -BeLike '*/resourceGroups/rg-monitoring/providers/*/autoscalesettings/autoscale-app?*'
        $d = @($out | Where-Object { $_ -is [VmssAutoscale.Model.Diagnosis] })
        ($d[0].Conditions | Where-Object Reason -EQ 'NoAutoscaleSetting') | Should -BeNullOrEmpty
    }

    It 'falls back to the subscription''s list when Resource Graph is refused, and says so' {
        Add-FakeArmFault $script:fake -Match 'Microsoft.ResourceGraph' -Status 403
        $out = @(Debug-VmssAutoscale -ResourceGroupName rg-web -VMScaleSetName vmss-web -Verbose -WarningAction SilentlyContinue 4>&1)
        $r = Get-SettingRequest
        $r.Graph | Should -HaveCount 1
        $r.Subscription | Should -HaveCount 6
        @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like "Azure Resource Graph could not be asked which autoscale settings target 'vmss-web'*AuthorizationFailed*" }) | Should -HaveCount 1
        $d = @($out | Where-Object { $_ -is [VmssAutoscale.Model.Diagnosis] })
        ($d[0].Conditions | Where-Object Reason -EQ 'NoAutoscaleSetting') | Should -BeNullOrEmpty
    }

    It 'says a scale set has no setting when neither Resource Graph nor its group finds one' {
        $out = @(Debug-VmssAutoscale -ResourceGroupName rg-web -VMScaleSetName vmss-linux -WarningAction SilentlyContinue)
        (Get-SettingRequest).Subscription | Should -HaveCount 0
        $d = @($out | Where-Object { $_ -is [VmssAutoscale.Model.Diagnosis] })
        ($d[0].Conditions | Where-Object Reason -EQ 'NoAutoscaleSetting') | Should -Not -BeNullOrEmpty
    }

    It 'shares one subscription list when several scale sets are piped, instead of one query each' {
        $out = @('vmss-web', 'vmss-busy' | ForEach-Object { [pscustomobject]@{ ResourceGroupName = 'rg-web'; VMScaleSetName = $_ } } | Debug-VmssAutoscale -WarningAction SilentlyContinue)
        $r = Get-SettingRequest
        # The first name is the command's only scale set when it is looked up; the second shares the list.
        $r.Graph | Should -HaveCount 1
        $r.Subscription | Should -HaveCount 6
        @($out | Where-Object { $_ -is [VmssAutoscale.Model.Diagnosis] }) | Should -HaveCount 2
    }
}

# Issue 20 item 4: every read cmdlet finds the settings the way Debug-VmssAutoscale does.
Describe 'The read cmdlets find a scale set''s settings the way Debug-VmssAutoscale does' {
    BeforeEach { Clear-FakeArmRequest $script:fake }

    It '<Command> asks Resource Graph and reads the setting kept in another resource group, not the subscription''s list' -ForEach @(
        @{ Command = 'Get-VmssScaleEvent' }
        @{ Command = 'Get-VmssAutoscaleRunHistory' }
        @{ Command = 'Get-VmssAutoscaleTarget' }
    ) {
        $out = @(& $Command -ResourceGroupName rg-app -VMScaleSetName vmss-app -WarningAction SilentlyContinue -ErrorAction SilentlyContinue -ErrorVariable err)
        $r = Get-SettingRequest
        $r.Graph | Should -HaveCount 1
        $r.Subscription | Should -HaveCount 0
        $r.ById | Should -HaveCount 1
        $r.ById[0].path | Should -BeLike '*/resourceGroups/rg-monitoring/providers/*/autoscalesettings/autoscale-app?*'
        # The setting was found: no cmdlet says that none targets the scale set.
        @($err | Where-Object { $_.FullyQualifiedErrorId -like 'VmssAutoscale.NoAutoscaleSetting*' }) | Should -HaveCount 0
        if ($Command -eq 'Get-VmssAutoscaleTarget') { $out[0].AutoscaleSettingIds | Should -BeLike '*/rg-monitoring/*/autoscale-app' }
    }
}
