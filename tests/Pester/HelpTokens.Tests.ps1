#Requires -Version 5.1
# Issue 13, item 6: help as users must type it. Every code-like token of docs/ (an inline code
# span, or a quoted name with a backslash such as '\Processor(_Total)\% Processor Time') must
# appear unchanged in what Get-Help shows: the help builder must not eat backslashes or other
# characters that markdown would treat as escapes.

BeforeDiscovery {
    $docs = Join-Path $PSScriptRoot '../../docs'
    $script:Pages = Get-ChildItem $docs -Filter '*.md' | Where-Object { $_.BaseName -ne 'VmssAutoscale' } | ForEach-Object { @{ Page = $_.BaseName; File = $_.FullName } }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/VmssAutoscale/VmssAutoscale.psd1') -Force

    # Tokens outside fenced blocks and YAML: `code` spans and quoted strings holding a backslash.
    function Get-CodeToken([string] $File) {
        $inFence = $false
        foreach ($line in Get-Content $File) {
            if ($line -match '^\s*```') { $inFence = -not $inFence; continue }
            if ($inFence -or $line -match '^---$') { continue }
            foreach ($m in [regex]::Matches($line, '`([^`]+)`')) { $m.Groups[1].Value }
            $plain = $line -replace '`[^`]*`', ''
            foreach ($m in [regex]::Matches($plain, "'([^']*\\[^']*)'|""([^""]*\\[^""]*)""")) { ($m.Groups[1].Value + $m.Groups[2].Value) }
        }
    }

    function Get-HelpText([string] $Page) {
        $text = if ($Page -like 'about_*') { Get-Help $Page | Out-String -Width 4096 } else { Get-Help $Page -Full | Out-String -Width 4096 }
        ($text -replace '\s+', ' ')
    }
}

Describe 'Help keeps the code of docs/ as users must type it' {
    It '<Page>: every code token is in Get-Help' -TestCases $Pages {
        param($Page, $File)
        $help = Get-HelpText $Page
        $tokens = @(Get-CodeToken $File | ForEach-Object { ($_ -replace '\s+', ' ').Trim() } | Where-Object { $_ } | Sort-Object -Unique)
        $missing = $tokens | Where-Object { -not $help.Contains($_) }
        $missing | Should -BeNullOrEmpty -Because "Get-Help $Page must show them as written ($($tokens.Count) tokens checked)"
    }

    It 'keeps both backslashes of a guest counter name in parameter help' {
        (Get-Help Get-VmssDiagnosticsSample -Parameter MetricName | Out-String -Width 4096) | Should -Match ([regex]::Escape("'\Processor(_Total)\% Processor Time'"))
    }
}
