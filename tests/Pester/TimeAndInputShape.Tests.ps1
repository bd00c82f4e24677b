#Requires -Version 5.1
# Issue 13, item 4: a date without a zone means local time on every time parameter (PowerShell's
# convention), sample timestamps that are not ISO 8601 are refused, and objects of the wrong shape
# piped into the engine cmdlets give one error naming what was expected and found, and no decision.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestUtils.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../out/VmssAutoscale/VmssAutoscale.psd1') -Force
    $script:Manifest = (Resolve-Path (Join-Path $PSScriptRoot '../../out/VmssAutoscale/VmssAutoscale.psd1')).Path
    $script:Examples = (Resolve-Path (Join-Path $PSScriptRoot '../../examples')).Path
    $script:Cpu6030 = (Resolve-Path (Join-Path $PSScriptRoot '../fixtures/engine/cpu-60-30.json')).Path
    $script:Csv = Join-Path $TestDrive 'hot.csv'
    $lines = @('Instance,Timestamp,MetricName,Value')
    for ($m = 0; $m -lt 10; $m++) { foreach ($i in 0..3) { $lines += 'vm_{0},2024-05-01T10:{1:00}:00Z,Percentage CPU,90' -f $i, $m } }
    Set-Content -Path $script:Csv -Value $lines -Encoding utf8

    # What each command of the next Describe writes when run in a fresh PowerShell whose local zone is
    # New York (UTC-4 in May), with the module loaded: only a fresh process takes a new TZ. One
    # process runs them all (a process and a module import each cost seconds); each answer comes
    # back as JSON under its name.
    $commands = [ordered]@{
        Threshold  = "`$d = Test-VmssAutoscaleThreshold -Path '$Cpu6030' -SamplePath '$Csv' -At ([datetime]'2024-05-01 06:10') -LastScaleActionTime ([datetime]'2024-05-01 06:07'); [pscustomobject]@{ Time = `$d.Time.ToString('yyyy-MM-dd HH:mm UTC'); Cooldown = (`$d.Rules | Where-Object Direction -EQ 'Increase').CooldownUntil.ToString('yyyy-MM-dd HH:mm UTC'); Outcome = `$d.Outcome }"
        Simulation = "`$s = @(Invoke-VmssAutoscaleSimulation -Path '$Cpu6030' -SamplePath '$Csv' -Start ([datetime]'2024-05-01 06:08') -End ([datetime]'2024-05-01 06:10')); [pscustomobject]@{ First = `$s[0].Time.ToString('yyyy-MM-dd HH:mm UTC'); Last = `$s[-1].Time.ToString('yyyy-MM-dd HH:mm UTC') }"
        Samples    = "`$s = @(Get-VmssDiagnosticsSample -Snapshot '$Examples/one-hot-instance' -ResourceGroupName rg-autoscale-examples -VMScaleSetName vmss-one-hot-instance -StartTime ([datetime]'2024-05-01 07:50') -EndTime ([datetime]'2024-05-01 07:52')); [pscustomobject]@{ Count = `$s.Count; First = (`$s | Sort-Object Timestamp)[0].Timestamp.ToString('yyyy-MM-dd HH:mm UTC') }"
        Events     = "@(Get-VmssScaleEvent -Snapshot '$Examples/thresholds-50-50-flapping' -ResourceGroupName rg-autoscale-examples -VMScaleSetName vmss-thresholds-50-50 -StartTime ([datetime]'2024-05-01 05:00') -EndTime ([datetime]'2024-05-01 06:00')) | ForEach-Object { `$_.Time.ToString('yyyy-MM-dd HH:mm UTC') }"
    }
    $program = "Import-Module '$Manifest'; `$answers = [ordered]@{}`n"
    foreach ($name in $commands.Keys) { $program += "`$answers['$name'] = @(& { $($commands[$name]) })`n" }
    $program += "`$answers | ConvertTo-Json -Depth 4 -Compress"
    $saved = $env:TZ
    $env:TZ = 'America/New_York'
    try {
        $out = Invoke-FreshPwsh $program
    } finally {
        $env:TZ = $saved
    }
    $script:NewYorkRun = [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $out }

    function Get-NewYorkAnswer([string] $Name) {
        $NewYorkRun.ExitCode | Should -Be 0 -Because ($NewYorkRun.Output -join "`n")
        (($NewYorkRun.Output | Select-Object -Last 1) | ConvertFrom-Json).$Name
    }
}

Describe 'A time parameter without a zone is local time' {
    It 'Test-VmssAutoscaleThreshold -At and -LastScaleActionTime' {
        # 06:10 and 06:07 in New York on 1 May are 10:10Z and 10:07Z; read as UTC they would be 06:10Z and 06:07Z.
        $r = Get-NewYorkAnswer Threshold
        $r.Time | Should -Be '2024-05-01 10:10 UTC'
        $r.Cooldown | Should -Be '2024-05-01 10:12 UTC'
        $r.Outcome | Should -Be 'Cooldown'
    }

    It 'Invoke-VmssAutoscaleSimulation -Start and -End' {
        $r = Get-NewYorkAnswer Simulation
        $r.First | Should -Be '2024-05-01 10:08 UTC'
        $r.Last | Should -Be '2024-05-01 10:10 UTC'
    }

    It 'Get-VmssDiagnosticsSample -StartTime and -EndTime' {
        $r = Get-NewYorkAnswer Samples
        $r.Count | Should -Be 8
        $r.First | Should -Be '2024-05-01 11:50 UTC'
    }

    It 'Get-VmssScaleEvent -StartTime and -EndTime' {
        $r = Get-NewYorkAnswer Events
        @($r) | Should -Be @('2024-05-01 09:00 UTC', '2024-05-01 09:08 UTC', '2024-05-01 09:40 UTC', '2024-05-01 09:48 UTC')
    }
}

Describe 'Sample timestamps are ISO 8601' {
    It 'refuses a US date in a CSV instead of guessing the day' {
        $us = Join-Path $TestDrive 'us.csv'
        Set-Content -Path $us -Value 'Instance,Timestamp,MetricName,Value', 'vm_0,05/01/2024 10:00,Percentage CPU,90' -Encoding utf8
        $d = $null
        $e = try { $d = Test-VmssAutoscaleThreshold -Path $Cpu6030 -SamplePath $us; $null } catch { $_ }
        $d | Should -BeNullOrEmpty
        $e.FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.InvalidSample*'
        $e.Exception.Message | Should -Match "'05/01/2024 10:00' is not a date and time; use ISO 8601"
    }

    It 'refuses a US date piped in as text, and skips that sample' {
        $rows = Import-Csv $Csv
        $rows[0].Timestamp = '05/01/2024 10:00'
        $d = $rows | Test-VmssAutoscaleThreshold -Path $Cpu6030 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.InvalidSample*'
        $err.Count | Should -Be 1
        $err[0].Exception.Message | Should -Match "'05/01/2024 10:00' is not a date and time"
        # The other 39 samples still decide.
        $d.Decision | Should -Be 'ScaleOut'
    }
}

Describe 'Piped objects of the wrong shape are refused' {
    It '<Command> refuses objects without the sample properties with one error and no decision' -TestCases @(
        @{ Command = 'Test-VmssAutoscaleThreshold' }, @{ Command = 'Invoke-VmssAutoscaleSimulation' }) {
        param($Command)
        $wrong = 1..3 | ForEach-Object { [pscustomobject]@{ Host = "vm_$_"; Time = '2024-05-01T10:00:00Z'; Cpu = 90 } }
        $out = $null
        $e = try { $out = $wrong | & $Command -Path $Cpu6030 -ErrorVariable err; $null } catch { $_ }
        $out | Should -BeNullOrEmpty
        # One error for the three objects: no binding error per object before it.
        @($err).Count | Should -Be 1
        $e.FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.PipedInputNotSample*'
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.Exception.Message | Should -Match '3 piped object\(s\) are neither an autoscale setting nor a metric sample'
        $e.Exception.Message | Should -Match 'needs the properties Instance, Timestamp, MetricName, Value'
        $e.Exception.Message | Should -Match 'has: Host, Time, Cpu \(missing: Instance, Timestamp, MetricName, Value\)'
    }

    It 'names what a half-right object lacks' {
        $half = [pscustomobject]@{ Instance = 'vm_0'; Timestamp = '2024-05-01T10:00:00Z'; MetricName = 'Percentage CPU' }
        $e = try { $null = $half | Test-VmssAutoscaleThreshold -Path $Cpu6030; $null } catch { $_ }
        $e.FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.PipedInputNotSample*'
        $e.Exception.Message | Should -Match 'has: Instance, Timestamp, MetricName \(missing: Value\)'
    }

    It 'still takes samples and hashtables of the right shape from the pipeline' {
        (Import-Csv $Csv | Test-VmssAutoscaleThreshold -Path $Cpu6030).Decision | Should -Be 'ScaleOut'
        $tables = Import-Csv $Csv | ForEach-Object { @{ Instance = $_.Instance; Timestamp = $_.Timestamp; MetricName = $_.MetricName; Value = [double] $_.Value } }
        ($tables | Test-VmssAutoscaleThreshold -Path $Cpu6030).Decision | Should -Be 'ScaleOut'
    }
}
