BeforeAll {
    $manifest = Join-Path $PSScriptRoot '../../out/VmssAutoscale/VmssAutoscale.psd1'
    Import-Module $manifest -Force
    $script:Examples = Join-Path $PSScriptRoot '../../examples'
}

Describe 'Debug-VmssAutoscale -Snapshot on the examples' {
    # What each example was built for: the check that must Fail and the condition that names it.
    It '<Name> reports <Check> as Fail with <Type> <Reason>' -ForEach @(
        @{ Name = 'one-core-of-four-loaded'; Check = 'CoresVersusThreshold'; Type = 'ScalingActive'; Reason = 'ThresholdNotMet' }
        @{ Name = 'one-hot-instance'; Check = 'AverageAcrossInstances'; Type = 'ScalingActive'; Reason = 'OnlySomeInstancesHot' }
        @{ Name = 'thresholds-50-50-flapping'; Check = 'ThresholdGap'; Type = 'ScalingLimited'; Reason = 'FlappingSuppressed' }
        @{ Name = 'linux-scale-set-with-windows-counter-name'; Check = 'MetricName'; Type = 'ScalingActive'; Reason = 'UnsupportedMetric' }
        @{ Name = 'diagnostics-extension-silent'; Check = 'DiagnosticsData'; Type = 'ScalingActive'; Reason = 'MetricUnavailable' }
        @{ Name = 'manual-scale-reverted'; Check = 'ScaleEvents'; Type = 'ScalingLimited'; Reason = 'ManualChangeReverted' }
        @{ Name = 'ama-log-analytics-only'; Check = 'AzureMonitorAgent'; Type = 'ScalingActive'; Reason = 'MetricUnavailable' }
        @{ Name = 'queue-driven-at-maximum'; Check = 'AverageAcrossInstances'; Type = 'ScalingLimited'; Reason = 'AtMaximum' }
    ) {
        $out = @(Debug-VmssAutoscale -Snapshot (Join-Path $Examples $Name))
        $diagnosis = $out[-1]
        $diagnosis.PSObject.TypeNames | Should -Contain 'VmssAutoscale.Model.Diagnosis'
        $findings = $out[0..($out.Count - 2)]
        $findings | ForEach-Object { $_.PSObject.TypeNames | Should -Contain 'VmssAutoscale.Model.Finding' }
        ($findings | Where-Object { $_.Check -eq $Check }).Status | Should -Be 'Fail'
        $diagnosis.Condition($Type).Reason | Should -Be $Reason
        # The most likely cause comes first.
        $findings[0].Status | Should -Be 'Fail'
    }

    # Issue 10 item 6 (autoscale-predictive): with scaleMode Enabled the service may scale out ahead of any rule.
    It 'says that predictive autoscale Enabled may scale out ahead of the rules the engine replays' {
        $dir = Join-Path $TestDrive 'predictive'
        Copy-Item (Join-Path $Examples 'healthy') $dir -Recurse
        $file = Join-Path $dir 'snapshot.json'
        $text = Get-Content -Raw $file
        $at = $text.IndexOf('"targetResourceUri"', $text.IndexOf('"autoscaleSettings"'))
        $text.Insert($at, '"predictiveAutoscalePolicy": { "scaleMode": "Enabled" }, ') | Set-Content -Path $file -Encoding utf8 -NoNewline
        $out = @(Debug-VmssAutoscale -Snapshot $dir)
        $out[-1].EngineReason | Should -Match 'ahead of any rule on its CPU forecast, which this engine does not model'
        (($out | Where-Object { $_.Check -eq 'AutoscaleSetting' }).Evidence -join ' ') | Should -Match 'Predictive autoscale is Enabled'
    }

    It 'reports no Fail on the healthy example' {
        $out = @(Debug-VmssAutoscale -Snapshot (Join-Path $Examples 'healthy'))
        @($out | Where-Object { $_ -is [VmssAutoscale.Model.Finding] -and $_.Status -eq 'Fail' }) | Should -HaveCount 0
        $out[-1].ScalingLimited.Status | Should -BeFalse
        $out[-1].AbleToScale.Reason | Should -Be 'ReadyForNewScale'
    }

    # Issue 11 item 7: today's sample sources, offline.
    It 'names the Azure Monitor Agent break of the AMA example with its reason code' {
        $f = Debug-VmssAutoscale -Snapshot (Join-Path $Examples 'ama-log-analytics-only') | Where-Object Check -EQ 'AzureMonitorAgent'
        $f.Reason | Should -Be 'NoMetricsDestination'
        $f.Summary | Should -Match 'sent only to Log Analytics'
    }

    It 'reads the queue of the queue-driven example and agrees with its run history' {
        $out = @(Debug-VmssAutoscale -Snapshot (Join-Path $Examples 'queue-driven-at-maximum'))
        ($out | Where-Object Check -EQ 'ServiceAgreement').Status | Should -Be 'Pass'
        ($out | Where-Object Check -EQ 'AverageAcrossInstances').Summary | Should -Match 'maximum'
    }

    It 'takes the scale set from the pipeline by property name' {
        $target = Get-VmssAutoscaleTarget -Snapshot (Join-Path $Examples 'one-hot-instance') -ResourceGroupName rg-autoscale-examples
        $d = $target | Debug-VmssAutoscale -Snapshot (Join-Path $Examples 'one-hot-instance') | Select-Object -Last 1
        $d.VMScaleSetName | Should -Be 'vmss-one-hot-instance'
    }

    It 'returns only Diagnosis objects with -All' {
        $out = @(Debug-VmssAutoscale -All -Snapshot (Join-Path $Examples 'healthy'))
        $out | Should -HaveCount 1
        $out[0] | Should -BeOfType ([VmssAutoscale.Model.Diagnosis])
    }

    It 'uses -LoadedCoresPerInstance over the inference' {
        $f = Debug-VmssAutoscale -Snapshot (Join-Path $Examples 'healthy') -LoadedCoresPerInstance 1 | Where-Object Check -EQ 'CoresVersusThreshold'
        $f.Status | Should -Be 'Fail'
        $f.Summary | Should -Match '1 loaded core of 2 gives at most 50% CPU'
    }

    It 'adds template findings with -TemplatePath' {
        # A committed fixture (the test used to name one that did not exist and fall back to an inline template).
        $template = Join-Path $PSScriptRoot '../fixtures/templates/CapacityInvalid.bad.json'
        Test-Path $template | Should -BeTrue
        $findings = @(Debug-VmssAutoscale -Snapshot (Join-Path $Examples 'healthy') -TemplatePath $template | Where-Object { $_ -is [VmssAutoscale.Model.Finding] -and $_.Check -like 'Template*' })
        $findings.Check | Should -Be @('Template.CapacityInvalid')
        $findings[0].Status | Should -Be 'Fail'
        $findings[0].Summary | Should -Be "Profile 'default' has minimum 5 above maximum 3; the service rejects it."
        $findings[0].Evidence[0] | Should -Match 'CapacityInvalid\.bad\.json:68 resources\[1\]\.properties\.profiles\[0\]\.capacity'
    }

    It 'says which scale sets a snapshot holds when the name is wrong' {
        $err = $null
        Debug-VmssAutoscale -Snapshot (Join-Path $Examples 'healthy') -VMScaleSetName nope -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.ScaleSetNotInSnapshot*'
        $err[0].Exception.Message | Should -Match 'vmss-healthy'
    }

    It 'refuses a file that is not a snapshot with a clear error' {
        $bad = Join-Path $TestDrive 'not-a-snapshot.json'
        '{ "hello": 1 }' | Set-Content $bad
        { Debug-VmssAutoscale -Snapshot $bad -ErrorAction Stop } | Should -Throw -ExpectedMessage '*is not a VmssAutoscale snapshot*'
    }

    It 'is found by Get-Help with runnable examples' {
        (Get-Help Debug-VmssAutoscale -Examples).Examples.Example.Count | Should -BeGreaterOrEqual 2
    }
}

Describe 'Read cmdlets with -Snapshot' {
    BeforeAll {
        $script:Bundle = Join-Path $Examples 'manual-scale-reverted'
    }

    It 'Get-VmssAutoscaleTarget describes the scale set' {
        $t = Get-VmssAutoscaleTarget -Snapshot $Bundle -ResourceGroupName rg-autoscale-examples -VMScaleSetName vmss-manual-scale-reverted
        $t.Capacity | Should -Be 5
        $t.VCpusPerInstance | Should -Be 2
        $t.AutoscaleSettingIds | Should -HaveCount 1
    }

    It 'Get-VmssScaleEvent finds the manual change and its revert' {
        $e = @(Get-VmssScaleEvent -Snapshot $Bundle -ResourceGroupName rg-autoscale-examples -VMScaleSetName vmss-manual-scale-reverted)
        $e | Should -HaveCount 2
        $e[0].Cause | Should -Be 'Manual'
        $e[0].Caller | Should -Be 'alice@contoso.com'
        $e[1].ToCapacity | Should -Be 5
    }

    It 'Get-VmssAutoscaleSetting reads the setting that targets the scale set' {
        $s = Get-VmssAutoscaleSetting -Snapshot $Bundle -ResourceGroupName rg-autoscale-examples -VMScaleSetName vmss-manual-scale-reverted
        $s.Profiles[0].Capacity.Maximum | Should -Be 5
    }

    It 'Get-VmssDiagnosticsSample returns the stored samples and the verdict' {
        $samples = @(Get-VmssDiagnosticsSample -Snapshot $Bundle -ResourceGroupName rg-autoscale-examples -VMScaleSetName vmss-manual-scale-reverted)
        $samples.Count | Should -Be 150
        $verdict = Get-VmssDiagnosticsSample -Snapshot (Join-Path $Examples 'diagnostics-extension-silent') -ResourceGroupName rg-autoscale-examples -VMScaleSetName vmss-diagnostics-silent -Last 01:00:00 -Summary | Select-Object -Last 1
        $verdict.Verdict | Should -Be 'AllInstancesSilent'
    }

    It 'Invoke-VmssManualScale is not offered a snapshot, and a snapshot session refuses to scale' {
        (Get-Command Invoke-VmssManualScale).Parameters.Keys | Should -Not -Contain 'Snapshot'
    }
}
