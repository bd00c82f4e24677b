#Requires -Version 5.1
# Issue 11: the Azure Monitor Agent path. Each scale set below breaks it in one place; Debug names
# the place with its reason code, live against the fake ARM and again from the exported bundle.

BeforeAll {
    . (Join-Path $PSScriptRoot 'FakeArm.Helpers.ps1')
    Import-Module $script:ModuleManifest -Force
    $script:fake = Start-FakeArm
    $counter = 'Processor(_Total)\% Processor Time'
    $linux = 'azure.vm.linux.guestmetrics'
    $cases = @(
        @{ name = 'vmss-ama-ok'; counters = @($counter) }
        @{ name = 'vmss-ama-noidentity'; counters = @($counter); identity = $false }
        @{ name = 'vmss-ama-nodcr'; associate = $false }
        @{ name = 'vmss-ama-othercounter'; counters = @('Memory\Available Bytes') }
        @{ name = 'vmss-ama-lawonly'; counters = @($counter); destinations = @('logAnalytics') }
        @{ name = 'vmss-ama-nonamespace'; counters = @($counter) }
        @{ name = 'vmss-ama-silent'; counters = @($counter); silent = @(1) }
    )
    $seed = @{ amaScaleSets = @($cases | ForEach-Object { $_ + @{ resourceGroup = 'rg-ama'; capacity = 2 } }) }
    Invoke-FakeArmControl $script:fake '/_fake/seed-sampling' $seed | Out-Null
    $settings = @($cases | ForEach-Object {
            @{ resourceGroup = 'rg-ama'; name = "autoscale-$($_.name)"; scaleSet = $_.name; minimum = 1; maximum = 5; default = 2; metricName = $counter
               metricNamespace = $(if ($_.name -eq 'vmss-ama-nonamespace') { '' } else { $linux }) }
        })
    # A rule on a guest counter with no agent at all.
    Add-FakeArmSeed $script:fake @{
        scaleSets = @(@{ resourceGroup = 'rg-ama'; name = 'vmss-ama-noagent'; capacity = 2; windows = $false })
        settings  = $settings + @(@{ resourceGroup = 'rg-ama'; name = 'autoscale-vmss-ama-noagent'; scaleSet = 'vmss-ama-noagent'; metricName = $counter; metricNamespace = $linux })
    }
    $null = Connect-FakeArm $script:fake

    function Get-AmaFinding([object[]] $Out) { ($Out | Where-Object { $_ -is [VmssAutoscale.Model.Diagnosis] }).Findings | Where-Object Check -EQ 'AzureMonitorAgent' }
}

AfterAll { Stop-FakeArm $script:fake }

Describe 'Debug-VmssAutoscale tells the Azure Monitor Agent problems apart' {
    It '<Name>: <Reason>' -ForEach @(
        @{ Name = 'vmss-ama-ok'; Reason = 'Healthy'; Status = 'Pass' }
        @{ Name = 'vmss-ama-noagent'; Reason = 'NoAgent'; Status = 'Fail' }
        @{ Name = 'vmss-ama-noidentity'; Reason = 'AgentWithoutIdentity'; Status = 'Fail' }
        @{ Name = 'vmss-ama-nodcr'; Reason = 'NoDataCollectionRule'; Status = 'Fail' }
        @{ Name = 'vmss-ama-othercounter'; Reason = 'CounterNotInDataCollectionRule'; Status = 'Fail' }
        @{ Name = 'vmss-ama-lawonly'; Reason = 'NoMetricsDestination'; Status = 'Fail' }
        @{ Name = 'vmss-ama-nonamespace'; Reason = 'MetricNamespaceMissing'; Status = 'Fail' }
        @{ Name = 'vmss-ama-silent'; Reason = 'SilentInstances'; Status = 'Warn' }
    ) {
        $live = @(Debug-VmssAutoscale -ResourceGroupName rg-ama -VMScaleSetName $Name -WarningAction SilentlyContinue)
        $finding = Get-AmaFinding $live
        $finding.Reason | Should -Be $Reason
        $finding.Status | Should -Be $Status
        $finding.Summary | Should -Not -BeNullOrEmpty

        $bundle = Join-Path $TestDrive $Name
        $null = Export-VmssAutoscaleReport -ResourceGroupName rg-ama -VMScaleSetName $Name -Path $bundle -WarningAction SilentlyContinue
        $offline = Get-AmaFinding @(Debug-VmssAutoscale -Snapshot $bundle -WarningAction SilentlyContinue)
        '{0}|{1}|{2}' -f $offline.Reason, $offline.Status, $offline.Summary | Should -Be ('{0}|{1}|{2}' -f $finding.Reason, $finding.Status, $finding.Summary)
    }

    It 'reads the guest counter from Azure Monitor Metrics in its namespace, split by VM, for a healthy agent' {
        Clear-FakeArmRequest $script:fake
        $diagnosis = Debug-VmssAutoscale -ResourceGroupName rg-ama -VMScaleSetName vmss-ama-ok | Where-Object { $_ -is [VmssAutoscale.Model.Diagnosis] }
        $reads = @(Get-FakeArmRequest $script:fake | Where-Object { [uri]::UnescapeDataString($_.path) -match 'vmss-ama-ok/providers/Microsoft.Insights/metrics\?.*metricnamespace=azure.vm.linux.guestmetrics' })
        $reads | Should -HaveCount 1
        [uri]::UnescapeDataString($reads[0].path) | Should -Match "VMName eq '\*'"
        $diagnosis.Findings | Where-Object Reason -EQ 'MetricUnavailable' | Should -BeNullOrEmpty
        @(Get-FakeArmRequest $script:fake | Where-Object { $_.path -match 'dataCollectionRuleAssociations\?api-version=2022-06-01' }) | Should -HaveCount 1
        @(Get-FakeArmRequest $script:fake | Where-Object { $_.path -match 'dataCollectionRules/dcr-vmss-ama-ok\?api-version=2022-06-01' }) | Should -HaveCount 1
    }
}

# Issue 11 item 2: Get-VmssDiagnosticsSample -Summary gives the same reason code on its verdict.
Describe 'Get-VmssDiagnosticsSample -Summary names the Azure Monitor Agent problem' {
    It '<Name>: <Reason>' -ForEach @(
        @{ Name = 'vmss-ama-ok'; Reason = 'Healthy' }
        @{ Name = 'vmss-ama-noagent'; Reason = 'NoAgent' }
        @{ Name = 'vmss-ama-noidentity'; Reason = 'AgentWithoutIdentity' }
        @{ Name = 'vmss-ama-nodcr'; Reason = 'NoDataCollectionRule' }
        @{ Name = 'vmss-ama-othercounter'; Reason = 'CounterNotInDataCollectionRule' }
        @{ Name = 'vmss-ama-lawonly'; Reason = 'NoMetricsDestination' }
        @{ Name = 'vmss-ama-nonamespace'; Reason = 'MetricNamespaceMissing' }
        @{ Name = 'vmss-ama-silent'; Reason = 'SilentInstances' }
    ) {
        $out = @(Get-VmssDiagnosticsSample -ResourceGroupName rg-ama -VMScaleSetName $Name -Summary -Last 01:00:00 -WarningAction SilentlyContinue -ErrorAction SilentlyContinue)
        $verdict = $out | Where-Object { $_ -is [VmssAutoscale.Model.DiagnosticsVerdict] }
        $verdict | Should -HaveCount 1
        $verdict.AgentReason | Should -Be $Reason
        $verdict.AgentMessage | Should -Not -BeNullOrEmpty
        # The default view shows it.
        ($verdict | Out-String -Width 200) | Should -Match "AgentReason\s+: $Reason"

        $debug = Get-AmaFinding @(Debug-VmssAutoscale -ResourceGroupName rg-ama -VMScaleSetName $Name -WarningAction SilentlyContinue)
        $verdict.AgentReason | Should -Be $debug.Reason
    }

    It 'says nothing about the agent for a scale set whose rules read host metrics' {
        $verdict = Get-VmssDiagnosticsSample -ResourceGroupName rg-web -VMScaleSetName vmss-web -Summary -WarningAction SilentlyContinue | Where-Object { $_ -is [VmssAutoscale.Model.DiagnosticsVerdict] }
        $verdict.AgentReason | Should -BeNullOrEmpty
        ($verdict | Out-String -Width 200) | Should -Not -Match 'AgentReason'
    }
}
