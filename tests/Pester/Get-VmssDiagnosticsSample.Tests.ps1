#Requires -Version 5.1
# Get-VmssDiagnosticsSample against a real Table endpoint (Azurite), with rows written in the
# agents' formats by tests/DiagnosticsData (several instances, gaps, a 10-day table boundary inside
# the window, a lagging, a silent and a missing instance). Offline: the scale set model comes from
# a file, so no ARM call is made.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'Prerequisites.psm1') -Force
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/VmssAutoscale/VmssAutoscale.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Prerequisites.psm1') -Force
    # Every test in this file reads Azurite; without it they are all skipped (tag Needs:Azurite).
    if (Test-PrerequisiteMissing Azurite) { return }
    Import-Module (Join-Path $PSScriptRoot 'Azurite.psm1') -Force
    $script:Azurite = Start-TestAzurite
    $script:Rows = Add-TestDiagnosticsData $script:Azurite

    $script:Cpu = '\Processor(_Total)\% Processor Time'
    $script:Memory = '\Memory\% Committed Bytes In Use'
    $script:Sub = '00000000-0000-0000-0000-000000000000'
    $script:Id = "/subscriptions/$Sub/resourceGroups/rg-diag/providers/Microsoft.Compute/virtualMachineScaleSets/web-vmss"
    # The window of the generated data: 30 minutes ending 10 minutes after the 2024-05-13 table boundary.
    $script:End = [datetime]::SpecifyKind([datetime]'2024-05-13T00:10:00', 'Utc')
    $script:Hosts = 0..4 | ForEach-Object { 'webvmss00000{0}' -f $_ }

    # A scale set GET body with the WAD extension as the 201-vmss-windows-autoscale template deploys it.
    function New-Model {
        param([string] $MetricsResourceId = $script:Id, [string[]] $Counters = @($script:Cpu, $script:Memory), [switch] $NoExtension, [string] $Name = 'model.json')
        $counterXml = ($Counters | ForEach-Object { "<PerformanceCounterConfiguration counterSpecifier=`"$_`" sampleRate=`"PT15S`" unit=`"Percent`"/>" }) -join ''
        $xml = "<WadCfg><DiagnosticMonitorConfiguration overallQuotaInMB=`"4096`" xmlns=`"http://schemas.microsoft.com/ServiceHosting/2010/10/DiagnosticsConfiguration`">" +
            "<PerformanceCounters scheduledTransferPeriod=`"PT1M`">$counterXml</PerformanceCounters>" +
            "<Metrics resourceId=`"$MetricsResourceId`"><MetricAggregation scheduledTransferPeriod=`"PT1H`"/><MetricAggregation scheduledTransferPeriod=`"PT1M`"/></Metrics></DiagnosticMonitorConfiguration></WadCfg>"
        $extensions = @()
        if (-not $NoExtension) {
            $extensions += @{ name = 'Microsoft.Insights.VMDiagnosticsSettings'; properties = @{
                    publisher = 'Microsoft.Azure.Diagnostics'; type = 'IaaSDiagnostics'; typeHandlerVersion = '1.5'; autoUpgradeMinorVersion = $true
                    settings = @{ xmlCfg = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($xml)); storageAccount = 'devstoreaccount1' } } }
        }
        $model = @{ id = $script:Id; name = 'web-vmss'; location = 'westeurope'; sku = @{ name = 'Standard_D2s_v3'; capacity = 5 }
            properties = @{ virtualMachineProfile = @{ extensionProfile = @{ extensions = $extensions } } } }
        $path = Join-Path $TestDrive $Name
        $model | ConvertTo-Json -Depth 20 | Set-Content -Path $path -Encoding utf8
        $path
    }

    $settingJson = @"
{ "id": "/subscriptions/$Sub/resourceGroups/rg-diag/providers/microsoft.insights/autoscalesettings/web-guest-cpu", "name": "web-guest-cpu",
  "properties": { "enabled": true, "targetResourceUri": "$Id",
    "profiles": [ { "name": "default", "capacity": { "minimum": "2", "maximum": "10", "default": "2" },
      "rules": [
        { "metricTrigger": { "metricName": "\\Processor(_Total)\\% Processor Time", "metricResourceUri": "$Id", "timeGrain": "PT1M", "statistic": "Average",
            "timeWindow": "PT10M", "timeAggregation": "Average", "operator": "GreaterThan", "threshold": 50 },
          "scaleAction": { "direction": "Increase", "type": "ChangeCount", "value": "1", "cooldown": "PT5M" } },
        { "metricTrigger": { "metricName": "\\Processor(_Total)\\% Processor Time", "metricResourceUri": "$Id", "timeGrain": "PT1M", "statistic": "Average",
            "timeWindow": "PT10M", "timeAggregation": "Average", "operator": "LessThan", "threshold": 20 },
          "scaleAction": { "direction": "Decrease", "type": "ChangeCount", "value": "1", "cooldown": "PT5M" } } ] } ] } }
"@
    $script:Setting = Get-VmssAutoscaleSetting -Json $settingJson
    $script:Model = New-Model
    $script:Common = @{ ResourceId = $script:Id; ScaleSetModel = $script:Model; ConnectionString = $script:Azurite.ConnectionString; EndTime = $script:End }
}

AfterAll {
    if ($script:Azurite) { Stop-TestAzurite $script:Azurite }
}

Describe 'Get-VmssDiagnosticsSample (Azurite)' -Tag 'Needs:Azurite' -Skip:(Test-PrerequisiteMissing Azurite) {
    It 'reads WADMetrics rows of every instance across the table boundary, with the metric from the rules' {
        $Rows | Should -BeGreaterThan 1000
        $samples = Get-VmssDiagnosticsSample @Common -Setting $Setting
        $samples.Count | Should -Be (30 + 27 + 23 + 11)
        $samples[0].PSObject.TypeNames[0] | Should -Be 'VmssAutoscale.Model.MetricSample'
        ($samples.Instance | Sort-Object -Unique) | Should -Be $Hosts[0..3]
        ($samples.MetricName | Sort-Object -Unique) | Should -Be $Cpu
        ($samples.Table | Sort-Object -Unique) | Should -Be @('WADMetricsPT1MP10DV2S20240503', 'WADMetricsPT1MP10DV2S20240513')

        $first = $samples | Where-Object Instance -eq 'webvmss000000' | Sort-Object Timestamp
        $first[0].Timestamp | Should -Be $End.AddMinutes(-30)
        $first[-1].Timestamp | Should -Be $End.AddMinutes(-1)
        # Minute m (from the end) holds base + (m mod 3): 80 + ((-30 mod 3 + 3) mod 3) = 80, then 81, 82 ...
        ($first | Select-Object -First 3).Value | Should -Be @(80, 81, 82)
        $first[0].Minimum | Should -Be 75
        $first[0].Count | Should -Be 4
        $gaps = $samples | Where-Object Instance -eq 'webvmss000001' | ForEach-Object { $_.Timestamp }
        $gaps | Should -Not -Contain $End.AddMinutes(-15)
        $gaps | Should -Not -Contain $End.AddMinutes(-3)
        ($samples | Where-Object Instance -eq 'webvmss000002' | Measure-Object -Property Timestamp -Maximum).Maximum | Should -Be $End.AddMinutes(-8)
        $samples.Value | Should -Not -Contain 999
    }

    It 'reads the raw WAD table and LAD 2.3 wide tables when asked' {
        $raw = Get-VmssDiagnosticsSample @Common -MetricName $Cpu -TableFormat WADPerformanceCounters -Last 00:10:00
        # 10 minutes of 000000, 9 of 000001 (gap at -3), 3 of the lagging 000002; four 15-second samples each.
        $raw.Count | Should -Be ((10 * 4) + (9 * 4) + (3 * 4))
        ($raw.Table | Sort-Object -Unique) | Should -Be 'WADPerformanceCountersTable'
        ($raw | Sort-Object Timestamp)[-1].Timestamp | Should -Be $End.AddSeconds(-15)

        # The Linux scale set's model is given too: without it the cmdlet would ask ARM for it.
        $linId = $Id -replace 'web-vmss', 'lin-vmss'
        $linModel = Join-Path $TestDrive 'lin-model.json'
        @{ id = $linId; name = 'lin-vmss'; location = 'westeurope'; sku = @{ name = 'Standard_D2s_v3'; capacity = 3 }; properties = @{} } |
            ConvertTo-Json -Depth 5 | Set-Content -Path $linModel -Encoding utf8
        $lad = Get-VmssDiagnosticsSample -ResourceId $linId -ScaleSetModel $linModel -ConnectionString $Azurite.ConnectionString -MetricName '\Processor\PercentProcessorTime' `
            -TableFormat LAD23 -EndTime $End -Instance linvmss000000, linvmss000001, linvmss000002 -WarningVariable ladWarnings
        $ladWarnings | Should -BeNullOrEmpty
        ($lad.Instance | Sort-Object -Unique) | Should -Be @('linvmss000000', 'linvmss000001', 'linvmss000002')
        ($lad | Where-Object Instance -eq 'linvmss000001').Count | Should -Be 29
        ($lad | Where-Object Instance -eq 'linvmss000000' | Sort-Object Timestamp)[0].Value | Should -Be 40
    }

    It 'feeds Test-VmssAutoscaleThreshold end to end' {
        # The module's own pipeline is not warned about: the table reader's order is not the user's doing.
        $decision = Get-VmssDiagnosticsSample @Common -Setting $Setting | Test-VmssAutoscaleThreshold -Setting $Setting -At $End -WarningVariable pipeWarnings
        $pipeWarnings | Should -BeNullOrEmpty
        $decision.Decision | Should -Be 'ScaleOut'
        $out = $decision.Rules | Where-Object Direction -eq 'Increase'
        # Last 10 minutes: webvmss000000 (80-82) and webvmss000001 (60-62, no sample at -3) report; 000002 stopped at -8.
        $out.ObservedValue | Should -BeGreaterThan 50
        $out.ObservedValue | Should -BeLessThan 82

        # The same data with the busy instances missing would not scale out: the decision depends on the rows read.
        $quiet = Get-VmssDiagnosticsSample @Common -Setting $Setting | Where-Object Instance -eq 'webvmss000003' |
            Test-VmssAutoscaleThreshold -Setting $Setting -At $End -WarningAction SilentlyContinue
        $quiet.Decision | Should -Not -Be 'ScaleOut'
    }
}

Describe 'Get-VmssDiagnosticsSample -Summary' -Tag 'Needs:Azurite' -Skip:(Test-PrerequisiteMissing Azurite) {
    It 'reports Healthy, Lagging, Silent and Missing instances and the scale-set verdict' {
        $all = Get-VmssDiagnosticsSample @Common -Setting $Setting -Summary -Instance $Hosts
        $health = $all | Where-Object { $_ -is [VmssAutoscale.Model.DiagnosticsHealth] }
        $verdict = $all | Where-Object { $_ -is [VmssAutoscale.Model.DiagnosticsVerdict] }
        $health.Count | Should -Be 5
        ($health | ForEach-Object { "$($_.Instance)=$($_.Status)" }) | Should -Be @(
            'webvmss000000=Healthy', 'webvmss000001=Healthy', 'webvmss000002=Lagging', 'webvmss000003=Silent', 'webvmss000004=Missing')
        ($health | Where-Object Instance -eq 'webvmss000002').Lag | Should -Be ([timespan]::FromMinutes(8))
        ($health | Where-Object Instance -eq 'webvmss000001').SampleCount | Should -Be 27
        $verdict.Verdict | Should -Be 'SomeInstancesSilent'
        $verdict.Problems | Should -Be @('SomeInstancesSilent', 'DataLagging')
        $verdict.AffectedInstances | Should -Be @('webvmss000003', 'webvmss000004')
    }

    It 'says lagging when only the lag is wrong' {
        # 15 minutes: the silent instance (last row 20 minutes back) is outside the window.
        $v = Get-VmssDiagnosticsSample @Common -Setting $Setting -Summary -Last 00:15:00 | Select-Object -Last 1
        $v.Verdict | Should -Be 'DataLagging'
        $v.AffectedInstances | Should -Be 'webvmss000002'
    }

    It 'says when every instance went silent, and since when' {
        $v = Get-VmssDiagnosticsSample @Common -Setting $Setting -Summary -EndTime $End.AddMinutes(40) -Last 01:00:00 | Select-Object -Last 1
        $v.Verdict | Should -Be 'AllInstancesSilent'
        # The generator wrote two late rows for webvmss000000 just after the first window: the newest data is 00:11.
        $v.SilentSince | Should -Be $End.AddMinutes(1)
        $v.Message | Should -Match 'silent since 2024-05-13T00:11:00Z'
        $v.AffectedInstances | Should -Be @('webvmss000000', 'webvmss000001', 'webvmss000002', 'webvmss000003')
    }

    It 'tells apart no extension, counter not configured, a foreign Metrics resourceId and a missing table' {
        $none = Get-VmssDiagnosticsSample @Common -ScaleSetModel (New-Model -NoExtension -Name 'none.json') -Setting $Setting -Summary | Select-Object -Last 1
        $none.Verdict | Should -Be 'NoDiagnosticsExtension'

        $counter = Get-VmssDiagnosticsSample @Common -ScaleSetModel (New-Model -Counters $Memory -Name 'memory-only.json') -Setting $Setting -Summary | Select-Object -Last 1
        $counter.Verdict | Should -Be 'CounterNotConfigured'
        $counter.Message | Should -Match ([regex]::Escape($Cpu))

        $foreign = $Id -replace 'web-vmss', 'other-vmss'
        $mismatch = Get-VmssDiagnosticsSample @Common -ScaleSetModel (New-Model -MetricsResourceId $foreign -Name 'foreign.json') -Setting $Setting -Summary | Select-Object -Last 1
        $mismatch.Verdict | Should -Be 'MetricsResourceIdMismatch'
        $mismatch.Message | Should -Match 'other-vmss'

        $hourly = Get-VmssDiagnosticsSample @Common -Setting $Setting -Summary -TransferPeriod 01:00:00 | Select-Object -Last 1
        $hourly.Verdict | Should -Be 'TableMissing'
        $hourly.Tables | Should -Be @('WADMetricsPT1HP10DV2S20240503', 'WADMetricsPT1HP10DV2S20240513')
    }
}

Describe 'Get-VmssDiagnosticsSample secrets' -Tag 'Needs:Azurite' -Skip:(Test-PrerequisiteMissing Azurite) {
    It 'never shows the account key of a connection string in output, verbose, debug or errors' {
        $key = $Azurite.AccountKey
        $badCs = $Azurite.ConnectionString -replace 'TableEndpoint=http://127.0.0.1:\d+', 'TableEndpoint=http://127.0.0.1:1'
        $all = & {
            Get-VmssDiagnosticsSample @Common -Setting $Setting -Summary -Verbose -Debug
            Get-VmssDiagnosticsSample @Common -ConnectionString $badCs -Setting $Setting -Verbose -Debug -ErrorAction Continue
            Get-VmssDiagnosticsSample @Common -ConnectionString 'AccountKey=SecretKeyThatMustNotLeak0123;NotAConnectionString' -Setting $Setting -ErrorAction Continue
        } *>&1 5>&1 4>&1 | Out-String -Width 4096
        $all | Should -Match 'Verdict'
        $all | Should -Match 'TableConnectionFailed|Could not reach'
        $all | Should -Not -Match ([regex]::Escape($key))
        $all | Should -Not -Match 'SecretKeyThatMustNotLeak0123'
        $all | Should -Match 'secret not shown'
        $all | Should -Match 'not a valid storage connection string'
    }

    It 'reads with a SAS token and never echoes it, nor a forged one that the service refuses' {
        $sas = New-TestAccountSas $Azurite
        $sig = [uri]::UnescapeDataString(([regex]::Match($sas, 'sig=([^&]+)')).Groups[1].Value)
        $sig.Length | Should -BeGreaterThan 20
        $sasArgs = @{ ResourceId = $Id; ScaleSetModel = $Model; TableEndpoint = $Azurite.TableEndpoint; EndTime = $End; Setting = $Setting }
        $ok = Get-VmssDiagnosticsSample @sasArgs -SasToken $sas
        $ok.Count | Should -Be 91
        $forged = $sas -replace 'sig=[^&]+', 'sig=Rm9yZ2VkU2lnbmF0dXJlVGhhdE11c3ROb3RMZWFr'
        $good = Get-VmssDiagnosticsSample @sasArgs -SasToken $sas -Verbose -Debug *>&1 | Out-String -Width 4096
        $bad = Get-VmssDiagnosticsSample @sasArgs -SasToken $forged -Verbose -Debug -ErrorVariable err -ErrorAction Continue *>&1 | Out-String -Width 4096
        $text = $good + $bad
        $good | Should -Match 'SAS token \(not shown\)'
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.TableAccessDenied*'
        $err[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $text | Should -Not -Match ([regex]::Escape($sig))
        $text | Should -Not -Match ([regex]::Escape([uri]::EscapeDataString($sig)))
        $text | Should -Not -Match 'Rm9yZ2VkU2lnbmF0dXJlVGhhdE11c3ROb3RMZWFr'
        ($err | Out-String) + $err[0].Exception.ToString() | Should -Not -Match 'Rm9yZ2VkU2lnbmF0dXJlVGhhdE11c3ROb3RMZWFr'
    }
}
