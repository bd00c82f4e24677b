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
        AutoscaleRecommendation = { param($n) $n + 4 }
        SettingComparison  = { param($n) $n + 4 }
        # Grouped by setting: a group header block, the column header, one line per record.
        RunHistoryRecord   = { param($n) $n + 6 }
        # Grouped by setting like the run history: a group header block, the column header, one line per record.
        AutoscaleLogRecord = { param($n) $n + 6 }
    }
    # The budget is a rule of the object count, applied in the test to the sample BeforeAll makes:
    # discovery runs no cmdlet and writes nothing.
    $script:Cases = foreach ($t in Get-OutputSampleTypeName) { @{ Type = $t; BudgetRule = $budget[$t] } }
    Import-Module (Join-Path $PSScriptRoot 'TestUtils.psm1') -Force
    $script:Examples = Get-ExampleBundle | ForEach-Object { @{ Example = $_.Name } }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/VmssAutoscale/VmssAutoscale.psd1') -Force
    . (Join-Path $PSScriptRoot 'OutputSamples.ps1')
    $script:Sample = Get-OutputSample -Scratch $TestDrive
    $script:ExampleRoot = Join-Path $PSScriptRoot '../../examples'

    function Get-ViewLine {
        param($InputObject)
        # Out-String wraps anything longer than the width, so a wrapped line shows as an extra line;
        # the views that wrap text read the width from $env:COLUMNS, set here as the caller's shell may have it.
        $before = $env:COLUMNS
        $env:COLUMNS = 80
        try {
            @((($InputObject | Out-String -Width 80) -replace "`r", '').Trim("`n") -split "`n")
        } finally {
            $env:COLUMNS = $before
        }
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
    BeforeAll {
        $script:ColumnsBefore = $env:COLUMNS
        # Issue 24: every example bundle's default view fits 45 lines at 80 columns, with no allowance: a
        # finding's summary and Do: say each thing once (the per-VM lines and Azure's full errors are in its
        # Evidence, which the view leaves to Format-List *).
        function Get-DebugView {
            param([string] $Example, [int] $Columns)
            # The view wraps to $env:COLUMNS (a script's way to say how wide its output is); Out-String wraps anything wider.
            $env:COLUMNS = $Columns
            try {
                $out = Debug-VmssAutoscale -Snapshot (Join-Path $ExampleRoot $Example) -WarningAction SilentlyContinue
                @((($out | Out-String -Width $Columns) -replace "`r", '').Trim("`n") -split "`n")
            } finally {
                $env:COLUMNS = $script:ColumnsBefore
            }
        }
    }

    It '<Example>: fits 45 lines at 80 columns, no line over 79' -TestCases $Examples {
        param($Example)
        $lines = Get-DebugView $Example 80
        $lines.Count | Should -BeLessOrEqual 45 -Because ($lines -join "`n")
        $lines | Where-Object { $_.Length -gt 79 } | Should -BeNullOrEmpty
    }

    It '<Example>: every sentence of each Fail and Warn summary and remedy is whole at 80 and at 200 columns' -TestCases $Examples {
        param($Example)
        $findings = Debug-VmssAutoscale -Snapshot (Join-Path $ExampleRoot $Example) -WarningAction SilentlyContinue |
            Where-Object { $_ -is [VmssAutoscale.Model.Finding] }
        foreach ($columns in 80, 200) {
            $lines = Get-DebugView $Example $columns
            $lines | Where-Object { $_.Length -ge $columns } | Should -BeNullOrEmpty
            # Wrapping only moves words onto the next line: with the white space taken out, each sentence is there in one piece.
            $shown = ($lines -join '') -replace '\s', ''
            foreach ($f in $findings | Where-Object Status -In 'Fail', 'Warn') {
                foreach ($sentence in [VmssAutoscale.Model.ConsoleText]::Sentences($f.Summary + ' ' + $f.Remediation)) {
                    $shown.Contains(($sentence -replace '\s', '')) | Should -BeTrue -Because "'$sentence' ($($f.Check)) at $columns columns"
                }
            }
            # A Pass or Skip is its headline, on one line.
            foreach ($f in $findings | Where-Object Status -In 'Pass', 'Skipped') {
                @($lines | Where-Object { $_ -match "^(pass|skip)\s+$([regex]::Escape($f.Check))\s" }) | Should -HaveCount 1
            }
        }
    }

    It 'shows a header, the headline of each finding, the whole summary and remedy of a failure, then the conditions' {
        $lines = Get-DebugView 'one-hot-instance' 80
        $lines[0] | Should -Match 'Findings for scale set: vmss-one-hot-instance'
        @($lines | Where-Object { $_ -match '^pass ' }).Count | Should -Be 12  # 8 guide checks, CapacityWriters, AzureStatus, ServiceAgreement (the bundle's run history) and Headroom (its platform reads) pass; Notifications warns
        $fail = @($lines | Where-Object { $_ -match '^FAIL ' })
        $fail | Should -HaveCount 1
        $fail[0] | Should -BeExactly 'FAIL High     AverageAcrossInstances Average Percentage CPU over 10 min across…'
        $lines | Should -Contain '  ScalingActive   True    OnlySomeInstancesHot'
        $lines | Should -Contain 'Source:      Snapshot one-hot-instance/snapshot.json'
        # The README's sentence, whole, under the headline; then what to do.
        $at = [array]::IndexOf($lines, $fail[0])
        $body = ($lines[($at + 1)..($at + 8)] | ForEach-Object Trim) -join ' '
        $body | Should -Match ([regex]::Escape('Only 1 of 4 instances is hot (vmss-one-hot-instance_2 at 100): the average would need 18.9 points more.'))
        $body | Should -Match 'Do: Autoscale acts on the average across all instances'
    }

    It 'widens the headline of a passing check to the console, and cuts nothing at 200 columns' {
        $lines = Get-DebugView 'one-hot-instance' 200
        $pass = Debug-VmssAutoscale -Snapshot (Join-Path $ExampleRoot 'one-hot-instance') | Where-Object Check -EQ 'ScaleSetState'
        $lines | Where-Object { $_ -match '^pass\s+ScaleSetState' } | Should -Match ([regex]::Escape(@([VmssAutoscale.Model.ConsoleText]::Sentences($pass.Summary))[0]) + '$')
        $lines | Where-Object { $_ -match '…' } | Should -BeNullOrEmpty
    }

    It 'keeps the whole summary, evidence and remedy of a finding in Format-List *' {
        $finding = Debug-VmssAutoscale -Snapshot (Join-Path $ExampleRoot 'thresholds-50-50-flapping') | Where-Object Check -EQ 'ScaleEvents'
        $text = ($finding | Format-List * | Out-String -Width 400) -replace '\s+', ' '
        $text.Contains(($finding.Summary -replace '\s+', ' ')) | Should -BeTrue
        $text.Contains(($finding.Remediation -replace '\s+', ' ')) | Should -BeTrue
        $text | Should -Match 'Headline : Autoscale is flapping'
        $text.Contains($finding.Evidence[0]) | Should -BeTrue
        $finding.Evidence.Count | Should -Be 11
    }

    It '<Example>: says no sentence twice' -TestCases $Examples {
        param($Example)
        $text = (Get-DebugView $Example 80) -join "`n"
        # Join the wrapped lines back into prose, then split into sentences of some length.
        $prose = ($text -replace "`n\s+", ' ')
        $sentences = [regex]::Split($prose, '(?<=[.!?])\s+') | ForEach-Object Trim | Where-Object { $_.Length -ge 40 }
        $sentences | Group-Object | Where-Object Count -GT 1 | ForEach-Object Name | Should -BeNullOrEmpty
    }
}

Describe 'The Demo and the cmdlet agree' {
    It 'prints the lines of the findings'' default view, in colour' {
        $before = $env:COLUMNS
        $env:COLUMNS = 80
        try {
            $demo = & (Join-Path $ExampleRoot 'Demo.ps1') -ModuleManifest (Join-Path $PSScriptRoot '../../out/VmssAutoscale/VmssAutoscale.psd1') -Example 'thresholds-50-50-flapping' 6>&1 |
                ForEach-Object { "$_" }
            $view = Debug-VmssAutoscale -Snapshot (Join-Path $ExampleRoot 'thresholds-50-50-flapping') -WarningAction SilentlyContinue |
                Where-Object { $_ -is [VmssAutoscale.Model.Finding] } | Out-String -Width 80
        } finally {
            $env:COLUMNS = $before
        }
        $viewLines = @(($view -replace "`r", '') -split "`n" | Where-Object { $_ -match '^(FAIL|WARN|pass|skip) |^     ' })
        $viewLines.Count | Should -BeGreaterThan 20
        foreach ($line in $viewLines) { $demo | Should -Contain $line }
    }
}
