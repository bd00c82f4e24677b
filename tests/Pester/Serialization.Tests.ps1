#Requires -Version 5.1
# Issue 13, item 3: every output type through plain ConvertTo-Json and Export-Csv (no
# -EnumsAsStrings, which Windows PowerShell 5.1 lacks) reads right: names for statuses,
# severities, decisions and directions, a boolean condition Status, collections as text in CSV.
# The convention is documented once, on VmssAutoscale.Model.NamedValues.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'OutputSamples.ps1')
    $script:TypeNames = @(Get-OutputSampleTypeName | ForEach-Object { @{ Type = $_ } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/VmssAutoscale/VmssAutoscale.psd1') -Force
    . (Join-Path $PSScriptRoot 'OutputSamples.ps1')
    $script:Sample = Get-OutputSample -Scratch $TestDrive

    # Properties that hold a name from a fixed set; a number there is an enum that leaked.
    $script:NamedProperties = 'Status', 'Severity', 'Decision', 'Outcome', 'Direction', 'Cause', 'Verdict', 'Problems',
        'Operator', 'Statistic', 'TimeAggregation', 'Type', 'ScaleMode', 'Frequency'

    # Every (path, value) pair of a ConvertFrom-Json tree.
    function Get-JsonLeaf {
        param($Node, [string] $Path = '$')
        if ($Node -is [System.Management.Automation.PSCustomObject]) {
            foreach ($p in $Node.PSObject.Properties) { Get-JsonLeaf $p.Value "$Path.$($p.Name)" }
        } elseif ($Node -is [System.Collections.IList]) {
            for ($i = 0; $i -lt $Node.Count; $i++) { Get-JsonLeaf $Node[$i] "$Path[$i]" }
        } else {
            [pscustomobject]@{ Path = $Path; Value = $Node }
        }
    }
}

Describe 'Output objects through ConvertTo-Json and Export-Csv' {
    It 'has a sample of every type a cmdlet declares in [OutputType]' {
        # The module's own types (Optimize-VmssAutoscaleSetting -AsJson also declares [string], which has nothing of ours to serialize).
        $declared = Get-Command -Module VmssAutoscale | ForEach-Object { $_.OutputType.Type } | Where-Object { $_ -and $_.FullName -like 'VmssAutoscale.*' } | ForEach-Object Name | Sort-Object -Unique
        $declared | Where-Object { $Sample.Keys -notcontains $_ } | Should -BeNullOrEmpty
        foreach ($t in $Sample.Keys) { @($Sample[$t]).Count | Should -BeGreaterThan 0 -Because "the sample needs a $t" }
    }

    It '<Type>: JSON holds names and booleans, never an enum number' -TestCases $TypeNames {
        param($Type)
        foreach ($o in $Sample[$Type]) {
            $tree = $o | ConvertTo-Json -Depth 8 -WarningAction SilentlyContinue | ConvertFrom-Json
            $leaks = Get-JsonLeaf $tree | Where-Object {
                $name = ($_.Path -replace '\[\d+\]$', '') -replace '^.*\.', ''
                $NamedProperties -contains $name -and ($_.Value -is [int] -or $_.Value -is [long] -or $_.Value -is [double])
            }
            $leaks | ForEach-Object { "$($_.Path)=$($_.Value)" } | Should -BeNullOrEmpty
        }
    }

    It '<Type>: CSV cells are text, never a type name' -TestCases $TypeNames {
        param($Type)
        $path = Join-Path $TestDrive "$Type.csv"
        $Sample[$Type] | Export-Csv -Path $path -NoTypeInformation
        $rows = @(Import-Csv -Path $path)
        $rows.Count | Should -Be @($Sample[$Type]).Count
        $typeNames = foreach ($row in $rows) {
            foreach ($p in $row.PSObject.Properties) {
                if ($p.Value -match '^(System|VmssAutoscale)\.[\w\.]+(`\d+)?(\[.*\])?$') { "$($p.Name)=$($p.Value)" }
            }
        }
        $typeNames | Should -BeNullOrEmpty
    }

    It 'writes a condition Status as a JSON boolean, so if ($c.Status) reads it the right way round' {
        # Shallow -Depth on purpose (what a user types); the depth warning is not what is tested, so it stays off the log.
        $json = $Sample['Diagnosis'][0] | ConvertTo-Json -Depth 4 -WarningAction SilentlyContinue | ConvertFrom-Json
        $able = $json.Conditions | Where-Object Type -EQ 'AbleToScale'
        $able.Status | Should -BeOfType [bool]
        $able.Status | Should -BeTrue
        ($json.Conditions | Where-Object Type -EQ 'ScalingLimited').Status | Should -BeFalse
        $Sample['Diagnosis'][0].ScalingLimited.Status | Should -BeOfType [bool]
    }

    It 'writes the names a runbook compares against' {
        $finding = $Sample['Finding'] | Where-Object Check -EQ 'AverageAcrossInstances' | ConvertTo-Json -WarningAction SilentlyContinue | ConvertFrom-Json
        $finding.Status | Should -BeExactly 'Fail'
        $finding.Severity | Should -BeExactly 'High'
        $decision = $Sample['AutoscaleDecision'][0] | ConvertTo-Json -Depth 4 -WarningAction SilentlyContinue | ConvertFrom-Json
        $decision.Decision | Should -BeIn @('None', 'ScaleOut', 'ScaleIn')
        $decision.Rules.Direction | Should -Be @('Increase', 'Decrease')
        $decision.Rules.Operator | Should -Be @('GreaterThan', 'LessThan')
        ($Sample['ScaleEvent'] | ConvertTo-Json -WarningAction SilentlyContinue | ConvertFrom-Json).Direction | Should -Not -BeNullOrEmpty
        ($Sample['ScaleEvent'] | ConvertTo-Json -WarningAction SilentlyContinue | ConvertFrom-Json).Direction | ForEach-Object { $_ | Should -BeIn @('None', 'Out', 'In', 'Set') }
    }

    It 'writes the days of a recurring profile as names, in JSON and in CSV, and scripts can cast them back' {
        $days = foreach ($t in $Sample.Keys) {
            foreach ($o in $Sample[$t]) {
                Get-JsonLeaf ($o | ConvertTo-Json -Depth 8 -WarningAction SilentlyContinue | ConvertFrom-Json) | Where-Object Path -Match '\.Days\[\d+\]$'
            }
        }
        $days | Should -Not -BeNullOrEmpty -Because 'the samples include a recurring profile'
        $days | ForEach-Object { $_.Value | Should -BeOfType [string]; $_.Value | Should -BeIn ([enum]::GetNames([DayOfWeek])) }
        $recurring = $Sample['AutoscaleSetting'] | ForEach-Object Profiles | Where-Object Recurrence | Select-Object -First 1
        ($recurring.Recurrence | ConvertTo-Json -WarningAction SilentlyContinue | ConvertFrom-Json).Days | Should -Be @('Monday')
        ($recurring.Recurrence | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv).Days | Should -BeExactly 'Monday'
        [DayOfWeek[]] $recurring.Recurrence.Days | Should -Be @([DayOfWeek]::Monday)
    }

    It 'writes Evidence to CSV as its lines, and reads them back' {
        $f = $Sample['Finding'] | Where-Object Check -EQ 'AverageAcrossInstances'
        $row = $f | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv
        $row.Evidence -split "`n" | Should -Be @($f.Evidence)
        $row.Status | Should -BeExactly 'Fail'
    }
}

# Issue 24, item 2: times, numbers and durations read the same in every culture, and what the module
# writes with Export-Csv or ConvertTo-Json goes back into the cmdlets that take it.
Describe 'Round trips under en-US, de-DE and the invariant culture' {
    BeforeAll {
        $script:Bundle = Join-Path $PSScriptRoot '../../examples/one-hot-instance'
        $script:Names = @{ ResourceGroupName = 'rg-autoscale-examples'; VMScaleSetName = 'vmss-one-hot-instance' }
        $script:Setting = Get-VmssAutoscaleSetting -Snapshot $Bundle @Names
        $script:Kinds = [datetime], [double], [timespan]
        function Use-Culture([string] $Name, [scriptblock] $Script) {
            $before = [cultureinfo]::CurrentCulture
            [cultureinfo]::CurrentCulture = [cultureinfo]::GetCultureInfo($Name)
            try { & $Script } finally { [cultureinfo]::CurrentCulture = $before }
        }
        # The times, numbers and durations of a type. A duration is a public ISO 8601 string with its
        # TimeSpan kept for C# in an internal <Name>Span (Cmdlets/SerializedForm.cs), so it is found by that.
        function Get-TimedProperty($Type) {
            $Type.GetProperties() | Where-Object {
                $t = [Nullable]::GetUnderlyingType($_.PropertyType); if (-not $t) { $t = $_.PropertyType }
                $Kinds -contains $t -or (Get-DurationSpan $Type $_.Name)
            }
        }
        function Get-DurationSpan($Type, [string] $Name) {
            $span = $Type.GetProperty("${Name}Span", [System.Reflection.BindingFlags] 'NonPublic, Instance')
            if ($span -and ([Nullable]::GetUnderlyingType($span.PropertyType), $span.PropertyType -contains [timespan])) { $span }
        }
        # What a script sees for a property: the value Types.ps1xml gives (typed) and its kind.
        function Get-ScriptKind($Type, $Property) {
            if (Get-DurationSpan $Type $Property.Name) { return [timespan] }
            $t = [Nullable]::GetUnderlyingType($Property.PropertyType); if ($t) { $t } else { $Property.PropertyType }
        }
        $script:IsoDurationPattern = '^-?P(\d+D)?(T(\d+H)?(\d+M)?([\d.]+S)?)?$'
    }

    It '<Culture>: samples go through Export-Csv and ConvertTo-Json back into Test-VmssAutoscaleThreshold and Invoke-VmssAutoscaleSimulation with the same answer' -TestCases @(
        @{ Culture = 'en-US' }, @{ Culture = 'de-DE' }, @{ Culture = '' }
    ) {
        param($Culture)
        Use-Culture $Culture {
            $samples = Get-VmssDiagnosticsSample -Snapshot $Bundle @Names -WarningAction SilentlyContinue
            $samples.Count | Should -BeGreaterThan 10
            $csv = Join-Path $TestDrive "samples-$Culture.csv"
            $samples | Export-Csv -Path $csv -NoTypeInformation
            $row = (Get-Content $csv)[1]
            $row | Should -Match '"2024-05-01T\d\d:\d\d:00Z"'
            $row | Should -Not -Match '"\d+,\d+"'
            $direct = $samples | Test-VmssAutoscaleThreshold -Setting $Setting -WarningAction SilentlyContinue
            $direct | Should -Not -BeNullOrEmpty
            foreach ($back in @(
                    (Test-VmssAutoscaleThreshold -Setting $Setting -SamplePath $csv -WarningAction SilentlyContinue),
                    (Import-Csv $csv | Test-VmssAutoscaleThreshold -Setting $Setting -WarningAction SilentlyContinue),
                    ($samples | ConvertTo-Json | ConvertFrom-Json | Test-VmssAutoscaleThreshold -Setting $Setting -WarningAction SilentlyContinue))) {
                $back.Time | Should -Be $direct.Time
                $back.Decision | Should -Be $direct.Decision
                $back.NewCapacity | Should -Be $direct.NewCapacity
                $back.Reason | Should -BeExactly $direct.Reason
            }
            $simulated = $samples | Invoke-VmssAutoscaleSimulation -Setting $Setting -Summary -WarningAction SilentlyContinue
            $fromCsv = Import-Csv $csv | Invoke-VmssAutoscaleSimulation -Setting $Setting -Summary -WarningAction SilentlyContinue
            ($fromCsv | ConvertTo-Json -WarningAction SilentlyContinue) | Should -BeExactly ($simulated | ConvertTo-Json -WarningAction SilentlyContinue)
        }
    }

    It '<Type>: under de-DE, Export-Csv writes its times as ISO 8601 UTC, its numbers with a point and its durations as ISO 8601' -TestCases $TypeNames {
        param($Type)
        Use-Culture 'de-DE' {
            foreach ($o in $Sample[$Type]) {
                $row = $o | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv
                foreach ($p in Get-TimedProperty $o.GetType()) {
                    $raw = $o.psbase.($p.Name)
                    if ($null -eq $raw) { continue }
                    $cell = $row.($p.Name)
                    $expected = switch (Get-ScriptKind $o.GetType() $p) {
                        ([datetime]) { '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$' }
                        ([double]) { '^-?[\d.E+-]+$|^NaN$|^-?∞$|Infinity' }
                        ([timespan]) { $IsoDurationPattern }
                    }
                    $cell | Should -Match $expected -Because "$Type.$($p.Name) = $raw"
                }
                # Scripts still get the typed value.
                foreach ($p in Get-TimedProperty $o.GetType()) {
                    $v = $o.($p.Name)
                    if ($null -ne $v) { $v | Should -BeOfType (Get-ScriptKind $o.GetType() $p) -Because "$Type.$($p.Name)" }
                }
            }
        }
    }

    It 'lists every time, number and duration of every output type in VmssAutoscale.Types.ps1xml' {
        $missing = foreach ($t in $Sample.Keys) {
            $type = @($Sample[$t])[0].GetType()
            $members = (Get-TypeData -TypeName $type.FullName).Members
            foreach ($p in Get-TimedProperty $type) { if (-not $members -or -not $members.ContainsKey($p.Name)) { "$($type.Name).$($p.Name)" } }
        }
        # Durations of the types output objects nest (a setting's rules, a fixed date's offsets) too.
        $missing += foreach ($type in [VmssAutoscale.Model.AutoscaleSetting].Assembly.GetExportedTypes()) {
            $members = (Get-TypeData -TypeName $type.FullName).Members
            foreach ($p in $type.GetProperties()) { if ((Get-DurationSpan $type $p.Name) -and -not ($members -and $members.ContainsKey($p.Name))) { "$($type.Name).$($p.Name)" } }
        }
        $missing | Should -BeNullOrEmpty
    }

    It '<Type>: ConvertTo-Json writes every duration as ISO 8601 text, at any depth, never a TimeSpan''s fields' -TestCases $TypeNames {
        param($Type)
        foreach ($o in $Sample[$Type]) {
            $tree = $o | ConvertTo-Json -Depth 12 -WarningAction SilentlyContinue | ConvertFrom-Json
            Get-JsonLeaf $tree | Where-Object Path -Match '\.(Ticks|TotalMilliseconds)$' | ForEach-Object Path | Should -BeNullOrEmpty
            foreach ($p in Get-TimedProperty $o.GetType()) {
                if ((Get-ScriptKind $o.GetType() $p) -eq [timespan] -and $null -ne $tree.($p.Name)) {
                    $tree.($p.Name) | Should -Match $IsoDurationPattern -Because "$Type.$($p.Name)"
                    # The text is the value: it reads back to the TimeSpan a script sees.
                    $o.($p.Name) | Should -Be ([VmssAutoscale.Cmdlets.SerializedForm]::Duration($tree.($p.Name))) -Because "$Type.$($p.Name)"
                }
            }
        }
    }

    It 'writes a setting''s durations in JSON as the setting itself does (PT1M, PT10M, PT5M), and scripts still read TimeSpans' {
        $setting = $Sample['AutoscaleSetting'][0]
        $rule = ($setting | ConvertTo-Json -Depth 8 -WarningAction SilentlyContinue | ConvertFrom-Json).Profiles[0].Rules[0]
        $rule.MetricTrigger.TimeGrain | Should -BeExactly 'PT1M'
        $rule.MetricTrigger.TimeWindow | Should -BeExactly 'PT10M'
        $rule.ScaleAction.Cooldown | Should -BeExactly 'PT5M'
        $typed = $setting.Profiles[0].Rules[0]
        $typed.ScaleAction.Cooldown | Should -BeOfType [timespan]
        $typed.ScaleAction.Cooldown.TotalMinutes | Should -Be 5
        $typed.MetricTrigger.TimeWindow -gt $typed.MetricTrigger.TimeGrain | Should -BeTrue
        $typed.ScaleAction.Cooldown.ToString() | Should -BeExactly 'PT5M'
        # Sorting compares durations, not their text ('PT10M' sorts before 'PT5M' as text).
        ($typed.MetricTrigger.TimeWindow, $typed.ScaleAction.Cooldown | Sort-Object | Select-Object -First 1).TotalMinutes | Should -Be 5
    }

    It 'keeps the value typed for scripts: comparisons, arithmetic and a format of your own' {
        Use-Culture 'de-DE' {
            $s = @(Get-VmssDiagnosticsSample -Snapshot $Bundle @Names -WarningAction SilentlyContinue)[0]
            $s.Timestamp | Should -BeOfType [datetime]
            $s.Timestamp -gt [datetime]::new(2024, 1, 1, 0, 0, 0, [DateTimeKind]::Utc) | Should -BeTrue
            $s.Timestamp.AddMinutes(1).Kind | Should -Be 'Utc'
            $s.Timestamp.ToString('yyyy-MM-dd HH:mm') | Should -Match '^2024-05-01 \d\d:\d\d$'
            $s.Timestamp.ToString() | Should -Match '^2024-05-01T\d\d:\d\d:00Z$'
            ($s.Value + 1) | Should -BeOfType [double]
            $s.Value.ToString('0.0') | Should -Match ','
        }
    }
}
