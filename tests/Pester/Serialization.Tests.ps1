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
        $declared = Get-Command -Module VmssAutoscale | ForEach-Object { $_.OutputType.Type } | Where-Object { $_ } | ForEach-Object Name | Sort-Object -Unique
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
        $json = $Sample['Diagnosis'][0] | ConvertTo-Json -Depth 4 | ConvertFrom-Json
        $able = $json.Conditions | Where-Object Type -EQ 'AbleToScale'
        $able.Status | Should -BeOfType [bool]
        $able.Status | Should -BeTrue
        ($json.Conditions | Where-Object Type -EQ 'ScalingLimited').Status | Should -BeFalse
        $Sample['Diagnosis'][0].ScalingLimited.Status | Should -BeOfType [bool]
    }

    It 'writes the names a runbook compares against' {
        $finding = $Sample['Finding'] | Where-Object Check -EQ 'AverageAcrossInstances' | ConvertTo-Json | ConvertFrom-Json
        $finding.Status | Should -BeExactly 'Fail'
        $finding.Severity | Should -BeExactly 'High'
        $decision = $Sample['AutoscaleDecision'][0] | ConvertTo-Json -Depth 4 | ConvertFrom-Json
        $decision.Decision | Should -BeIn @('None', 'ScaleOut', 'ScaleIn')
        $decision.Rules.Direction | Should -Be @('Increase', 'Decrease')
        $decision.Rules.Operator | Should -Be @('GreaterThan', 'LessThan')
        ($Sample['ScaleEvent'] | ConvertTo-Json | ConvertFrom-Json).Direction | Should -Not -BeNullOrEmpty
        ($Sample['ScaleEvent'] | ConvertTo-Json | ConvertFrom-Json).Direction | ForEach-Object { $_ | Should -BeIn @('None', 'Out', 'In') }
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
        ($recurring.Recurrence | ConvertTo-Json | ConvertFrom-Json).Days | Should -Be @('Monday')
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
