<#
    The examples of the docs/ pages as code and the output they show, and how to run one as a user
    would: from the root of a clone, in the built module, formatted for a $HelpWidth-column console (below).
    DocsExamples.Tests.ps1 compares the shown output with the real one; tools/Update-DocsExamples.ps1
    writes the real output into the pages. Both use these functions, so the page and the test agree
    on what "the output" is.

    An example that needs Azure says so on its first code line, visibly in the page and in
    Get-Help:  # Needs Azure: <why>. Every other example runs offline and shows its output.
#>

# The root of the clone on the pages: output that names a path under the clone (a bundle written
# by Export-VmssAutoscaleReport) shows it under this folder, whatever the clone's real path is.
$script:DocRoot = '/home/user/VmssAutoscale'

$script:LivePattern = '^#\s*Needs Azure:\s*(?<reason>.+)$'

# Get-Help indents an example's code, output and remarks by 4 columns and cuts what passes the
# console's edge mid-word: the pages show a console of 76 columns, so the help fits in 80.
$script:HelpWidth = 76

function Get-DocExample {
    <#
        The examples of a PlatyPS page (### Example N under ## EXAMPLES): its first ```powershell
        block, and the ```Output block that follows it before the next example, if any.
    #>
    param([Parameter(Mandatory)] [string] $Path)
    $lines = [IO.File]::ReadAllLines($Path)
    $inExamples = $false
    $current = $null
    $block = $null
    $blockLines = $null
    for ($i = 0; $i -lt $lines.Count; $i++) {
        $line = $lines[$i]
        if ($null -ne $block) {
            if ($line -match '^```\s*$') {
                $text = $blockLines -join "`n"
                if ($block -eq 'powershell' -and $null -eq $current.Code) { $current.Code = $text; $current.CodeEnd = $i }
                elseif ($block -eq 'Output' -and $null -eq $current.Output) { $current.Output = $text; $current.OutputStart = $current.BlockStart; $current.OutputEnd = $i }
                $block = $null
            } else {
                $blockLines.Add($line)
            }
            continue
        }
        if ($line -match '^## ') {
            if ($current) { $current; $current = $null }
            $inExamples = $line -match '^## EXAMPLES\s*$'
            continue
        }
        if (-not $inExamples) { continue }
        if ($line -match '^### (?<title>.+)$') {
            if ($current) { $current }
            $current = [pscustomobject]@{
                Page = [IO.Path]::GetFileNameWithoutExtension($Path); Title = $Matches.title.Trim(); Code = $null; CodeEnd = -1
                Output = $null; OutputStart = -1; OutputEnd = -1; BlockStart = -1; NeedsAzure = $null
            }
            continue
        }
        if ($current -and $line -match '^```(?<lang>\w+)\s*$') {
            $block = $Matches.lang
            $current.BlockStart = $i
            $blockLines = [System.Collections.Generic.List[string]]::new()
        }
    }
    if ($current) { $current }
}

function Get-DocExampleSet {
    <# Every example of every page in docs/, with NeedsAzure set to the reason its first code line gives (or $null). #>
    param([Parameter(Mandatory)] [string] $Root)
    foreach ($page in Get-ChildItem -Path (Join-Path $Root 'docs') -Filter '*.md' | Sort-Object Name) {
        foreach ($example in Get-DocExample -Path $page.FullName) {
            $first = @($example.Code -split "`n")[0]
            if ($first -match $script:LivePattern) { $example.NeedsAzure = $Matches.reason.Trim() }
            $example
        }
    }
}

function ConvertTo-DocText {
    <#
        Output as a page shows it: line ends and trailing blanks removed, no blank lines before or
        after, and the clone's path written as $DocRoot. Nothing else is changed.
    #>
    param([AllowNull()] [string] $Text, [string] $Root)
    $t = ($Text -replace "`r", '')
    if ($Root) {
        $full = [IO.Path]::GetFullPath($Root).TrimEnd('/', '\')
        $t = $t.Replace($full, $script:DocRoot)
    }
    $lines = @($t -split "`n" | ForEach-Object { $_.TrimEnd() })
    ($lines -join "`n").Trim("`n")
}

function Invoke-DocExample {
    <#
        Runs an example's code as a user at the root of the clone would type it, with the built
        module imported, and returns what a $HelpWidth-column console shows: the output objects formatted
        by their views, with warnings and errors as the console writes them (errors by their
        message only; the position information names this runner, not the example).
    #>
    param([Parameter(Mandatory)] $Example, [Parameter(Mandatory)] [string] $Root)
    Push-Location $Root
    # Dates and numbers as an en-US console writes them, whatever this machine's culture is.
    $culture = [cultureinfo]::CurrentCulture
    [cultureinfo]::CurrentCulture = [cultureinfo]::GetCultureInfo('en-US')
    # The views that wrap text wrap to $env:COLUMNS: $HelpWidth, whatever the caller's shell exported.
    $columns = $env:COLUMNS
    $env:COLUMNS = $script:HelpWidth
    try {
        $script = [scriptblock]::Create($Example.Code)
        $records = & {
            $ErrorActionPreference = 'Continue'
            & $script
        } 2>&1 3>&1
        # A console wraps a long warning or error at its edge, mid-word; the page wraps it between words.
        $text = foreach ($r in $records) {
            if ($r -is [System.Management.Automation.ErrorRecord]) { Split-ConsoleLine "$($r.InvocationInfo.MyCommand): $($r.Exception.Message)" }
            elseif ($r -is [System.Management.Automation.WarningRecord]) { Split-ConsoleLine "WARNING: $($r.Message)" }
            else { $r }
        }
        ConvertTo-DocText -Text ($text | Out-String -Width $script:HelpWidth) -Root $Root
    } finally {
        [cultureinfo]::CurrentCulture = $culture
        $env:COLUMNS = $columns
        Pop-Location
    }
}

function Split-ConsoleLine {
    <# A line of text broken between words to fit $HelpWidth columns, as one string of lines. #>
    param([string] $Text)
    $lines = [System.Collections.Generic.List[string]]::new()
    $current = ''
    foreach ($word in $Text -split ' ') {
        if ($current -and ($current.Length + 1 + $word.Length) -gt $script:HelpWidth) { $lines.Add($current); $current = $word }
        elseif ($current) { $current += ' ' + $word }
        else { $current = $word }
    }
    $lines.Add($current)
    $lines -join "`n"
}

function Get-TableHeader {
    <# The header lines of the tables in formatted text: each line followed by a line of dashes under its words. #>
    param([string] $Text)
    $lines = @($Text -split "`n")
    for ($i = 0; $i -lt $lines.Count - 1; $i++) {
        if ($lines[$i + 1] -match '^[-\s]+$' -and $lines[$i + 1] -match '-' -and $lines[$i].Trim()) {
            ($lines[$i].Trim() -split '\s+') -join ' '
        }
    }
}

Export-ModuleMember -Function Get-DocExample, Get-DocExampleSet, ConvertTo-DocText, Invoke-DocExample, Get-TableHeader -Variable DocRoot, HelpWidth
