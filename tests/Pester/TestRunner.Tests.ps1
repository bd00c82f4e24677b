<#
    The test runner itself (tests/Pester/TestRunner.psm1, used by build.ps1 -Task Test and
    Run-Pester.ps1): a failed, errored or skipped xUnit test is never counted as passed, a Pester
    container that cannot load counts as a failure, every skip keeps its reason, and a file that
    leaves the module connected is caught before the next file inherits the connection.
#>
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/VmssAutoscale/VmssAutoscale.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestRunner.psm1') -Force

    # A TRX as VSTest writes it (namespace, counters, a skipped xUnit test with its Skip reason).
    function New-Trx([string] $Counters, [string] $Results) {
        $path = Join-Path $TestDrive ("run-" + [guid]::NewGuid().ToString('N') + '.trx')
        Set-Content -LiteralPath $path -Encoding utf8 -Value @"
<?xml version="1.0" encoding="utf-8"?>
<TestRun id="1" name="run" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  <Results>$Results</Results>
  <ResultSummary outcome="Failed"><Counters $Counters /></ResultSummary>
</TestRun>
"@
        $path
    }
}

Describe 'Get-TrxCounts' {
    It 'counts failures, errors, timeouts and aborts as failed, and skipped tests (total minus executed) with their reasons' {
        $results = '<UnitTestResult testName="A.passes" outcome="Passed" />' +
            '<UnitTestResult testName="A.skipped" outcome="NotExecuted"><Output><ErrorInfo><Message>needs the corpus</Message></ErrorInfo></Output></UnitTestResult>' +
            '<UnitTestResult testName="A.silent" outcome="NotExecuted" />'
        $trx = New-Trx -Counters 'total="9" executed="7" passed="3" failed="1" error="1" timeout="1" aborted="1"' -Results $results
        $c = Get-TrxCounts $trx
        $c.Passed | Should -Be 3
        $c.Failed | Should -Be 4
        $c.Skipped | Should -Be 2
        $c.SkippedTests.Name | Should -Be @('A.skipped', 'A.silent')
        $c.SkippedTests.Reason | Should -Be @('needs the corpus', 'skipped (no reason given)')
    }

    It 'reads a clean run as all passed and nothing skipped' {
        $c = Get-TrxCounts (New-Trx -Counters 'total="2" executed="2" passed="2" failed="0"' -Results '<UnitTestResult testName="A.a" outcome="Passed" /><UnitTestResult testName="A.b" outcome="Passed" />')
        $c.Passed, $c.Failed, $c.Skipped | Should -Be @(2, 0, 0)
        $c.SkippedTests | Should -BeNullOrEmpty
    }
}

Describe 'ConvertTo-PesterSummary' {
    BeforeAll {
        # The shape of Invoke-Pester -PassThru that the summary reads.
        $block = [pscustomobject]@{ Tag = @('Needs:Azurite'); Parent = $null }
        $script:Run = [pscustomobject]@{
            PassedCount = 5; FailedCount = 1; SkippedCount = 2; NotRunCount = 1
            Containers  = @([pscustomobject]@{ Result = 'Failed'; FailedCount = 0 }, [pscustomobject]@{ Result = 'Failed'; FailedCount = 1 }, [pscustomobject]@{ Result = 'Passed'; FailedCount = 0 })
            Tests       = @(
                [pscustomobject]@{ Result = 'Passed'; ExpandedPath = 'X.passes'; Tag = @(); Block = $null; ErrorRecord = @() }
                [pscustomobject]@{ Result = 'Skipped'; ExpandedPath = 'X.needs azurite'; Tag = @(); Block = $block; ErrorRecord = @() }
                [pscustomobject]@{ Result = 'Skipped'; ExpandedPath = 'X.skips itself'; Tag = @(); Block = $null; ErrorRecord = @([pscustomobject]@{ Exception = [Exception]::new('is skipped, because no corpus') }) }
                [pscustomobject]@{ Result = 'NotRun'; ExpandedPath = 'X.not run'; Tag = @(); Block = $null; ErrorRecord = @() })
        }
    }

    It 'counts a container that failed to load as a failure and never counts a skip or a not-run test as passed' {
        $s = ConvertTo-PesterSummary $Run -PrerequisiteGap { param($Name) "no $Name here" }
        $s.Passed | Should -Be 5
        $s.Failed | Should -Be 2
        $s.Skipped | Should -Be 3
    }

    It 'gives each skip the reason of its missing prerequisite, its own message, or says there was none' {
        $s = ConvertTo-PesterSummary $Run -PrerequisiteGap { param($Name) "no $Name here" }
        $s.SkippedTests | ForEach-Object { $_.Name } | Should -Be @('X.needs azurite', 'X.skips itself', 'X.not run')
        $s.SkippedTests | ForEach-Object { $_.Reason } | Should -Be @('no Azurite here', 'is skipped, because no corpus', 'skipped by the test itself (no reason given)')
    }

    It 'falls back to the test''s own message when the prerequisite is present' {
        $s = ConvertTo-PesterSummary $Run -PrerequisiteGap { param($Name) $null }
        $s.SkippedTests[0].Reason | Should -Be 'skipped by the test itself (no reason given)'
    }
}

Describe 'Format-SkipSummary' {
    It 'groups the skipped tests under each reason (reasons in order), with their suite' {
        $lines = Format-SkipSummary @(
            [pscustomobject]@{ Suite = 'xUnit '; Name = 'A.one'; Reason = 'no corpus' }
            [pscustomobject]@{ Suite = 'Pester'; Name = 'B.two'; Reason = 'no browser' }
            [pscustomobject]@{ Suite = 'xUnit '; Name = 'A.three'; Reason = 'no corpus' })
        $lines | Should -Be @(
            'Skipped, not counted as passed:'
            '  1 test(s): no browser'
            '    Pester B.two'
            '  2 test(s): no corpus'
            '    xUnit  A.one'
            '    xUnit  A.three')
    }

    It 'writes nothing when nothing was skipped' {
        Format-SkipSummary @() | Should -BeNullOrEmpty
    }
}

Describe 'Get-TestStateLeak' {
    AfterEach {
        Reset-VmssAutoscaleSession
        Remove-Item Env:VMSSAUTOSCALE_LEAK_PROBE -ErrorAction Ignore
    }

    It 'finds a connection left behind, and none once it is reset' {
        Get-TestStateLeak | Should -BeNullOrEmpty -Because 'this file starts clean'
        $null = Connect-VmssAutoscale -ResourceManagerUrl https://127.0.0.1:1/ -AccessToken not-a-real-token -SubscriptionId 11111111-2222-3333-4444-555555555555 -WarningAction SilentlyContinue
        $leak = @(Get-TestStateLeak)
        $leak | Should -HaveCount 1
        $leak[0] | Should -Match 'still connected .*https://127.0.0.1:1/.*11111111-2222-3333-4444-555555555555'
        Reset-VmssAutoscaleSession
        Get-TestStateLeak | Should -BeNullOrEmpty
    }

    It 'finds a connection that only chose a cloud' {
        $null = Connect-VmssAutoscale -Environment AzureUSGovernment -WarningAction SilentlyContinue
        @(Get-TestStateLeak) | Should -HaveCount 1
    }

    It 'finds a VMSSAUTOSCALE_* variable set since the run began, but not one that was set before it' {
        $env:VMSSAUTOSCALE_LEAK_PROBE = '3'
        Get-TestStateLeak | Should -Match 'VMSSAUTOSCALE_LEAK_PROBE is still set'
        Get-TestStateLeak -Baseline 'VMSSAUTOSCALE_LEAK_PROBE' | Should -BeNullOrEmpty
    }
}

Describe 'New-IsolatedRunContainer' {
    It 'follows every test file with a state check named after it' {
        $files = @((Join-Path $PSScriptRoot 'SnapshotNames.Tests.ps1'), (Join-Path $PSScriptRoot 'Views.Tests.ps1'))
        $containers = @(New-IsolatedRunContainer -File $files)
        $containers | Should -HaveCount 4
        $containers[0].Item.FullName | Should -Be (Get-Item $files[0]).FullName
        $containers[1].Item.Name | Should -Be 'StateCheck.ps1'
        $containers[1].Data.After | Should -Be 'SnapshotNames.Tests.ps1'
        $containers[2].Item.FullName | Should -Be (Get-Item $files[1]).FullName
        $containers[3].Data.After | Should -Be 'Views.Tests.ps1'
    }
}
