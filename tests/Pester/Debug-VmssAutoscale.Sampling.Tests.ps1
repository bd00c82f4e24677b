#Requires -Version 5.1
# Issue 11: one sampling subsystem. A rule that reads another resource (here a storage account's
# queue service, QueueMessageCount) is evaluated from that resource's metric, read live from the
# fake ARM's Azure Monitor endpoint, and the same after a round trip through an exported bundle.

BeforeAll {
    . (Join-Path $PSScriptRoot 'FakeArm.Helpers.ps1')
    Import-Module $script:ModuleManifest -Force
    $script:fake = Start-FakeArm
    $script:Queue = "/subscriptions/$script:FakeSubscription/resourceGroups/rg-queue/providers/Microsoft.Storage/storageAccounts/stqueueorders/queueServices/default"
    Add-FakeArmSeed $script:fake @{
        storageAccounts = @(@{ resourceGroup = 'rg-queue'; name = 'stqueueorders'; tableEndpoint = 'https://stqueueorders.table.core.windows.net/'; key = 'bm90LWEtcmVhbC1rZXk=' })
        scaleSets       = @(@{ resourceGroup = 'rg-queue'; name = 'vmss-worker'; sku = 'Standard_D2s_v3'; capacity = 2; windows = $false })
        settings        = @(@{
                resourceGroup = 'rg-queue'; name = 'autoscale-worker'; scaleSet = 'vmss-worker'; minimum = 2; maximum = 10; default = 2
                metricName = 'QueueMessageCount'; metricNamespace = 'microsoft.storage/storageaccounts/queueservices'; metricResourceUri = $script:Queue
                scaleOut = 100; scaleIn = 10
            })
    }
    Invoke-FakeArmControl $script:fake '/_fake/seed-sampling' @{ queues = @(@{ resourceId = $script:Queue; level = 400 }) } | Out-Null
    $null = Connect-FakeArm $script:fake
}

AfterAll { Stop-FakeArm $script:fake }

Describe 'Debug-VmssAutoscale on a rule that reads another resource' {
    BeforeAll {
        Clear-FakeArmRequest $script:fake
        $script:Live = @(Debug-VmssAutoscale -ResourceGroupName rg-queue -VMScaleSetName vmss-worker -WarningAction SilentlyContinue)
        $script:Requests = @(Get-FakeArmRequest $script:fake)
        $script:Bundle = Join-Path $TestDrive 'worker'
        $null = Export-VmssAutoscaleReport -ResourceGroupName rg-queue -VMScaleSetName vmss-worker -Path $script:Bundle -WarningAction SilentlyContinue
        $script:Offline = @(Debug-VmssAutoscale -Snapshot $script:Bundle -WarningAction SilentlyContinue)
    }

    It 'reads the queue''s metric from the queue service with one Azure Monitor request in its namespace' {
        $queueReads = @($Requests | Where-Object { $_.path -like '*/queueServices/default/providers/Microsoft.Insights/metrics*' })
        $queueReads | Should -HaveCount 1
        $query = [uri]::UnescapeDataString($queueReads[0].path)
        $query | Should -Match 'metricnamespace=Microsoft.Storage/storageAccounts/queueServices'
        $query | Should -Match 'metricnames=QueueMessageCount'
        $query | Should -Not -Match 'VMName'
        $queueReads[0].status | Should -Be 200
        # The scale set has no rule on its own metrics: no host-metrics read.
        @($Requests | Where-Object { $_.path -like '*/virtualMachineScaleSets/vmss-worker/providers/Microsoft.Insights/metrics*' }) | Should -HaveCount 0
    }

    It 'evaluates the rule from the queue length and never reports the metric as unavailable' {
        $diagnosis = $Live | Where-Object { $_ -is [VmssAutoscale.Model.Diagnosis] }
        $diagnosis | Should -HaveCount 1
        $diagnosis.Findings | Where-Object Reason -EQ 'MetricUnavailable' | Should -BeNullOrEmpty
        $diagnosis.ScalingActive.Reason | Should -Not -Be 'MetricUnavailable'
        $diagnosis.DesiredCapacity | Should -BeGreaterThan $diagnosis.CurrentCapacity
        $diagnosis.EngineReason | Should -Match 'QueueMessageCount'
    }

    It 'keeps the queue samples in the bundle with the resource they belong to, and gives the same decision offline' {
        $stored = (Get-Content (Join-Path $Bundle 'snapshot.json') -Raw | ConvertFrom-Json).scaleSets[0]
        ($stored.samples.metricName | Sort-Object -Unique) | Should -Be 'QueueMessageCount'
        $offline = $Offline | Where-Object { $_ -is [VmssAutoscale.Model.Diagnosis] }
        $live = $Live | Where-Object { $_ -is [VmssAutoscale.Model.Diagnosis] }
        $offline.DesiredCapacity | Should -Be $live.DesiredCapacity
        $offline.ScalingActive.Reason | Should -Be $live.ScalingActive.Reason
        ($offline.Findings | ForEach-Object { '{0}|{1}' -f $_.Check, $_.Status }) | Should -Be ($live.Findings | ForEach-Object { '{0}|{1}' -f $_.Check, $_.Status })
    }

    It 'agrees with what the service observed for the queue rule' {
        $agreement = ($Live | Where-Object { $_ -is [VmssAutoscale.Model.Diagnosis] }).Findings | Where-Object Check -EQ 'ServiceAgreement'
        $agreement.Status | Should -Be 'Pass'
        $agreement.Summary | Should -Match 'agrees with the service'
    }
}

Describe 'Debug-VmssAutoscale holds its replay against the service''s run history' {
    It 'passes when the module reads the data the engine read, live and from the exported bundle' {
        $live = Debug-VmssAutoscale -ResourceGroupName rg-web -VMScaleSetName vmss-web -WarningAction SilentlyContinue | Where-Object { $_ -is [VmssAutoscale.Model.Diagnosis] }
        $agreement = $live.Findings | Where-Object Check -EQ 'ServiceAgreement'
        $agreement.Status | Should -Be 'Pass'
        $bundle = Join-Path $TestDrive 'web'
        $null = Export-VmssAutoscaleReport -ResourceGroupName rg-web -VMScaleSetName vmss-web -Path $bundle -WarningAction SilentlyContinue
        $offline = Debug-VmssAutoscale -Snapshot $bundle | Where-Object { $_ -is [VmssAutoscale.Model.Diagnosis] }
        ($offline.Findings | Where-Object Check -EQ 'ServiceAgreement').Status | Should -Be 'Pass'
        Get-Content (Join-Path $bundle 'report.html') -Raw | Should -Match 'Service observed'
    }

    It 'warns with the largest gaps when the samples are not what the engine read' {
        # Samples given by hand, far from the fake's levels: the replay no longer matches the service.
        $now = [datetime]::UtcNow
        $samples = foreach ($m in 1..60) { foreach ($i in 0..2) { [VmssAutoscale.Model.MetricSample]@{ Instance = "vmss-web_$i"; Timestamp = $now.AddMinutes(-$m); MetricName = 'Percentage CPU'; Value = 90 } } }
        $live = Debug-VmssAutoscale -ResourceGroupName rg-web -VMScaleSetName vmss-web -Sample ($samples | Sort-Object Timestamp) -WarningAction SilentlyContinue | Where-Object { $_ -is [VmssAutoscale.Model.Diagnosis] }
        $agreement = $live.Findings | Where-Object Check -EQ 'ServiceAgreement'
        $agreement.Status | Should -Be 'Warn'
        $agreement.Summary | Should -Match 'differs from what the service observed'
        $agreement.Summary | Should -Match 'a different metric source'
        $agreement.Evidence | Should -HaveCount 3
        $agreement.Evidence[0] | Should -Match "'Percentage CPU' > 60: the service observed [0-9.]+, the module computes 90"
    }
}
