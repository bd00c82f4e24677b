#Requires -Version 5.1
# Get-VmssDiagnosticsSample live: host metrics from the fake ARM's Azure Monitor endpoint, and the
# storage discovery path (scale set model -> extension's storage account -> its table endpoint ->
# Entra ID, then listKeys with -AllowKeyAccess) against Azurite, as a user runs it.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'Prerequisites.psm1') -Force
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Prerequisites.psm1') -Force
    . (Join-Path $PSScriptRoot 'FakeArm.Helpers.ps1')
    . (Join-Path $PSScriptRoot 'LiveDiagnostics.Helpers.ps1')
    Import-Module $script:ModuleManifest -Force
    $script:fake = Start-FakeArm
    # The host-metrics tests need the fake ARM only; the storage ones also Azurite (tag Needs:Azurite).
    if (-not (Test-PrerequisiteMissing Azurite)) { $script:Scenario = Start-LiveDiagnosticsScenario $script:fake }
}

AfterAll {
    if ($script:Scenario) { Stop-TestAzurite $script:Scenario.Azurite }
    Stop-FakeArm $script:fake
}

Describe 'Get-VmssDiagnosticsSample -Source HostMetrics (fake ARM)' {
    BeforeEach {
        Clear-FakeArmRequest $script:fake
        $null = Connect-FakeArm $script:fake
    }

    It 'reads every instance minute by minute with one metrics request' {
        $end = [datetime]::new(2026, 3, 2, 10, 20, 0, [DateTimeKind]::Utc)
        $samples = @(Get-VmssDiagnosticsSample -ResourceGroupName rg-web -VMScaleSetName vmss-web -Source HostMetrics -MetricName 'Percentage CPU' -EndTime $end -Last 00:10:00)

        # vmss-web has 3 VMs; vmss-web_1 has an empty grain at 10:15 (minutes ending in 5), which carries no sample.
        $samples | Should -HaveCount 29
        $samples[0].PSObject.TypeNames[0] | Should -Be 'VmssAutoscale.Model.MetricSample'
        ($samples.Instance | Sort-Object -Unique) | Should -Be @('vmss-web_0', 'vmss-web_1', 'vmss-web_2')
        ($samples.Source | Sort-Object -Unique) | Should -Be 'AzureMonitor'
        ($samples.MetricName | Sort-Object -Unique) | Should -Be 'Percentage CPU'
        $minutes = 0..9 | ForEach-Object { $end.AddMinutes(-10 + $_) }
        ($samples | Where-Object Instance -EQ 'vmss-web_0' | Sort-Object Timestamp).Timestamp | Should -Be $minutes
        ($samples | Where-Object Instance -EQ 'vmss-web_1').Timestamp | Should -Not -Contain $end.AddMinutes(-5)
        # Levels 15, 40, 65 for VMs 0, 1, 2, plus (minute mod 3); four readings spread 5 either side.
        $levels = @{ 'vmss-web_0' = 15; 'vmss-web_1' = 40; 'vmss-web_2' = 65 }
        foreach ($s in $samples) {
            $expected = $levels[$s.Instance] + ($s.Timestamp.Minute % 3)
            $s.Value | Should -Be $expected -Because "$($s.Instance) at $($s.Timestamp.ToString('o'))"
            $s.Minimum | Should -Be ($expected - 5)
            $s.Maximum | Should -Be ($expected + 5)
            $s.Count | Should -Be 4
            $s.Timestamp.Kind | Should -Be 'Utc'
        }

        $metrics = @(Get-FakeArmRequest $script:fake | Where-Object { $_.path -match '/providers/Microsoft\.Insights/metrics' })
        $metrics | Should -HaveCount 1
        $query = [uri]::UnescapeDataString($metrics[0].path)
        $query | Should -Match "\`$filter=VMName eq '\*'"
        $query | Should -Match 'timespan=2026-03-02T10:10:00Z/2026-03-02T10:20:00Z'
        $query | Should -Match 'interval=PT1M'
    }

    It 'takes the metric from the autoscale rules and feeds Test-VmssAutoscaleThreshold' {
        $end = [datetime]::new(2026, 3, 2, 10, 20, 0, [DateTimeKind]::Utc)
        $setting = Get-VmssAutoscaleSetting -ResourceGroupName rg-web -VMScaleSetName vmss-web
        $samples = @(Get-VmssDiagnosticsSample -ResourceGroupName rg-web -VMScaleSetName vmss-web -EndTime $end -Last 00:10:00)
        ($samples.MetricName | Sort-Object -Unique) | Should -Be 'Percentage CPU'
        $warnings = $null
        $decision = $samples | Test-VmssAutoscaleThreshold -Setting $setting -At $end -WarningVariable warnings
        # Samples arrive in time order: no "not in time order" warning.
        $warnings | Should -BeNullOrEmpty
        # The last 5 minutes average about 41% across the three VMs: between the 30% scale-in and 60% scale-out thresholds.
        $decision.Decision | Should -Be 'None'
        ($decision.Rules | Where-Object Direction -EQ 'Increase').ObservedValue | Should -BeGreaterThan 39
        ($decision.Rules | Where-Object Direction -EQ 'Increase').ObservedValue | Should -BeLessThan 43
    }

    It 'reports a metric Azure Monitor does not know as an error, not as silence' {
        $err = $null
        $out = Get-VmssDiagnosticsSample -ResourceGroupName rg-web -VMScaleSetName vmss-web -Source HostMetrics -MetricName 'Percentage CPUs' -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -Not -BeNullOrEmpty
        $err[0].Exception.Message | Should -Match 'Percentage CPUs'
    }
}

Describe 'Get-VmssDiagnosticsSample storage discovery (fake ARM + Azurite)' -Tag 'Needs:Azurite' -Skip:(Test-PrerequisiteMissing Azurite) {
    BeforeEach {
        Clear-FakeArmRequest $script:fake
        $null = Connect-FakeArm $script:fake
    }

    It 'finds the account from the extension, falls back from Entra ID to listKeys with -AllowKeyAccess, and reads the rows' {
        $s = $script:Scenario
        $warnings = $null
        $samples = @(Get-VmssDiagnosticsSample -ResourceGroupName $GuestGroup -VMScaleSetName $GuestScaleSet -AllowKeyAccess -EndTime $s.LastMinute -Last 00:30:00 -WarningVariable warnings -WarningAction SilentlyContinue)

        $samples | Should -HaveCount 90
        ($samples.Instance | Sort-Object -Unique) | Should -Be @($GuestLevels.Keys)
        ($samples.MetricName | Sort-Object -Unique) | Should -Be $GuestCounter
        ($samples.Table | Sort-Object -Unique) | ForEach-Object { $_ | Should -Match '^WADMetricsPT1MP10DV2S\d{8}$' }
        foreach ($x in $samples) {
            $x.Value | Should -Be (Get-ExpectedGuestCpu $s $x.Instance $x.Timestamp) -Because "$($x.Instance) at $($x.Timestamp.ToString('o'))"
        }
        ($samples | Where-Object Instance -EQ 'vmss-guest000000' | Sort-Object Timestamp).Timestamp | Should -Be (1..30 | ForEach-Object { $s.LastMinute.AddMinutes(-31 + $_) })

        # Entra ID first; the key only after it was refused, and only because -AllowKeyAccess was given.
        $warnings | Should -HaveCount 1
        $warnings[0].Message | Should -Match "Microsoft Entra ID .* storage account 'devstoreaccount1'.*listKeys \(-AllowKeyAccess\)"
        $requests = @(Get-FakeArmRequest $script:fake | ForEach-Object { "$($_.method) $($_.path)" })
        @($requests | Where-Object { $_ -match '^POST .*/storageAccounts/devstoreaccount1/listKeys' }) | Should -HaveCount 1
        [array]::FindIndex([string[]] $requests, [Predicate[string]] { param($r) $r -match 'listKeys' }) |
            Should -BeGreaterThan ([array]::FindIndex([string[]] $requests, [Predicate[string]] { param($r) $r -match '^GET .*/providers/Microsoft\.Storage/storageAccounts\?' }))
    }

    # Issue 11 item 3: explicit storage access does not make the caller name the table format.
    It 'with -ConnectionString and -MetricName still reads the model by name for the table format and the resource ID' {
        $s = $script:Scenario
        $warnings = $null
        $samples = @(Get-VmssDiagnosticsSample -ResourceGroupName $GuestGroup -VMScaleSetName $GuestScaleSet -ConnectionString $s.Azurite.ConnectionString -MetricName $GuestCounter `
                -EndTime $s.LastMinute -Last 00:30:00 -WarningVariable warnings -WarningAction SilentlyContinue)

        $samples | Should -HaveCount 90
        ($samples.Table | Sort-Object -Unique) | ForEach-Object { $_ | Should -Match '^WADMetricsPT1MP10DV2S\d{8}$' }
        foreach ($x in $samples) {
            $x.Value | Should -Be (Get-ExpectedGuestCpu $s $x.Instance $x.Timestamp) -Because "$($x.Instance) at $($x.Timestamp.ToString('o'))"
        }
        $warnings | Should -BeNullOrEmpty
        $requests = @(Get-FakeArmRequest $script:fake)
        @($requests | Where-Object { $_.method -eq 'GET' -and $_.path -match "/virtualMachineScaleSets/$GuestScaleSet\?" }) | Should -HaveCount 1
        # The connection string is the access: no account lookup, no key.
        @($requests | Where-Object { $_.path -match 'storageAccounts' }) | Should -HaveCount 0
    }

    It '-TableFormat overrides the format the model gives' {
        $s = $script:Scenario
        $out = @(Get-VmssDiagnosticsSample -ResourceGroupName $GuestGroup -VMScaleSetName $GuestScaleSet -ConnectionString $s.Azurite.ConnectionString -MetricName $GuestCounter `
                -TableFormat WADPerformanceCounters -EndTime $s.LastMinute -Last 00:30:00 -Verbose -WarningAction SilentlyContinue -ErrorAction SilentlyContinue 4>&1)
        # The scenario writes WADMetrics rows only: the raw table is what was asked, so no WADMetrics row comes back.
        @($out | Where-Object { $_ -is [VmssAutoscale.Model.MetricSample] -and $_.Table -match '^WADMetrics' }) | Should -HaveCount 0
        ($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Match 'Reading WADPerformanceCounters tables'
    }

    It 'goes on without the model when ARM refuses it, and says what it assumed' {
        $s = $script:Scenario
        $id = "/subscriptions/$FakeSubscription/resourceGroups/$GuestGroup/providers/Microsoft.Compute/virtualMachineScaleSets/$GuestScaleSet"
        Add-FakeArmFault $script:fake -Match "virtualMachineScaleSets/$GuestScaleSet" -Status 403 -Count 2
        $warnings = $null
        $samples = @(Get-VmssDiagnosticsSample -ResourceId $id -ConnectionString $s.Azurite.ConnectionString -MetricName $GuestCounter -EndTime $s.LastMinute -Last 00:30:00 `
                -WarningVariable warnings -WarningAction SilentlyContinue)
        $samples | Should -HaveCount 90
        $warnings | Should -HaveCount 1
        $warnings[0].Message | Should -Match 'scale set model could not be read .*as WADMetrics \(give -TableFormat'

        # With the format given there is nothing to assume: no warning.
        $warnings = $null
        $samples = @(Get-VmssDiagnosticsSample -ResourceId $id -ConnectionString $s.Azurite.ConnectionString -MetricName $GuestCounter -TableFormat WADMetrics -EndTime $s.LastMinute -Last 00:30:00 `
                -WarningVariable warnings -WarningAction SilentlyContinue)
        $samples | Should -HaveCount 90
        $warnings | Should -BeNullOrEmpty
    }

    It 'does not fetch a key without -AllowKeyAccess, and says how to read instead' {
        $err = $null
        $out = Get-VmssDiagnosticsSample -ResourceGroupName $GuestGroup -VMScaleSetName $GuestScaleSet -EndTime $script:Scenario.LastMinute -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.TableCredentialUnavailable*'
        $err[0].Exception.Message | Should -Match '-AllowKeyAccess'
        @(Get-FakeArmRequest $script:fake | Where-Object { $_.path -match 'listKeys' }) | Should -HaveCount 0
    }

    # -Debug makes PowerShell ask before each warning unless -WarningAction is given; the warning must still be shown.
    It 'never shows the account key in output, warning, verbose, debug or error streams' {
        $s = $script:Scenario
        $key = $s.Azurite.AccountKey
        $common = @{ ResourceGroupName = $GuestGroup; VMScaleSetName = $GuestScaleSet; AllowKeyAccess = $true; EndTime = $s.LastMinute; Verbose = $true; Debug = $true; WarningAction = 'Continue' }
        $text = & {
            Get-VmssDiagnosticsSample @common -Last 00:05:00
            Get-VmssDiagnosticsSample @common -Last 00:05:00 -Summary -Instance @($GuestLevels.Keys)
            # A key that Azurite refuses: the table error must not quote it either.
            Add-FakeArmSeed $script:fake @{ storageAccounts = @(@{ resourceGroup = $GuestGroup; name = $GuestAccount; tableEndpoint = $s.Azurite.TableEndpoint; key = 'V3JvbmdLZXlUaGF0TXVzdE5vdExlYWsxMjM0NTY3ODkwYWJjZGVm' }) }
            Get-VmssDiagnosticsSample @common -Last 00:05:00 -ErrorAction Continue
            # listKeys refused: an authorization error, no key at all.
            Add-FakeArmFault $script:fake -Match 'listKeys' -Status 403
            Get-VmssDiagnosticsSample @common -Last 00:05:00 -ErrorAction Continue
        } *>&1 | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { $_.Exception.ToString(); $_.ErrorDetails; $_.TargetObject } ; $_ } | Out-String -Width 4096
        Add-FakeArmSeed $script:fake @{ storageAccounts = @(@{ resourceGroup = $GuestGroup; name = $GuestAccount; tableEndpoint = $s.Azurite.TableEndpoint; key = $key }) }

        $text | Should -Match 'listKeys'
        $text | Should -Match 'TableAccessDenied|refused to let us read'
        $text | Should -Match 'AuthorizationFailed|Storage Account Key Operator'
        $text | Should -Match 'vmss-guest000000'
        foreach ($secret in @($key, 'V3JvbmdLZXlUaGF0TXVzdE5vdExlYWsxMjM0NTY3ODkwYWJjZGVm')) {
            $text | Should -Not -Match ([regex]::Escape($secret))
            $text | Should -Not -Match ([regex]::Escape([uri]::EscapeDataString($secret)))
            # A prefix long enough to be the key and nothing else, in case a message cut it short.
            $text | Should -Not -Match ([regex]::Escape($secret.Substring(0, 24)))
        }
    }
}
