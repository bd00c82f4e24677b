BeforeAll {
    $manifest = Join-Path $PSScriptRoot '../../out/VmssAutoscale/VmssAutoscale.psd1'
    Import-Module $manifest -Force
    $fixtures = Join-Path $PSScriptRoot '../fixtures/settings'
}

Describe 'Get-VmssAutoscaleSetting (offline)' {
    It 'reads a setting file and exposes pipeline-friendly names' {
        $s = Get-VmssAutoscaleSetting -Path (Join-Path $fixtures 'web-cpu-2015.json')
        $s.Name | Should -Be 'web-autoscale'
        $s.VMScaleSetName | Should -Be 'web-vmss'
        $s.ResourceGroupName | Should -Be 'rg-web'
        $s.RuleCount | Should -Be 2
        $s.PSObject.TypeNames | Should -Contain 'VmssAutoscale.Model.AutoscaleSetting'
    }

    It 'expands wildcards and takes paths from the pipeline' {
        $all = Get-ChildItem $fixtures -Filter '*.json' | Get-VmssAutoscaleSetting
        ($all | Measure-Object).Count | Should -Be 6
        $fromWildcard = Get-VmssAutoscaleSetting -Path (Join-Path $fixtures 'list-*.json')
        $fromWildcard.Name | Should -Be @('first', 'second')
    }

    It 'reads JSON text, including an activity-log event' {
        $json = Get-Content -Raw (Join-Path $fixtures 'activity-log-event.json')
        $s = Get-VmssAutoscaleSetting -Json $json
        $s.Profiles[0].Name | Should -Be 'cpu-profile'
        $s.Profiles[0].Rules[0].ToString() | Should -Match '^Percentage CPU > 70 '
    }

    It 'shows rules one per line in the default view' {
        $text = Get-VmssAutoscaleSetting -Path (Join-Path $fixtures 'web-cpu-2015.json') | Out-String -Width 80
        $text | Should -Match '(?m)^    out  Percentage CPU > 60 avg 10m  \+1  cool 5m$'
        $text | Should -Match '(?m)^    in   Percentage CPU < 25 '
    }

    It 'shows every rule at 80 columns, whatever the profile names' {
        # The schedule fixture has the portal's long JSON profile name; it used to push the rules off the screen.
        $text = Get-VmssAutoscaleSetting -Path (Join-Path $fixtures '*.json') | Out-String -Width 80
        $text | Should -Match '(?m)^    out  .*  \+1  cool '
        $text | Should -Not -Match '\{"name":"Auto created'
        $text | Should -Match "end of 'weekday-mornings'"
    }

    It 'shows notifications and the predictive policy in words, not type names' {
        $text = Get-VmssAutoscaleSetting -Path (Join-Path $fixtures '*.json') | Format-List | Out-String -Width 120
        $text | Should -Not -Match 'VmssAutoscale\.Model\.'
    }

    It 'reports a missing file as ObjectNotFound and goes on with the next path' {
        $good = Join-Path $fixtures 'web-cpu-2015.json'
        $result = Get-VmssAutoscaleSetting -Path 'does-not-exist.json', $good -ErrorVariable err -ErrorAction SilentlyContinue
        $result.Name | Should -Be 'web-autoscale'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.FileNotFound*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception.Message | Should -Match 'does-not-exist.json'
    }

    It 'reports an empty file as invalid data, not a crash' {
        $empty = Join-Path $TestDrive 'empty.json'
        Set-Content -Path $empty -Value ''
        { Get-VmssAutoscaleSetting -Path $empty -ErrorAction Stop } | Should -Throw -ErrorId 'VmssAutoscale.InvalidAutoscaleSetting*'
    }

    It 'names the JSON path of a bad duration' {
        $text = (Get-Content -Raw (Join-Path $fixtures 'web-cpu-2015.json')) -replace '"timeWindow": "PT10M"', '"timeWindow": "PT5X"'
        $bad = Join-Path $TestDrive 'bad-duration.json'
        Set-Content -Path $bad -Value $text
        $null = Get-VmssAutoscaleSetting -Path $bad -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $err[0].Exception.Message | Should -Match "properties\.profiles\[0\]\.rules\[0\]\.metricTrigger\.timeWindow: 'PT5X' is not an ISO 8601 duration"
    }

    It 'rejects truncated JSON, wrong types and unknown enum values with the path' -TestCases @(
        @{ Json = '{"properties": {"profiles": ['; Pattern = 'truncated' }
        @{ Json = '{"properties": {"profiles": "none"}}'; Pattern = 'properties\.profiles: expected an array' }
        @{ Json = '{"profiles":[{"name":"p","capacity":{"minimum":"1","maximum":"x","default":"1"},"rules":[]}]}'; Pattern = 'profiles\[0\]\.capacity\.maximum: expected a whole number' }
        @{ Json = '{"profiles":[{"name":"p","capacity":{"minimum":1,"maximum":2,"default":1},"rules":[{"metricTrigger":{"metricName":"m","timeGrain":"PT1M","statistic":"Average","timeWindow":"PT5M","operator":"GreaterThan","threshold":1},"scaleAction":{"direction":"Sideways","type":"ChangeCount","value":"1","cooldown":"PT5M"}}]}]}'; Pattern = "scaleAction\.direction: 'Sideways' is not a valid value" }
    ) {
        param($Json, $Pattern)
        $null = Get-VmssAutoscaleSetting -Json $Json -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $err[0].Exception.Message | Should -Match $Pattern
    }

    It 'refuses a folder with a clear message' {
        $null = Get-VmssAutoscaleSetting -LiteralPath $fixtures -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.PathIsDirectory*'
    }
}

# Issue 22 item 3: settings the documentation calls invalid. autoscale-understanding-settings.md (ms.date
# 08/19/2026): a fixedDate "can't exceed 365 days", "only one default profile"; REST spec 2022-10-01,
# ScaleAction.value: "must be 1 or greater".
Describe 'A setting the documentation calls invalid' {
    BeforeAll {
        $script:templates = Join-Path $PSScriptRoot '../fixtures/templates'
    }

    It 'is read with a warning naming <Rule>, and its near-identical good template without one' -ForEach @(
        @{ Rule = 'FixedDateTooLong'; Says = "profile 'event': its fixedDate runs 367 days" },
        @{ Rule = 'ScaleActionValueBelowOne'; Says = 'scaleAction value 0 \(Increase ChangeCount\); the REST specification says the value must be 1 or greater' },
        @{ Rule = 'MultipleDefaultProfiles'; Says = "profile 'default-2' is a second default profile" }
    ) {
        $s = Get-VmssAutoscaleSetting -Path (Join-Path $templates "$Rule.bad.json") -WarningVariable w -WarningAction SilentlyContinue
        $s | Should -Not -BeNullOrEmpty
        ($w -join "`n") | Should -Match $Says
        $null = Get-VmssAutoscaleSetting -Path (Join-Path $templates "$Rule.good.json") -WarningVariable clean -WarningAction SilentlyContinue
        $clean | Should -BeNullOrEmpty
    }

    It 'is warned about by the engine cmdlets that read it from -Path, and still evaluated' {
        $csv = Join-Path $TestDrive 'cpu.csv'
        $lines = @('Instance,Timestamp,MetricName,Value') + @(0..4 | ForEach-Object { 'vm_0,2024-05-01T10:0{0}:00Z,Percentage CPU,50' -f $_ })
        Set-Content -Path $csv -Encoding utf8 -Value $lines
        $d = Test-VmssAutoscaleThreshold -Path (Join-Path $templates 'ScaleActionValueBelowOne.bad.json') -SamplePath $csv -CurrentCapacity 2 -WarningVariable w -WarningAction SilentlyContinue
        $d | Should -Not -BeNullOrEmpty
        ($w -join "`n") | Should -Match 'must be 1 or greater\. The engine evaluates it as written\. Set scaleAction\.value to 1 or more'
    }

    It 'fails the setting-only template checks when piped from Get-VmssAutoscaleSetting' {
        $findings = Get-VmssAutoscaleSetting -Path (Join-Path $templates 'MultipleDefaultProfiles.bad.json') -WarningAction SilentlyContinue | Test-VmssAutoscaleTemplate
        ($findings | Where-Object RuleName -EQ 'MultipleDefaultProfiles').Severity | Should -Be 'Error'
    }
}
