BeforeAll {
    . (Join-Path $PSScriptRoot 'FakeArm.Helpers.ps1')
    Import-Module $script:ModuleManifest -Force
    $script:fake = Start-FakeArm -Token 'pester-token-5b21', 'az-context-token-77e0'
}

AfterAll {
    Stop-FakeArm $script:fake
    Remove-Item function:global:Get-AzContext, function:global:Get-AzAccessToken -ErrorAction Ignore
}

Describe 'Connect-VmssAutoscale' {
    It 'refuses a plain http endpoint before any request' {
        { Connect-VmssAutoscale -ResourceManagerUrl 'http://127.0.0.1:1/' -AccessToken t -ErrorAction Stop } |
            Should -Throw -ErrorId 'VmssAutoscale.InvalidResourceManagerUrl,VmssAutoscale.Cmdlets.ConnectVmssAutoscaleCommand'
    }

    It 'sets a custom endpoint and returns the connection without the token' {
        $c = Connect-FakeArm $script:fake
        $c.Environment | Should -Be 'Custom'
        $c.ResourceManagerUrl | Should -Be $script:fake.Url
        $c.CredentialSource | Should -Be 'AccessToken'
        $c.SubscriptionId | Should -Be $script:FakeSubscription
        ($c | ConvertTo-Json -Depth 5) | Should -Not -Match 'pester-token'
        ($c.PSObject.Properties.Name -join ',') | Should -Not -Match 'Token'
    }

    It 'warns when certificate checks are skipped' {
        $null = Connect-VmssAutoscale -ResourceManagerUrl $script:fake.Url -AccessToken x -SkipCertificateCheck -WarningVariable w -WarningAction SilentlyContinue
        $w | Should -Match 'will not be checked'
    }

    It 'checks TLS certificates by default, so a self-signed endpoint is refused' {
        $null = Connect-VmssAutoscale -ResourceManagerUrl $script:fake.Url -AccessToken $script:fake.Token -SubscriptionId $script:FakeSubscription
        $err = $null
        $null = Get-VmssAutoscaleTarget -ResourceGroupName rg-web -VMScaleSetName vmss-web -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.ConnectionFailed,*'
        $err[0].CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'chooses the cloud endpoints by -Environment' {
        (Connect-VmssAutoscale -Environment AzureUSGovernment).ResourceManagerUrl | Should -Be 'https://management.usgovcloudapi.net/'
        (Connect-VmssAutoscale -Environment AzureChinaCloud).ResourceManagerUrl | Should -Be 'https://management.chinacloudapi.cn/'
    }

    It 'uses the Az context when no token is given: same subscription, no second sign-in' {
        $script:azUrl = $script:fake.Url
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
            $global:AzAccessTokenResourceUrl = $ResourceUrl
            $secure = ConvertTo-SecureString 'az-context-token-77e0' -AsPlainText -Force
            [pscustomobject]@{ Token = $secure; ExpiresOn = [DateTimeOffset]::UtcNow.AddMinutes(50) }
        }

        $c = Connect-VmssAutoscale -ResourceManagerUrl $script:fake.Url -SkipCertificateCheck -WarningAction SilentlyContinue
        $c.CredentialSource | Should -Be 'AzContext'
        $t = Get-VmssAutoscaleTarget -ResourceGroupName rg-web -VMScaleSetName vmss-web -Verbose 4>&1
        ($t | Where-Object { $_ -is [VmssAutoscale.Model.ScaleSetInfo] }).Capacity | Should -BeGreaterThan 0
        ($t | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Match '\(AzContext\)'
        $global:AzAccessTokenResourceUrl | Should -Be $script:fake.Url
        # The subscription came from the context: no /subscriptions listing was needed.
        (Get-FakeArmRequest $script:fake | Where-Object { $_.path -match '^/subscriptions\?' }) | Should -BeNullOrEmpty
        Remove-Item function:global:Get-AzContext, function:global:Get-AzAccessToken
    }

    It 'never writes the token to any stream, even when the endpoint rejects it' {
        $secret = 'rejected-secret-token-9d3f'
        $null = Connect-VmssAutoscale -ResourceManagerUrl $script:fake.Url -AccessToken $secret -SubscriptionId $script:FakeSubscription -SkipCertificateCheck -WarningAction SilentlyContinue
        $all = & {
            Get-VmssAutoscaleTarget -ResourceGroupName rg-web -VMScaleSetName vmss-web -Verbose -ErrorAction Continue
            Get-VmssScaleEvent -ResourceGroupName rg-web -VMScaleSetName vmss-web -Verbose -ErrorAction Continue
        } *>&1
        $errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $errors.Count | Should -BeGreaterThan 0
        $errors[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        $errors[0].Exception.Message | Should -Match 'Connect-AzAccount'
        $text = ($all | ForEach-Object { $_ | Out-String }) -join "`n"
        $text += ($errors | ForEach-Object { $_.Exception.ToString() + ($_ | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue) }) -join "`n"
        $text | Should -Not -Match $secret
        (Get-FakeArmRequest $script:fake | ConvertTo-Json -Depth 3) | Should -Not -Match $secret
    }
}
