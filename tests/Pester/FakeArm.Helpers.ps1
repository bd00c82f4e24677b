<#
    Shared by the live-Azure Pester tests: starts the fake ARM (tests/FakeArm) as a loopback HTTPS
    server in its own process and talks to its control endpoints. Dot-source it in BeforeAll.
#>

Import-Module (Join-Path $PSScriptRoot 'TestUtils.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'TestRunner.psm1')
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:ModuleManifest = Join-Path $script:RepoRoot 'out/VmssAutoscale/VmssAutoscale.psd1'
$script:FakeArmDll = Join-Path $script:RepoRoot 'tests/FakeArm/bin/Release/net10.0/FakeArm.dll'
$script:FakeSubscription = '11111111-2222-3333-4444-555555555555'

function Start-FakeArm {
    param([string[]] $Token = @('pester-token-5b21'), [int] $Fleet = 0)
    if (-not (Test-Path $script:FakeArmDll)) {
        # xUnit builds it first in build.ps1 -Task Test; build it when a test file runs on its own.
        & dotnet build (Join-Path $script:RepoRoot 'tests/FakeArm/FakeArm.csproj') -c Release -nologo -v quiet | Out-Null
        if ($LASTEXITCODE -ne 0) { throw 'Could not build tests/FakeArm.' }
    }
    $arguments = @($script:FakeArmDll) + ($Token | ForEach-Object { '--token', $_ }) + @('--fleet', $Fleet)
    $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in $arguments) { $psi.ArgumentList.Add([string] $a) }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardInput = $true
    $psi.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($psi)
    $line = $process.StandardOutput.ReadLine()
    if ($line -notmatch '^LISTENING (https://\S+)$') { $process.Kill(); throw "FakeArm did not start: '$line'" }
    [pscustomobject]@{ Url = $Matches[1]; Process = $process; Token = $Token[0] }
}

function Stop-FakeArm {
    # Also forgets the connection to it: a later file's live call must not retry a stopped fake.
    param($Fake)
    Reset-VmssAutoscaleSession
    if (-not $Fake) { return }
    # Closing its standard input ends it; kill only this process if it does not go.
    $Fake.Process.StandardInput.Close()
    if (-not $Fake.Process.WaitForExit(5000)) { $Fake.Process.Kill() }
}

function Invoke-FakeArmControl {
    param($Fake, [string] $Path, $Body, [string] $Method = 'Post')
    $json = if ($null -ne $Body) { ConvertTo-Json -InputObject $Body -Depth 5 } else { $null }
    $answer = Invoke-RestMethod -Uri ($Fake.Url.TrimEnd('/') + $Path) -Method $Method -Body $json -ContentType 'application/json' -SkipCertificateCheck
    # Enumerate a JSON array so callers can count and filter its items.
    foreach ($item in $answer) { $item }
}

function Add-FakeArmFault {
    param($Fake, [string] $Match, [int] $Status, [int] $Count = 1, [hashtable] $Headers = @{}, [string] $Method, [string] $Body)
    $fault = @{ match = $Match; status = $Status; count = $Count; headers = $Headers }
    if ($Method) { $fault.method = $Method }
    if ($PSBoundParameters.ContainsKey('Body')) { $fault.body = $Body }
    Invoke-FakeArmControl $Fake '/_fake/faults' @(, $fault) | Out-Null
}

function Set-FakeArmConfig {
    param($Fake, [int] $LroPolls = 2, [string] $LroResult = 'Succeeded', [int] $PollRetryAfterMs = 20, [int] $PageSize = 2, [string] $RepeatNextLink, [int] $ResourceGraphPageSize = 1000, [int] $LatencyMs = 0, [string] $HangMatch)
    Invoke-FakeArmControl $Fake '/_fake/config' @{ lroPolls = $LroPolls; lroResult = $LroResult; pollRetryAfterMs = $PollRetryAfterMs; pageSize = $PageSize; repeatNextLink = $(if ($RepeatNextLink) { $RepeatNextLink } else { $null }); resourceGraphPageSize = $ResourceGraphPageSize; latencyMs = $LatencyMs; hangMatch = $(if ($HangMatch) { $HangMatch } else { $null }) } | Out-Null
}

function Get-FakeArmRequest {
    param($Fake)
    Invoke-FakeArmControl $Fake '/_fake/requests' $null -Method Get
}

function Clear-FakeArmRequest {
    param($Fake)
    Invoke-FakeArmControl $Fake '/_fake/reset-log' $null | Out-Null
}

function Connect-FakeArm {
    param($Fake, [string] $Token = $Fake.Token, [switch] $NoSubscription)
    $p = @{ ResourceManagerUrl = $Fake.Url; AccessToken = $Token; SkipCertificateCheck = $true; WarningAction = 'SilentlyContinue' }
    if (-not $NoSubscription) { $p.SubscriptionId = $script:FakeSubscription }
    Connect-VmssAutoscale @p
}


function Add-FakeArmSeed {
    <#
        Adds scale sets, autoscale settings, storage accounts (with their table endpoint and key)
        and host-metric levels to a running fake ARM; see tests/FakeArm/FakeArmService.MonitorAndStorage.cs.
    #>
    param($Fake, [hashtable] $Seed)
    $json = ConvertTo-Json -InputObject $Seed -Depth 20
    Invoke-RestMethod -Uri ($Fake.Url.TrimEnd('/') + '/_fake/seed') -Method Post -Body $json -ContentType 'application/json' -SkipCertificateCheck | Out-Null
}
