# Manual scale against a broken model or a misbehaving service: never guess the capacity, never poll
# in a tight loop, and once Azure accepted a change always return its result.
BeforeAll {
    . (Join-Path $PSScriptRoot 'FakeArm.Helpers.ps1')
    Import-Module $script:ModuleManifest -Force
    $script:fake = Start-FakeArm
    function Get-Patch { @(Get-FakeArmRequest $script:fake | Where-Object { $_.method -eq 'PATCH' }) }
    function Get-Poll { @(Get-FakeArmRequest $script:fake | Where-Object { $_.path -match '/operations/' }) }

    # The scale set's own model, with sku.capacity replaced (or removed when $Capacity is $null).
    function Set-BrokenCapacity([string] $Name, $Capacity, [switch] $Remove) {
        $model = Invoke-FakeArmControl $script:fake '/_fake/scalesets' $null -Method Get | Where-Object name -EQ $Name
        if ($Remove) { $model.sku.PSObject.Properties.Remove('capacity') } else { $model.sku.capacity = $Capacity }
        Add-FakeArmFault $script:fake -Match "/virtualMachineScaleSets/$Name`?" -Method GET -Status 200 -Count 1 -Body ($model | ConvertTo-Json -Depth 20)
    }
}

AfterAll { Stop-FakeArm $script:fake }

Describe 'Invoke-VmssManualScale with hostile input' {
    BeforeEach {
        # Operations end at the first poll (each poll waits the module's 1-s floor); tests that count polls say so.
        Set-FakeArmConfig $script:fake -LroPolls 0
        Clear-FakeArmRequest $script:fake
        $null = Connect-FakeArm $script:fake
    }

    It 'refuses -Delta when the model has <Case>, sending no PATCH' -ForEach @(
        @{ Case = 'no sku.capacity'; Remove = $true; Capacity = $null }
        @{ Case = 'a capacity that is text'; Remove = $false; Capacity = 'three' }
        @{ Case = 'a fractional capacity'; Remove = $false; Capacity = 2.5 }
        @{ Case = 'a negative capacity'; Remove = $false; Capacity = -4 }
    ) {
        Set-BrokenCapacity vmss-linux $Capacity -Remove:$Remove
        $r = Invoke-VmssManualScale -ResourceGroupName rg-web -VMScaleSetName vmss-linux -Delta 1 -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.InvalidScaleSetModel*'
        $err[0].Exception.Message | Should -Match 'current capacity is unknown.*-Capacity'
        Get-Patch | Should -HaveCount 0
    }

    It 'sends an explicit -Capacity for a model without sku.capacity, with a warning and no FromCapacity' {
        Set-BrokenCapacity vmss-linux -Remove
        $r = Invoke-VmssManualScale -ResourceGroupName rg-web -VMScaleSetName vmss-linux -Capacity 2 -Confirm:$false -WarningVariable w -WarningAction SilentlyContinue
        ($w -join ' ') | Should -Match 'no sku.capacity'
        $r.FromCapacity | Should -BeNullOrEmpty
        $r.ToCapacity | Should -Be 2
        $r.Status | Should -Be 'Succeeded'
        Get-Patch | Should -HaveCount 1
    }

    It 'returns the result with status Unknown when polling fails after Azure accepted the change' {
        Add-FakeArmFault $script:fake -Match '/operations/' -Method GET -Status 404 -Count 1
        $r = Invoke-VmssManualScale -ResourceGroupName rg-web -VMScaleSetName vmss-linux -Capacity 3 -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $r | Should -BeOfType ([VmssAutoscale.Model.ManualScaleResult])
        $r.Status | Should -Be 'Unknown'
        $r.Error | Should -Not -BeNullOrEmpty
        $r.OperationUrl | Should -Match '/operations/'
        $err | Should -HaveCount 1
        Get-Patch | Should -HaveCount 1
    }

    It 'polls at most once a second when the service says Retry-After: 0' {
        Set-FakeArmConfig $script:fake -LroPolls 100000 -PollRetryAfterMs 0
        $r = Invoke-VmssManualScale -ResourceGroupName rg-web -VMScaleSetName vmss-batch -Capacity 3 -TimeoutSeconds 3 -Confirm:$false -WarningVariable w -WarningAction SilentlyContinue
        $r.Status | Should -Be 'TimedOut'
        (Get-Poll).Count | Should -BeLessOrEqual 4
        ($w -join ' ') | Should -Match 'still running.*Get-VmssAutoscaleTarget'
        $r.OperationUrl | Should -Match '/operations/'
    }

    It 'keeps a signature out of OperationUrl' {
        $url = $script:fake.Url.TrimEnd('/') + "/subscriptions/$script:FakeSubscription/providers/Microsoft.Compute/locations/westeurope/operations/x?api-version=2024-07-01&sig=PLANTEDoperationSig"
        Add-FakeArmFault $script:fake -Match '/vmss-batch?' -Method PATCH -Status 202 -Headers @{ 'Azure-AsyncOperation' = $url } -Body '{}'
        # The test before left vmss-batch updating; the warning that says so is captured, not printed.
        $r = Invoke-VmssManualScale -ResourceGroupName rg-web -VMScaleSetName vmss-batch -Capacity 4 -NoWait -Confirm:$false -WarningVariable w -WarningAction SilentlyContinue
        $w | ForEach-Object { "$_" | Should -Match "provisioning state 'Updating'" }
        $r.Status | Should -Be 'Accepted'
        $r.OperationUrl | Should -Match 'sig=\[REDACTED\]'
        $r.OperationUrl | Should -Not -Match 'PLANTED'
    }
}
