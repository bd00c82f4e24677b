<#
.SYNOPSIS
    Counts the ARM requests and the time of the live cmdlets on a fleet of scale sets, against the
    fake ARM (tests/FakeArm) over loopback HTTPS. Run after build.ps1 (and a build of tests/FakeArm).
#>
param([int] $Fleet = 200, [int] $PageSize = 100)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '../../tests/Pester/FakeArm.Helpers.ps1')
Import-Module $script:ModuleManifest
$fake = Start-FakeArm -Fleet $Fleet
try {
    Set-FakeArmConfig $fake -PageSize $PageSize
    $null = Connect-FakeArm $fake
    function Measure-Case([string] $Name, [scriptblock] $Run) {
        Clear-FakeArmRequest $fake
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $out = @(& $Run)
        $watch.Stop()
        $requests = @(Get-FakeArmRequest $fake)
        [pscustomobject]@{
            Case            = $Name
            Objects         = $out.Count
            Requests        = $requests.Count
            PerScaleSet     = if ($out.Count) { [math]::Round($requests.Count / $out.Count, 2) } else { $null }
            # A request about one VM (.../virtualMachines/<id>); the VM list (.../virtualMachines?...) is per page, not per VM.
            VmListPages     = @($requests | Where-Object { $_.path -match '/virtualMachines\?' }).Count
            PerInstanceCall = @($requests | Where-Object { $_.path -match '/virtualMachines/' }).Count
            Seconds         = [math]::Round($watch.Elapsed.TotalSeconds, 2)
        }
    }
    $null = Get-VmssAutoscaleTarget -ResourceGroupName rg-fleet -VMScaleSetName vmss-0001   # warm-up: JIT, TLS session
    Measure-Case 'one scale set (cold caches)' { Get-VmssAutoscaleTarget -ResourceGroupName rg-fleet -VMScaleSetName vmss-0002 }
    Measure-Case "resource group listing ($Fleet)" { Get-VmssAutoscaleTarget -ResourceGroupName rg-fleet }
    $names = 1..$Fleet | ForEach-Object { [pscustomobject]@{ ResourceGroupName = 'rg-fleet'; VMScaleSetName = 'vmss-{0:0000}' -f $_ } }
    Measure-Case "piped by name ($Fleet)" { $names | Get-VmssAutoscaleTarget }
    Measure-Case "settings targeting each, piped ($Fleet)" { Get-VmssAutoscaleTarget -ResourceGroupName rg-fleet | Select-Object ResourceId | Get-VmssAutoscaleSetting }
} finally {
    Stop-FakeArm $fake
}
