<#
    Fleet mode as users run it: Debug-VmssAutoscale -All through the built module against the
    loopback fake ARM, which answers the module's Resource Graph query and serves host metrics.
#>
BeforeAll {
    . (Join-Path $PSScriptRoot 'FakeArm.Helpers.ps1')
    Import-Module $script:ModuleManifest -Force
}

Describe 'Debug-VmssAutoscale -All on a fleet of 500 scale sets' {
    BeforeAll {
        $script:fleet = Start-FakeArm -Fleet 500
        # Settings listed 100 per page; Resource Graph pages at its own cap (1000 rows).
        Set-FakeArmConfig $script:fleet -PageSize 100
    }

    AfterAll { Stop-FakeArm $script:fleet }

    BeforeEach {
        Clear-FakeArmRequest $script:fleet
    }

    It 'finds them with one Resource Graph query over every visible subscription and returns one Diagnosis each' {
        # No -SubscriptionId and no session default: every subscription the identity can see.
        $null = Connect-FakeArm $script:fleet -NoSubscription
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $out = @(Debug-VmssAutoscale -All -ErrorVariable failures -WarningAction SilentlyContinue)
        $watch.Stop()
        $failures | Should -HaveCount 0

        # 500 fleet scale sets plus vmss-web and vmss-busy, which the seeded settings target.
        $out | Should -HaveCount 502
        # One assertion over the fleet, not 502 (each Should costs milliseconds; a failure still names the odd ones).
        @($out | Where-Object { $_ -isnot [VmssAutoscale.Model.Diagnosis] }) | Should -BeNullOrEmpty
        @($out.ResourceId | Sort-Object -Unique) | Should -HaveCount 502
        @($out | Where-Object { @($_.Conditions).Count -ne 3 } | ForEach-Object ResourceId) | Should -BeNullOrEmpty

        $requests = @(Get-FakeArmRequest $script:fleet)
        $graph = @($requests | Where-Object { $_.path -like '/providers/Microsoft.ResourceGraph/resources*' })
        $graph | Should -HaveCount 1
        $graph[0].method | Should -Be 'POST'
        @($requests | Where-Object { $_.path.StartsWith('/subscriptions?') }) | Should -HaveCount 1
        # Discovery no longer lists autoscale settings per subscription; the diagnosis still
        # reads the subscription's settings once (shared by every scale set of it).
        $settingPages = @($requests | Where-Object { $_.path -match '/providers/Microsoft\.Insights/autoscalesettings\?' })
        $settingPages.Count | Should -BeLessOrEqual 6

        # Per scale set: its model, instance view, host metrics, the activity log of its setting
        # and of itself, its VM list (one page), its Resource Health, its setting's run history
        # and its own locks; nothing per instance. Service Health, the region's quota and sizes,
        # and the resource group's and subscription's locks are read once.
        foreach ($name in 'vmss-0001', 'vmss-0250', 'vmss-0500') {
            $escaped = [regex]::Escape($name)
            $mine = @($requests | Where-Object { [Uri]::UnescapeDataString($_.path) -match "[/-]$escaped(/|\?|')" })
            $mine | Should -HaveCount 9 -Because ($mine.path -join "`n")
        }
        @($requests | Where-Object { $_.path -match '/virtualMachines\?' }) | Should -HaveCount 502
        @($requests | Where-Object { $_.path -match '/virtualMachines/' }) | Should -HaveCount 0
        @($requests | Where-Object { $_.path -match '/Microsoft\.ResourceHealth/events\?' }) | Should -HaveCount 1
        @($requests | Where-Object { $_.path -match '/usages\?' -and $_.path -notmatch 'skiptoken' }) | Should -HaveCount 1
        @($requests | Where-Object { $_.path -match '/resourceGroups/rg-fleet/providers/Microsoft\.Authorization/locks\?' }) | Should -HaveCount 1
        @($requests | Where-Object { $_.status -ge 400 }) | Should -HaveCount 0

        $line = '{0} scale sets, {1} requests ({2:0.00} per scale set), {3} Resource Graph, {4} settings pages, {5:0.0} s wall, ThrottleLimit 8' -f $out.Count, $requests.Count, ($requests.Count / $out.Count), $graph.Count, $settingPages.Count, $watch.Elapsed.TotalSeconds
        Write-Host "fleet: $line"
        $results = Join-Path $script:RepoRoot 'out/test-results'
        $null = New-Item -ItemType Directory -Force -Path $results
        Set-Content -Path (Join-Path $results 'fleet.txt') -Value $line
    }

    It 'searches only the subscriptions given with -SubscriptionId' {
        $null = Connect-FakeArm $script:fleet -NoSubscription
        $out = @(Debug-VmssAutoscale -All -SubscriptionId ([guid]::NewGuid().Guid) -WarningVariable warnings -WarningAction SilentlyContinue)
        $out | Should -HaveCount 0
        ($warnings -join ' ') | Should -Match 'No scale set has an autoscale setting'
        $requests = @(Get-FakeArmRequest $script:fleet)
        $requests | Should -HaveCount 1
        $requests[0].path | Should -BeLike '/providers/Microsoft.ResourceGraph/resources*'
    }

    It 'stops promptly on Ctrl+C' {
        $null = Connect-FakeArm $script:fleet
        # Since the diagnosis reads in concurrent rounds, an unthrottled loopback fleet can finish before
        # the test gets to stop it; 150 ms per answer keeps 502 scale sets busy for well over a minute
        # at the default throttle, so the stop always lands in a run that is under way.
        Set-FakeArmConfig $script:fleet -PageSize 100 -LatencyMs 150
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript('param($Manifest) Import-Module $Manifest; Debug-VmssAutoscale -All -WarningAction SilentlyContinue').AddArgument($script:ModuleManifest)
            $async = $ps.BeginInvoke()
            # Wait until the fleet is being diagnosed, then stop as Ctrl+C does.
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (@(Get-FakeArmRequest $script:fleet | Where-Object { $_.path -like '*/instanceView*' }).Count -lt 16 -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 100
            }
            # Reaching the deadline is a failure, not a silent fall-through: stopping an idle run proves nothing.
            @(Get-FakeArmRequest $script:fleet | Where-Object { $_.path -like '*/instanceView*' }).Count | Should -BeGreaterOrEqual 16 -Because 'the fleet must be under way before Ctrl+C'
            $async.IsCompleted | Should -BeFalse -Because 'the run must still be going when it is stopped'
            $ps.Stop()
            $async.IsCompleted | Should -BeTrue
            # Stopped, not run to the end (a stopwatch here flaked on a busy machine): had StopProcessing
            # not cancelled the reads, Stop() would have waited for the whole fleet and the state would be Completed.
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            # It stopped well before the whole fleet was read. Requests already on the wire are logged when the
            # fake answers them (after its latency), so let those land first, then nothing new may follow.
            Start-Sleep -Milliseconds 500
            $before = @(Get-FakeArmRequest $script:fleet | Where-Object { $_.path -like '*/instanceView*' }).Count
            Start-Sleep -Milliseconds 500
            @(Get-FakeArmRequest $script:fleet | Where-Object { $_.path -like '*/instanceView*' }).Count | Should -Be $before
            $before | Should -BeLessThan 502
        }
        finally {
            $ps.Dispose()
            Set-FakeArmConfig $script:fleet -PageSize 100
        }
    }
}
