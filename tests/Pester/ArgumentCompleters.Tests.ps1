<#
    Tab completion of -ResourceGroupName and -VMScaleSetName as a user gets it (TabExpansion2),
    listed from the fake ARM with the session defaults the cmdlets use.
#>
BeforeAll {
    . (Join-Path $PSScriptRoot 'FakeArm.Helpers.ps1')
    Import-Module $script:ModuleManifest -Force
    $script:fake = Start-FakeArm -Token 'pester-token-5b21', 'completer-az-token-4c2a'

    function Complete([string] $Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
    }

    $script:listPath = '/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachineScaleSets?'
}

AfterAll { Stop-FakeArm $script:fake }

Describe 'Argument completers' {
    BeforeEach {
        Set-FakeArmConfig $script:fake
        $null = Connect-FakeArm $script:fake
        Clear-FakeArmRequest $script:fake
    }

    It 'completes scale set names in the resource group typed, once per session for a while' {
        $first = Complete 'Get-VmssAutoscaleTarget -ResourceGroupName rg-web -VMScaleSetName vmss-'
        $first.CompletionText | Should -Be @('vmss-batch', 'vmss-busy', 'vmss-linux', 'vmss-small', 'vmss-web')
        $first[0].ResultType | Should -Be 'ParameterValue'
        $pages = @(Get-FakeArmRequest $script:fake | Where-Object { $_.path.Contains($script:listPath) }).Count
        $pages | Should -BeGreaterThan 0

        # Pressing Tab again in the same session reads nothing more.
        Clear-FakeArmRequest $script:fake
        (Complete 'Get-VmssAutoscaleTarget -ResourceGroupName rg-web -VMScaleSetName vmss-l').CompletionText | Should -Be 'vmss-linux'
        @(Get-FakeArmRequest $script:fake) | Should -HaveCount 0
    }

    It 'completes -<Parameter> on <Command>' -ForEach @(
        foreach ($c in 'Get-VmssAutoscaleTarget', 'Get-VmssAutoscaleSetting', 'Get-VmssScaleEvent', 'Invoke-VmssManualScale', 'Get-VmssDiagnosticsSample', 'Debug-VmssAutoscale') {
            @{ Command = $c; Parameter = 'ResourceGroupName'; Line = "$c -ResourceGroupName rg-w"; Expected = @('rg-web') }
            @{ Command = $c; Parameter = 'VMScaleSetName'; Line = "$c -ResourceGroupName rg-web -VMScaleSetName *bat"; Expected = @('vmss-batch') }
        }
    ) {
        (Complete $Line).CompletionText | Should -Be $Expected
    }

    It 'uses the -SubscriptionId already typed' {
        $other = [guid]::NewGuid().Guid
        @(Complete "Get-VmssScaleEvent -SubscriptionId $other -ResourceGroupName rg-web -VMScaleSetName vmss-") | Should -HaveCount 0
        @(Get-FakeArmRequest $script:fake | Where-Object { $_.path -like "/subscriptions/$other/*" }).Count | Should -BeGreaterThan 0
    }

    It 'keeps the quote the user opened' {
        (Complete "Get-VmssAutoscaleTarget -ResourceGroupName 'rg-w").CompletionText | Should -Be "'rg-web'"
    }

    It 'takes the credential and subscription from the Az context, as the cmdlets do' {
        function global:Get-AzContext {
            [pscustomobject]@{
                Account      = [pscustomobject]@{ Id = 'operator@contoso.com' }
                Subscription = [pscustomobject]@{ Id = '11111111-2222-3333-4444-555555555555' }
                Tenant       = [pscustomobject]@{ Id = '99999999-8888-7777-6666-555555555555' }
                Environment  = [pscustomobject]@{ ResourceManagerUrl = 'https://management.azure.com/' }
            }
        }
        function global:Get-AzAccessToken {
            param([string] $ResourceUrl)
            [pscustomobject]@{ Token = 'completer-az-token-4c2a'; ExpiresOn = [DateTimeOffset]::UtcNow.AddMinutes(50) }
        }
        try {
            $null = Connect-VmssAutoscale -ResourceManagerUrl $script:fake.Url -SkipCertificateCheck -WarningAction SilentlyContinue
            (Complete 'Invoke-VmssManualScale -ResourceGroupName rg-web -VMScaleSetName vmss-w').CompletionText | Should -Be 'vmss-web'
            $requests = @(Get-FakeArmRequest $script:fake)
            $requests | ForEach-Object { $_.authorized | Should -BeTrue }
            # The subscription came from the context: no listing of subscriptions.
            @($requests | Where-Object { $_.path.StartsWith('/subscriptions?') }) | Should -HaveCount 0
        }
        finally {
            Remove-Item function:global:Get-AzContext, function:global:Get-AzAccessToken
        }
    }

    It 'offers nothing, without an error, when not signed in' {
        $null = Connect-FakeArm $script:fake -Token 'not-a-valid-token'
        $Error.Clear()
        @(Complete 'Get-VmssAutoscaleTarget -ResourceGroupName rg-') | Should -HaveCount 0
        $Error | Should -HaveCount 0
        # Seen in the fake's log, not on a stopwatch: one refused request, never retried.
        $listing = @(Get-FakeArmRequest $script:fake | Where-Object { $_.path.Contains('/virtualMachineScaleSets?') })
        $listing | Should -HaveCount 1
        $listing[0].authorized | Should -BeFalse
        $listing[0].status | Should -Be 401
    }

    It 'gives up within its time bound when ARM keeps throttling' {
        Add-FakeArmFault $script:fake -Match '/virtualMachineScaleSets?' -Status 429 -Count 50 -Headers @{ 'Retry-After' = '30' }
        @(Complete 'Get-VmssAutoscaleTarget -ResourceGroupName rg-web -VMScaleSetName *') | Should -HaveCount 0
        # The first 429 asks for 30 s, past the completer's 5-second bound: it gives up instead of
        # waiting, so the fake sees that one request and no retry (a stopwatch would flake on a busy machine).
        @(Get-FakeArmRequest $script:fake | Where-Object { $_.path.Contains($script:listPath) }) | Should -HaveCount 1
    }
}
