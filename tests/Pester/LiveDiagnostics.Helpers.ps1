<#
    The live diagnostics scenario shared by Get-VmssDiagnosticsSample.Live.Tests.ps1 and
    Debug-VmssAutoscale.Live.Tests.ps1: the fake ARM serves a Windows scale set whose WAD
    extension writes guest CPU to storage account devstoreaccount1, that account (its table
    endpoint is Azurite's, its listKeys answer Azurite's well-known key) and an autoscale setting
    on the guest counter; Azurite holds an hour of WADMetrics rows up to now, one hot instance
    among idle ones. Dot-source it in BeforeAll after FakeArm.Helpers.ps1.
#>

Import-Module (Join-Path $PSScriptRoot 'Azurite.psm1') -Force

$script:GuestGroup = 'rg-guest'
$script:GuestScaleSet = 'vmss-guest'
$script:GuestCounter = '\Processor(_Total)\% Processor Time'
# The account name must be Azurite's: shared-key signatures name the account they sign for.
$script:GuestAccount = 'devstoreaccount1'
# Host names as WAD writes them: the computer-name prefix and the six-character instance suffix.
$script:GuestLevels = [ordered]@{ 'vmss-guest000000' = 95; 'vmss-guest000001' = 15; 'vmss-guest000002' = 12 }

function Start-LiveDiagnosticsScenario {
    # -Flat: constant levels written 10 minutes past now, so runs a minute apart read equal windows.
    param($Fake, [switch] $Flat)
    $azurite = Start-TestAzurite
    $id = "/subscriptions/$script:FakeSubscription/resourceGroups/$script:GuestGroup/providers/Microsoft.Compute/virtualMachineScaleSets/$script:GuestScaleSet"
    # The 201-vmss-windows-autoscale template's WAD configuration: the counter, and Metrics resourceId = the scale set.
    $xml = '<WadCfg><DiagnosticMonitorConfiguration overallQuotaInMB="4096"><PerformanceCounters scheduledTransferPeriod="PT1M">' +
        "<PerformanceCounterConfiguration counterSpecifier=`"$script:GuestCounter`" sampleRate=`"PT15S`" unit=`"Percent`"/></PerformanceCounters>" +
        "<Metrics resourceId=`"$id`"><MetricAggregation scheduledTransferPeriod=`"PT1M`"/></Metrics></DiagnosticMonitorConfiguration></WadCfg>"
    Add-FakeArmSeed $Fake @{
        storageAccounts = @(@{ resourceGroup = $script:GuestGroup; name = $script:GuestAccount; tableEndpoint = $azurite.TableEndpoint; key = $azurite.AccountKey })
        scaleSets       = @(@{ resourceGroup = $script:GuestGroup; name = $script:GuestScaleSet; sku = 'Standard_D2s_v3'; capacity = 3; windows = $true
                extensionSettings = @{ xmlCfg = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($xml)); storageAccount = $script:GuestAccount } })
        settings        = @(@{ resourceGroup = $script:GuestGroup; name = 'autoscale-guest'; scaleSet = $script:GuestScaleSet; minimum = 2; maximum = 6; default = 3
                metricName = $script:GuestCounter; metricNamespace = '' })
    }
    # An hour of rows before now: the live run reads the hour before its own clock.
    $now = [datetime]::UtcNow
    $rows = Add-TestLiveWadMetrics $azurite -MetricsResourceId $id -End $now -Minutes 60 -Ahead $(if ($Flat) { 10 } else { 0 }) -Flat:$Flat -Level $script:GuestLevels
    [pscustomobject]@{ Azurite = $azurite; ResourceId = $id; End = $now; LastMinute = [datetime]::new($now.Ticks - ($now.Ticks % [timespan]::TicksPerMinute), [DateTimeKind]::Utc); Rows = $rows }
}

# What the generator wrote for a host at a time: level + (m mod 3), m the minute offset (negative) from the end minute.
function Get-ExpectedGuestCpu {
    param($Scenario, [string] $HostName, [datetime] $Timestamp)
    $m = [int] ($Timestamp - $Scenario.LastMinute).TotalMinutes
    $script:GuestLevels[$HostName] + ((($m % 3) + 3) % 3)
}
