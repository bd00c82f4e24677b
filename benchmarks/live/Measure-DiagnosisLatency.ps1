<#
.SYNOPSIS
    Debug-VmssAutoscale against the fake ARM (tests/FakeArm, loopback HTTPS) with a latency injected
    before every ARM answer: the requests, the critical path (the most requests that happened one
    after another) and the wall time, for one scale set and for the fleet (-All, default throttle).
    Run after build.ps1 and a build of tests/FakeArm.
.EXAMPLE
    dotnet pwsh -NoProfile -File ./benchmarks/live/Measure-DiagnosisLatency.ps1 -LatencyMs 100 -Fleet 500
#>
param([int] $LatencyMs = 100, [int] $Fleet = 500, [switch] $SkipFleet)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '../../tests/Pester/FakeArm.Helpers.ps1')
Import-Module $script:ModuleManifest

# Each request occupied [AtMs - LatencyMs, AtMs]. The longest chain of requests that do not overlap
# (earliest end first, the classic interval schedule) is how many round trips were waited for in a row.
function Get-CriticalPath($Requests) {
    $chain = 0
    $free = [double]::NegativeInfinity
    foreach ($r in ($Requests | Sort-Object { [double] $_.atMs })) {
        $start = [double] $r.atMs - [double] $r.latencyMs
        if ($start -ge $free) { $chain++; $free = [double] $r.atMs }
    }
    $chain
}

function Measure-Case($Fake, [string] $Name, [scriptblock] $Run) {
    Clear-FakeArmRequest $Fake
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $out = @(& $Run)
    $watch.Stop()
    $requests = @(Get-FakeArmRequest $Fake)
    [pscustomobject]@{
        Case         = $Name
        Diagnoses    = $out.Count
        Requests     = $requests.Count
        CriticalPath = Get-CriticalPath $requests
        LatencyMs    = $LatencyMs
        Seconds      = [math]::Round($watch.Elapsed.TotalSeconds, 2)
        LoadAverage  = if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg).Split(' ')[0] } else { 'unknown' }
    }
}

$fake = Start-FakeArm -Fleet $(if ($SkipFleet) { 0 } else { $Fleet })
try {
    Set-FakeArmConfig $fake -PageSize 100
    $null = Connect-FakeArm $fake
    # Warm-up without latency: JIT, the Azure layer's load, the TLS session.
    $null = Debug-VmssAutoscale -ResourceGroupName rg-web -VMScaleSetName vmss-web -WarningAction SilentlyContinue
    Set-FakeArmConfig $fake -PageSize 100 -LatencyMs $LatencyMs
    # A fresh session per case, so the per-command caches (settings list, sizes) start cold.
    $null = Connect-FakeArm $fake
    Measure-Case $fake 'one scale set (vmss-web)' { Debug-VmssAutoscale -ResourceGroupName rg-web -VMScaleSetName vmss-web -WarningAction SilentlyContinue }
    if (-not $SkipFleet) {
        $null = Connect-FakeArm $fake -NoSubscription
        Measure-Case $fake "fleet -All ($Fleet + 2), default throttle" { Debug-VmssAutoscale -All -WarningAction SilentlyContinue }
    }
} finally {
    Stop-FakeArm $fake
}
