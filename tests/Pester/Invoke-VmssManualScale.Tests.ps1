BeforeAll {
    . (Join-Path $PSScriptRoot 'FakeArm.Helpers.ps1')
    Import-Module $script:ModuleManifest -Force
    $script:fake = Start-FakeArm
    function Get-Patch { @(Get-FakeArmRequest $script:fake | Where-Object { $_.method -eq 'PATCH' }) }
}

AfterAll { Stop-FakeArm $script:fake }

Describe 'Invoke-VmssManualScale' {
    BeforeEach {
        # Operations end at the first poll unless a test says otherwise: each poll waits the
        # module's 1-s floor, whatever Retry-After says, and most tests do not count polls.
        Set-FakeArmConfig $script:fake -LroPolls 0
        Clear-FakeArmRequest $script:fake
        $null = Connect-FakeArm $script:fake
    }

    It 'says what would change with -WhatIf and changes nothing' {
        # What-if lines go straight to the host; a capturing host reads them back, off the test log.
        $run = Invoke-HostCaptured { Invoke-VmssManualScale -ResourceGroupName rg-web -VMScaleSetName vmss-linux -Capacity 3 -WhatIf }
        $run.Errors | Should -BeNullOrEmpty
        $run.HostLines | Should -Match "^What if: .*Set capacity from 2 to 3.*scale set 'rg-web/vmss-linux'"
        Get-Patch | Should -HaveCount 0
    }

    It 'patches sku.capacity and waits for the async operation to succeed' {
        Set-FakeArmConfig $script:fake -LroPolls 2
        $r = Invoke-VmssManualScale -ResourceGroupName rg-web -VMScaleSetName vmss-linux -Capacity 3 -Confirm:$false
        $r | Should -BeOfType ([VmssAutoscale.Model.ManualScaleResult])
        $r.FromCapacity | Should -Be 2
        $r.ToCapacity | Should -Be 3
        $r.Status | Should -Be 'Succeeded'
        $r.ProvisioningState | Should -Be 'Succeeded'
        $r.Duration | Should -BeGreaterThan ([TimeSpan]::Zero)
        Get-Patch | Should -HaveCount 1
        @(Get-FakeArmRequest $script:fake | Where-Object { $_.path -match '/operations/' }).Count | Should -Be 3
        (Get-VmssAutoscaleTarget -ResourceGroupName rg-web -VMScaleSetName vmss-linux).Capacity | Should -Be 3
    }

    It 'adds or removes instances with -Delta' {
        (Invoke-VmssManualScale -ResourceGroupName rg-web -VMScaleSetName vmss-linux -Delta -1 -Confirm:$false).ToCapacity | Should -Be 2
    }

    It 'reports a failed operation with its ARM error' {
        Set-FakeArmConfig $script:fake -LroPolls 1 -LroResult Failed
        $r = Invoke-VmssManualScale -ResourceGroupName rg-web -VMScaleSetName vmss-batch -Capacity 1 -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $r.Status | Should -Be 'Failed'
        $r.Error | Should -Match '^AllocationFailed:'
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.ScaleFailed,*'
    }

    It 'does nothing when the scale set already has that capacity' {
        (Invoke-VmssManualScale -ResourceGroupName rg-web -VMScaleSetName vmss-small -Capacity 1 -Confirm:$false).Status | Should -Be 'AlreadyAtCapacity'
        Get-Patch | Should -HaveCount 0
    }

    It 'refuses <Case> before any request' -ForEach @(
        @{ Case = 'a non-integer'; Capacity = 2.5 }
        @{ Case = 'a negative capacity'; Capacity = -1 }
        @{ Case = 'more than any scale set holds'; Capacity = 1001 }
    ) {
        { Invoke-VmssManualScale -ResourceGroupName rg-web -VMScaleSetName vmss-web -Capacity $Capacity -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'VmssAutoscale.InvalidCapacity,VmssAutoscale.Cmdlets.InvokeVmssManualScaleCommand'
        Get-FakeArmRequest $script:fake | Should -BeNullOrEmpty
    }

    It 'refuses a capacity above the limit of a single placement group without patching' {
        $null = Invoke-VmssManualScale -ResourceGroupName rg-web -VMScaleSetName vmss-small -Capacity 101 -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].Exception.Message | Should -Match 'at most 100'
        Get-Patch | Should -HaveCount 0
    }

    It 'warns that autoscale will undo a capacity outside the active profile' {
        $r = Invoke-VmssManualScale -ResourceGroupName rg-web -VMScaleSetName vmss-web -Capacity 7 -Confirm:$false -WarningVariable w -WarningAction SilentlyContinue
        $w -join ' ' | Should -Match 'autoscale will set it back to 5 within about a minute; disable the setting or change its range'
        $r.AutoscaleWarning | Should -Match "autoscale-web"
    }

    It 'warns when the scale set is not in a terminal provisioning state' {
        $null = Invoke-VmssManualScale -ResourceGroupName rg-web -VMScaleSetName vmss-busy -Capacity 3 -Confirm:$false -WarningVariable w -WarningAction SilentlyContinue
        $w -join ' ' | Should -Match "provisioning state 'Updating'"
    }

    It 'returns at once with -NoWait' {
        Set-FakeArmConfig $script:fake -LroPolls 100
        $r = Invoke-VmssManualScale -ResourceGroupName rg-web -VMScaleSetName vmss-batch -Capacity 2 -NoWait -Confirm:$false
        $r.Status | Should -Be 'Accepted'
        $r.OperationUrl | Should -Match '/operations/'
        @(Get-FakeArmRequest $script:fake | Where-Object { $_.path -match '/operations/' }) | Should -HaveCount 0
    }

    It 'stops waiting at -TimeoutSeconds and says the operation continues' {
        Set-FakeArmConfig $script:fake -LroPolls 1000 -PollRetryAfterMs 200
        $r = Invoke-VmssManualScale -ResourceGroupName rg-web -VMScaleSetName vmss-batch -Capacity 3 -TimeoutSeconds 1 -Confirm:$false -WarningVariable w -WarningAction SilentlyContinue
        $r.Status | Should -Be 'TimedOut'
        $w -join ' ' | Should -Match 'continues in Azure'
    }

    It 'stops waiting promptly on Ctrl+C' {
        Set-FakeArmConfig $script:fake -LroPolls 1000 -PollRetryAfterMs 300
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module '$script:ModuleManifest'; Invoke-VmssManualScale -ResourceGroupName rg-web -VMScaleSetName vmss-linux -Capacity 4 -Confirm:`$false")
        $handle = $ps.BeginInvoke()
        $deadline = [DateTime]::UtcNow.AddSeconds(20)
        while (-not (Get-FakeArmRequest $script:fake | Where-Object { $_.path -match '/operations/' }) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        # Reaching the deadline is a failure, not a silent fall-through: the wait must be under way when it is stopped.
        @(Get-FakeArmRequest $script:fake | Where-Object { $_.path -match '/operations/' }).Count | Should -BeGreaterThan 0 -Because 'the command must be polling the operation before Ctrl+C'
        $handle.IsCompleted | Should -BeFalse -Because 'the wait must still be going when it is stopped'
        $ps.Stop()
        $handle.IsCompleted | Should -BeTrue
        # Stopped during the wait (no stopwatch: it flaked on a busy machine): the operation needs 1000
        # polls to end, so a Stop() that waited for it would leave the state Completed and 1000 polls.
        $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        $polls = @(Get-FakeArmRequest $script:fake | Where-Object { $_.path -match '/operations/' }).Count
        $polls | Should -BeLessThan 1000
        Start-Sleep -Milliseconds 800
        @(Get-FakeArmRequest $script:fake | Where-Object { $_.path -match '/operations/' }).Count | Should -Be $polls
        $ps.Dispose()
    }
}
