<#
.SYNOPSIS
    The optional prerequisites of the Pester suites (Node.js for Azurite, a Chromium-family browser
    for the report render test). A test that needs one carries the tag 'Needs:<Name>' and
    -Skip:(Test-PrerequisiteMissing <Name>); Run-Pester.ps1 prints each skip with the reason from
    Get-PrerequisiteGap. Nothing here installs anything: a missing prerequisite is a skip, never a
    system change and never a pass.
#>
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

function Get-ChromiumBrowser {
    # VMSSAUTOSCALE_BROWSER names a browser binary explicitly (e.g. a Chrome outside PATH).
    if ($env:VMSSAUTOSCALE_BROWSER -and (Test-Path -LiteralPath $env:VMSSAUTOSCALE_BROWSER)) { return $env:VMSSAUTOSCALE_BROWSER }
    foreach ($name in 'chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome') {
        $cmd = Get-Command $name -CommandType Application -ErrorAction Ignore | Select-Object -First 1
        if ($cmd) { return $cmd.Source }
    }
    return $null
}

function Get-PrerequisiteGap {
    <# Why the named prerequisite is missing, or $null when it is present. #>
    param([Parameter(Mandatory)] [ValidateSet('Azurite', 'Chromium')] [string] $Name)
    switch ($Name) {
        'Azurite' {
            if (-not (Get-Command node -CommandType Application -ErrorAction Ignore)) {
                return 'Azurite tests not run: Node.js (node, with npm) is not on PATH; install Node.js 20 or later to run them.'
            }
            $script = Join-Path $script:RepoRoot 'tests/azurite/node_modules/azurite/dist/src/table/main.js'
            if (-not (Test-Path $script)) {
                return "Azurite tests not run: Azurite is not installed ($script is missing); run: npm ci --prefix tests/azurite (build.ps1 -Task Test does this when npm is present)."
            }
        }
        'Chromium' {
            if (-not (Get-ChromiumBrowser)) {
                return 'browser render test not run: no Chromium or Chrome on PATH (chromium, chromium-browser, google-chrome); install one or set VMSSAUTOSCALE_BROWSER to its path.'
            }
        }
    }
    return $null
}

function Test-PrerequisiteMissing {
    param([Parameter(Mandatory)] [string] $Name)
    [bool] (Get-PrerequisiteGap $Name)
}

Export-ModuleMember -Function Get-ChromiumBrowser, Get-PrerequisiteGap, Test-PrerequisiteMissing
