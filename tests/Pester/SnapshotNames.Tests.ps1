#Requires -Version 5.1
# Issue 13, item 5: every cmdlet with -Snapshot answers a scale set the bundle does not hold the
# same way: ScaleSetNotInSnapshot, "not in the snapshot; it holds: ...", and no output (before,
# Get-VmssScaleEvent returned nothing and Get-VmssAutoscaleSetting warned that nothing scales it).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/VmssAutoscale/VmssAutoscale.psd1') -Force
    $script:Bundle = Join-Path $PSScriptRoot '../../examples/one-hot-instance'
}

Describe 'A scale set name that is not in the snapshot' {
    It '<Command> says it is not in the snapshot and what the snapshot holds' -TestCases @(
        @{ Command = 'Get-VmssAutoscaleSetting' }, @{ Command = 'Get-VmssAutoscaleTarget' }, @{ Command = 'Get-VmssDiagnosticsSample' },
        @{ Command = 'Get-VmssScaleEvent' }, @{ Command = 'Debug-VmssAutoscale' }, @{ Command = 'Export-VmssAutoscaleReport' }) {
        param($Command)
        $extra = if ($Command -eq 'Export-VmssAutoscaleReport') { @{ Path = (Join-Path $TestDrive 'bundle') } } else { @{} }
        $out = $null
        $warnings = $null
        $thrown = try {
            $out = & $Command -Snapshot $Bundle -ResourceGroupName rg-autoscale-examples -VMScaleSetName vmss-nope @extra -ErrorVariable err -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue
            $null
        } catch { $_ }
        $record = if ($thrown) { $thrown } else { $err[0] }
        $out | Should -BeNullOrEmpty
        $warnings | Should -BeNullOrEmpty
        $record.FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.ScaleSetNotInSnapshot*'
        $record.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $record.Exception.Message | Should -BeLike "The scale set 'rg-autoscale-examples/vmss-nope' is not in the snapshot '*snapshot.json'; it holds: rg-autoscale-examples/vmss-one-hot-instance."
    }

    It 'answers a resource ID the same way' {
        $id = '/subscriptions/6f1c5a3e-2b7d-4c1e-9a0f-3d5e7b9c1a20/resourceGroups/rg-other/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-x'
        $null = Get-VmssScaleEvent -Snapshot $Bundle -ResourceId $id -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].Exception.Message | Should -BeLike "The scale set 'rg-other/vmss-x' is not in the snapshot*; it holds: rg-autoscale-examples/vmss-one-hot-instance."
    }
}
