#Requires -Version 5.1
# Issue 7: "Live (fake ARM + Azurite) and snapshot runs of the same scenario give the same
# findings". Debug-VmssAutoscale runs live against the fake ARM with guest-CPU samples read from
# Azurite through the storage discovery path (-AllowKeyAccess), Export-VmssAutoscaleReport writes
# the bundle, and Debug-VmssAutoscale -Snapshot on it must say the same.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'Prerequisites.psm1') -Force
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Prerequisites.psm1') -Force
    # The one Describe reads Azurite; without it it is skipped (tag Needs:Azurite) and nothing starts.
    if (Test-PrerequisiteMissing Azurite) { return }
    . (Join-Path $PSScriptRoot 'FakeArm.Helpers.ps1')
    . (Join-Path $PSScriptRoot 'LiveDiagnostics.Helpers.ps1')
    Import-Module $script:ModuleManifest -Force
    $script:fake = Start-FakeArm
    # Flat levels, written past now: the live runs below happen seconds (perhaps a minute boundary) apart.
    $script:Scenario = Start-LiveDiagnosticsScenario $script:fake -Flat
    $null = Connect-FakeArm $script:fake

    function Split-Diagnosis {
        param([object[]] $Out)
        [pscustomobject]@{
            Findings  = @($Out | Where-Object { $_ -is [VmssAutoscale.Model.Finding] })
            Diagnosis = @($Out | Where-Object { $_ -is [VmssAutoscale.Model.Diagnosis] })
        }
    }
    function Format-Finding { param($Findings) $Findings | ForEach-Object { '{0}|{1}|{2}' -f $_.Check, $_.Status, $_.Summary } }
    function Format-Condition { param($Diagnosis) $Diagnosis.Conditions | ForEach-Object { '{0}|{1}|{2}|{3}' -f $_.Type, $_.Status, $_.Reason, $_.Message } }
}

AfterAll {
    if ($script:Scenario) { Stop-TestAzurite $script:Scenario.Azurite }
    if ($script:fake) { Stop-FakeArm $script:fake }
}

Describe 'Debug-VmssAutoscale live (fake ARM + Azurite) versus its exported snapshot' -Tag 'Needs:Azurite' -Skip:(Test-PrerequisiteMissing Azurite) {
    BeforeAll {
        $target = @{ ResourceGroupName = $GuestGroup; VMScaleSetName = $GuestScaleSet; AllowKeyAccess = $true }
        $script:LiveWarnings = $null
        $script:Live = Split-Diagnosis @(Debug-VmssAutoscale @target -WarningVariable script:LiveWarnings -WarningAction SilentlyContinue)
        $script:Bundle = Join-Path $TestDrive 'bundle'
        $script:ExportText = Export-VmssAutoscaleReport -Path $Bundle @target -Verbose -Debug -WarningAction Continue *>&1 | Out-String -Width 4096
        $script:Offline = Split-Diagnosis @(Debug-VmssAutoscale -Snapshot $Bundle)
        $script:Snapshot = Get-Content (Join-Path $Bundle 'snapshot.json') -Raw | ConvertFrom-Json
        $script:Stored = $Snapshot.scaleSets[0]
    }

    It 'read the guest counter from Azurite with the account key, after Entra ID' {
        $LiveWarnings.Message | Should -Contain "Microsoft Entra ID could not be used on storage account 'devstoreaccount1' (no storage token: Microsoft Entra ID tokens are sent over https only, and the table endpoint of storage account 'devstoreaccount1' is $($Scenario.Azurite.TableEndpoint)); using an account key from listKeys (-AllowKeyAccess)."
        ($Stored.samples.source | Sort-Object -Unique) | Should -Be 'WADMetrics'
        ($Stored.samples.instance | Sort-Object -Unique) | Should -Be @($GuestLevels.Keys)
        ($Stored.samples.metricName | Sort-Object -Unique) | Should -Be $GuestCounter
        ($Stored.samples.table | Sort-Object -Unique) | ForEach-Object { $_ | Should -Match '^WADMetricsPT1MP10DV2S\d{8}$' }
        # An hour of minutes per instance (the scenario wrote them flat at each level).
        @($Stored.samples | Where-Object instance -EQ 'vmss-guest000001') | Should -HaveCount 60
        foreach ($s in $Stored.samples) { $s.value | Should -Be $GuestLevels[$s.instance] }
    }

    It 'diagnoses the hot instance among idle ones from those rows' {
        $Live.Diagnosis | Should -HaveCount 1
        $Live.Diagnosis[0].ScalingActive.Reason | Should -Be 'OnlySomeInstancesHot'
        ($Live.Findings | Where-Object Check -EQ 'AverageAcrossInstances').Status | Should -Be 'Fail'
        ($Live.Findings | Where-Object Check -EQ 'AverageAcrossInstances').Summary | Should -Match 'vmss-guest000000'
        ($Live.Findings | Where-Object Check -EQ 'DiagnosticsData').Status | Should -Be 'Pass'
    }

    It 'gives the same findings and conditions on the snapshot as live' {
        $Offline.Diagnosis | Should -HaveCount 1
        Format-Finding $Offline.Findings | Should -Be (Format-Finding $Live.Findings)
        Format-Condition $Offline.Diagnosis[0] | Should -Be (Format-Condition $Live.Diagnosis[0])
        # And the same as the findings the export computed live and stored (in check order) in the bundle,
        # evaluated at the instant the export's live run used.
        ($Stored.findings | ForEach-Object { '{0}|{1}|{2}' -f $_.check, $_.status, $_.summary } | Sort-Object) | Should -Be (Format-Finding $Offline.Findings | Sort-Object)
        $Offline.Diagnosis[0].Time | Should -Be (Get-Date $Snapshot.collectedAt).ToUniversalTime()
    }

    It 'keeps the account key out of the bundle and every stream of the export' {
        $key = $Scenario.Azurite.AccountKey
        foreach ($file in Get-ChildItem $Bundle -File) {
            Get-Content $file.FullName -Raw | Should -Not -Match ([regex]::Escape($key)) -Because $file.Name
        }
        $ExportText | Should -Match 'listKeys'
        $ExportText | Should -Not -Match ([regex]::Escape($key))
        $ExportText | Should -Not -Match ([regex]::Escape($key.Substring(0, 24)))
    }
}
