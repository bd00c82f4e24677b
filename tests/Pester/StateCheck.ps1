<#
    Run-Pester.ps1 runs this after each test file (New-IsolatedRunContainer in TestRunner.psm1): it
    fails when the file left the module connected or a VMSSAUTOSCALE_* variable set, then cleans up
    so one leak never spreads into the next file's results. Not a *.Tests.ps1: it runs only there.
#>
param([string] $After, [string[]] $Baseline = @())

# -ForEach hands the values to the run phase, where the It body runs.
Describe "State left by $After" -ForEach @(@{ Baseline = $Baseline }) {
    It 'leaves no connection and no VMSSAUTOSCALE_* variable for the next file' {
        Import-Module (Join-Path $PSScriptRoot 'TestRunner.psm1')
        $leak = @(Get-TestStateLeak -Baseline $Baseline)
        Reset-VmssAutoscaleSession
        Get-ChildItem Env: | Where-Object { $_.Name -like 'VMSSAUTOSCALE_*' -and $Baseline -notcontains $_.Name } | Remove-Item
        $leak | Should -BeNullOrEmpty
    }
}
