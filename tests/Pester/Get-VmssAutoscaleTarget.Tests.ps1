BeforeAll {
    . (Join-Path $PSScriptRoot 'FakeArm.Helpers.ps1')
    Import-Module $script:ModuleManifest -Force
    $script:fake = Start-FakeArm
}

AfterAll { Stop-FakeArm $script:fake }

Describe 'Get-VmssAutoscaleTarget' {
    BeforeEach {
        Set-FakeArmConfig $script:fake
        Clear-FakeArmRequest $script:fake
        $null = Connect-FakeArm $script:fake
    }

    It 'describes a scale set as autoscale sees it' {
        $t = Get-VmssAutoscaleTarget -ResourceGroupName rg-web -VMScaleSetName vmss-web
        $t | Should -BeOfType ([VmssAutoscale.Model.ScaleSetInfo])
        $t.VMScaleSetName | Should -Be 'vmss-web'
        $t.SkuName | Should -Be 'Standard_D2s_v3'
        $t.VCpusPerInstance | Should -Be 2
        $t.OsType | Should -Be 'Windows'
        $t.Capacity | Should -Be 3
        $t.OrchestrationMode | Should -Be 'Uniform'
        $t.UpgradePolicy | Should -Be 'Manual'
        $t.ProvisioningState | Should -Be 'Succeeded'
        $t.InstanceStatusSummary | Should -Be '3 ProvisioningState/succeeded'
        $t.DiagnosticsExtension.DiagnosticsKind | Should -Be 'WAD'
        $t.DiagnosticsExtension.StorageAccount | Should -Be 'diagvmssweb'
        $t.DiagnosticsExtension.Healthy | Should -BeFalse
        $t.AutoscaleSettingIds | Should -HaveCount 1
        $t.AutoscaleSettingIds[0] | Should -BeLike '*/autoscalesettings/autoscale-web'
        ($t | Format-Table | Out-String -Width 400) | Should -Match 'WAD 1.5 \(2/3 ok\)'
    }

    It 'lists each VM with its own instance view in one request per page, naming the failed extension' {
        $t = Get-VmssAutoscaleTarget -ResourceGroupName rg-web -VMScaleSetName vmss-web
        $t.Instances | Should -HaveCount 3
        $t.Instances.PowerState | Should -Be @('running', 'running', 'running')
        $t.Instances.ComputerName | Should -Be @('vmss-web000000', 'vmss-web000001', 'vmss-web000002')
        # The aggregated view says 1 of 3 failed; the VM list says which one and why.
        $bad = $t.UnhealthyInstances
        $bad.Name | Should -Be 'vmss-web_2'
        $bad.FailedExtensions.Name | Should -Be 'Microsoft.Insights.VMDiagnosticsSettings'
        $bad.Problem | Should -Match 'failed with "Enable failed: the extension could not reach its storage account."'
        # Three VMs at two per page: two list requests, none for a single VM.
        @(Get-FakeArmRequest $script:fake | Where-Object { $_.path -match '/vmss-web/virtualMachines\?' }) | Should -HaveCount 2
        @(Get-FakeArmRequest $script:fake | Where-Object { $_.path -match '/virtualMachines/' }) | Should -HaveCount 0
    }

    It 'reads Instances from a bundle, and leaves them empty without a warning for a bundle from before they were collected' {
        (Get-VmssAutoscaleTarget -Snapshot (Join-Path $script:RepoRoot 'examples/deallocated-silent-vm') -ResourceGroupName rg-autoscale-examples).Instances.PowerState |
            Should -Be @('running', 'running', 'deallocated')
        $json = Get-Content (Join-Path $script:RepoRoot 'examples/healthy/snapshot.json') -Raw | ConvertFrom-Json
        $json.scaleSets[0].PSObject.Properties.Remove('virtualMachines')
        $old = Join-Path $TestDrive 'old-bundle'
        $null = New-Item -ItemType Directory -Path $old
        $json | ConvertTo-Json -Depth 50 | Set-Content (Join-Path $old 'snapshot.json')
        $t = Get-VmssAutoscaleTarget -Snapshot $old -ResourceGroupName rg-autoscale-examples -WarningVariable w -ErrorVariable e
        $t.VMScaleSetName | Should -Be 'vmss-healthy'
        $t.Instances | Should -HaveCount 0
        $w | Should -HaveCount 0
        $e | Should -HaveCount 0
    }

    It 'takes a resource ID and pipes objects of Get-AzVmss by property name' {
        $ids = @(
            [pscustomobject]@{ Name = 'vmss-linux'; ResourceGroupName = 'rg-web'; Id = "/subscriptions/$script:FakeSubscription/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-linux" }
        )
        ($ids | Get-VmssAutoscaleTarget).OsType | Should -Be 'Linux'
        (Get-VmssAutoscaleTarget -ResourceId $ids[0].Id).DiagnosticsExtension.DiagnosticsKind | Should -Be 'LAD 3.x'
    }

    It 'lists a resource group across three pages' {
        $all = Get-VmssAutoscaleTarget -ResourceGroupName rg-web
        $all | Should -HaveCount 5
        @(Get-FakeArmRequest $script:fake | Where-Object { $_.path -match 'resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachineScaleSets\?' }) | Should -HaveCount 3
    }

    It 'stops a listing whose nextLink repeats, with a warning' {
        Set-FakeArmConfig $script:fake -RepeatNextLink 'virtualMachineScaleSets'
        $all = Get-VmssAutoscaleTarget -ResourceGroupName rg-web -WarningVariable w -WarningAction SilentlyContinue
        $all.Count | Should -BeGreaterThan 0
        $w | Should -Match 'same nextLink twice'
    }

    It 'reports a missing scale set as ObjectNotFound and goes on with the next input' {
        $in = @(
            [pscustomobject]@{ ResourceGroupName = 'rg-web'; VMScaleSetName = 'nope' }
            [pscustomobject]@{ ResourceGroupName = 'rg-web'; VMScaleSetName = 'vmss-web' }
        )
        $out = $in | Get-VmssAutoscaleTarget -ErrorVariable err -ErrorAction SilentlyContinue
        $out.VMScaleSetName | Should -Be 'vmss-web'
        $err[0].FullyQualifiedErrorId | Should -Be 'VmssAutoscale.NotFound,VmssAutoscale.Cmdlets.GetVmssAutoscaleTargetCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception.Message | Should -Match "rg-web/nope"
    }

    It 'names the missing action and the role on 403' {
        Add-FakeArmFault $script:fake -Match '/instanceView' -Status 403
        $null = Get-VmssAutoscaleTarget -ResourceGroupName rg-web -VMScaleSetName vmss-web -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $err[0].Exception.Message | Should -Match 'Microsoft.Compute/virtualMachineScaleSets/instanceView/read'
        $err[0].Exception.Message | Should -Match 'Reader'
    }

    It 'rides out a 429 storm honouring Retry-After, announcing each wait' {
        Add-FakeArmFault $script:fake -Match '/vmss-web?' -Status 429 -Count 3 -Headers @{ 'Retry-After' = '1'; 'retry-after-ms' = '30' }
        (Get-VmssAutoscaleTarget -ResourceGroupName rg-web -VMScaleSetName vmss-web -WarningVariable waits -WarningAction SilentlyContinue).Capacity | Should -BeGreaterThan 0
        (Get-FakeArmRequest $script:fake | Where-Object { $_.path -match '/vmss-web\?' }).status | Should -Be @(429, 429, 429, 200)
        @($waits | Where-Object { "$_" -match 'HTTP 429 \(throttled\); retrying in 0\.03 s \(retry \d of \d+\)' }) | Should -HaveCount 3
    }

    It 'reports a refused connection as a connection error after one announced retry' {
        # A loopback port that was just free: nothing listens there, so the connection is refused.
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $null = Connect-VmssAutoscale -ResourceManagerUrl "https://127.0.0.1:$port/" -AccessToken 'token' -SubscriptionId '00000000-0000-0000-0000-000000000000' -WarningAction SilentlyContinue
        $null = Get-VmssAutoscaleTarget -ResourceGroupName rg-web -VMScaleSetName vmss-web -ErrorVariable err -ErrorAction SilentlyContinue -WarningVariable retries -WarningAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.ConnectionFailed,*'
        $err[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $retries | Should -HaveCount 1
        "$($retries[0])" | Should -Match "^Could not connect to 127\.0\.0\.1 for GET .*; retrying once in 1 s\.$"
    }

    It 'retries a 5xx and then succeeds' {
        Add-FakeArmFault $script:fake -Match '/instanceView' -Status 500
        (Get-VmssAutoscaleTarget -ResourceGroupName rg-web -VMScaleSetName vmss-web -WarningVariable retries -WarningAction SilentlyContinue).InstanceStatusSummary | Should -Not -BeNullOrEmpty
        # The 500 was served and the same request was made again: a retry happened, not a lucky first call.
        (Get-FakeArmRequest $script:fake | Where-Object { $_.path -match '/instanceView' }).status | Should -Be @(500, 200)
        "$retries" | Should -Match 'HTTP 500 \(server error\); retrying in [\d.]+ s \(retry 1 of 6\)'
    }
}

Describe 'Get-VmssAutoscaleTarget on a fleet of 200 scale sets' {
    BeforeAll {
        $script:fleet = Start-FakeArm -Fleet 200
        Set-FakeArmConfig $script:fleet -PageSize 100
        $null = Connect-FakeArm $script:fleet
    }

    AfterAll { Stop-FakeArm $script:fleet }

    It 'uses a bounded number of requests per scale set and no per-instance calls' {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $all = Get-VmssAutoscaleTarget -ResourceGroupName rg-fleet
        $byPipe = $all | Select-Object ResourceGroupName, VMScaleSetName | Get-VmssAutoscaleTarget
        $watch.Stop()
        $all | Should -HaveCount 200
        $byPipe | Should -HaveCount 200
        $requests = @(Get-FakeArmRequest $script:fleet)
        $listing = @($requests | Where-Object { $_.path -notmatch '/_fake/' })
        # listing: 2 pages + 200 instance views + 200 VM lists (one page each) + 200 scale-set lock lists + 1 VM sizes + 3 settings pages;
        # piped: 200 GET + 200 instance views + 200 VM lists + 200 lock lists (settings and sizes cached for the invocation) + 1 + 3.
        # Each invocation also reads once, shared by its 200 scale sets: the region's quota and the size's SKU entry
        # (three pages each at the fake's two items a page), the resource group's and the subscription's locks.
        $listing.Count | Should -BeLessOrEqual (4 * 200 + 4 * 200 + 12 + 2 * 8)
        @($requests | Where-Object { $_.path -match '/usages\?' -and $_.path -notmatch 'skiptoken' }) | Should -HaveCount 2
        @($requests | Where-Object { $_.path -match '/resourceGroups/rg-fleet/providers/Microsoft\.Authorization/locks\?' }) | Should -HaveCount 2
        @($requests | Where-Object { $_.path -match '/virtualMachines\?' }) | Should -HaveCount 400
        @($requests | Where-Object { $_.path -match '/virtualMachines/' }) | Should -HaveCount 0
        Write-Host ("fleet of 200: {0} requests for list + pipe ({1:0.0} s)" -f $listing.Count, $watch.Elapsed.TotalSeconds)
    }
}
