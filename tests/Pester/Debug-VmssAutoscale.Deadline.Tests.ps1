<#
    Issue 12, item 4: one overall deadline per command (VMSSAUTOSCALE_COMMAND_TIMEOUT_SEC, 30
    minutes by default) on top of the 5-minute deadline of each request. Against the loopback fake
    ARM with requests that are never answered, a command with a 1-second deadline ends with a
    CommandTimeout ErrorRecord (OperationTimeout), and Debug's fleet and Export keep what they got
    before it. Without the command deadline each of these waits for the 5-minute request deadline.
#>
BeforeAll {
    . (Join-Path $PSScriptRoot 'FakeArm.Helpers.ps1')
    Import-Module $script:ModuleManifest -Force
    $script:fake = Start-FakeArm
    $script:web = "/subscriptions/$script:FakeSubscription/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-web"
    $script:busy = "/subscriptions/$script:FakeSubscription/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-busy"

    # Which deadline ended a command is read from its error, not from a stopwatch (that flaked on a
    # busy machine): only the command deadline raises CommandTimeout naming its own number of seconds.
    function Assert-Timeout($err, [int] $Seconds) {
        $timeout = @($err | Where-Object { $_.FullyQualifiedErrorId -like 'VmssAutoscale.CommandTimeout*' })
        $timeout | Should -HaveCount 1
        $timeout[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $timeout[0].Exception.Message | Should -Match "within its deadline of $Seconds s"
        $timeout[0].Exception.Message | Should -Match 'VMSSAUTOSCALE_COMMAND_TIMEOUT_SEC'
        $timeout[0]
    }
}

AfterAll { Stop-FakeArm $script:fake }

Describe 'The overall deadline of a command' {
    BeforeEach {
        $null = Connect-FakeArm $script:fake
        $env:VMSSAUTOSCALE_COMMAND_TIMEOUT_SEC = '1'
    }

    AfterEach {
        Remove-Item Env:VMSSAUTOSCALE_COMMAND_TIMEOUT_SEC -ErrorAction SilentlyContinue
        Set-FakeArmConfig $script:fake
    }

    It 'ends Get-VmssAutoscaleTarget on a server that never answers' {
        Set-FakeArmConfig $script:fake -HangMatch 'vmss-web'
        $out = Get-VmssAutoscaleTarget -ResourceGroupName rg-web -VMScaleSetName vmss-web -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $null = Assert-Timeout $err 1
    }

    It 'ends Get-VmssDiagnosticsSample when the metrics never come' {
        Set-FakeArmConfig $script:fake -HangMatch 'metrics'
        $null = Get-VmssDiagnosticsSample -ResourceGroupName rg-web -VMScaleSetName vmss-web -Source HostMetrics -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $null = Assert-Timeout $err 1
    }

    Context 'on a fleet where one scale set never answers' {
        # Debug -All and Export each wait out a 15-s deadline (long enough for vmss-web's diagnosis
        # on a loaded machine; vmss-busy's never ends). They run at the same time, Export in a
        # second runspace of this process (the connection is process-wide), so the file waits
        # 15 s once rather than twice.
        BeforeAll {
            $null = Connect-FakeArm $script:fake
            $env:VMSSAUTOSCALE_COMMAND_TIMEOUT_SEC = '15'
            Set-FakeArmConfig $script:fake -HangMatch 'vmss-busy'
            $script:partialDir = Join-Path $TestDrive 'partial'
            $export = [powershell]::Create()
            $null = $export.AddScript({
                    param($Manifest, [string[]] $Ids, $Dir)
                    Import-Module $Manifest
                    $bundle = $Ids | ForEach-Object { [pscustomobject]@{ ResourceId = $_ } } |
                        Export-VmssAutoscaleReport -Path $Dir -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
                    [pscustomobject]@{ Bundle = $bundle; Errors = @($err) }
                }).AddArgument($script:ModuleManifest).AddArgument(@($script:web, $script:busy)).AddArgument($script:partialDir)
            $pending = $export.BeginInvoke()
            try {
                $script:debugOut = @(Debug-VmssAutoscale -All -ErrorVariable debugErr -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
                $script:debugErr = @($debugErr)
                $script:exported = $export.EndInvoke($pending) | Select-Object -First 1
                $script:exportFailure = @($export.Streams.Error)
            } finally {
                $export.Dispose()
                Remove-Item Env:VMSSAUTOSCALE_COMMAND_TIMEOUT_SEC -ErrorAction SilentlyContinue
                Set-FakeArmConfig $script:fake
            }
        }

        It 'keeps the diagnoses Debug-VmssAutoscale -All returned before it' {
            @($script:debugOut | Where-Object { $_ -is [VmssAutoscale.Model.Diagnosis] }).VMScaleSetName | Should -Be @('vmss-web')
            $e = Assert-Timeout $script:debugErr 15
            $e.Exception.Message | Should -Match '1 of 2 scale set\(s\) were diagnosed and returned'
        }

        It 'writes the bundle of the scale sets Export-VmssAutoscaleReport diagnosed before it' {
            $script:exportFailure | Should -BeNullOrEmpty
            $null = Assert-Timeout $script:exported.Errors 15
            $script:exported.Bundle.VMScaleSetName | Should -Be @('vmss-web')
            (Get-Content -Raw (Join-Path $script:partialDir 'snapshot.json') | ConvertFrom-Json).scaleSets.resourceId | Should -Be @($script:web)
        }
    }

    It 'is refused with a clear error when the variable is not a number of seconds' {
        $env:VMSSAUTOSCALE_COMMAND_TIMEOUT_SEC = 'ten minutes'
        { Get-VmssAutoscaleTarget -ResourceGroupName rg-web -VMScaleSetName vmss-web -ErrorAction Stop } |
            Should -Throw -ErrorId 'VmssAutoscale.InvalidOption*' -ExpectedMessage '*VMSSAUTOSCALE_COMMAND_TIMEOUT_SEC*positive whole number of seconds*'
    }

    It 'leaves a command that finishes in time untouched' {
        $env:VMSSAUTOSCALE_COMMAND_TIMEOUT_SEC = '600'
        $t = Get-VmssAutoscaleTarget -ResourceGroupName rg-web -VMScaleSetName vmss-web -ErrorVariable err
        $err | Should -BeNullOrEmpty
        $t.VMScaleSetName | Should -Be 'vmss-web'
    }
}
