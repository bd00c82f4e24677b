<#
    Dependency isolation on PowerShell 7: another module's older Azure.Core (1.36.0, restored by
    build.ps1 into out/packages) and ours (in dependencies/, private load context) must not see
    each other, in either load order. Each case runs in a fresh pwsh, because an assembly, once
    loaded, stays for the life of the process.
#>
BeforeAll {
    . (Join-Path $PSScriptRoot 'FakeArm.Helpers.ps1')
    $script:oldCore = Join-Path $script:RepoRoot 'out/packages/azure.core/1.36.0/lib/netstandard2.0/Azure.Core.dll'
    $script:fake = Start-FakeArm
    $script:pwsh = Get-PwshInvocation

    # Runs in the child: loads in the order asked, uses both copies, reports what it saw as JSON.
    $script:child = Join-Path $TestDrive 'isolation-child.ps1'
    Set-Content -Path $script:child -Value @'
param([string] $Order, [string] $Manifest, [string] $OldCore, [string] $Url, [string] $Token, [string] $Subscription)
$ErrorActionPreference = 'Stop'
function Get-AzureCore {
    [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Azure.Core' } | ForEach-Object {
        $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_)
        [pscustomobject]@{ Version = $_.GetName().Version.ToString(); Default = [object]::ReferenceEquals($context, [System.Runtime.Loader.AssemblyLoadContext]::Default) }
    }
}
function Use-OldCore {
    Add-Type -Path $OldCore
    $assembly = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Azure.Core' -and [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_) -eq [System.Runtime.Loader.AssemblyLoadContext]::Default }
    $type = $assembly.GetType('Azure.Core.AccessToken', $true)
    $value = [Activator]::CreateInstance($type, @('other-module-token', [DateTimeOffset]::UtcNow.AddHours(1)))
    [pscustomobject]@{ Version = $type.Assembly.GetName().Version.ToString(); Works = ($value.Token -eq 'other-module-token') }
}
function Use-Ours {
    Import-Module $Manifest
    $null = Connect-VmssAutoscale -ResourceManagerUrl $Url -AccessToken $Token -SubscriptionId $Subscription -SkipCertificateCheck -WarningAction SilentlyContinue
    $target = Get-VmssAutoscaleTarget -ResourceGroupName rg-web -VMScaleSetName vmss-web
    $backend = [VmssAutoscale.Sources.AzureBackendLoader]::Backend.GetType().Assembly
    [pscustomobject]@{ Capacity = $target.Capacity; BackendContext = [VmssAutoscale.Sources.DependencyLoader]::DescribeLoadContext($backend) }
}
$result = [ordered]@{ Order = $Order }
if ($Order -eq 'OtherFirst') {
    $result.Other = Use-OldCore
    $result.Ours = Use-Ours
} else {
    $result.Ours = Use-Ours
    $result.DefaultCoreBeforeOther = @(Get-AzureCore | Where-Object Default).Count
    $result.Other = Use-OldCore
    $result.OursAgain = (Get-VmssAutoscaleTarget -ResourceGroupName rg-web -VMScaleSetName vmss-linux).Capacity
}
$result.Cores = @(Get-AzureCore)
$result | ConvertTo-Json -Depth 4 -Compress
'@

    function Invoke-Isolated([string] $Order) {
        $json = & $script:pwsh[0] @($script:pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $script:child -Order $Order -Manifest $script:ModuleManifest -OldCore $script:oldCore `
            -Url $script:fake.Url -Token $script:fake.Token -Subscription $script:FakeSubscription 2>&1
        if ($LASTEXITCODE -ne 0) { throw "child pwsh failed: $($json -join "`n")" }
        ($json | Select-Object -Last 1) | ConvertFrom-Json
    }
}

AfterAll { Stop-FakeArm $script:fake }

Describe 'Dependency isolation' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
    It 'has the older Azure.Core that plays the other module' {
        # build.ps1 -Task Test restores it; a missing file is a broken setup, not a reason to skip.
        $script:oldCore | Should -Exist
    }

    It 'works when another module loaded an older Azure.Core first' {
        $r = Invoke-Isolated 'OtherFirst'
        $r.Other.Works | Should -BeTrue
        $r.Other.Version | Should -Be '1.36.0.0'
        $r.Ours.Capacity | Should -Be 3
        $r.Ours.BackendContext | Should -Be 'VmssAutoscale.Dependencies'
        @($r.Cores | Where-Object Default).Version | Should -Be @('1.36.0.0')
        @($r.Cores | Where-Object { -not $_.Default }).Count | Should -Be 1
        @($r.Cores | Where-Object { -not $_.Default }).Version | Should -Not -Be '1.36.0.0'
    }

    It 'does not break a module that loads an older Azure.Core after ours was used' {
        $r = Invoke-Isolated 'OursFirst'
        $r.Ours.Capacity | Should -Be 3
        $r.Ours.BackendContext | Should -Be 'VmssAutoscale.Dependencies'
        $r.DefaultCoreBeforeOther | Should -Be 0
        $r.Other.Works | Should -BeTrue
        $r.Other.Version | Should -Be '1.36.0.0'
        $r.OursAgain | Should -Be 2
        @($r.Cores | Where-Object Default).Version | Should -Be @('1.36.0.0')
    }

    It 'keeps every Azure SDK assembly out of the module root, which PowerShell probes' {
        $root = Split-Path $script:ModuleManifest
        Get-ChildItem $root -Filter 'Azure.*.dll' | Should -BeNullOrEmpty
        Get-ChildItem $root -Filter 'Azure.*.dll' -Recurse | Should -Not -BeNullOrEmpty
        Join-Path $root 'dependencies/VmssAutoscale.Azure.dll' | Should -Exist
    }
}
