<#
.SYNOPSIS
    What build.ps1 -Task Test and Run-Pester.ps1 decide about a test run, in one module so that
    tests/Pester/TestRunner.Tests.ps1 can check it: the xUnit counts read from a TRX file, the
    Pester counts and skip reasons, the skip summary, and the state a test file must not leave
    behind for the next one (the module's connection and VMSSAUTOSCALE_* variables).
#>

function Get-TrxCounts {
    <# Passed, failed and skipped counts of a VSTest TRX file, and each skipped test with its reason. #>
    param([Parameter(Mandatory)] [string] $Path)
    [xml] $trx = Get-Content -Raw -LiteralPath $Path
    $c = $trx.TestRun.ResultSummary.Counters
    # xUnit writes a skipped test as outcome NotExecuted with its Skip reason as the error message.
    $results = @($trx.TestRun.SelectNodes('*[local-name()="Results"]/*[local-name()="UnitTestResult"]'))
    $skippedTests = @($results | Where-Object { $_.outcome -eq 'NotExecuted' } | ForEach-Object {
            $reason = $_.SelectSingleNode('*[local-name()="Output"]/*[local-name()="ErrorInfo"]/*[local-name()="Message"]')
            [pscustomobject]@{ Name = $_.testName; Reason = $(if ($reason) { $reason.InnerText } else { 'skipped (no reason given)' }) }
        })
    [pscustomobject]@{
        Passed       = [int] $c.passed
        Failed       = [int] $c.failed + [int] $c.error + [int] $c.timeout + [int] $c.aborted
        # VSTest leaves skipped tests out of notExecuted; total minus executed counts them.
        Skipped      = [int] $c.total - [int] $c.executed
        SkippedTests = $skippedTests
    }
}

function Get-SkipReason {
    <#
        A skipped Pester test's reason: the missing prerequisite its tags (or its blocks' tags) name
        as 'Needs:<Name>', else the message of Set-ItResult -Skipped -Because. -PrerequisiteGap maps
        a prerequisite name to why it is missing ($null when present).
    #>
    param([Parameter(Mandatory)] $Test, [Parameter(Mandatory)] [scriptblock] $PrerequisiteGap)
    $tags = @($Test.Tag)
    for ($block = $Test.Block; $block; $block = $block.Parent) { $tags += @($block.Tag) }
    foreach ($tag in $tags) {
        if ("$tag" -like 'Needs:*') {
            $gap = & $PrerequisiteGap ("$tag".Substring(6))
            if ($gap) { return $gap }
        }
    }
    if ($Test.ErrorRecord -and $Test.ErrorRecord.Count -gt 0) { return "$($Test.ErrorRecord[-1].Exception.Message)" }
    'skipped by the test itself (no reason given)'
}

function ConvertTo-PesterSummary {
    <#
        The counts build.ps1 adds up, from Invoke-Pester -PassThru's result. A container that fails
        to load (syntax error, failing BeforeAll) has no failed test to count: it counts as one
        failure. Skipped and not-run tests are never counted as passed.
    #>
    param([Parameter(Mandatory)] $Run, [Parameter(Mandatory)] [scriptblock] $PrerequisiteGap)
    $failedBlocks = @($Run.Containers | Where-Object { $_.Result -eq 'Failed' -and $_.FailedCount -eq 0 }).Count
    $skippedTests = @($Run.Tests | Where-Object { $_.Result -eq 'Skipped' -or $_.Result -eq 'NotRun' } | ForEach-Object {
            [ordered]@{ Name = $_.ExpandedPath; Reason = Get-SkipReason $_ -PrerequisiteGap $PrerequisiteGap }
        })
    [ordered]@{
        Passed       = [int] $Run.PassedCount
        Failed       = [int] $Run.FailedCount + $failedBlocks
        Skipped      = [int] $Run.SkippedCount + [int] $Run.NotRunCount
        SkippedTests = $skippedTests
    }
}

function Format-SkipSummary {
    <# The lines that list every skipped test under its reason, so a missing prerequisite is seen, never mistaken for a pass. #>
    param([object[]] $SkippedTests)
    $tests = @($SkippedTests | Where-Object { $_ })
    if (-not $tests) { return }
    'Skipped, not counted as passed:'
    foreach ($group in $tests | Group-Object Reason) {
        "  {0} test(s): {1}" -f $group.Count, $group.Name
        foreach ($test in $group.Group) { "    $($test.Suite) $($test.Name)" }
    }
}

function Get-TestStateLeak {
    <#
        What a test file left behind that the next file would inherit: a Connect-VmssAutoscale
        connection (a later file's live call would go to a fake that has stopped and retry for a
        minute), or a VMSSAUTOSCALE_* environment variable that was not set when the run began.
        -Baseline is the list of such variables at the start.
    #>
    param([string[]] $Baseline = @())
    $defaults = 'VmssAutoscale.Sources.AzureSessionDefaults' -as [type]
    if ($defaults) {
        $s = $defaults::Current
        $clean = [Activator]::CreateInstance($defaults.GetNestedType('Settings'))
        if ($s.HasAccessToken -or $s.SubscriptionId -or $s.TenantId -or $s.EnvironmentChosen -or $s.SkipCertificateCheck -or $s.ResourceManagerUrl -ne $clean.ResourceManagerUrl) {
            "the module is still connected (Connect-VmssAutoscale to $($s.ResourceManagerUrl), subscription '$($s.SubscriptionId)'); call Reset-VmssAutoscaleSession (or Stop-FakeArm) in AfterAll"
        }
    }
    foreach ($name in @(Get-ChildItem Env: | Where-Object Name -Like 'VMSSAUTOSCALE_*' | ForEach-Object Name | Sort-Object)) {
        if ($Baseline -notcontains $name) { "environment variable $name is still set; remove it in AfterEach or AfterAll" }
    }
}

function Reset-VmssAutoscaleSession {
    <# Forgets what Connect-VmssAutoscale set, as in a new session. The module has no Disconnect cmdlet; tests reach the defaults directly. #>
    $defaults = 'VmssAutoscale.Sources.AzureSessionDefaults' -as [type]
    if ($defaults) { $defaults::Set([Activator]::CreateInstance($defaults.GetNestedType('Settings'))) }
}

function New-IsolatedRunContainer {
    <#
        The Pester containers of a run: each test file followed by a check that it left no state
        (Get-TestStateLeak). A leak is a failed test named after the file; the check then cleans up,
        so one leak never cascades into the next file's results.
    #>
    param([Parameter(Mandatory)] [string[]] $File, [string[]] $Baseline = @())
    $check = Join-Path $PSScriptRoot 'StateCheck.ps1'
    foreach ($f in $File) {
        New-PesterContainer -Path $f
        New-PesterContainer -Path $check -Data @{ After = (Split-Path -Leaf $f); Baseline = $Baseline }
    }
}

Export-ModuleMember -Function Get-TrxCounts, Get-SkipReason, ConvertTo-PesterSummary, Format-SkipSummary, Get-TestStateLeak, Reset-VmssAutoscaleSession, New-IsolatedRunContainer
