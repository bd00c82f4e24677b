BeforeAll {
    . (Join-Path $PSScriptRoot 'FakeArm.Helpers.ps1')
    Import-Module $script:ModuleManifest -Force
    $script:fake = Start-FakeArm
}

AfterAll { Stop-FakeArm $script:fake }

Describe 'Get-VmssAutoscaleSetting (live parameter sets)' {
    BeforeEach {
        Set-FakeArmConfig $script:fake
        $null = Connect-FakeArm $script:fake
    }

    It 'finds the settings that target a scale set, whatever the case of targetResourceUri' {
        $s = Get-VmssAutoscaleSetting -ResourceGroupName rg-web -VMScaleSetName vmss-web
        $s | Should -HaveCount 1
        $s | Should -BeOfType ([VmssAutoscale.Model.AutoscaleSetting])
        $s.Name | Should -Be 'autoscale-web'
        $s.Id | Should -BeLike '/subscriptions/*/autoscalesettings/autoscale-web'
        $s.Location | Should -Be 'westeurope'
        $s.Tags['owner'] | Should -Be 'ops'
        $s.Profiles[0].Capacity.Maximum | Should -Be 5
        $s.RuleCount | Should -Be 2
    }

    It 'takes a resource ID, and scale sets from the pipeline' {
        $id = "/subscriptions/$script:FakeSubscription/resourceGroups/RG-WEB/providers/Microsoft.Compute/virtualMachineScaleSets/VMSS-WEB"
        (Get-VmssAutoscaleSetting -ResourceId $id).Name | Should -Be 'autoscale-web'
        (Get-VmssAutoscaleTarget -ResourceGroupName rg-web -VMScaleSetName vmss-web | Get-VmssAutoscaleSetting).Name | Should -Be 'autoscale-web'
    }

    It 'warns when no setting targets the scale set' {
        $s = Get-VmssAutoscaleSetting -ResourceGroupName rg-web -VMScaleSetName vmss-linux -WarningVariable w -WarningAction SilentlyContinue
        $s | Should -BeNullOrEmpty
        $w | Should -Match 'No autoscale setting targets'
    }

    It 'gets one setting by name, a resource group and the whole subscription' {
        (Get-VmssAutoscaleSetting -ResourceGroupName rg-web -Name autoscale-busy-disabled).Enabled | Should -BeFalse
        (Get-VmssAutoscaleSetting -ResourceGroupName rg-web) | Should -HaveCount 2
        (Get-VmssAutoscaleSetting) | Should -HaveCount 2
        (Get-VmssAutoscaleSetting -SubscriptionId $script:FakeSubscription) | Should -HaveCount 2
    }

    It 'reports a missing setting as ObjectNotFound' {
        $null = Get-VmssAutoscaleSetting -ResourceGroupName rg-web -Name missing -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception.Message | Should -Match 'missing'
    }

    It 'keeps the offline parameter sets working' {
        $json = '{"name":"x","properties":{"enabled":true,"targetResourceUri":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/v","profiles":[{"name":"p","capacity":{"minimum":"1","maximum":"2","default":"1"},"rules":[]}]}}'
        (Get-VmssAutoscaleSetting -Json $json).VMScaleSetName | Should -Be 'v'
        $file = Join-Path $TestDrive 's.json'
        Set-Content -Path $file -Value $json
        (Get-VmssAutoscaleSetting $file).Name | Should -Be 'x'
    }
}
