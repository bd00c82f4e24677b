#Requires -Version 5.1
# Issue 21 item 1: Flexible scale sets, the default for new scale sets since late 2023, work
# everywhere. The fake ARM answers a Flexible scale set's instanceView and virtualMachines calls
# with 400 OperationNotAllowed, as Azure does, so a command that still makes them fails here.

BeforeAll {
    . (Join-Path $PSScriptRoot 'FakeArm.Helpers.ps1')
    Import-Module $script:ModuleManifest -Force
    $script:fake = Start-FakeArm
    $null = Connect-FakeArm $script:fake
    $script:Group = 'rg-flex'
    $script:Name = 'vmss-flexdefault'
    Add-FakeArmSeed $script:fake @{
        flexibleScaleSets = @(@{ resourceGroup = $Group; name = $Name; capacity = 3 })
        settings          = @(@{ resourceGroup = $Group; name = 'autoscale-flex'; scaleSet = $Name; minimum = 2; maximum = 6; default = 3 })
        vmStates          = @(@{ resourceGroup = $Group; scaleSet = $Name; index = 2; powerState = 'stopped' })
    }

    function Get-RefusedCall {
        # The two calls Azure refuses on a Flexible scale set, and any 400 the fake gave.
        @(Get-FakeArmRequest $script:fake | Where-Object { $_.path -match "/$($script:Name)/(instanceView|virtualMachines)\b" -or $_.status -eq 400 })
    }
}

AfterAll { Stop-FakeArm $script:fake }

Describe 'A Flexible scale set' {
    BeforeEach { Clear-FakeArmRequest $script:fake }

    It 'the fake refuses its instance view as Azure does, so the tests below can fail' {
        $uri = "$($script:fake.Url.TrimEnd('/'))/subscriptions/$script:FakeSubscription/resourceGroups/$Group/providers/Microsoft.Compute/virtualMachineScaleSets/$Name/instanceView?api-version=2024-07-01"
        $answer = try { Invoke-RestMethod -Uri $uri -Headers @{ Authorization = "Bearer $($script:fake.Token)" } -SkipCertificateCheck; $null } catch { $_ }
        $answer.Exception.Response.StatusCode.value__ | Should -Be 400
        $error400 = ($answer.ErrorDetails.Message | ConvertFrom-Json).error
        $error400.code | Should -Be 'OperationNotAllowed'
        $error400.message | Should -Match "^Operation 'VirtualMachineScaleSets.instanceView.GET' is not allowed on Virtual Machine Scale Set"
    }

    It 'Get-VmssAutoscaleTarget builds the health summary from its VMs, with no error and no warning' {
        $target = Get-VmssAutoscaleTarget -ResourceGroupName $Group -VMScaleSetName $Name -ErrorVariable e -WarningVariable w
        $e | Should -HaveCount 0
        $w | Should -HaveCount 0
        $target.OrchestrationMode | Should -Be 'Flexible'
        $target.Instances | Should -HaveCount 3
        $target.InstanceStatusSummary | Should -Be '3 ProvisioningState/succeeded'
        $target.UnhealthyInstances.Name | Should -Be "$($Name)_vm2"
        Get-RefusedCall | Should -HaveCount 0
    }

    It 'Debug-VmssAutoscale checks its instances without an instance-view warning' {
        $out = @(Debug-VmssAutoscale -ResourceGroupName $Group -VMScaleSetName $Name -WarningVariable w -WarningAction SilentlyContinue -ErrorVariable e)
        $e | Should -HaveCount 0
        ($w -join "`n") | Should -Not -Match 'instance view|instance and extension health'
        $state = $out | Where-Object { $_ -is [VmssAutoscale.Model.Finding] -and $_.Check -eq 'ScaleSetState' }
        $state.Summary | Should -Match "1 of 3 VMs is not healthy: $($Name)_vm2.*its VM is stopped"
        ($state.Evidence -join "`n") | Should -Match '3 ProvisioningState/succeeded'
        Get-RefusedCall | Should -HaveCount 0
    }

    It 'Export-VmssAutoscaleReport writes a bundle that diagnoses the same offline' {
        $bundle = Join-Path $TestDrive 'flex'
        $null = Export-VmssAutoscaleReport -Path $bundle -ResourceGroupName $Group -VMScaleSetName $Name -WarningVariable w -WarningAction SilentlyContinue -ErrorVariable e
        $e | Should -HaveCount 0
        ($w -join "`n") | Should -Not -Match 'instance view|instance and extension health'
        Get-RefusedCall | Should -HaveCount 0
        $offline = @(Debug-VmssAutoscale -Snapshot $bundle -WarningVariable ow -WarningAction SilentlyContinue)
        ($ow -join "`n") | Should -Not -Match 'instance view|instance and extension health'
        ($offline | Where-Object { $_ -is [VmssAutoscale.Model.Finding] -and $_.Check -eq 'ScaleSetState' }).Summary | Should -Match "1 of 3 VMs is not healthy"
        (Get-VmssAutoscaleTarget -Snapshot $bundle -ResourceGroupName $Group -VMScaleSetName $Name).InstanceStatusSummary | Should -Be '3 ProvisioningState/succeeded'
    }

    It 'the fleet (-All) diagnoses it beside Uniform scale sets, with no refused call' {
        $out = @(Debug-VmssAutoscale -All -WarningVariable w -WarningAction SilentlyContinue -ErrorVariable e)
        $e | Should -HaveCount 0
        ($w -join "`n") | Should -Not -Match 'instance view|instance and extension health'
        $out.VMScaleSetName | Should -Contain $Name
        $out.VMScaleSetName | Should -Contain 'vmss-web'
        Get-RefusedCall | Should -HaveCount 0
    }
}
