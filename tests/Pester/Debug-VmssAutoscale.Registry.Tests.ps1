# Issue 20, "Why": answers that differed because records were copied by hand from stage to stage,
# and a read cmdlet that had its own path to the same data. Each test walks every example bundle.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestUtils.psm1') -Force
    $script:Bundles = @(Get-ExampleBundle | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    $manifest = Join-Path $PSScriptRoot '../../out/VmssAutoscale/VmssAutoscale.psd1'
    Import-Module $manifest -Force
    $script:Examples = Join-Path $PSScriptRoot '../../examples'
    # A template the checks accept as is: -TemplatePath only adds findings of its own.
    $script:Template = Join-Path $TestDrive 'empty.json'
    '{ "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0", "resources": [] }' |
        Set-Content -Path $script:Template -Encoding utf8

    function Get-FindingLine([object[]] $Output) {
        $Output | Where-Object { $_ -is [VmssAutoscale.Model.Finding] -and $_.Check -notlike 'Template*' } |
            ForEach-Object { '{0}|{1}|{2}|{3}' -f $_.Check, $_.Status, $_.Reason, $_.Summary }
    }
}

Describe 'Debug-VmssAutoscale -TemplatePath keeps every other finding' {
    It 'keeps AzureMonitorAgent NoMetricsDestination on ama-log-analytics-only' {
        $out = @(Debug-VmssAutoscale -Snapshot (Join-Path $Examples 'ama-log-analytics-only') -TemplatePath $Template -WarningAction SilentlyContinue)
        ($out | Where-Object Check -EQ 'AzureMonitorAgent').Reason | Should -Be 'NoMetricsDestination'
    }

    It 'keeps ServiceAgreement Pass on queue-driven-at-maximum' {
        $out = @(Debug-VmssAutoscale -Snapshot (Join-Path $Examples 'queue-driven-at-maximum') -TemplatePath $Template -WarningAction SilentlyContinue)
        ($out | Where-Object Check -EQ 'ServiceAgreement').Status | Should -Be 'Pass'
    }

    It '<Name>: the same findings with and without a template, apart from the template''s own' -ForEach $Bundles {
        $bundle = Join-Path $Examples $Name
        $without = @(Get-FindingLine @(Debug-VmssAutoscale -Snapshot $bundle -WarningAction SilentlyContinue))
        $with = @(Get-FindingLine @(Debug-VmssAutoscale -Snapshot $bundle -TemplatePath $Template -WarningAction SilentlyContinue))
        $without.Count | Should -BeGreaterThan 0
        $with | Should -Be $without
    }
}

Describe 'Get-VmssDiagnosticsSample -Summary agrees with Debug-VmssAutoscale' {
    It '<Name>: the verdict and the agent reason are the ones Debug gives' -ForEach $Bundles {
        $bundle = Join-Path $Examples $Name
        # Debug reads the hour before the bundle's collection time: the summary is asked for the same hour.
        $debug = @(Debug-VmssAutoscale -Snapshot $bundle -WarningAction SilentlyContinue)
        $named = $debug | Where-Object { $_ -is [VmssAutoscale.Model.Finding] } | Select-Object -First 1
        $summary = @(Get-VmssDiagnosticsSample -Snapshot $bundle -ResourceGroupName $named.ResourceGroupName -VMScaleSetName $named.VMScaleSetName -Summary -Last 01:00:00 -WarningAction SilentlyContinue -ErrorAction Stop)
        $verdict = $summary | Where-Object { $_ -is [VmssAutoscale.Model.DiagnosticsVerdict] }
        $verdict | Should -HaveCount 1
        $data = $debug | Where-Object Check -EQ 'DiagnosticsData'
        $agent = $debug | Where-Object Check -EQ 'AzureMonitorAgent'
        if ($data.Status -eq 'Pass') {
            $verdict.Verdict | Should -Be 'Healthy'
        }
        elseif ($data.Status -in 'Fail', 'Warn') {
            # Debug adds what it knows by VM after the verdict's own sentence.
            $data.Summary | Should -BeLikeExactly ([WildcardPattern]::Escape($verdict.Message) + '*')
            $verdict.Verdict | Should -Not -Be 'Healthy'
        }
        else {
            # Debug judged no extension or table data (host metrics only, or the agent's path): neither may the summary.
            $verdict.Verdict | Should -Not -BeIn 'NoDiagnosticsExtension', 'CounterNotConfigured', 'MetricsResourceIdMismatch', 'TableMissing'
        }

        if ($agent -and $agent.Status -ne 'Skipped') {
            $verdict.AgentReason | Should -Be $agent.Reason
        }
    }
}
