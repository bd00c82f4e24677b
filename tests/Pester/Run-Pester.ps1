<#
.SYNOPSIS
    Runs every tests/Pester/*.Tests.ps1 against the built module and writes the counts as JSON.
    build.ps1 calls this in a fresh process so the module under test is never the one a
    previous test left loaded.
#>
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $ResultsPath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [string[]] $Path = @($PSScriptRoot)
)

$ErrorActionPreference = 'Stop'
Import-Module $PesterManifest -Force
Import-Module (Join-Path $PSScriptRoot 'Prerequisites.psm1') -Force

# A skipped test's reason: the missing prerequisite its tags (or its blocks' tags) name as
# 'Needs:<Name>', else the message of Set-ItResult -Skipped -Because.
function Get-SkipReason($Test) {
    $tags = @($Test.Tag)
    for ($block = $Test.Block; $block; $block = $block.Parent) { $tags += @($block.Tag) }
    foreach ($tag in $tags) {
        if ("$tag" -like 'Needs:*') {
            $gap = Get-PrerequisiteGap ("$tag".Substring(6))
            if ($gap) { return $gap }
        }
    }
    if ($Test.ErrorRecord -and $Test.ErrorRecord.Count -gt 0) { return "$($Test.ErrorRecord[-1].Exception.Message)" }
    'skipped by the test itself (no reason given)'
}

$config = New-PesterConfiguration
$config.Run.Path = $Path
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'NUnitXml'
$config.TestResult.OutputPath = Join-Path $ResultsPath 'pester.xml'

$run = Invoke-Pester -Configuration $config
# A container that fails to load (syntax error, failing BeforeAll) has no tests to count: count it as a failure.
$failedBlocks = @($run.Containers | Where-Object { $_.Result -eq 'Failed' -and $_.FailedCount -eq 0 }).Count
$skippedTests = @($run.Tests | Where-Object { $_.Result -eq 'Skipped' -or $_.Result -eq 'NotRun' } | ForEach-Object {
        [ordered]@{ Name = $_.ExpandedPath; Reason = Get-SkipReason $_ }
    })
$summary = [ordered]@{
    Passed       = $run.PassedCount
    Failed       = $run.FailedCount + $failedBlocks
    Skipped      = $run.SkippedCount + $run.NotRunCount
    SkippedTests = $skippedTests
}
$summary | ConvertTo-Json -Depth 4 | Set-Content -Path $SummaryPath -Encoding utf8
if ($summary.Failed -gt 0) { exit 1 }
exit 0
