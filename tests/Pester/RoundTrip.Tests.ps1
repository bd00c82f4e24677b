#Requires -Version 5.1
# Issue 24, item 2: "A test runs the round trip for every pipeline pair the docs show, under each
# culture." Each pair below is run three ways under en-US, de-DE and the invariant culture: the
# objects piped directly, through ConvertTo-Json/ConvertFrom-Json, and (where the object is flat)
# through Export-Csv/Import-Csv; the consumer must give the same answer each time. The docs show
# some pairs live; they run here against the fake ARM (tests/FakeArm). A test reads the pairs out of
# docs/*.md and README.md, so a pair added to the docs without a case here fails.

BeforeDiscovery {
    $script:Cultures = 'en-US', 'de-DE', ''
    # Producer | consumer, as the docs write them; Forms says how the objects travel.
    $script:PairNames = @(
        'Get-VmssAutoscaleSetting | Invoke-VmssAutoscaleSimulation'
        'Get-VmssAutoscaleSetting | Test-VmssAutoscaleTemplate'
        'Get-VmssAutoscaleSetting | Get-VmssScaleEvent'
        'Get-VmssAutoscaleTarget | Get-VmssAutoscaleRunHistory'
        'Get-VmssAutoscaleTarget | Invoke-VmssManualScale'
        'Get-VmssDiagnosticsSample | Test-VmssAutoscaleThreshold'
        'Optimize-VmssAutoscaleSetting | Invoke-VmssAutoscaleSimulation'
    )
    $script:Cases = foreach ($pair in $PairNames) { foreach ($c in $Cultures) { @{ Pair = $pair; Culture = $c; Shown = $(if ($c) { $c } else { 'invariant' }) } } }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'FakeArm.Helpers.ps1')
    Import-Module $script:ModuleManifest -Force
    $script:fake = Start-FakeArm
    $null = Connect-FakeArm $script:fake
    $root = $script:RepoRoot
    $engine = Join-Path $root 'tests/fixtures/engine'
    $oneHot = Join-Path $root 'examples/one-hot-instance'
    $oneHotNames = @{ ResourceGroupName = 'rg-autoscale-examples'; VMScaleSetName = 'vmss-one-hot-instance' }
    # A whole minute in the past, so that two reads of the live pairs see the same window.
    $now = [datetime]::UtcNow
    $pastMinute = [datetime]::new($now.Year, $now.Month, $now.Day, $now.Hour, $now.Minute, 0, [DateTimeKind]::Utc).AddMinutes(-2)
    $oneHotSamples = @(Get-VmssDiagnosticsSample -Snapshot $oneHot @oneHotNames -WarningAction SilentlyContinue)
    $oneHotSetting = Get-VmssAutoscaleSetting -Snapshot $oneHot @oneHotNames

    # Produce: the objects the docs pipe. Consume: the docs' consumer, given them as $In. Forms:
    # Csv only where the objects are flat records (a setting nests profiles and rules).
    $script:Pairs = @{
        'Get-VmssAutoscaleSetting | Invoke-VmssAutoscaleSimulation' = @{
            Forms = 'Json'
            Produce = { Get-VmssAutoscaleSetting (Join-Path $engine 'cpu-80-60.json') }
            Consume = { param($In) $In | Invoke-VmssAutoscaleSimulation -SamplePath (Join-Path $engine 'one-hot-of-four.csv') -InitialCapacity 3 -Summary }
        }
        'Get-VmssAutoscaleSetting | Test-VmssAutoscaleTemplate' = @{
            Forms = 'Json'
            Produce = { Get-VmssAutoscaleSetting -Path (Join-Path $root 'tests/fixtures/settings/schedule-2022.json') }
            Consume = { param($In) $In | Test-VmssAutoscaleTemplate }
        }
        'Get-VmssAutoscaleSetting | Get-VmssScaleEvent' = @{
            Forms = 'Json', 'Csv'
            Produce = { Get-VmssAutoscaleSetting -ResourceGroupName rg-web -VMScaleSetName vmss-web }
            Consume = { param($In) $In | Get-VmssScaleEvent -Raw -StartTime $pastMinute.AddDays(-1) -EndTime $pastMinute }
        }
        'Get-VmssAutoscaleTarget | Get-VmssAutoscaleRunHistory' = @{
            Forms = 'Json', 'Csv'
            Produce = { Get-VmssAutoscaleTarget -ResourceGroupName rg-web -VMScaleSetName vmss-web }
            Consume = { param($In) $In | Get-VmssAutoscaleRunHistory -EndTime $pastMinute -Last 00:30:00 }
        }
        'Get-VmssAutoscaleTarget | Invoke-VmssManualScale' = @{
            Forms = 'Json', 'Csv'
            Produce = { Get-VmssAutoscaleTarget -ResourceGroupName rg-web -VMScaleSetName vmss-linux }
            # -WhatIf writes to the host only; a capturing host reads it back, off the test log.
            Consume = {
                param($In)
                $run = Invoke-HostCaptured { param($In) $In | Invoke-VmssManualScale -Capacity 5 -WhatIf } -ArgumentList (, $In)
                $run.Errors | Should -BeNullOrEmpty
                @($run.HostLines | Where-Object { $_ -match '^What if:' })
            }
        }
        'Get-VmssDiagnosticsSample | Test-VmssAutoscaleThreshold' = @{
            Forms = 'Json', 'Csv'
            Produce = { $oneHotSamples }
            Consume = { param($In) $In | Test-VmssAutoscaleThreshold -Setting $oneHotSetting -WarningAction SilentlyContinue }
        }
        # Optimize-VmssAutoscaleSetting's docs replay the best candidate: $best.Setting | Invoke-VmssAutoscaleSimulation
        # -InstanceWarmup $best.InstanceWarmup -InitialCapacity $best.InitialCapacity -Start $best.Start -End $best.End.
        'Optimize-VmssAutoscaleSetting | Invoke-VmssAutoscaleSimulation' = @{
            Forms = 'Json'
            Produce = { Optimize-VmssAutoscaleSetting -Snapshot $oneHot -Top 1 -WarningAction SilentlyContinue | Select-Object -Last 1 }
            Consume = {
                param($In)
                $best = @($In)[0]
                $best.Setting | Invoke-VmssAutoscaleSimulation -Sample $oneHotSamples -LoadModel RedistributeTotal -InstanceWarmup $best.InstanceWarmup `
                    -InitialCapacity $best.InitialCapacity -Start $best.Start -End $best.End -Summary -WarningAction SilentlyContinue
            }
        }
    }

    function Use-Culture([string] $Name, [scriptblock] $Script) {
        $before = [cultureinfo]::CurrentCulture
        [cultureinfo]::CurrentCulture = [cultureinfo]::GetCultureInfo($Name)
        try { & $Script } finally { [cultureinfo]::CurrentCulture = $before }
    }

    # What a consumer gave, as text to compare: JSON reads every property, invariantly.
    function Get-Answer($Objects) { @($Objects) | ForEach-Object { $_ | ConvertTo-Json -Depth 6 -Compress -WarningAction SilentlyContinue } }
}

AfterAll { Stop-FakeArm $script:fake }

Describe 'Every pipeline pair the docs show survives JSON and CSV in every culture' {
    It '<Pair> (<Shown>)' -TestCases $Cases {
        param($Pair, $Culture)
        $case = $Pairs[$Pair]
        Use-Culture $Culture {
            $produced = @(& $case.Produce)
            $produced | Should -Not -BeNullOrEmpty
            $direct = @(& $case.Consume $produced)
            $direct | Should -Not -BeNullOrEmpty -Because 'the pair must give an answer to compare'
            $expected = Get-Answer $direct

            if ($case.Forms -contains 'Json') {
                $json = $produced | ConvertTo-Json -Depth 16 -WarningAction SilentlyContinue
                $json | Should -Not -Match '"TotalMilliseconds"' -Because 'durations are written as ISO 8601 text (PT20M), not as a TimeSpan''s fields'
                $back = @($json | ConvertFrom-Json | ForEach-Object { $_ })
                Get-Answer (& $case.Consume $back) | Should -Be $expected -Because 'the objects came back through ConvertTo-Json and ConvertFrom-Json'
            }
            if ($case.Forms -contains 'Csv') {
                $csv = Join-Path $TestDrive "$($Pair -replace '\W+', '-')-$Culture.csv"
                $produced | Export-Csv -Path $csv -NoTypeInformation
                Get-Answer (& $case.Consume @(Import-Csv $csv)) | Should -Be $expected -Because 'the objects came back through Export-Csv and Import-Csv'
            }
        }
    }

    It 'covers every pair of module cmdlets the docs and the README pipe into each other' {
        $ours = @(Get-Command -Module VmssAutoscale | ForEach-Object Name)
        $shown = foreach ($file in @(Get-ChildItem (Join-Path $RepoRoot 'docs') -Filter *.md) + @(Get-Item (Join-Path $RepoRoot 'README.md'))) {
            # PowerShell code blocks, with a line ending in a pipe joined to the next.
            $blocks = [regex]::Matches((Get-Content $file.FullName -Raw), '(?ms)^```powershell\r?\n(.*?)^```')
            foreach ($b in $blocks) {
                $code = $b.Groups[1].Value -replace '\|[ \t]*\r?\n\s*', '| '
                foreach ($line in $code -split '\r?\n') {
                    $commands = @($line -split '\|' | ForEach-Object { ($_.Trim() -split '\s+')[0] })
                    for ($i = 1; $i -lt $commands.Count; $i++) {
                        if ($ours -contains $commands[$i - 1] -and $ours -contains $commands[$i]) { "$($commands[$i - 1]) | $($commands[$i])" }
                    }
                }
            }
        }
        $shown = @($shown | Sort-Object -Unique)
        $shown | Should -Not -BeNullOrEmpty
        $shown | Where-Object { $Pairs.Keys -notcontains $_ } | Should -BeNullOrEmpty -Because 'each pair the docs show needs a round-trip case in this file'
    }
}

Describe 'Readers take what the module wrote' {
    It 'every TimeSpan parameter takes an ISO 8601 duration (PT20M), as well as a TimeSpan' {
        $missing = foreach ($c in Get-Command -Module VmssAutoscale) {
            foreach ($p in $c.Parameters.Values) {
                $t = [Nullable]::GetUnderlyingType($p.ParameterType); if (-not $t) { $t = $p.ParameterType }
                if ($t -eq [timespan] -and -not ($p.Attributes | Where-Object { $_ -is [VmssAutoscale.Cmdlets.DurationArgumentAttribute] })) { "$($c.Name) -$($p.Name)" }
            }
        }
        $missing | Should -BeNullOrEmpty
        $setting = Get-VmssAutoscaleSetting (Join-Path $RepoRoot 'tests/fixtures/engine/cpu-80-60.json')
        $csv = Join-Path $RepoRoot 'tests/fixtures/engine/one-hot-of-four.csv'
        $typed = Get-Answer ($setting | Invoke-VmssAutoscaleSimulation -SamplePath $csv -LoadModel RedistributeTotal -InstanceWarmup ([timespan]::FromMinutes(2)) -Interval 00:01:00 -Summary)
        Get-Answer ($setting | Invoke-VmssAutoscaleSimulation -SamplePath $csv -LoadModel RedistributeTotal -InstanceWarmup PT2M -Interval PT1M -Summary) | Should -Be $typed
        # What ConvertTo-Json wrote for a TimeSpan before durations were text: its fields.
        $fields = [timespan]::FromMinutes(2) | ConvertTo-Json | ConvertFrom-Json
        Get-Answer ($setting | Invoke-VmssAutoscaleSimulation -SamplePath $csv -LoadModel RedistributeTotal -InstanceWarmup $fields -Interval '00:01:00' -Summary) | Should -Be $typed
    }

    It 'refuses a duration it cannot read, naming the parameter and the forms it takes' {
        $setting = Get-VmssAutoscaleSetting (Join-Path $RepoRoot 'tests/fixtures/engine/cpu-80-60.json')
        { $setting | Invoke-VmssAutoscaleSimulation -SamplePath (Join-Path $RepoRoot 'tests/fixtures/engine/one-hot-of-four.csv') -InstanceWarmup PT2X -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*InstanceWarmup*PT2X*PT20M*'
    }

    It 'takes a setting back from ConvertFrom-Json with -Setting too, and refuses an object that is no setting' {
        $setting = Get-VmssAutoscaleSetting (Join-Path $RepoRoot 'tests/fixtures/settings/schedule-2022.json')
        $back = $setting | ConvertTo-Json -Depth 16 | ConvertFrom-Json
        $findings = Test-VmssAutoscaleTemplate -Setting $back
        Get-Answer $findings | Should -Be (Get-Answer (Test-VmssAutoscaleTemplate -Setting $setting))
        { Test-VmssAutoscaleTemplate -Setting ([pscustomobject]@{ Name = 'x' }) -ErrorAction Stop } | Should -Throw -ExpectedMessage '*Profiles*'
    }
}
