<#
    Issue 25: peak memory of one hostile case in a fresh PowerShell (VmHWM of this process, Linux).
    Run each case in its own process, from the repository root, after build.ps1:
      dotnet pwsh -NoProfile -File ./benchmarks/hostile/Measure-Hostile.ps1 -Case many-vms
    The generated bundles go under out/test-tmp/bench and are made by a first run of their case
    (that run generates and returns; measure with a second run, so the generation is not counted).
#>
param([ValidateSet('fifo', 'endless-list', 'long-name', 'many-vms')] [string] $Case)
$ErrorActionPreference = 'Continue'
Import-Module ./out/VmssAutoscale/VmssAutoscale.psd1
. ./tests/Pester/FakeArm.Helpers.ps1
$t = @{ ResourceGroupName = 'rg-autoscale-examples'; VMScaleSetName = 'vmss-healthy' }
$sw = [Diagnostics.Stopwatch]::StartNew()
switch ($Case) {
  'endless-list' {
    $fake = Start-FakeArm; $null = Connect-FakeArm $fake
    Invoke-FakeArmControl $fake '/_fake/hostile' @{ endless = @{ match = 'providers/Microsoft.Compute/virtualMachineScaleSets'; itemsPerPage = 1000; padBytes = 0 } } | Out-Null
    $null = Get-VmssAutoscaleTarget -ResourceGroupName rg-web -ErrorVariable e -ErrorAction SilentlyContinue
    $msg = "$($e[0])"; Stop-FakeArm $fake
  }
  'long-name' {
    $dir = './out/test-tmp/bench/longname'; New-Item -ItemType Directory -Force $dir | Out-Null
    if (-not (Test-Path "$dir/snapshot.json")) {
    $text = [IO.File]::ReadAllText('./examples/healthy/snapshot.json')
    $text = $text.Replace('"vmss-healthy"', '"vmss-healthy' + ('n' * 20MB) + '"')
    [IO.File]::WriteAllText("$dir/snapshot.json", $text)
    return }
    $out = './out/test-tmp/bench/longname-out'; Remove-Item -Recurse -Force $out -ErrorAction SilentlyContinue
    $b = Export-VmssAutoscaleReport -Snapshot $dir -Path $out -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
    $msg = "errors $($e.Count); report $(if (Test-Path "$out/report.html") { '{0:0.0} MB' -f ((Get-Item "$out/report.html").Length / 1MB) } else { 'none' })"
  }
  'many-vms' {
    $dir = './out/test-tmp/bench/manyvms'; New-Item -ItemType Directory -Force $dir | Out-Null
    if (-not (Test-Path "$dir/snapshot.json")) {
    $text = [IO.File]::ReadAllText('./examples/healthy/snapshot.json')
    $vm = '{"name":"vm","properties":{"instanceView":{"statuses":[{"code":"PowerState/running","displayStatus":"VM running"}]}},"pad":"' + ('x' * 1200) + '"}'
    $settings = '"autoscaleSettings": [' + (($vm + ',') * 50000).TrimEnd(',') + '],'
    $text = $text -replace '"autoscaleSettings":\s*\[', ($settings + ' "unusedSettings": [')
    [IO.File]::WriteAllText("$dir/snapshot.json", $text)
    $text = $null; [GC]::Collect(); return }
    $msg = '{0:0} MB bundle' -f ((Get-Item "$dir/snapshot.json").Length / 1MB)
    $null = Debug-VmssAutoscale -Snapshot $dir @t -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
    $msg += "; errors $($e.Count) $($e[0])"
  }
  'fifo' {
    $dir = './out/test-tmp/bench/fifo'; New-Item -ItemType Directory -Force $dir | Out-Null
    Remove-Item "$dir/snapshot.json" -ErrorAction SilentlyContinue; & mkfifo "$dir/snapshot.json"
    $null = Debug-VmssAutoscale -Snapshot $dir @t -ErrorVariable e -ErrorAction SilentlyContinue
    $msg = "$($e[0].FullyQualifiedErrorId)"
  }
}
$hwm = (Get-Content "/proc/$PID/status" | Select-String 'VmHWM').ToString()
"$Case : {0:0.0} s ; $hwm ; $msg" -f $sw.Elapsed.TotalSeconds
