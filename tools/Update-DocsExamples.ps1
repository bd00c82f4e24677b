#Requires -Version 7.2
<#
.SYNOPSIS
    Writes the real output of every offline example into its docs/ page.
.DESCRIPTION
    Runs each example of docs/*.md that does not start with "# Needs Azure:" in the built module
    (out/VmssAutoscale), from the root of the clone, at 76 columns (Get-Help indents examples by 4,
    so they fit 80 there; tests/Pester/DocsExamples.psm1, $HelpWidth), and writes what it shows into
    the ```Output block after its code (adding the block when there is none). Run it after a change
    to a view or to an example; tests/Pester/DocsExamples.Tests.ps1 fails until the pages agree.
.EXAMPLE
    dotnet pwsh -NoProfile -File ./build.ps1 -Task Build; dotnet pwsh -NoProfile -File ./tools/Update-DocsExamples.ps1
#>
[CmdletBinding()]
param(
    # Only these pages (names without .md), e.g. -Page Optimize-VmssAutoscaleSetting: every page's examples take minutes on a busy machine.
    [string[]] $Page
)
$ErrorActionPreference = 'Stop'
$root = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
Import-Module (Join-Path $root 'out/VmssAutoscale/VmssAutoscale.psd1') -Force
Import-Module (Join-Path $root 'tests/Pester/DocsExamples.psm1') -Force

$utf8 = [Text.UTF8Encoding]::new($false)
foreach ($group in Get-DocExampleSet -Root $root | Where-Object { -not $_.NeedsAzure -and (-not $Page -or $Page -contains $_.Page) } | Group-Object Page) {
    $path = Join-Path $root "docs/$($group.Name).md"
    $lines = [Collections.Generic.List[string]]::new([IO.File]::ReadAllLines($path))
    # From the bottom up, so the line numbers of the examples above stay right.
    foreach ($example in $group.Group | Sort-Object CodeEnd -Descending) {
        $shown = Invoke-DocExample -Example $example -Root $root
        $block = @('```Output') + @($shown -split "`n") + @('```')
        if ($example.OutputEnd -ge 0) {
            $lines.RemoveRange($example.OutputStart, $example.OutputEnd - $example.OutputStart + 1)
            $lines.InsertRange($example.OutputStart, [string[]] $block)
        } else {
            $lines.InsertRange($example.CodeEnd + 1, [string[]] (@('') + $block))
        }
        Write-Verbose "$($group.Name): $($example.Title)"
    }
    [IO.File]::WriteAllText($path, (($lines -join "`n") + "`n"), $utf8)
}
