#Requires -Version 5.1
# Issue 13, item 6: the examples show the output they cite. Every example of docs/*.md runs
# offline in the built module and shows its real output, or says on its first code line that it
# needs Azure (# Needs Azure: why); those are listed by name, one test each, and must at least parse.
# An example that needs Azure and still shows output shows the tables the views really draw: its
# header lines equal those of the same shape made from tests/Pester/OutputSamples.ps1. README
# quotes the module word for word.
# Issue 24, item 5: Get-Help <cmdlet> -Examples fits an 80-column console. Get-Help indents an
# example's code, output and remarks by 4 columns and cuts longer lines mid-word, so the Output
# blocks show a 76-column console (DocsExamples.psm1, $HelpWidth), code lines are at most 76
# characters, and the help builder wraps remarks and the synopsis; checked by running Get-Help.
# After changing a view or an example: tools/Update-DocsExamples.ps1 rewrites the Output blocks.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'DocsExamples.psm1') -Force
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $all = @(Get-DocExampleSet -Root $root)
    $script:Offline = @($all | Where-Object { -not $_.NeedsAzure } | ForEach-Object { @{ Page = $_.Page; Title = $_.Title; Example = $_ } })
    $script:LiveShown = @($all | Where-Object { $_.NeedsAzure -and $null -ne $_.Output } | ForEach-Object { @{ Page = $_.Page; Title = $_.Title; Example = $_ } })
    $script:AllExamples = @($all | ForEach-Object { @{ Page = $_.Page; Title = $_.Title; Example = $_ } })
    $script:Live = @($all | Where-Object NeedsAzure | ForEach-Object { @{ Page = $_.Page; Title = $_.Title; Reason = $_.NeedsAzure; Example = $_ } })
    $script:CmdletPages = @(Get-ChildItem (Join-Path $root 'docs') -Filter '*-*.md' | Sort-Object Name | ForEach-Object { @{ Command = $_.BaseName } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/VmssAutoscale/VmssAutoscale.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'DocsExamples.psm1') -Force
    . (Join-Path $PSScriptRoot 'OutputSamples.ps1')
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

    # The examples that need Azure and show output, and the same shape made from the output samples
    # (real objects of the same types, produced offline).
    $script:LiveShapes = @{
        'Get-VmssDiagnosticsSample: Example 2: Is the diagnostics extension writing?'          = { param($s) $s['DiagnosticsHealth'] }
        "Get-VmssDiagnosticsSample: Example 3: Why the Azure Monitor Agent's counter never arrives" = { param($s) $s['DiagnosticsVerdict'] | Select-Object VMScaleSetName, AgentReason, AgentMessage }
        'Get-VmssAutoscaleRunHistory: Example 5: What the engine logged, rule by rule'           = { param($s) $s['AutoscaleLogRecord'] }
        'Get-VmssAutoscaleRunHistory: Example 6: Why the engine held back, and the actions it took' = { param($s) $s['AutoscaleLogRecord'] }
    }
}

Describe 'docs/ examples' {
    It '<Page>: <Title> has code' -TestCases $AllExamples {
        param($Example)
        $Example.Code | Should -Not -BeNullOrEmpty
    }

    It '<Page>: <Title> shows its real output' -TestCases $Offline {
        param($Example)
        $Example.Output | Should -Not -BeNull -Because 'an example that runs offline shows its output (tools/Update-DocsExamples.ps1 writes it); one that needs Azure starts with "# Needs Azure: <why>"'
        $actual = Invoke-DocExample -Example $Example -Root $Root
        $actual | Should -BeExactly (ConvertTo-DocText -Text $Example.Output) -Because "the page shows what the built module writes at $HelpWidth columns (run tools/Update-DocsExamples.ps1 after changing a view)"
    }

    It '<Page>: <Title> needs Azure and shows the columns the view draws' -TestCases $LiveShown {
        param($Example)
        $key = "$($Example.Page): $($Example.Title)"
        $LiveShapes.Keys | Should -Contain $key -Because 'an example that needs Azure and shows output names the shape of its objects in $LiveShapes'
        # Made once for all such examples (each run of every cmdlet costs seconds).
        if (-not $script:Sample) { $script:Sample = Get-OutputSample -Scratch $TestDrive }
        $sample = $script:Sample
        $expected = @(Get-TableHeader ((& $LiveShapes[$key] $sample) | Out-String -Width $HelpWidth))
        $expected | Should -Not -BeNullOrEmpty
        @(Get-TableHeader $Example.Output) | Should -Be $expected
    }

    It '<Page>: <Title> needs Azure (<Reason>), and parses' -TestCases $Live {
        param($Example)
        $errors = $null
        $null = [System.Management.Automation.Language.Parser]::ParseInput($Example.Code, [ref] $null, [ref] $errors)
        $errors | ForEach-Object Message | Should -BeNullOrEmpty
    }

    It '<Page>: <Title> has code lines that fit Get-Help at 80 columns' -TestCases $AllExamples {
        param($Example)
        $long = @($Example.Code -split "`n" | Where-Object { $_.TrimEnd().Length -gt $HelpWidth })
        $long | Should -BeNullOrEmpty -Because "Get-Help indents code by 4, so a line over $HelpWidth characters is cut mid-word at 80 columns; break it after a pipe or with a backtick"
    }

    It '<Command>: Get-Help -Examples fits 80 columns, so the console cuts nothing' -TestCases $CmdletPages {
        param($Command)
        # What Get-Help shows on a console of this width, without trailing blanks.
        function Show-Help([int] $Width) { ((Get-Help $Command -Examples | Out-String -Width $Width) -split "\r?\n" | ForEach-Object { $_.TrimEnd() }) -join "`n" }
        $wide = Show-Help 1000
        $wide | Should -Match 'Example 2' -Because 'the help of every cmdlet has at least two examples'
        @($wide -split "`n" | Where-Object { $_.Length -gt 80 }) | Should -BeNullOrEmpty -Because 'each line Get-Help writes must fit 80 columns'
        Show-Help 80 | Should -BeExactly $wide -Because 'at 80 columns Get-Help must not wrap any line'
    }

    It 'names only examples that exist and show output in its list of live shapes' {
        $shown = $LiveShown | ForEach-Object { "$($_.Page): $($_.Title)" }
        $LiveShapes.Keys | Where-Object { $shown -notcontains $_ } | Should -BeNullOrEmpty
    }
}

Describe 'README quotes' {
    It 'quotes the one-hot-instance finding word for word' {
        $readme = [IO.File]::ReadAllLines((Join-Path $Root 'README.md'))
        $quote = ($readme | Where-Object { $_ -match '^> ' } | ForEach-Object { $_.Substring(2).Trim() }) -join ' '
        $quote | Should -Not -BeNullOrEmpty
        $finding = Debug-VmssAutoscale -Snapshot (Join-Path $Root 'examples/one-hot-instance') | Where-Object Check -EQ 'AverageAcrossInstances'
        ($finding.Summary -replace '\s+', ' ') | Should -BeExactly $quote
    }
    It 'quotes the test summary build.ps1 writes when Chromium is missing' {
        $readme = [IO.File]::ReadAllText((Join-Path $Root 'README.md')) -replace "`r", ''
        $quoted = [regex]::Match($readme, '(?s)```\n(Skipped, not counted as passed:\n.*?)\n```').Groups[1].Value
        $quoted | Should -Not -BeNullOrEmpty

        # The reason as Prerequisites.psm1 gives it on a machine without a browser.
        $path, $browser = $env:PATH, $env:VMSSAUTOSCALE_BROWSER
        try {
            $env:PATH = ''; $env:VMSSAUTOSCALE_BROWSER = $null
            $reason = & (Import-Module (Join-Path $PSScriptRoot 'Prerequisites.psm1') -PassThru) { Get-PrerequisiteGap Chromium }
        } finally {
            $env:PATH, $env:VMSSAUTOSCALE_BROWSER = $path, $browser
        }
        $reason | Should -Not -BeNullOrEmpty

        # The summary as build.ps1 writes it (Format-SkipSummary of TestRunner.psm1), for the test the README names.
        Import-Module (Join-Path $PSScriptRoot 'TestRunner.psm1')
        $test = [pscustomobject]@{ Suite = 'Pester'; Name = 'Export-VmssAutoscaleReport.renders in headless Chromium with the charts, findings and conditions'; Reason = $reason }
        $written = (Format-SkipSummary @($test)) -join "`n"
        $written | Should -BeExactly $quoted
        (Get-Content -Raw (Join-Path $PSScriptRoot 'Export-VmssAutoscaleReport.Tests.ps1')) | Should -Match "It 'renders in headless Chromium with the charts, findings and conditions'"
    }
}
