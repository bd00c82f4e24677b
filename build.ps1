<#
.SYNOPSIS
    Builds, tests and documents the VmssAutoscale module.

.DESCRIPTION
    Tasks:
      Build  (default) compile and lay out a complete module in out/VmssAutoscale
      Test   Build, then run xUnit and Pester; the last line is "N passed, N failed"
      Docs   convert docs/*.md (PlatyPS format) into MAML help inside out/VmssAutoscale
      Demo   Build, then diagnose an embedded example snapshot offline (the README's main job)
      Clean  remove out/ and every bin/ and obj/ folder

    Needs the .NET SDK 10: PowerShell comes from the local dotnet tool manifest, Pester and the
    other test packages from a NuGet restore. Optional for -Task Test: Node.js with npm (Azurite is
    installed from its lock file into tests/azurite) and Chromium or Chrome (the report render
    test). A missing optional prerequisite is reported as skipped, with its reason, in the summary.
    Nothing is installed outside the clone and the user's package caches.

.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Docs', 'Demo', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release',

    # Example to diagnose with -Task Demo (a folder under examples/).
    [string] $Example = ''
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleOut = Join-Path $out 'VmssAutoscale'
$packages = Join-Path $out 'packages'
$results = Join-Path $out 'test-results'
$helpBuilderProject = Join-Path $root 'tools/HelpBuilder/HelpBuilder.csproj'
$helpBuilderDll = Join-Path $root "tools/HelpBuilder/bin/$Configuration/net10.0/HelpBuilder.dll"

function Invoke-Native {
    param([string] $What, [scriptblock] $Command)
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE)." }
}

function Invoke-Build {
    # -WithTests builds the tests too, in the same parallel MSBuild run (VmssAutoscale.slnx);
    # the demo and -Task Build build only the module and the help builder.
    param([switch] $WithTests)
    Write-Host '== Build' -ForegroundColor Cyan
    if ($WithTests) {
        Invoke-Native 'dotnet build' { dotnet build (Join-Path $root 'VmssAutoscale.slnx') -c $Configuration -nologo -v quiet }
    } else {
        Invoke-Native 'dotnet build' { dotnet build (Join-Path $root 'src/VmssAutoscale.Azure/VmssAutoscale.Azure.csproj') -c $Configuration -nologo -v quiet }
        Invoke-Native 'help builder build' { dotnet build $helpBuilderProject -c $Configuration -nologo -v quiet }
    }

    if (Test-Path $moduleOut) { Remove-Item $moduleOut -Recurse -Force }
    $deps = Join-Path $moduleOut 'dependencies'
    New-Item -ItemType Directory -Force -Path $deps | Out-Null

    # The cmdlet assembly and what it needs sit at the module root (default load context);
    # the Azure-facing assembly and every SDK DLL go to dependencies/, which nothing probes,
    # so they load only into the module's private context (see Sources/DependencyLoader.cs).
    $mainBin = Join-Path $root "src/VmssAutoscale/bin/$Configuration/netstandard2.0"
    $azureBin = Join-Path $root "src/VmssAutoscale.Azure/bin/$Configuration/netstandard2.0"
    $rootAssemblies = @('VmssAutoscale.dll', 'TimeZoneConverter.dll')
    foreach ($name in $rootAssemblies) {
        $source = Join-Path $mainBin $name
        if (-not (Test-Path $source)) { $source = Join-Path $azureBin $name }
        Copy-Item $source $moduleOut
    }
    Get-ChildItem $azureBin -Filter '*.dll' |
        Where-Object { $rootAssemblies -notcontains $_.Name } |
        Copy-Item -Destination $deps

    Copy-Item (Join-Path $root 'VmssAutoscale.psd1') $moduleOut
    Copy-Item (Join-Path $root 'src/VmssAutoscale/VmssAutoscale.Format.ps1xml') $moduleOut
    Copy-Item (Join-Path $root 'src/VmssAutoscale/VmssAutoscale.Types.ps1xml') $moduleOut
    Copy-Item (Join-Path $root 'LICENSE') $moduleOut
    Invoke-Docs
    Write-Host "Module: $moduleOut"
}

function Invoke-Docs {
    if (-not (Test-Path $helpBuilderProject)) { throw 'tools/HelpBuilder is missing: help cannot be built.' }
    Write-Host '== Docs' -ForegroundColor Cyan
    # The tool built by Invoke-Build (or the Docs task) is run directly: `dotnet run` would
    # evaluate and check its build once more.
    Invoke-Native 'help build' { dotnet $helpBuilderDll (Join-Path $root 'docs') $moduleOut }
}

function Restore-TestDependencies {
    Write-Host '== Restore test packages' -ForegroundColor Cyan
    Invoke-Native 'test package restore' {
        dotnet restore (Join-Path $root 'tools/TestDependencies/TestDependencies.csproj') --packages $packages -nologo -v quiet
    }
}

function Start-AzuriteInstall {
    # Azurite comes from npm with its lock file. `npm ci` takes about half a minute on a fresh
    # clone, mostly waiting on the network and the disk, so it runs in the background while the
    # build and xUnit run; Wait-AzuriteInstall collects it before Pester, the only user.
    $azuriteDir = Join-Path $root 'tests/azurite'
    $npm = Get-Command npm -CommandType Application -ErrorAction Ignore | Select-Object -First 1
    if (-not $npm) {
        Write-Host 'Node.js/npm not found: Azurite is not installed and the tests that need it are reported as skipped.' -ForegroundColor Yellow
        return $null
    }
    if (-not (Test-Path (Join-Path $azuriteDir 'package-lock.json')) -or (Test-Path (Join-Path $azuriteDir 'node_modules/.bin/azurite-table'))) {
        return $null
    }
    Write-Host '== Azurite: npm ci runs in the background (log in out/npm-ci.log)' -ForegroundColor Cyan
    New-Item -ItemType Directory -Force -Path $out | Out-Null
    $log = Join-Path $out 'npm-ci.log'
    $process = Start-Process -FilePath $npm.Source -ArgumentList @('ci', '--prefix', $azuriteDir, '--no-audit', '--no-fund', '--loglevel=error') `
        -RedirectStandardOutput $log -RedirectStandardError (Join-Path $out 'npm-ci.err.log') -NoNewWindow -PassThru
    $null = $process.Handle # keeps the exit code readable after the process ends (Windows)
    return [pscustomobject]@{ Process = $process; Log = $log; ErrorLog = (Join-Path $out 'npm-ci.err.log') }
}

function Wait-AzuriteInstall {
    param($Install)
    if (-not $Install) { return }
    $Install.Process.WaitForExit()
    if ($Install.Process.ExitCode -ne 0) {
        Get-Content $Install.Log, $Install.ErrorLog -ErrorAction Ignore | Write-Host
        throw "npm ci (Azurite) failed (exit code $($Install.Process.ExitCode))."
    }
    Write-Host '== Azurite installed' -ForegroundColor Cyan
}

function Get-PwshInvocation {
    # Under the local dotnet tool this process is `dotnet pwsh.dll`; its path alone starts dotnet.
    $self = (Get-Process -Id $PID).Path
    if ([System.IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') {
        return , @($self, (Join-Path $PSHOME 'pwsh.dll'))
    }
    return , @($self)
}

function Invoke-FreshPwsh {
    param([string] $File, [string[]] $Arguments)
    $invocation = Get-PwshInvocation
    $prefix = @($invocation | Select-Object -Skip 1)
    & $invocation[0] @prefix -NoProfile -NonInteractive -File $File @Arguments
}

function Invoke-Test {
    # The counting and the skip summary live in one module that tests/Pester/TestRunner.Tests.ps1 checks.
    Import-Module (Join-Path $root 'tests/Pester/TestRunner.psm1') -Force
    $azurite = Start-AzuriteInstall
    try {
        Invoke-TestSuites $azurite
    } finally {
        if ($azurite -and -not $azurite.Process.HasExited) { $azurite.Process.Kill() }
    }
}

function Invoke-TestSuites {
    param($Azurite)
    Invoke-Build -WithTests
    Restore-TestDependencies
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    New-Item -ItemType Directory -Force -Path $results | Out-Null

    Write-Host '== xUnit' -ForegroundColor Cyan
    $trxName = 'xunit.trx'
    dotnet test (Join-Path $root 'tests/VmssAutoscale.Tests/VmssAutoscale.Tests.csproj') -c $Configuration -nologo --no-build `
        --logger "trx;LogFileName=$trxName" --logger 'console;verbosity=minimal' --results-directory $results
    $xunitExit = $LASTEXITCODE
    $trxPath = Join-Path $results $trxName
    if (Test-Path $trxPath) {
        $xunit = Get-TrxCounts $trxPath
    } else {
        # The test project did not even run (a build break): count it as one failure, never as silence.
        $xunit = [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0; SkippedTests = @() }
    }
    if ($xunitExit -ne 0 -and $xunit.Failed -eq 0) { $xunit.Failed = 1 }

    Wait-AzuriteInstall $Azurite
    Write-Host '== Pester' -ForegroundColor Cyan
    $pesterManifest = Join-Path $packages 'pester/5.7.1/tools/Pester.psd1'
    $pesterSummary = Join-Path $results 'pester-summary.json'
    $runner = Join-Path $root 'tests/Pester/Run-Pester.ps1'
    Invoke-FreshPwsh $runner @('-PesterManifest', $pesterManifest, '-ResultsPath', $results, '-SummaryPath', $pesterSummary)
    $pesterExit = $LASTEXITCODE
    if (Test-Path $pesterSummary) {
        $pester = Get-Content -Raw $pesterSummary | ConvertFrom-Json
    } else {
        $pester = [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0; SkippedTests = @() }
    }
    if ($pesterExit -ne 0 -and $pester.Failed -eq 0) { $pester.Failed = 1 }

    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    $skipped = $xunit.Skipped + $pester.Skipped
    Write-Host ''
    Write-Host ("xUnit:  {0} passed, {1} failed, {2} skipped" -f $xunit.Passed, $xunit.Failed, $xunit.Skipped)
    Write-Host ("Pester: {0} passed, {1} failed, {2} skipped" -f $pester.Passed, $pester.Failed, $pester.Skipped)
    $skippedTests = @(@($xunit.SkippedTests) | Where-Object { $_ } | Select-Object @{ n = 'Suite'; e = { 'xUnit ' } }, Name, Reason) +
        @(@($pester.SkippedTests) | Where-Object { $_ } | Select-Object @{ n = 'Suite'; e = { 'Pester' } }, Name, Reason)
    Format-SkipSummary $skippedTests | ForEach-Object { Write-Host $_ -ForegroundColor Yellow }
    Write-Host ("{0} passed, {1} failed, {2} skipped" -f $passed, $failed, $skipped)
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    $manifest = Join-Path $moduleOut 'VmssAutoscale.psd1'
    $demo = Join-Path $root 'examples/Demo.ps1'
    Invoke-FreshPwsh $demo @('-ModuleManifest', $manifest, '-Example', $Example)
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

function Invoke-Clean {
    if (Test-Path $out) { Remove-Item $out -Recurse -Force }
    Get-ChildItem $root -Recurse -Directory -Include 'bin', 'obj' |
        Where-Object { $_.FullName -notmatch 'node_modules' } |
        Remove-Item -Recurse -Force
}

Push-Location $root
try {
    switch ($Task) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Docs' {
            Invoke-Native 'help builder build' { dotnet build $helpBuilderProject -c $Configuration -nologo -v quiet }
            Invoke-Docs
        }
        'Demo' { Invoke-Demo }
        'Clean' { Invoke-Clean }
    }
} finally {
    Pop-Location
}
