#Requires -Version 5.1
# Issue 13, item 2: every default view is designed for an 80-column console (a default terminal, a
# runbook's output pane). Each type has a line budget at Out-String -Width 80; Debug-VmssAutoscale
# reads like kubectl describe hpa and says no sentence twice; Format-List * still shows everything.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'OutputSamples.ps1')
    # Lines allowed for the sample's objects: one line per row plus a header, or a small block each.
    $budget = @{
        AutoscaleSetting   = { param($n) 25 * $n }
        ScaleRule          = { param($n) $n + 2 }
        ScaleSetInfo       = { param($n) $n + 6 }
        ScaleEvent         = { param($n) $n + 4 }
        ActivityLogRecord  = { param($n) $n + 4 }
        MetricSample       = { param($n) $n + 4 }
        DiagnosticsHealth  = { param($n) $n + 4 }
        DiagnosticsVerdict = { param($n) 14 * $n }
        TemplateFinding    = { param($n) (3 * $n) + 2 }
        AutoscaleDecision  = { param($n) 20 * $n }
        RuleEvaluation     = { param($n) $n + 4 }
        SimulationStep     = { param($n) $n + 4 }
        SimulationSummary  = { param($n) 15 * $n }
        Finding            = { param($n) 40 }
        Diagnosis          = { param($n) 10 * $n }
        ReportBundle       = { param($n) 8 * $n }
        ConnectionInfo     = { param($n) 6 * $n }
        ManualScaleResult  = { param($n) 12 * $n }
        # Grouped by setting: a group header block, the column header, one line per record.
        RunHistoryRecord   = { param($n) $n + 6 }
        # Grouped by setting like the run history: a group header block, the column header, one line per record.
        AutoscaleLogRecord = { param($n) $n + 6 }
    }
    # The budget is a rule of the object count, applied in the test to the sample BeforeAll makes:
    # discovery runs no cmdlet and writes nothing.
    $script:Cases = foreach ($t in Get-OutputSampleTypeName) { @{ Type = $t; BudgetRule = $budget[$t] } }
    $script:Examples = Get-ChildItem (Join-Path $PSScriptRoot '../../examples') -Directory | ForEach-Object { @{ Example = $_.Name } }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/VmssAutoscale/VmssAutoscale.psd1') -Force
    . (Join-Path $PSScriptRoot 'OutputSamples.ps1')
    $script:Sample = Get-OutputSample -Scratch $TestDrive
    $script:ExampleRoot = Join-Path $PSScriptRoot '../../examples'

    function Get-ViewLine {
        param($InputObject)
        # Out-String wraps anything longer than the width, so a wrapped line shows as an extra line.
        @((($InputObject | Out-String -Width 80) -replace "`r", '').Trim("`n") -split "`n")
    }
}

Describe 'Default views at 80 columns' {
    It '<Type>: its objects in the lines their count allows' -TestCases $Cases {
        param($Type, $BudgetRule)
        $count = @($Sample[$Type]).Count
        $count | Should -BeGreaterThan 0 -Because "the sample needs a $Type"
        $Budget = & $BudgetRule $count
        $lines = Get-ViewLine $Sample[$Type]
        # A line longer than 80 columns is wrapped by Out-String onto the next, so it counts twice.
        $lines.Count | Should -BeLessOrEqual $Budget -Because ($lines -join "`n")
    }

    It 'shows a two-rule setting in a handful of lines, one line per rule' {
        $lines = Get-ViewLine $Sample['AutoscaleSetting'][0]
        $lines.Count | Should -BeLessOrEqual 25
        $lines | Should -Contain '    out  Percentage CPU > 50 avg 10m  +1  cool 5m'
        $lines | Should -Contain '    in   Percentage CPU < 50 avg 10m  -1  cool 5m'
    }

    It 'keeps every property in Format-List *' {
        $f = $Sample['Finding'] | Where-Object Status -EQ 'Fail' | Select-Object -First 1
        $text = $f | Format-List * | Out-String -Width 200
        foreach ($name in 'Check', 'Status', 'Severity', 'Summary', 'Evidence', 'Remediation', 'Step', 'Reason', 'ResourceId') {
            $text | Should -Match "(?m)^$name\s+:"
        }
        $setting = $Sample['AutoscaleSetting'][0] | Format-List * | Out-String -Width 200
        $setting | Should -Match '(?m)^Profiles\s+:'
        $setting | Should -Match '(?m)^TargetResourceUri\s+:'
    }
}

Describe 'Debug-VmssAutoscale reads like kubectl describe' {
    It '<Example>: fits 40 lines at 80 columns' -TestCases $Examples {
        param($Example)
        $lines = Get-ViewLine (Debug-VmssAutoscale -Snapshot (Join-Path $ExampleRoot $Example))
        $lines.Count | Should -BeLessOrEqual 40 -Because ($lines -join "`n")
        $lines | Where-Object { $_.Length -gt 79 } | Should -BeNullOrEmpty
    }

    It 'shows a header, one line per finding, evidence only for failures, then the conditions' {
        $lines = Get-ViewLine (Debug-VmssAutoscale -Snapshot (Join-Path $ExampleRoot 'one-hot-instance'))
        $lines[0] | Should -Match 'Findings for scale set: vmss-one-hot-instance'
        @($lines | Where-Object { $_ -match '^pass ' }).Count | Should -Be 11  # 8 guide checks, CapacityWriters, AzureStatus and ServiceAgreement (the bundle's run history) pass; Headroom is skipped (the bundle predates its reads); Notifications warns
        $fail = @($lines | Where-Object { $_ -match '^FAIL ' })
        $fail | Should -HaveCount 1
        $fail[0] | Should -Match '^FAIL High     AverageAcrossInstances Average Percentage CPU'
        $lines | Should -Contain '  ScalingActive   True    OnlySomeInstancesHot'
        $lines | Should -Contain 'Source:      Snapshot one-hot-instance/snapshot.json'
        # Evidence (one line per engine step) and the remedy follow the failure; a warning is one line.
        $at = [array]::IndexOf($lines, $fail[0])
        $lines[$at + 1] | Should -BeExactly '     - Engine at 2024-05-01 12:00Z: None 4 -> 4 (NoRuleFired).'
        $lines[($at + 1)..($at + 5)] | Where-Object { $_ -match '^     Do: ' } | Should -HaveCount 1
        $warn = [array]::IndexOf($lines, ($lines | Where-Object { $_ -match '^WARN ' } | Select-Object -First 1))
        $lines[$warn + 1] | Should -Match '^pass '
    }

    It 'keeps the whole summary, evidence and remedy of a finding in Format-List *' {
        $finding = Debug-VmssAutoscale -Snapshot (Join-Path $ExampleRoot 'thresholds-50-50-flapping') | Where-Object Check -EQ 'ScaleEvents'
        $text = ($finding | Format-List * | Out-String -Width 400) -replace '\s+', ' '
        $text.Contains(($finding.Summary -replace '\s+', ' ')) | Should -BeTrue
        $text.Contains(($finding.Remediation -replace '\s+', ' ')) | Should -BeTrue
        # The view shows three evidence items and counts the rest; the property holds them all.
        $text.Contains($finding.Evidence[0]) | Should -BeTrue
        $finding.Evidence.Count | Should -Be 11
    }

    It '<Example>: says no sentence twice' -TestCases $Examples {
        param($Example)
        $text = (Get-ViewLine (Debug-VmssAutoscale -Snapshot (Join-Path $ExampleRoot $Example))) -join "`n"
        # Join the wrapped lines back into prose, then split into sentences of some length.
        $prose = ($text -replace "`n\s+", ' ')
        $sentences = [regex]::Split($prose, '(?<=[.!?])\s+') | ForEach-Object Trim | Where-Object { $_.Length -ge 40 }
        $sentences | Group-Object | Where-Object Count -GT 1 | ForEach-Object Name | Should -BeNullOrEmpty
    }
}
