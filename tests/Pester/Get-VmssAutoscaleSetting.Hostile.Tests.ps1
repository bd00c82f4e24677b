# A misbehaving ARM endpoint (or something pretending to be one) must never get the token sent to
# another host, with or without -SkipCertificateCheck: links are parsed strictly, redirects refused.
BeforeAll {
    . (Join-Path $PSScriptRoot 'FakeArm.Helpers.ps1')
    Import-Module $script:ModuleManifest -Force
    $script:fake = Start-FakeArm
    # A second endpoint on another port plays the other host; it accepts the same token, so any request
    # it logs is a request the module should not have sent.
    $script:other = Start-FakeArm
}

AfterAll {
    Stop-FakeArm $script:fake
    Stop-FakeArm $script:other
}

Describe 'Get-VmssAutoscaleSetting against a hostile ARM' {
    BeforeEach {
        Set-FakeArmConfig $script:fake
        Clear-FakeArmRequest $script:other
        $null = Connect-FakeArm $script:fake
    }

    It 'refuses a nextLink <Name>, sending nothing to the other host' -ForEach @(
        @{ Name = 'with a leading space'; Prefix = ' ' }
        @{ Name = 'with a trailing tab'; Suffix = "`t" }
        @{ Name = 'to another host'; Prefix = '' }
    ) {
        $link = $Prefix + $script:other.Url.TrimEnd('/') + '/subscriptions/x/providers/Microsoft.Insights/autoscalesettings?page=2' + $Suffix
        Add-FakeArmFault $script:fake -Match 'autoscalesettings?' -Status 200 -Body (@{ value = @(); nextLink = $link } | ConvertTo-Json)
        $null = Get-VmssAutoscaleSetting -ResourceGroupName rg-web -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.UntrustedLink*'
        $err[0].CategoryInfo.Category | Should -Be 'SecurityError'
        @(Get-FakeArmRequest $script:other) | Should -HaveCount 0
    }

    It 'refuses a redirect to another host and does not use its body (-SkipCertificateCheck is on)' {
        Add-FakeArmFault $script:fake -Match 'autoscalesettings?' -Status 302 -Headers @{ Location = $script:other.Url.TrimEnd('/') + '/subscriptions/x/providers/Microsoft.Insights/autoscalesettings?api-version=2022-10-01' }
        $s = Get-VmssAutoscaleSetting -ResourceGroupName rg-web -ErrorVariable err -ErrorAction SilentlyContinue
        $s | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.RedirectRefused*'
        $err[0].Exception.Message | Should -Match 'HTTP 302'
        @(Get-FakeArmRequest $script:other) | Should -HaveCount 0
    }
}

Describe 'A setting outside the ranges the service accepts' {
    BeforeAll {
        $script:bad = '{"name":"bad","properties":{"enabled":true,"targetResourceUri":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/v","profiles":[{"name":"p","capacity":{"minimum":"5","maximum":"3","default":"4"},"rules":[{"metricTrigger":{"metricName":"Percentage CPU","metricResourceUri":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/v","timeGrain":"PT1M","statistic":"Average","timeWindow":"PT1M","timeAggregation":"Average","operator":"GreaterThan","threshold":70},"scaleAction":{"direction":"Increase","type":"ChangeCount","value":"1","cooldown":"P8D"}}]}]}}'
    }

    It 'is read, with a warning for each value the service would refuse' {
        $s = Get-VmssAutoscaleSetting -Json $script:bad -WarningVariable w -WarningAction SilentlyContinue
        $s.Name | Should -Be 'bad'
        ($w -join "`n") | Should -Match "capacity minimum 5 is greater than maximum 3"
        ($w -join "`n") | Should -Match "timeWindow PT1M is outside the PT5M to PT12H"
        ($w -join "`n") | Should -Match "cooldown P8D is outside the PT1M to P7D"
    }

    It 'is refused by the engine cmdlets when its capacity range is impossible' {
        $s = Get-VmssAutoscaleSetting -Json $script:bad -WarningAction SilentlyContinue
        $sample = [pscustomobject]@{ Instance = 'vm_0'; Timestamp = [DateTime]::UtcNow.AddMinutes(-1); MetricName = 'Percentage CPU'; Value = 90 }
        { $s | Test-VmssAutoscaleThreshold -Sample $sample -CurrentCapacity 3 -ErrorAction Stop } | Should -Throw -ErrorId 'VmssAutoscale.InvalidAutoscaleSetting*'
    }
}
