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
